import AgentSimAudio
import AgentSimCore
import AgentSimJSON

/// A pipeline scenario as `agentsim serve` plays it to a real pipeline agent (STT → LLM → TTS): the scenario's
/// script (its turns, their clips), the pipeline plugin whose three role sessions bill what each client really sends,
/// and what the wire needs to recognise the client's requests: each agent turn with its scenario index, and the
/// texts whose exact token counts the scenario gives.
///
/// Built once per scenario when the server starts and shared, read-only, by every session that plays it.
public struct PipelineScript: Sendable {
    /// One agent turn, in order: a spoken reply or a tool call, with its index in `scenario.turns`.
    public struct AgentTurn: Sendable {
        public var turn: Int
        public var reply: LLMReply
        /// The reply's length in tokens (the scenario's `text_tokens` / `arguments_tokens`, else the estimate).
        public var replyTokens: Int
        /// For a spoken reply: its clip (text, seconds, barge-in); nil for a tool call.
        public var speech: ServeScript.AgentSpeech?
    }

    /// The model each service runs (the scenario's, else the plugin's default).
    public struct Models: Sendable {
        public var stt: String
        public var llm: String
        public var tts: String
    }

    public let script: ServeScript
    public let plugin: PipelinePlugin
    public let models: Models
    public let agentTurns: [AgentTurn]
    /// The user turns that speak (not silence), in order, with their scenario indexes: what the STT recognises.
    public let spokenUserTurns: [(turn: Int, text: String?, textTokens: Int?, seconds: Double)]

    public var scenario: Scenario { script.scenario }
    public var timing: PipelineTiming { plugin.config.timing }

    /// - Throws: `ScenarioError` when the scenario is not a pipeline, names a service the plugins do not have, or a
    ///   clip cannot be made.
    public init(_ script: ServeScript, plugins: [any ProviderPlugin]) throws(ScenarioError) {
        guard let config = script.scenario.session.pipeline else {
            throw ScenarioError(
                "session.pipeline: this scenario is not a pipeline", at: script.scenario.session.providerLocation)
        }
        self.script = script
        plugin = try PipelinePlugin(config: config, plugins: plugins)
        var agents: [AgentTurn] = []
        var users: [(Int, String?, Int?, Double)] = []
        var speeches = script.agentTurns.makeIterator()
        var userTurns = script.userTurns.makeIterator()
        for (index, turn) in script.scenario.turns.enumerated() {
            switch turn.kind {
            case let .agentSpeech(text, _, _, textTokens):
                guard case let .speech(speech)? = speeches.next() else { continue }
                agents.append(
                    AgentTurn(
                        turn: index, reply: .text(text, tokens: textTokens),
                        replyTokens: textTokens ?? TextTokens.estimate(text), speech: speech))
            case let .toolCall(call):
                _ = speeches.next()
                agents.append(
                    AgentTurn(
                        turn: index, reply: .toolCall(call),
                        replyTokens: call.argumentsTokens ?? TextTokens.estimate(call.arguments), speech: nil))
            case .userSpeech, .userRecording:
                if let user = userTurns.next() { users.append((index, user.text, user.textTokens, user.seconds)) }
            case .userSilence:
                _ = userTurns.next()
            case .instructions:
                break
            }
        }
        agentTurns = agents
        spokenUserTurns = users
        let probe = try Self.makeSession(script.scenario, plugin, seed: 0, startTime: 0, salt: 0)
        models = Models(stt: probe.stt.modelName, llm: probe.llm.modelName, tts: probe.tts.modelName)
    }

    /// A new session of the three role plugins, as `agentsim run` makes them for this scenario.
    /// - Throws: `ScenarioError` when a service's options are invalid (validated when the server starts).
    func makeSession(seed: UInt64, startTime: Double, salt: UInt64) throws(ScenarioError) -> PipelineSession {
        try Self.makeSession(script.scenario, plugin, seed: seed, startTime: startTime, salt: salt)
    }

