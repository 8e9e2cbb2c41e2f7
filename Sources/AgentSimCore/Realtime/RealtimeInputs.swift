// The inputs a realtime model session is handed, one `Sendable` value per call (swift-log's `LogEvent` is the
// model: a new field never breaks a plugin). Every input has a public init, so a test builds them by hand and hands
// them to a plugin without the engine or Opus. Two sources produce them: the engine, from a scenario's turns, and a
// wire adapter (`agentsim serve`), from what a real client sends.

/// The session starts.
public struct RealtimeStart: Sendable, Equatable {
    /// Seconds on the session clock (0 for the engine).
    public var time: Double
    /// The model the session runs (the scenario's, the client's or the plugin's default).
    public var model: String
    /// The instructions (system prompt) the session starts with.
    public var instructions: Instructions
    /// The audio settings of the user's track.
    public var audio: AudioFacts

    public init(time: Double, model: String, instructions: Instructions, audio: AudioFacts) {
        self.time = time
        self.model = model
        self.instructions = instructions
        self.audio = audio
    }
}

/// Time passes: the session clock has reached `time`. The engine sends it before every other input, a wire adapter
/// on its own timer as well, so a provider that reports on a timer (GPT-Live's usage snapshots) keeps its cadence.
public struct RealtimeClock: Sendable, Equatable {
    public var time: Double

    public init(time: Double) { self.time = time }
}

/// Raw PCM the client sent (16-bit signed, mono), when a wire carries the samples themselves.
public struct PCMAudio: Sendable, Equatable {
    public var sampleRate: Int
    public var samples: [Int16]

    public init(sampleRate: Int, samples: [Int16]) {
        self.sampleRate = sampleRate
        self.samples = samples
    }

    /// The samples' length in seconds.
    public var seconds: Double { sampleRate > 0 ? Double(samples.count) / Double(sampleRate) : 0 }
}

/// A stretch `[start, time]` of the user's track reached the model: an utterance (speech or a recording) or silence.
public struct RealtimeUserAudio: Sendable, Equatable {
    /// When the stretch started and ended on the session clock.
    public var start: Double
    public var time: Double
    /// The scenario turn it belongs to, if any.
    public var turn: Int?
    /// Its length (the sum of its Opus packets' durations, or the received samples'), and what was said when known.
    public var audio: UserAudio
    /// The samples themselves, when a wire sent them (nil from the engine, which hands over encoded lengths).
    public var pcm: PCMAudio?

    public init(start: Double, time: Double, turn: Int?, audio: UserAudio, pcm: PCMAudio? = nil) {
        self.start = start
        self.time = time
        self.turn = turn
        self.audio = audio
        self.pcm = pcm
    }
}

/// The user's turn is over: the audio heard since the last commit becomes one input item (OpenAI's
/// `input_audio_buffer.committed`, by server VAD or by the client).
public struct RealtimeCommit: Sendable, Equatable {
    public var time: Double
    public var turn: Int?
    /// The committed utterance.
    public var audio: UserAudio

    public init(time: Double, turn: Int?, audio: UserAudio) {
        self.time = time
        self.turn = turn
        self.audio = audio
    }
}

/// The instructions change (a scenario's `instructions` turn, a client's `session.update`).
public struct RealtimeInstructions: Sendable, Equatable {
    public var time: Double
    public var turn: Int?
    public var instructions: Instructions

    public init(time: Double, turn: Int?, instructions: Instructions) {
        self.time = time
        self.turn = turn
        self.instructions = instructions
    }
}

/// One function the model may call, as a client declares it.
public struct ToolDefinition: Sendable, Equatable {
    public var name: String
    public var description: String
    /// The parameters' JSON schema, as text.
    public var parameters: String
    /// The definition's exact token count, when known.
    public var tokens: Int?

    public init(name: String, description: String, parameters: String, tokens: Int? = nil) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.tokens = tokens
    }
}

/// The tools the session declares change (a client's `session.update` or `setup`).
public struct RealtimeTools: Sendable, Equatable {
    public var time: Double
    public var turn: Int?
    public var tools: [ToolDefinition]

    public init(time: Double, turn: Int?, tools: [ToolDefinition]) {
        self.time = time
        self.turn = turn
        self.tools = tools
    }
}

/// A response is requested and starts (by server VAD at the end of the user's turn, or by the client).
public struct RealtimeResponseStart: Sendable, Equatable {
    public var time: Double
    public var turn: Int?
    public var response: ResponseStart

    public init(time: Double, turn: Int?, response: ResponseStart) {
        self.time = time
        self.turn = turn
        self.response = response
    }
}

/// The first audio (or text) of a response reaches the user.
public struct RealtimeResponseAudio: Sendable, Equatable {
    public var time: Double
    public var turn: Int?
    public var response: ResponseStart

    public init(time: Double, turn: Int?, response: ResponseStart) {
        self.time = time
        self.turn = turn
        self.response = response
    }
}

/// A response ends: finished, cut by a barge-in (its reply says how much was played), or a tool call.
public struct RealtimeResponseDone: Sendable, Equatable {
    public var time: Double
    public var turn: Int?
    public var done: ResponseDone

    public init(time: Double, turn: Int?, done: ResponseDone) {
        self.time = time
        self.turn = turn
        self.done = done
    }
}

/// Playback of a finished response's audio was cut at `playedSeconds` (OpenAI's `conversation.item.truncate`, sent by
/// a client after the response was done); the model keeps only what was heard.
public struct RealtimeTruncation: Sendable, Equatable {
    public var time: Double
    public var turn: Int?
    /// The response whose reply was cut (``ResponseStart/index``).
    public var responseIndex: Int
    /// Seconds of the reply the user heard.
    public var playedSeconds: Double

    public init(time: Double, turn: Int?, responseIndex: Int, playedSeconds: Double) {
        self.time = time
        self.turn = turn
        self.responseIndex = responseIndex
        self.playedSeconds = playedSeconds
    }
}

/// A tool's result is added to the conversation.
public struct RealtimeToolResult: Sendable, Equatable {
    public var time: Double
    public var turn: Int?
    public var call: ToolCall

    public init(time: Double, turn: Int?, call: ToolCall) {
        self.time = time
        self.turn = turn
        self.call = call
    }
}

/// The session ends (the scenario's last event, or the client's disconnect).
public struct RealtimeEnd: Sendable, Equatable {
    /// The session's length on its clock.
    public var time: Double

    public init(time: Double) { self.time = time }
}
