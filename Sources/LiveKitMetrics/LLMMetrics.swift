import AgentSimJSON

/// LiveKit's `LLMMetrics` (`type: "llm_metrics"`): one event per LLM completion
/// in a pipeline (STT → LLM → TTS) session.
///
/// ``cacheCreationTokens`` and ``reasoningTokens`` exist only in 1.8.9 (default 0).
public struct LLMMetrics: Sendable, Equatable {
    /// The `type` literal.
    public static let typeName = "llm_metrics"

    /// `label`.
    public var label: String
    /// `request_id`.
    public var requestId: String
    /// `timestamp` (Unix seconds).
    public var timestamp: Double
    /// `duration` in seconds.
    public var duration: Double
    /// `ttft`: time to first token in seconds, -1 if none.
    public var ttft: Double
    /// `cancelled`.
    public var cancelled: Bool
    /// `completion_tokens`.
    public var completionTokens: Int
    /// `prompt_tokens`.
    public var promptTokens: Int
    /// `prompt_cached_tokens` (cache reads).
    public var promptCachedTokens: Int
    /// `cache_creation_tokens` (1.8.9 only): cache writes.
    public var cacheCreationTokens: Int
    /// `reasoning_tokens` (1.8.9 only): already included in ``completionTokens``.
    public var reasoningTokens: Int
    /// `total_tokens`.
    public var totalTokens: Int
    /// `tokens_per_second`.
    public var tokensPerSecond: Double
    /// `speech_id`.
    public var speechId: String?
    /// `metadata`.
    public var metadata: Metadata?

    /// Creates the event; 1.8.9-only and optional fields have defaults.
    public init(
        label: String,
        requestId: String,
        timestamp: Double,
        duration: Double,
        ttft: Double,
        cancelled: Bool,
        completionTokens: Int,
        promptTokens: Int,
        promptCachedTokens: Int,
        cacheCreationTokens: Int = 0,
        reasoningTokens: Int = 0,
        totalTokens: Int,
        tokensPerSecond: Double,
        speechId: String? = nil,
        metadata: Metadata? = nil
    ) {
        self.label = label
        self.requestId = requestId
        self.timestamp = timestamp
        self.duration = duration
        self.ttft = ttft
        self.cancelled = cancelled
        self.completionTokens = completionTokens
        self.promptTokens = promptTokens
        self.promptCachedTokens = promptCachedTokens
        self.cacheCreationTokens = cacheCreationTokens
        self.reasoningTokens = reasoningTokens
        self.totalTokens = totalTokens
        self.tokensPerSecond = tokensPerSecond
        self.speechId = speechId
        self.metadata = metadata
    }

    /// `"llm_metrics"`.
    public var type: String { Self.typeName }

    /// Every field, `type` first, in the 1.8.9 `model_dump` order.
    public func json() -> JSONValue {
        .object([
            ("type", .string(type)),
            ("label", .string(label)),
            ("request_id", .string(requestId)),
            ("timestamp", .double(timestamp)),
            ("duration", .double(duration)),
            ("ttft", .double(ttft)),
            ("cancelled", .bool(cancelled)),
            ("completion_tokens", .int(completionTokens)),
            ("prompt_tokens", .int(promptTokens)),
            ("prompt_cached_tokens", .int(promptCachedTokens)),
            ("cache_creation_tokens", .int(cacheCreationTokens)),
            ("reasoning_tokens", .int(reasoningTokens)),
            ("total_tokens", .int(totalTokens)),
            ("tokens_per_second", .double(tokensPerSecond)),
            ("speech_id", speechId.json()),
            ("metadata", metadata.json()),
        ])
    }

    /// Validates like the 1.8.9 model.
    init(lax o: LaxObject) throws(MetricsDecodingError) {
        label = try o.string("label")
        requestId = try o.string("request_id")
        timestamp = try o.double("timestamp")
        duration = try o.double("duration")
        ttft = try o.double("ttft")
        cancelled = try o.bool("cancelled")
        completionTokens = try o.int("completion_tokens")
        promptTokens = try o.int("prompt_tokens")
        promptCachedTokens = try o.int("prompt_cached_tokens")
        cacheCreationTokens = try o.int("cache_creation_tokens", default: 0)
        reasoningTokens = try o.int("reasoning_tokens", default: 0)
        totalTokens = try o.int("total_tokens")
        tokensPerSecond = try o.double("tokens_per_second")
        speechId = try o.optionalString("speech_id")
        metadata = try o.metadata()
    }
}
