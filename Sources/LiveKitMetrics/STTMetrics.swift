import AgentSimJSON

/// LiveKit's `STTMetrics` (`type: "stt_metrics"`): speech-to-text usage, either as audio
/// duration or (1.8.9) as tokens.
///
/// The token fields, ``acquireTime`` and ``connectionReused`` exist only in 1.8.9.
/// As in 1.8.9, an omitted `total_tokens` means `input_tokens + output_tokens`.
public struct STTMetrics: Sendable, Equatable {
    /// The `type` literal.
    public static let typeName = "stt_metrics"

    /// `label`.
    public var label: String
    /// `request_id`.
    public var requestId: String
    /// `timestamp` (Unix seconds).
    public var timestamp: Double
    /// `duration`: the request duration, 0.0 when streaming.
    public var duration: Double
    /// `audio_duration`: seconds of audio pushed (0.0 when unknown).
    public var audioDuration: Double
    /// `streamed`.
    public var streamed: Bool
    /// `input_tokens` (1.8.9 only).
    public var inputTokens: Int
    /// `output_tokens` (1.8.9 only).
    public var outputTokens: Int
    /// `total_tokens` (1.8.9 only).
    public var totalTokens: Int
    /// `input_audio_tokens` (1.8.9 only): the audio part of ``inputTokens``.
    public var inputAudioTokens: Int
    /// `acquire_time` (1.8.9 only).
    public var acquireTime: Double
    /// `connection_reused` (1.8.9 only).
    public var connectionReused: Bool
    /// `metadata`.
    public var metadata: Metadata?

    /// Creates the event. A nil `totalTokens` becomes `inputTokens + outputTokens`
    /// (saturating), like 1.8.9's `_default_total_tokens` validator.
    public init(
        label: String,
        requestId: String,
        timestamp: Double,
        duration: Double,
        audioDuration: Double,
        streamed: Bool,
        inputTokens: Int = 0,
        outputTokens: Int = 0,
        totalTokens: Int? = nil,
        inputAudioTokens: Int = 0,
        acquireTime: Double = 0.0,
        connectionReused: Bool = false,
        metadata: Metadata? = nil
    ) {
        self.label = label
        self.requestId = requestId
        self.timestamp = timestamp
        self.duration = duration
        self.audioDuration = audioDuration
        self.streamed = streamed
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.totalTokens = totalTokens ?? inputTokens.addingSaturating(outputTokens)
        self.inputAudioTokens = inputAudioTokens
        self.acquireTime = acquireTime
        self.connectionReused = connectionReused
        self.metadata = metadata
    }

    /// `"stt_metrics"`.
    public var type: String { Self.typeName }

    /// Every field, `type` first, in the 1.8.9 `model_dump` order.
    public func json() -> JSONValue {
        .object([
            ("type", .string(type)),
            ("label", .string(label)),
            ("request_id", .string(requestId)),
            ("timestamp", .double(timestamp)),
            ("duration", .double(duration)),
            ("audio_duration", .double(audioDuration)),
            ("streamed", .bool(streamed)),
            ("input_tokens", .int(inputTokens)),
            ("output_tokens", .int(outputTokens)),
            ("total_tokens", .int(totalTokens)),
            ("input_audio_tokens", .int(inputAudioTokens)),
            ("acquire_time", .double(acquireTime)),
            ("connection_reused", .bool(connectionReused)),
            ("metadata", metadata.json()),
        ])
    }

    /// Validates like the 1.8.9 model, including its `total_tokens` default.
    init(lax o: LaxObject) throws(MetricsDecodingError) {
        label = try o.string("label")
        requestId = try o.string("request_id")
        timestamp = try o.double("timestamp")
        duration = try o.double("duration")
        audioDuration = try o.double("audio_duration")
        streamed = try o.bool("streamed")
        inputTokens = try o.int("input_tokens", default: 0)
        outputTokens = try o.int("output_tokens", default: 0)
        let total = o.has("total_tokens") ? try o.int("total_tokens") : nil
        inputAudioTokens = try o.int("input_audio_tokens", default: 0)
        acquireTime = try o.double("acquire_time", default: 0.0)
        connectionReused = try o.bool("connection_reused", default: false)
        metadata = try o.metadata()
        totalTokens = total ?? inputTokens.addingSaturating(outputTokens)
    }
}
