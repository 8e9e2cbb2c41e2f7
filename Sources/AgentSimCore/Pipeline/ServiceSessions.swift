import LiveKitMetrics

/// The part a plugin plays in a session. A realtime model is one service that hears and speaks; a pipeline is
/// three services, each billed on its own terms and reported by its own LiveKit plugin.
public enum ServiceRole: String, Sendable, CaseIterable, Comparable {
    case realtime
    case stt
    case llm
    case tts

    public static func < (a: ServiceRole, b: ServiceRole) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

// MARK: - The three pipeline roles
//
// Each role is a small protocol with one method per event, every method with a default that does nothing. A new
// kind of event is a new method with a default, so it never breaks a plugin (the reason there is no closed enum
// here), and a unit test builds the events with their public inits and hands them to a plugin directly, without
// the engine or Opus. The engine calls the methods in session-clock order; a plugin answers with the reports the
// event causes (`ProviderOutput`: the provider's native payload and the LiveKit metrics LiveKit's plugin builds
// from it). An output may carry a later time than the event (a stream's chunks): the pipeline releases every
// output in time order.

/// A speech-to-text connection: it opens at session start, hears the whole user track until the session ends,
/// and transcribes each user turn.
public protocol STTSession: Sendable {
    /// The model this connection runs.
    var modelName: String { get }
    /// The connection opens (session start).
    mutating func connect(_ event: STTConnect) -> [ProviderOutput]
    /// A stretch `[start, time]` of the user's track: an utterance (speech or a recording, with its turn), handed over
    /// whole when it starts, or silence (turn nil: a silence turn, or the user's silent track while the agent speaks,
    /// still streamed), handed over as time passes. Reports it causes carry the time the audio reached them.
    mutating func hear(_ event: STTHeard) -> [ProviderOutput]
    /// The final transcript of one user turn.
    mutating func transcribe(_ event: STTTranscript) -> [ProviderOutput]
    /// The connection closes (session end).
    mutating func close(_ event: STTClose) -> [ProviderOutput]
    /// What the service billed so far.
    var bill: ServiceBill { get }
    /// Sentences for `compare`: where LiveKit's figures for this role part from the bill.
    func explain(_ facts: ServiceFacts) -> [String]
}

extension STTSession {
    public mutating func connect(_ event: STTConnect) -> [ProviderOutput] { [] }
    public mutating func hear(_ event: STTHeard) -> [ProviderOutput] { [] }
    public mutating func transcribe(_ event: STTTranscript) -> [ProviderOutput] { [] }
    public mutating func close(_ event: STTClose) -> [ProviderOutput] { [] }
    public func explain(_ facts: ServiceFacts) -> [String] { [] }
}

/// A text LLM: one streamed request per agent reply or tool call.
public protocol LLMSession: Sendable {
    var modelName: String { get }
    /// One request, from the moment it is sent to the end (or cut) of its stream: the outputs are the stream's
    /// chunks and LiveKit's `LLMMetrics`, each at its own time.
    mutating func complete(_ request: LLMRequest) -> [ProviderOutput]
    var bill: ServiceBill { get }
    func explain(_ facts: ServiceFacts) -> [String]
}

extension LLMSession {
    public func explain(_ facts: ServiceFacts) -> [String] { [] }
}

/// A text-to-speech stream: one segment per spoken reply.
public protocol TTSSession: Sendable {
    var modelName: String { get }
    /// One segment of speech, from its first text to its last frame (or the barge-in that cut it).
    mutating func synthesize(_ segment: TTSSegment) -> [ProviderOutput]
    var bill: ServiceBill { get }
    func explain(_ facts: ServiceFacts) -> [String]
}

extension TTSSession {
    public func explain(_ facts: ServiceFacts) -> [String] { [] }
}

// MARK: - Events

/// The STT connection opens.
public struct STTConnect: Sendable, Equatable {
    public var time: Double
    public init(time: Double) { self.time = time }
}

/// A stretch `[start, time]` of the user's track.
public struct STTHeard: Sendable, Equatable {
    /// When the stretch started on the session clock.
    public var start: Double
    /// When it ended (the event's time).
    public var time: Double
    /// The scenario turn, or nil for the silence between turns (while the agent speaks).
    public var turn: Int?
    /// What the stretch holds: `seconds` is its encoded length (whole Opus frames).
    public var audio: UserAudio

