import AgentSimJSON

/// LiveKit's `RealtimeModelMetrics` (`type: "realtime_model_metrics"`): one event per
/// realtime-model response, carrying that response's token usage.
///
/// Holds the union of the 1.2.18 and 1.8.9 fields. 1.2.18 requires every field it knows;
/// 1.8.9 adds ``sessionDuration``, ``acquireTime`` and ``connectionReused`` and gives
/// every field except `request_id`, `timestamp` and the two detail objects a default.
public struct RealtimeModelMetrics: Sendable, Equatable {
    /// The `type` literal.
    public static let typeName = "realtime_model_metrics"

    /// LiveKit's `RealtimeModelMetrics.CachedTokenDetails`: the cached part of the input by modality.
    public struct CachedTokenDetails: Sendable, Equatable {
        /// `audio_tokens`.
        public var audioTokens: Int
        /// `text_tokens`.
        public var textTokens: Int
        /// `image_tokens`.
        public var imageTokens: Int

        /// Creates cached-token details.
        public init(audioTokens: Int, textTokens: Int, imageTokens: Int) {
            self.audioTokens = audioTokens
            self.textTokens = textTokens
            self.imageTokens = imageTokens
        }

        /// `{"audio_tokens", "text_tokens", "image_tokens"}` in model order.
        public func json() -> JSONValue {
            .object([
                ("audio_tokens", .int(audioTokens)),
                ("text_tokens", .int(textTokens)),
                ("image_tokens", .int(imageTokens)),
            ])
        }

        init(lax o: LaxObject) throws(MetricsDecodingError) {
            audioTokens = try o.int("audio_tokens", default: 0)
            textTokens = try o.int("text_tokens", default: 0)
            imageTokens = try o.int("image_tokens", default: 0)
        }
    }

    /// LiveKit's `RealtimeModelMetrics.InputTokenDetails`.
    public struct InputTokenDetails: Sendable, Equatable {
        /// `audio_tokens`.
        public var audioTokens: Int
        /// `text_tokens`.
        public var textTokens: Int
        /// `image_tokens`.
        public var imageTokens: Int
        /// `cached_tokens`: how many of the input tokens were served from cache.
        public var cachedTokens: Int
        /// `cached_tokens_details`; may be null (1.2.18 requires the key to be present).
        public var cachedTokensDetails: CachedTokenDetails?

        /// Creates input-token details.
        public init(
            audioTokens: Int, textTokens: Int, imageTokens: Int, cachedTokens: Int,
            cachedTokensDetails: CachedTokenDetails? = nil
        ) {
            self.audioTokens = audioTokens
            self.textTokens = textTokens
            self.imageTokens = imageTokens
            self.cachedTokens = cachedTokens
            self.cachedTokensDetails = cachedTokensDetails
        }

        /// All five keys in model order; `cached_tokens_details` is null when nil.
        public func json() -> JSONValue {
            .object([
                ("audio_tokens", .int(audioTokens)),
                ("text_tokens", .int(textTokens)),
                ("image_tokens", .int(imageTokens)),
                ("cached_tokens", .int(cachedTokens)),
                ("cached_tokens_details", cachedTokensDetails?.json() ?? .null),
            ])
        }

        init(lax o: LaxObject) throws(MetricsDecodingError) {
            audioTokens = try o.int("audio_tokens", default: 0)
            textTokens = try o.int("text_tokens", default: 0)
            imageTokens = try o.int("image_tokens", default: 0)
            cachedTokens = try o.int("cached_tokens", default: 0)
            cachedTokensDetails = try o.optionalObject("cached_tokens_details").map {
                (d) throws(MetricsDecodingError) in try CachedTokenDetails(lax: d)
            }
        }
    }

    /// LiveKit's `RealtimeModelMetrics.OutputTokenDetails` (note the text-first order).
    public struct OutputTokenDetails: Sendable, Equatable {
        /// `text_tokens`.
        public var textTokens: Int
        /// `audio_tokens`.
        public var audioTokens: Int
        /// `image_tokens` (deprecated in 1.8.9; the 1.8.9 `ModelUsageCollector` ignores it).
        public var imageTokens: Int

        /// Creates output-token details.
        public init(textTokens: Int, audioTokens: Int, imageTokens: Int) {
            self.textTokens = textTokens
            self.audioTokens = audioTokens
            self.imageTokens = imageTokens
        }

        /// `{"text_tokens", "audio_tokens", "image_tokens"}` in model order.
        public func json() -> JSONValue {
            .object([
                ("text_tokens", .int(textTokens)),
                ("audio_tokens", .int(audioTokens)),
                ("image_tokens", .int(imageTokens)),
            ])
        }

        init(lax o: LaxObject) throws(MetricsDecodingError) {
            textTokens = try o.int("text_tokens", default: 0)
            audioTokens = try o.int("audio_tokens", default: 0)
            imageTokens = try o.int("image_tokens", default: 0)
        }
    }