    private static func makeSession(
        _ scenario: Scenario, _ plugin: PipelinePlugin, seed: UInt64, startTime: Double, salt: UInt64
    ) throws(ScenarioError) -> PipelineSession {
        let session = scenario.session
        var setup = SessionSetup(
            model: session.model, modelLocation: session.modelLocation, options: session.options, seed: seed,
            scenarioName: scenario.name, startTime: startTime)
        setup.idSalt = salt
        setup.instructions = Instructions(text: session.instructions, tokens: session.instructionsTokens)
        setup.audio = AudioFacts(
            sampleRate: session.audio.sampleRate, frameMilliseconds: session.audio.frameMilliseconds)
        guard let made = try plugin.makeSession(setup) as? PipelineSession else {
            throw ScenarioError("session.pipeline: not a pipeline session", at: session.providerLocation)
        }
        return made
    }

    // MARK: Recognising what the client sends

    /// The exact token count the scenario gives for a context item's text, or nil (the plugin estimates).
    func tokens(for role: ContextItem.Role, text: String) -> Int? {
        let key = Self.normalized(text)
        switch role {
        case .system:
            return script.instructionsTokens(for: text)
                ?? (Self.normalized(script.scenario.session.instructions) == key
                    ? script.scenario.session.instructionsTokens : nil)
        case .user:
            return spokenUserTurns.first { $0.text.map(Self.normalized) == key }?.textTokens
        case .assistant:
            for agent in agentTurns {
                if case let .text(reply, tokens) = agent.reply, Self.normalized(reply) == key { return tokens }
            }
            return nil
        case .toolCall:
            for agent in agentTurns {
                if case let .toolCall(call) = agent.reply, Self.sameJSON(call.arguments, text) {
                    return call.argumentsTokens
                }
            }
            return nil
        case .toolResult:
            for agent in agentTurns {
                if case let .toolCall(call) = agent.reply, Self.sameJSON(call.result, text) { return call.resultTokens }
            }
            return nil
        }
    }

    /// The scenario turn a context item's text comes from, when it is one of the scenario's texts.
    func turn(for role: ContextItem.Role, text: String) -> Int? {
        let key = Self.normalized(text)
        switch role {
        case .user: return spokenUserTurns.first { $0.text.map(Self.normalized) == key }?.turn
        case .assistant:
            return agentTurns.first {
                if case let .text(reply, _) = $0.reply { return Self.normalized(reply) == key }
                return false
            }?.turn
        default: return nil
        }
    }

    /// Text with its white space collapsed to single spaces and trimmed (what a client's tokenizer may change).
    /// The PCM of the user turn at scenario index `turn` (at the script's input rate), or nil.
    func userPCM(turn: Int) -> [Int16]? {
        var users = script.userTurns.makeIterator()
        for (index, kind) in script.scenario.turns.map(\.kind).enumerated() {
            switch kind {
            case .userSpeech, .userRecording, .userSilence:
                let user = users.next()
                if index == turn { return user?.pcm }
            default:
                break
            }
        }
        return nil
    }

    static func normalized(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Whether two texts are the same JSON value (a client re-serialises tool arguments), else the same text.
    static func sameJSON(_ a: String, _ b: String) -> Bool {
        if normalized(a) == normalized(b) { return true }
        guard let x = try? JSONValue.parse(a), let y = try? JSONValue.parse(b) else { return false }
        return x.compactString() == y.compactString()
    }

    // MARK: Driver

    /// Seconds from the reply's LLM request (the first, when tool calls come before it) to the barge-in the scenario
    /// puts in agent turn `index` (a spoken, interrupted reply): each tool call's stream, the reply's first token and
    /// first audio, then what the user hears. A driver barges in then if the reply has not played that far by then
    /// (a streaming TTS may wait for a whole sentence).
    func bargeInAfterRequest(agentTurn index: Int) -> Double? {
        guard let speech = agentTurns[index].speech, speech.interruptedAfter != nil else { return nil }
        var t = 0.0
        var k = index - 1
        while k >= 0, agentTurns[k].speech == nil {
            t += timing.llmTTFT + Double(max(agentTurns[k].replyTokens - 1, 0)) / timing.llmTokensPerSecond
            k -= 1
        }
        return t + timing.llmTTFT + timing.ttsTTFB + speech.playedSeconds
    }
}