    public init(start: Double, time: Double, turn: Int?, audio: UserAudio) {
        self.start = start
        self.time = time
        self.turn = turn
        self.audio = audio
    }
}

/// The final transcript of one user turn arrives.
public struct STTTranscript: Sendable, Equatable {
    /// When the final transcript arrives: the end of speech plus the pipeline's `transcription_delay`.
    public var time: Double
    public var turn: Int
    /// The user's speech on the session clock.
    public var speechStart: Double
    public var speechEnd: Double
    /// What was said (nil for a recording without `text`), and its exact token count when the scenario gives one.
    public var text: String?
    public var textTokens: Int?
    public var audio: UserAudio
    /// The id of the agent's speech this turn leads to (`speech_…`), shared with the EOU and the LLM request.
    public var speechID: String

    public init(
        time: Double, turn: Int, speechStart: Double, speechEnd: Double, text: String?, textTokens: Int?,
        audio: UserAudio, speechID: String
    ) {
        self.time = time
        self.turn = turn
        self.speechStart = speechStart
        self.speechEnd = speechEnd
        self.text = text
        self.textTokens = textTokens
        self.audio = audio
        self.speechID = speechID
    }
}

/// The STT connection closes.
public struct STTClose: Sendable, Equatable {
    public var time: Double
    public init(time: Double) { self.time = time }
}

/// One item of the text context an LLM request carries, in order.
public struct ContextItem: Sendable, Equatable {
    public enum Role: String, Sendable, Equatable {
        /// The session instructions (system prompt).
        case system
        /// A user turn's transcript.
        case user
        /// An earlier reply (for an interrupted one, the part the user heard).
        case assistant
        /// An earlier tool call (name and arguments).
        case toolCall = "tool_call"
        /// A tool's result.
        case toolResult = "tool_result"
    }

    public var role: Role
    public var text: String
    /// The exact token count when the scenario gives one; nil means the plugin estimates.
    public var tokens: Int?
    /// The scenario turn it came from (nil for the instructions).
    public var turn: Int?
    /// For a tool call or result: the tool's name.
    public var toolName: String?

    public init(role: Role, text: String, tokens: Int? = nil, turn: Int? = nil, toolName: String? = nil) {
        self.role = role
        self.text = text
        self.tokens = tokens
        self.turn = turn
        self.toolName = toolName
    }
}

/// What the model answers: speech text, or a tool call.
public enum LLMReply: Sendable, Equatable {
    case text(String, tokens: Int?)
    case toolCall(ToolCall)
}

/// One streamed LLM request and its timeline.
public struct LLMRequest: Sendable, Equatable {
    /// 0 for the session's first request, then 1, 2, …
    public var index: Int
    public var turn: Int
    public var speechID: String
    /// The context sent: the instructions first, then the conversation so far.
    public var context: [ContextItem]
    public var reply: LLMReply
    /// When the request is sent, when its first token arrives, and the stream's rate after that.
    public var sentAt: Double
    public var firstTokenAt: Double
    public var tokensPerSecond: Double
    /// The reply's length in tokens as the timeline counts it (the scenario's `text_tokens`, else the estimate).
    public var replyTokens: Int
    /// When the user barged in while the stream was still running (the stream is cancelled), or nil.
    public var cutAt: Double?

    public init(
        index: Int, turn: Int, speechID: String, context: [ContextItem], reply: LLMReply, sentAt: Double,
        firstTokenAt: Double, tokensPerSecond: Double, replyTokens: Int, cutAt: Double? = nil
    ) {
        self.index = index
        self.turn = turn
        self.speechID = speechID
        self.context = context
        self.reply = reply
        self.sentAt = sentAt
        self.firstTokenAt = firstTokenAt
        self.tokensPerSecond = tokensPerSecond
        self.replyTokens = replyTokens
        self.cutAt = cutAt
    }

