/// A provider plugin: emulates how one provider reports usage, and how LiveKit's plugin for that provider turns
/// the reports into metrics events.
///
/// One factory for every role the provider plays (swift-metrics' `MetricsFactory` is the model): a realtime model
/// (`makeSession`), or a pipeline's speech-to-text, LLM or text-to-speech service. A plugin implements the roles it
/// has and lists them in `roles`; the others throw a `ScenarioError` that names the role.
///
/// The application passes the list of plugins explicitly; there is no global registry.
public protocol ProviderPlugin: Sendable {
    /// The id scenarios name in `session.provider` or a pipeline role (`openai-realtime`, `deepgram`).
    var id: String { get }
    /// Models, knobs and reporting rules, with sources; shown by `agentsim providers`.
    var documentation: PluginDocumentation { get }
    /// The roles this plugin plays (default: realtime).
    var roles: [ServiceRole] { get }
    /// Starts one realtime model session, validating `setup.options` and the model.
    /// - Throws: `ScenarioError` pointing at the offending key or value.
    func makeRealtime(_ setup: SessionSetup) throws(ScenarioError) -> any RealtimeSession
    /// Starts the session the engine runs: by default the realtime model behind a `RealtimeDriver`; a pipeline
    /// answers with its three services.
    /// - Throws: `ScenarioError` pointing at the offending key or value.
    func makeSession(_ setup: SessionSetup) throws(ScenarioError) -> any ProviderSession
    /// The timeline a pipeline adds to a conversation (transcripts, end of turn, LLM requests, TTS segments), or nil
    /// for a realtime model (the default), whose replies follow the scenario's `response_latency`.
    var pipelineTiming: PipelineTiming? { get }
    /// Opens a speech-to-text connection for one pipeline session.
    func makeSTT(_ setup: SessionSetup) throws(ScenarioError) -> any STTSession
    /// Starts a text LLM for one pipeline session.
    func makeLLM(_ setup: SessionSetup) throws(ScenarioError) -> any LLMSession
    /// Starts a text-to-speech stream for one pipeline session.
    func makeTTS(_ setup: SessionSetup) throws(ScenarioError) -> any TTSSession
    /// Draws a valid model and knobs for `agentsim check --random` (a default covers models only).
    func randomSetup(using rng: inout SeededGenerator) -> RandomSetup
    /// Plain sentences saying where this provider's reported figures part from the ground truth
    /// (for `agentsim compare`); the default says nothing.
    func explain(_ facts: UsageFacts) -> [String]
    /// The oldest livekit-agents version whose plugin exists for this provider (`agentsim check` skips older
    /// versions, saying so); nil when every checked version has it.
    var requiredLiveKitVersion: String? { get }
}

/// The session the engine runs, fed its timeline event by event: a realtime model behind a `RealtimeDriver`, or a
/// `PipelineSession`. Plugins implement the role protocols (`RealtimeSession`, `STTSession`, …), not this.
public protocol ProviderSession: Sendable {
    /// The model this session runs (the scenario's, or the plugin's default).
    var modelName: String { get }
    /// The documented audio rates of this session's model, for the ground-truth view.
    var audioTokenRates: AudioTokenRates { get }
    /// Handles one event; returns the usage reports (native payload + LiveKit metrics) it causes.
    mutating func handle(_ event: SessionEvent) -> [ProviderOutput]
    /// Plain sentences saying where this session's reported figures part from the ground truth (for
    /// `agentsim compare`), from the options the session parsed when it started; the default says nothing.
    func explain(_ facts: UsageFacts) -> [String]
    /// What each service billed (a pipeline's three roles); the default is none: a realtime session's ground truth
    /// is the session's `GroundTruth`.
    var bills: [ServiceBill] { get }
}

extension ProviderSession {
    public func explain(_ facts: UsageFacts) -> [String] { [] }
    public var bills: [ServiceBill] { [] }
}

extension ProviderPlugin {
    public func explain(_ facts: UsageFacts) -> [String] { [] }

    public var roles: [ServiceRole] { [.realtime] }

    public func makeRealtime(_ setup: SessionSetup) throws(ScenarioError) -> any RealtimeSession {
        throw missingRole(.realtime, setup)
    }

    public func makeSession(_ setup: SessionSetup) throws(ScenarioError) -> any ProviderSession {
        RealtimeDriver(try makeRealtime(setup))
    }

    public var pipelineTiming: PipelineTiming? { nil }

    public func makeSTT(_ setup: SessionSetup) throws(ScenarioError) -> any STTSession {
        throw missingRole(.stt, setup)
    }

    public func makeLLM(_ setup: SessionSetup) throws(ScenarioError) -> any LLMSession {
        throw missingRole(.llm, setup)
    }

    public func makeTTS(_ setup: SessionSetup) throws(ScenarioError) -> any TTSSession {
        throw missingRole(.tts, setup)
    }

    /// The error for a role this plugin does not play, naming the roles it does.
    public func missingRole(_ role: ServiceRole, _ setup: SessionSetup) -> ScenarioError {
        let has = roles.map(\.rawValue).joined(separator: ", ")
        let wanted = role == .realtime ? "a realtime model (session.provider)" : "a pipeline \(role.rawValue) service"
        return ScenarioError(
            "\(id) is not \(wanted); it plays: \(has)", at: setup.providerLocation ?? setup.modelLocation)
    }
    public var requiredLiveKitVersion: String? { nil }

    /// Draws a model and knobs for a random scenario. The default picks a documented model and no knobs;
    /// plugins override it to cover their options.
    public func randomSetup(using rng: inout SeededGenerator) -> RandomSetup {
        let models = documentation.models
        let model = models.isEmpty ? "" : models[Int(rng.next() % UInt64(models.count))].name
        return RandomSetup(model: model, options: .object([]))
    }
}
