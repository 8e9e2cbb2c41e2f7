import AgentSimJSON

/// livekit-agents 1.8.9's `LLMModelUsage` (`type: "llm_usage"`): LLM and realtime-model usage
/// of one `(provider, model)` pair.
public struct LLMModelUsage: Sendable, Equatable {
    /// The `type` literal.
    public static let typeName = "llm_usage"

    /// `provider` (`metadata.model_provider or ""`).
    public var provider: String
    /// `model` (`metadata.model_name or ""`).
    public var model: String
    /// `input_tokens`.
    public var inputTokens: Int
    /// `input_cached_tokens`.
    public var inputCachedTokens: Int
    /// `input_cache_creation_tokens`.
    public var inputCacheCreationTokens: Int
    /// `input_audio_tokens`.
    public var inputAudioTokens: Int
    /// `input_cached_audio_tokens`.
    public var inputCachedAudioTokens: Int
    /// `input_text_tokens`.
    public var inputTextTokens: Int
    /// `input_cached_text_tokens`.
    public var inputCachedTextTokens: Int
    /// `input_image_tokens`.
    public var inputImageTokens: Int
    /// `input_cached_image_tokens`.
    public var inputCachedImageTokens: Int
    /// `output_tokens`.
    public var outputTokens: Int
    /// `output_audio_tokens`.
    public var outputAudioTokens: Int
    /// `output_text_tokens`.
    public var outputTextTokens: Int
    /// `output_reasoning_tokens`.
    public var outputReasoningTokens: Int
    /// `session_duration` (seconds).
    public var sessionDuration: Double

    /// Creates a usage record; all counters default to zero.
    public init(
        provider: String,
        model: String,
        inputTokens: Int = 0,
        inputCachedTokens: Int = 0,
        inputCacheCreationTokens: Int = 0,
        inputAudioTokens: Int = 0,
        inputCachedAudioTokens: Int = 0,
        inputTextTokens: Int = 0,
        inputCachedTextTokens: Int = 0,
        inputImageTokens: Int = 0,
        inputCachedImageTokens: Int = 0,
        outputTokens: Int = 0,
        outputAudioTokens: Int = 0,
        outputTextTokens: Int = 0,
        outputReasoningTokens: Int = 0,
        sessionDuration: Double = 0.0
    ) {
        self.provider = provider
        self.model = model
        self.inputTokens = inputTokens
        self.inputCachedTokens = inputCachedTokens
        self.inputCacheCreationTokens = inputCacheCreationTokens
        self.inputAudioTokens = inputAudioTokens
        self.inputCachedAudioTokens = inputCachedAudioTokens
        self.inputTextTokens = inputTextTokens
        self.inputCachedTextTokens = inputCachedTextTokens
        self.inputImageTokens = inputImageTokens
        self.inputCachedImageTokens = inputCachedImageTokens
        self.outputTokens = outputTokens
        self.outputAudioTokens = outputAudioTokens
        self.outputTextTokens = outputTextTokens
        self.outputReasoningTokens = outputReasoningTokens
        self.sessionDuration = sessionDuration
    }

    /// `"llm_usage"`.
    public var type: String { Self.typeName }

    /// Every field, `type` first, in `model_dump` order.
    public func json() -> JSONValue {
        .object([
            ("type", .string(type)),
            ("provider", .string(provider)),
            ("model", .string(model)),
            ("input_tokens", .int(inputTokens)),
            ("input_cached_tokens", .int(inputCachedTokens)),
            ("input_cache_creation_tokens", .int(inputCacheCreationTokens)),
            ("input_audio_tokens", .int(inputAudioTokens)),
            ("input_cached_audio_tokens", .int(inputCachedAudioTokens)),
            ("input_text_tokens", .int(inputTextTokens)),
            ("input_cached_text_tokens", .int(inputCachedTextTokens)),
            ("input_image_tokens", .int(inputImageTokens)),
            ("input_cached_image_tokens", .int(inputCachedImageTokens)),
            ("output_tokens", .int(outputTokens)),
            ("output_audio_tokens", .int(outputAudioTokens)),
            ("output_text_tokens", .int(outputTextTokens)),
            ("output_reasoning_tokens", .int(outputReasoningTokens)),
            ("session_duration", .double(sessionDuration)),
        ])
    }

    /// LiveKit's `__repr__`: `LLMModelUsage(type='llm_usage', provider=…, …)` with zero fields left out.
    public var reprLine: String { ModelUsageRepr.line("LLMModelUsage", json()) }
}