    /// `label`, e.g. `livekit.plugins.openai.realtime.realtime_model.RealtimeModel`.
    public var label: String
    /// `request_id`: the response id (`""` for the zero-usage event at connection time).
    public var requestId: String
    /// `timestamp`: the response creation time (Unix seconds).
    public var timestamp: Double
    /// `duration`: created → done, in seconds.
    public var duration: Double
    /// `session_duration` (1.8.9 only): the connection's duration, for session-billed models.
    public var sessionDuration: Double
    /// `ttft`: time to first audio token in seconds, -1 if none.
    public var ttft: Double
    /// `cancelled`.
    public var cancelled: Bool
    /// `input_tokens`.
    public var inputTokens: Int
    /// `output_tokens`.
    public var outputTokens: Int
    /// `total_tokens`.
    public var totalTokens: Int
    /// `tokens_per_second`.
    public var tokensPerSecond: Double
    /// `input_token_details`.
    public var inputTokenDetails: InputTokenDetails
    /// `output_token_details`.
    public var outputTokenDetails: OutputTokenDetails
    /// `acquire_time` (1.8.9 only): seconds spent acquiring the connection.
    public var acquireTime: Double
    /// `connection_reused` (1.8.9 only).
    public var connectionReused: Bool
    /// `metadata`.
    public var metadata: Metadata?

    /// Creates the event; 1.8.9-only fields and `metadata` have defaults.
    public init(
        label: String,
        requestId: String,
        timestamp: Double,
        duration: Double,
        sessionDuration: Double = 0.0,
        ttft: Double,
        cancelled: Bool,
        inputTokens: Int,
        outputTokens: Int,
        totalTokens: Int,
        tokensPerSecond: Double,
        inputTokenDetails: InputTokenDetails,
        outputTokenDetails: OutputTokenDetails,
        acquireTime: Double = 0.0,
        connectionReused: Bool = false,
        metadata: Metadata? = nil
    ) {
        self.label = label
        self.requestId = requestId
        self.timestamp = timestamp
        self.duration = duration
        self.sessionDuration = sessionDuration
        self.ttft = ttft
        self.cancelled = cancelled
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.totalTokens = totalTokens
        self.tokensPerSecond = tokensPerSecond
        self.inputTokenDetails = inputTokenDetails
        self.outputTokenDetails = outputTokenDetails
        self.acquireTime = acquireTime
        self.connectionReused = connectionReused
        self.metadata = metadata
    }

    /// `"realtime_model_metrics"`.
    public var type: String { Self.typeName }

    /// Every field, `type` first, in the 1.8.9 `model_dump` order:
    /// `type, label, request_id, timestamp, duration, session_duration, ttft, cancelled,
    /// input_tokens, output_tokens, total_tokens, tokens_per_second, input_token_details,
    /// output_token_details, acquire_time, connection_reused, metadata`.
    public func json() -> JSONValue {
        .object([
            ("type", .string(type)),
            ("label", .string(label)),
            ("request_id", .string(requestId)),
            ("timestamp", .double(timestamp)),
            ("duration", .double(duration)),
            ("session_duration", .double(sessionDuration)),
            ("ttft", .double(ttft)),
            ("cancelled", .bool(cancelled)),
            ("input_tokens", .int(inputTokens)),
            ("output_tokens", .int(outputTokens)),
            ("total_tokens", .int(totalTokens)),
            ("tokens_per_second", .double(tokensPerSecond)),
            ("input_token_details", inputTokenDetails.json()),
            ("output_token_details", outputTokenDetails.json()),
            ("acquire_time", .double(acquireTime)),
            ("connection_reused", .bool(connectionReused)),
            ("metadata", metadata.json()),
        ])
    }

    /// Validates like the 1.8.9 model: only `request_id`, `timestamp` and the two detail
    /// objects are required; the rest take 1.8.9's defaults (`label ""`, `ttft -1`, zeros).
    init(lax o: LaxObject) throws(MetricsDecodingError) {
        label = try o.string("label", default: "")
        requestId = try o.string("request_id")
        timestamp = try o.double("timestamp")
        duration = try o.double("duration", default: 0.0)
        sessionDuration = try o.double("session_duration", default: 0.0)
        ttft = try o.double("ttft", default: -1.0)
        cancelled = try o.bool("cancelled", default: false)
        inputTokens = try o.int("input_tokens", default: 0)
        outputTokens = try o.int("output_tokens", default: 0)
        totalTokens = try o.int("total_tokens", default: 0)
        tokensPerSecond = try o.double("tokens_per_second", default: 0.0)
        inputTokenDetails = try InputTokenDetails(lax: try o.object("input_token_details"))
        outputTokenDetails = try OutputTokenDetails(lax: try o.object("output_token_details"))
        acquireTime = try o.double("acquire_time", default: 0.0)
        connectionReused = try o.bool("connection_reused", default: false)
        metadata = try o.metadata()
    }
}
