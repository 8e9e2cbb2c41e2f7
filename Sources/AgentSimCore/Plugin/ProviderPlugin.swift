/// A provider plugin: emulates how one provider reports token usage, and how LiveKit's plugin for
/// that provider turns the reports into metrics events.
///
/// The application passes the list of plugins explicitly; there is no global registry.
public protocol ProviderPlugin: Sendable {
    /// The id scenarios name in `session.provider` (`openai-realtime`).
    var id: String { get }
    /// Models, knobs and reporting rules, with sources; shown by `agentsim providers`.
    var documentation: PluginDocumentation { get }
    /// Starts one session, validating `setup.options` and the model.
    /// - Throws: `ScenarioError` pointing at the offending key or value.
    func makeSession(_ setup: SessionSetup) throws(ScenarioError) -> any ProviderSession
    /// Draws a valid model and knobs for `agentsim check --random` (a default covers models only).
    func randomSetup(using rng: inout SeededGenerator) -> RandomSetup
    /// Plain sentences saying where this provider's reported figures part from the ground truth
    /// (for `agentsim compare`); the default says nothing.
    func explain(_ facts: UsageFacts) -> [String]
}

/// One provider session: keeps the provider's own state (the context it re-bills, its cache, its
/// model profile's quirks) and answers each session event with zero or more reports.
public protocol ProviderSession: Sendable {
    /// The model this session runs (the scenario's, or the plugin's default).
    var modelName: String { get }
    /// The documented audio rates of this session's model, for the ground-truth view.
    var audioTokenRates: AudioTokenRates { get }
    /// Handles one event; returns the usage reports (native payload + LiveKit metrics) it causes.
    mutating func handle(_ event: SessionEvent) -> [ProviderOutput]
}

/// What a plugin is told when a session starts.
public struct SessionSetup: Sendable {
    /// The scenario's model, or nil to use the plugin's default.
    public var model: String?
    public var modelLocation: SourceLocation
    /// `session.options`, a map the plugin reads with `MapReader`.
    public var options: ScenarioValue
    public var seed: UInt64
    public var scenarioName: String
    /// Added to session-clock times to make metrics timestamps.
    public var startTime: Double

    public init(model: String?, modelLocation: SourceLocation, options: ScenarioValue, seed: UInt64, scenarioName: String, startTime: Double) {
        self.model = model
        self.modelLocation = modelLocation
        self.options = options
        self.seed = seed
        self.scenarioName = scenarioName
        self.startTime = startTime
    }

    /// Reads the model against a plugin's list; a model not in it is a `ScenarioError` at `session.model`.
    public func resolveModel(from models: [ModelDocumentation]) throws(ScenarioError) -> ModelDocumentation {
        guard let name = model else {
            guard let fallback = models.first(where: \.isDefault) ?? models.first else {
                throw ScenarioError("session.model: the plugin lists no models", at: modelLocation)
            }
            return fallback
        }
        guard let found = models.first(where: { $0.name == name }) else {
            throw ScenarioError("session.model: unknown model '\(name)'; expected one of \(models.map(\.name).joined(separator: ", "))", at: modelLocation)
        }
        return found
    }
}

/// One usage report: the provider's native payload and the LiveKit metrics built from it.
public struct ProviderOutput: Sendable {
    /// Session-clock seconds when the report arrives.
    public var time: Double
    /// The scenario turn it reports on, if any (the connection event has none).
    public var turn: Int?
    /// The message as the provider's API sends it (`response.done`, a `LiveServerMessage`, …), or nil
    /// when the report is LiveKit's own (the zero-usage connection event).
    public var payload: ProviderPayload?
    /// The metrics events LiveKit's plugin emits for it, in order.
    public var metrics: [AgentMetrics]

    public init(time: Double, turn: Int?, payload: ProviderPayload?, metrics: [AgentMetrics]) {
        self.time = time
        self.turn = turn
        self.payload = payload
        self.metrics = metrics
    }
}

/// A provider-native wire message.
public struct ProviderPayload: Sendable, Equatable {
    /// The message type (`response.done`, `conversation.item.input_audio_transcription.completed`, `LiveServerMessage`).
    public var type: String
    public var json: JSONValue

    public init(type: String, json: JSONValue) {
        self.type = type
        self.json = json
    }
}

/// A model and `session.options` drawn at random for `agentsim check --random`.
public struct RandomSetup: Sendable {
    public var model: String
    /// A JSON object of knobs, written into the generated scenario's `session.options`.
    public var options: JSONValue

    public init(model: String, options: JSONValue) {
        self.model = model
        self.options = options
    }
}

extension ProviderPlugin {
    public func explain(_ facts: UsageFacts) -> [String] { [] }

    /// Draws a model and knobs for a random scenario. The default picks a documented model and no knobs;
    /// plugins override it to cover their options.
    public func randomSetup(using rng: inout SeededGenerator) -> RandomSetup {
        let models = documentation.models
        let model = models.isEmpty ? "" : models[Int(rng.next() % UInt64(models.count))].name
        return RandomSetup(model: model, options: .object([]))
    }
}

/// What `agentsim compare` knows about one provider's run, for the plugin to explain its figures.
public struct UsageFacts: Sendable {
    public var model: String
    public var options: ScenarioValue
    public var summary: UsageSummaryV1_2
    public var truth: GroundTruth
    /// The realtime usage reports, in order (LiveKit's zero-usage connection event left out).
    public var reports: [RealtimeModelMetrics]

    public init(model: String, options: ScenarioValue, summary: UsageSummaryV1_2, truth: GroundTruth, reports: [RealtimeModelMetrics]) {
        self.model = model
        self.options = options
        self.summary = summary
        self.truth = truth
        self.reports = reports
    }
}
