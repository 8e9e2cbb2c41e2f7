import AgentSimJSON

/// LiveKit's `TTSMetrics` (`type: "tts_metrics"`): one event per synthesis.
///
/// ``inputTokens``, ``outputTokens``, ``acquireTime`` and ``connectionReused`` exist only in 1.8.9.
public struct TTSMetrics: Sendable, Equatable {
    /// The `type` literal.
    public static let typeName = "tts_metrics"

    /// `label`.
    public var label: String
    /// `request_id`.
    public var requestId: String
    /// `timestamp` (Unix seconds).
    public var timestamp: Double
    /// `ttfb`: time to first audio byte in seconds.
    public var ttfb: Double
    /// `duration` in seconds.
    public var duration: Double
    /// `audio_duration`: seconds of audio produced.
    public var audioDuration: Double
    /// `cancelled`.
    public var cancelled: Bool
    /// `characters_count`.
    public var charactersCount: Int
    /// `input_tokens` (1.8.9 only).
    public var inputTokens: Int
    /// `output_tokens` (1.8.9 only).
    public var outputTokens: Int
    /// `streamed`.
    public var streamed: Bool
    /// `acquire_time` (1.8.9 only).
    public var acquireTime: Double
    /// `connection_reused` (1.8.9 only).
    public var connectionReused: Bool
    /// `segment_id`.
    public var segmentId: String?
    /// `speech_id`.
    public var speechId: String?
    /// `metadata`.
    public var metadata: Metadata?

    /// Creates the event; 1.8.9-only and optional fields have defaults.
    public init(
        label: String,
        requestId: String,
        timestamp: Double,
        ttfb: Double,
        duration: Double,
        audioDuration: Double,
        cancelled: Bool,
        charactersCount: Int,
        inputTokens: Int = 0,
        outputTokens: Int = 0,
        streamed: Bool,
        acquireTime: Double = 0.0,
        connectionReused: Bool = false,
        segmentId: String? = nil,
        speechId: String? = nil,
        metadata: Metadata? = nil
    ) {
        self.label = label
        self.requestId = requestId
        self.timestamp = timestamp
        self.ttfb = ttfb
        self.duration = duration
        self.audioDuration = audioDuration
        self.cancelled = cancelled
        self.charactersCount = charactersCount
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.streamed = streamed
        self.acquireTime = acquireTime
        self.connectionReused = connectionReused
        self.segmentId = segmentId
        self.speechId = speechId
        self.metadata = metadata
    }

    /// `"tts_metrics"`.
    public var type: String { Self.typeName }

    /// Every field, `type` first, in the 1.8.9 `model_dump` order.
    public func json() -> JSONValue {
        .object([
            ("type", .string(type)),
            ("label", .string(label)),
            ("request_id", .string(requestId)),
            ("timestamp", .double(timestamp)),
            ("ttfb", .double(ttfb)),
            ("duration", .double(duration)),
            ("audio_duration", .double(audioDuration)),
            ("cancelled", .bool(cancelled)),
            ("characters_count", .int(charactersCount)),
            ("input_tokens", .int(inputTokens)),
            ("output_tokens", .int(outputTokens)),
            ("streamed", .bool(streamed)),
            ("acquire_time", .double(acquireTime)),
            ("connection_reused", .bool(connectionReused)),
            ("segment_id", segmentId.json()),
            ("speech_id", speechId.json()),
            ("metadata", metadata.json()),
        ])
    }

    /// Validates like the 1.8.9 model.
    init(lax o: LaxObject) throws(MetricsDecodingError) {
        label = try o.string("label")
        requestId = try o.string("request_id")
        timestamp = try o.double("timestamp")
        ttfb = try o.double("ttfb")
        duration = try o.double("duration")
        audioDuration = try o.double("audio_duration")
        cancelled = try o.bool("cancelled")
        charactersCount = try o.int("characters_count")
        inputTokens = try o.int("input_tokens", default: 0)
        outputTokens = try o.int("output_tokens", default: 0)
        streamed = try o.bool("streamed")
        acquireTime = try o.double("acquire_time", default: 0.0)
        connectionReused = try o.bool("connection_reused", default: false)
        segmentId = try o.optionalString("segment_id")
        speechId = try o.optionalString("speech_id")
        metadata = try o.metadata()
    }
}
