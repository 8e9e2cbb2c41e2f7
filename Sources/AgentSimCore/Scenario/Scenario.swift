import AgentSimAudio

/// One scripted AgentSession-style conversation, validated (SCENARIOS.md, version 1).
public struct Scenario: Sendable {
    /// The file it was loaded from (as given on the command line).
    public var file: String
    public var name: String
    public var seed: UInt64
    public var session: SessionConfig
    public var turns: [Turn]

    public init(file: String, name: String, seed: UInt64, session: SessionConfig, turns: [Turn]) {
        self.file = file
        self.name = name
        self.seed = seed
        self.session = session
        self.turns = turns
    }
}

/// The `session:` section.
public struct SessionConfig: Sendable {
    public var provider: String
    public var providerLocation: SourceLocation
    /// `nil` when the file names no model: the plugin's default model is used.
    public var model: String?
    public var modelLocation: SourceLocation
    public var instructions: String
    public var instructionsTokens: Int?
    public var audio: AudioSettings
    /// Plugin-specific knobs, validated by the plugin.
    public var options: ScenarioValue
    /// Speaking rates used when a turn gives no `seconds` (words per minute).
    public var userWPM: Double
    public var agentWPM: Double
    /// Seconds from the end of the previous turn to the agent's first audio (the reported `ttft`).
    public var responseLatency: Double
    /// Seconds from the agent's first audio to its `response.done` when nothing interrupts it
    /// is the audio's own length; a response with no audio (a tool call) takes this long.
    public var toolCallLatency: Double
    /// Session clock origin added to every timestamp (seconds since the Unix epoch, default 0).
    public var startTime: Double
    /// `session.pipeline`, for a pipeline session (then `provider` is `pipeline`); nil for a realtime model.
    public var pipeline: PipelineConfig?

    public init(
        provider: String, providerLocation: SourceLocation, model: String? = nil, modelLocation: SourceLocation,
        instructions: String = "", instructionsTokens: Int? = nil, audio: AudioSettings = AudioSettings(),
        options: ScenarioValue, userWPM: Double = 150, agentWPM: Double = 165, responseLatency: Double = 0.6,
        toolCallLatency: Double = 0.4, startTime: Double = 0
    ) {
        self.provider = provider
        self.providerLocation = providerLocation
        self.model = model
        self.modelLocation = modelLocation
        self.instructions = instructions
        self.instructionsTokens = instructionsTokens
        self.audio = audio
        self.options = options
        self.userWPM = userWPM
        self.agentWPM = agentWPM
        self.responseLatency = responseLatency
        self.toolCallLatency = toolCallLatency
        self.startTime = startTime
    }
}

/// One entry of `turns:`.
public struct Turn: Sendable {
    public enum Kind: Sendable, Equatable {
        /// The user speaks `text`; `seconds` overrides the length derived from the word count.
        case userSpeech(text: String, seconds: Double?, textTokens: Int?)
        /// Silence on the user's track.
        case userSilence(seconds: Double)
        /// A real recording (absolute path, resolved against the scenario's folder).
        case userRecording(path: String, text: String?, textTokens: Int?)
        /// One spoken model response.
        case agentSpeech(text: String, seconds: Double?, interruptedAfter: Double?, textTokens: Int?)
        /// A response that calls a tool; the tool's result joins the context after it.
        case toolCall(ToolCall)
        /// New session instructions from this point on (a `session.update`).
        case instructions(text: String, tokens: Int?)
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// `user`, `agent` or `system` (for instruction changes).
    public var speaker: String {
        switch kind {
        case .userSpeech, .userSilence, .userRecording: return "user"
        case .agentSpeech, .toolCall: return "agent"
        case .instructions: return "system"
        }
    }
}

/// A tool call made by the agent, and the result that comes back.
public struct ToolCall: Sendable, Equatable {
    public var name: String
    public var arguments: String
    public var result: String
    public var argumentsTokens: Int?
    public var resultTokens: Int?

    public init(name: String, arguments: String, result: String, argumentsTokens: Int? = nil, resultTokens: Int? = nil)
    {
        self.name = name
        self.arguments = arguments
        self.result = result
        self.argumentsTokens = argumentsTokens
        self.resultTokens = resultTokens
    }
}
