import AgentSimJSON

/// LiveKit's `EOUMetrics` (`type: "eou_metrics"`): end-of-utterance timing for one user turn.
///
/// ``lastSpeakingTime`` is required by 1.2.18 and unknown to 1.8.9 (which ignores it), so it is
/// always written. When decoding a line without a usable one, it is 0.0 — the value 1.2.18's
/// audio recognition itself uses before any speech was seen.
public struct EOUMetrics: Sendable, Equatable {
    /// The `type` literal.
    public static let typeName = "eou_metrics"

    /// `timestamp` (Unix seconds).
    public var timestamp: Double
    /// `end_of_utterance_delay`: VAD end of speech → end-of-turn decision, seconds.
    public var endOfUtteranceDelay: Double
    /// `transcription_delay`: end of speech → final transcript, seconds.
    public var transcriptionDelay: Double
    /// `on_user_turn_completed_delay`: time spent in the `on_user_turn_completed` callback.
    public var onUserTurnCompletedDelay: Double
    /// `last_speaking_time` (1.2.18 only): when the user stopped speaking (Unix seconds).
    public var lastSpeakingTime: Double
    /// `speech_id`.
    public var speechId: String?
    /// `metadata`.
    public var metadata: Metadata?

    /// Creates the event.
    public init(
        timestamp: Double,
        endOfUtteranceDelay: Double,
        transcriptionDelay: Double,
        onUserTurnCompletedDelay: Double,
        lastSpeakingTime: Double,
        speechId: String? = nil,
        metadata: Metadata? = nil
    ) {
        self.timestamp = timestamp
        self.endOfUtteranceDelay = endOfUtteranceDelay
        self.transcriptionDelay = transcriptionDelay
        self.onUserTurnCompletedDelay = onUserTurnCompletedDelay
        self.lastSpeakingTime = lastSpeakingTime
        self.speechId = speechId
        self.metadata = metadata
    }

    /// `"eou_metrics"`.
    public var type: String { Self.typeName }

    /// Every field, `type` first: the 1.8.9 order with `last_speaking_time` where 1.2.18
    /// declares it (after `on_user_turn_completed_delay`).
    public func json() -> JSONValue {
        .object([
            ("type", .string(type)),
            ("timestamp", .double(timestamp)),
            ("end_of_utterance_delay", .double(endOfUtteranceDelay)),
            ("transcription_delay", .double(transcriptionDelay)),
            ("on_user_turn_completed_delay", .double(onUserTurnCompletedDelay)),
            ("last_speaking_time", .double(lastSpeakingTime)),
            ("speech_id", speechId.json()),
            ("metadata", metadata.json()),
        ])
    }

    /// Validates like the 1.8.9 model, which does not know `last_speaking_time`: it is read
    /// when it holds a number and is 0.0 otherwise (absent, null or not a number are all
    /// accepted, exactly as 1.8.9 accepts them by ignoring the key).
    init(lax o: LaxObject) throws(MetricsDecodingError) {
        timestamp = try o.double("timestamp")
        endOfUtteranceDelay = try o.double("end_of_utterance_delay")
        transcriptionDelay = try o.double("transcription_delay")
        onUserTurnCompletedDelay = try o.double("on_user_turn_completed_delay")
        lastSpeakingTime = (try? o.double("last_speaking_time", default: 0.0)) ?? 0.0
        speechId = try o.optionalString("speech_id")
        metadata = try o.metadata()
    }
}
