/// One thing that happens in a session, at a time on the session clock.
///
/// The engine hands these to the provider plugin one at a time (one input value per call, so new
/// fields never break a plugin) and streams them to whoever runs the session.
public struct SessionEvent: Sendable {
    /// Seconds since the session started (add `SessionConfig.startTime` for a wall-clock timestamp).
    public var time: Double
    /// The scenario turn this event belongs to (index into `Scenario.turns`), if any.
    public var turn: Int?
    public var kind: Kind

    public init(time: Double, turn: Int?, kind: Kind) {
        self.time = time
        self.turn = turn
        self.kind = kind
    }

    public enum Kind: Sendable {
        case sessionStarted(SessionStart)
        case userSpeechStarted(UserAudio)
        case userSpeechEnded(UserAudio)
        /// Silence on the user's track (`UserAudio.isSilence`), between utterances.
        case userSilence(UserAudio)
        /// The user's turn is over and the agent is about to answer.
        case endOfTurn
        case instructionsUpdated(Instructions)
        case responseCreated(ResponseStart)
        /// The first audio (or text) of a spoken response reaches the user.
        case responseAudio(ResponseStart)
        /// The user barged in: playback stopped after `playedSeconds`.
        case interruption(ResponseDone)
        case toolCall(ResponseStart, ToolCall)
        case responseDone(ResponseDone)
        case toolResult(ToolCall)
        case sessionEnded(GroundTruth)
        // Pipeline sessions only:
        /// A user turn's final transcript arrives from the STT.
        case userTranscribed(STTTranscript)
        /// LiveKit decides the user's turn is over (`eou_metrics`).
        case endOfUtterance(EndOfUtterance)
        /// The LLM request for a reply or a tool call is sent (with its whole timeline).
        case llmRequested(LLMRequest)
        /// The reply's text reaches the TTS (with the segment's whole timeline).
        case speechSynthesized(TTSSegment)
    }

    /// A short name for the kind (`response_done`, …), used in logs and JSON.
    public var name: String {
        switch kind {
        case .sessionStarted: return "session_started"
        case .userSpeechStarted: return "user_speech_started"
        case .userSpeechEnded: return "user_speech_ended"
        case .userSilence: return "user_silence"
        case .endOfTurn: return "end_of_turn"
        case .instructionsUpdated: return "instructions_updated"
        case .responseCreated: return "response_created"
        case .responseAudio: return "response_audio"
        case .interruption: return "interruption"
        case .toolCall: return "tool_call"
        case .responseDone: return "response_done"
        case .toolResult: return "tool_result"
        case .sessionEnded: return "session_ended"
        case .userTranscribed: return "user_transcribed"
        case .endOfUtterance: return "end_of_utterance"
        case .llmRequested: return "llm_requested"
        case .speechSynthesized: return "speech_synthesized"
        }
    }
}

/// What a plugin learns when the session starts.
public struct SessionStart: Sendable {
    /// The model the provider session runs (the scenario's or the plugin's default).
    public var model: String
    public var instructions: Instructions
    public var audio: AudioFacts

    public init(model: String, instructions: Instructions, audio: AudioFacts) {
        self.model = model
        self.instructions = instructions
        self.audio = audio
    }
}

/// Session instructions (the system prompt) and their exact token count when the scenario gives one.
public struct Instructions: Sendable, Equatable {
    public var text: String
    public var tokens: Int?

    public init(text: String, tokens: Int?) {
        self.text = text
        self.tokens = tokens
    }
}

/// The audio settings every clip was encoded with.
public struct AudioFacts: Sendable, Equatable {
    public var sampleRate: Int
    public var frameMilliseconds: Int

    public init(sampleRate: Int, frameMilliseconds: Int) {
        self.sampleRate = sampleRate
        self.frameMilliseconds = frameMilliseconds
    }
}

/// One stretch of the user's track: speech, a recording or silence.
public struct UserAudio: Sendable, Equatable {
    /// What was said, when known (scripted speech, or a recording's `text`).
    public var text: String?
    public var textTokens: Int?
    /// Encoded duration: the sum of the Opus packets' durations.
    public var seconds: Double
    public var packets: Int
    public var bytes: Int
    public var isSilence: Bool
    public var isRecording: Bool

    public init(
        text: String?, textTokens: Int?, seconds: Double, packets: Int, bytes: Int, isSilence: Bool, isRecording: Bool
    ) {
        self.text = text
        self.textTokens = textTokens
        self.seconds = seconds
        self.packets = packets
        self.bytes = bytes
        self.isSilence = isSilence
        self.isRecording = isRecording
    }
}

/// A response the model starts.
public struct ResponseStart: Sendable, Equatable {
    /// 0 for the session's first response, then 1, 2, …
    public var index: Int
    public var createdAt: Double

    public init(index: Int, createdAt: Double) {
        self.index = index
        self.createdAt = createdAt
    }
}

/// A finished (or interrupted) response with everything a plugin needs to bill it.
public struct ResponseDone: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case speech(SpokenReply)
        case toolCall(ToolCall)
    }

    public var start: ResponseStart
    public var content: Content
    /// When the first audio reached the user (nil for a tool call).
    public var firstAudioAt: Double?
    public var doneAt: Double

    public init(start: ResponseStart, content: Content, firstAudioAt: Double?, doneAt: Double) {
        self.start = start
        self.content = content
        self.firstAudioAt = firstAudioAt
        self.doneAt = doneAt
    }

    /// True when the user barged in before the reply finished playing.
    public var interrupted: Bool {
        if case let .speech(reply) = content { return reply.interruptedAfter != nil }
        return false
    }
}

/// A spoken reply: the whole generated audio and what the user actually heard of it.
public struct SpokenReply: Sendable, Equatable {
    public var text: String
    public var textTokens: Int?
    /// Encoded duration of everything generated.
    public var generatedSeconds: Double
    /// Encoded duration of the packets played before any barge-in (whole frames).
    public var playedSeconds: Double
    /// The scenario's `interrupted_after`, when the user barged in.
    public var interruptedAfter: Double?
    public var packets: Int
    public var playedPackets: Int

    public init(
        text: String, textTokens: Int?, generatedSeconds: Double, playedSeconds: Double, interruptedAfter: Double?,
        packets: Int, playedPackets: Int
    ) {
        self.text = text
        self.textTokens = textTokens
        self.generatedSeconds = generatedSeconds
        self.playedSeconds = playedSeconds
        self.interruptedAfter = interruptedAfter
        self.packets = packets
        self.playedPackets = playedPackets
    }
}