    /// When the last token arrives if nothing cuts the stream: token k (from 1) arrives at
    /// `firstTokenAt + (k − 1) / tokensPerSecond`.
    public var lastTokenAt: Double {
        SessionClock.microseconds(firstTokenAt + Double(max(replyTokens - 1, 0)) / tokensPerSecond)
    }

    /// When the stream ends: the last token, or the cut.
    public var endsAt: Double { cutAt ?? lastTokenAt }

    /// True when a barge-in cancelled the stream before its last token.
    public var isCut: Bool { cutAt != nil }

    /// Reply tokens generated by `time` (of `replyTokens`): none before the first token, then one every
    /// `1 / tokensPerSecond` seconds.
    public func tokensGenerated(by time: Double) -> Int {
        guard time >= firstTokenAt else { return 0 }
        let after = Int(((time - firstTokenAt) * tokensPerSecond + 1e-7).rounded(.down)) + 1
        return min(replyTokens, after)
    }
}

/// One segment of synthesised speech and its timeline. The audio is the real Opus-encoded reply.
public struct TTSSegment: Sendable, Equatable {
    /// 0 for the session's first segment, then 1, 2, …
    public var index: Int
    public var turn: Int
    public var speechID: String
    /// The text flushed to the service.
    public var text: String
    /// When the first text reaches the service, its first frame arrives, and its last frame arrives.
    public var textAt: Double
    public var firstFrameAt: Double
    public var lastFrameAt: Double
    /// Encoded duration of everything generated (whole Opus packets) and the packet count.
    public var generatedSeconds: Double
    public var packets: Int
    /// What the user heard before a barge-in (whole frames).
    public var playedSeconds: Double
    /// When the user barged in and playback stopped, or nil.
    public var cutAt: Double?
    /// When the segment's text input ended (the LLM's stream finished, and LiveKit's `end_input()` flushed the text
    /// into the segment's pending metrics), or nil when a barge-in cancelled the stream first.
    public var flushedAt: Double?

    public init(
        index: Int, turn: Int, speechID: String, text: String, textAt: Double, firstFrameAt: Double,
        lastFrameAt: Double, generatedSeconds: Double, packets: Int, playedSeconds: Double, cutAt: Double? = nil,
        flushedAt: Double? = nil
    ) {
        self.index = index
        self.turn = turn
        self.speechID = speechID
        self.text = text
        self.textAt = textAt
        self.firstFrameAt = firstFrameAt
        self.lastFrameAt = lastFrameAt
        self.generatedSeconds = generatedSeconds
        self.packets = packets
        self.playedSeconds = playedSeconds
        self.cutAt = cutAt
        self.flushedAt = flushedAt
    }

    /// True when the barge-in came before the last frame arrived: LiveKit's streaming TTS reports nothing then, unless
    /// the text was flushed first and the plugin ends the segment when cancelled (``flushedBeforeCut``).
    public var cutBeforeLastFrame: Bool {
        guard let cutAt else { return false }
        return cutAt < lastFrameAt
    }

    /// True when the segment's text input had ended (flushed) by the barge-in that cut it: LiveKit's
    /// `SynthesizeStream` then holds the text as pending, and a plugin that ends the segment on cancellation
    /// (ElevenLabs) makes the final frame that emits its `TTSMetrics`.
    public var flushedBeforeCut: Bool {
        guard let cutAt, let flushedAt else { return false }
        return flushedAt <= cutAt
    }

    /// The text's length as LiveKit counts it (`len(text)`: Unicode code points).
    public var characters: Int { text.unicodeScalars.count }
}

/// What `compare` knows about one role of a pipeline run, for its session to explain.
public struct ServiceFacts: Sendable {
    public var bill: ServiceBill
    /// The LiveKit metrics this role's plugin emitted, in order.
    public var metrics: [AgentMetrics]
    public var truth: GroundTruth

    public init(bill: ServiceBill, metrics: [AgentMetrics], truth: GroundTruth) {
        self.bill = bill
        self.metrics = metrics
        self.truth = truth
    }
}
