import AgentSimJSON

/// livekit-agents 1.8.9's `TTSModelUsage` (`type: "tts_usage"`): TTS usage of one
/// `(provider, model)` pair.
public struct TTSModelUsage: Sendable, Equatable {
    /// The `type` literal.
    public static let typeName = "tts_usage"

    /// `provider`.
    public var provider: String
    /// `model`.
    public var model: String
    /// `input_tokens`.
    public var inputTokens: Int
    /// `output_tokens`.
    public var outputTokens: Int
    /// `characters_count`.
    public var charactersCount: Int
    /// `audio_duration` (seconds).
    public var audioDuration: Double

    /// Creates a usage record; all counters default to zero.
    public init(
        provider: String,
        model: String,
        inputTokens: Int = 0,
        outputTokens: Int = 0,
        charactersCount: Int = 0,
        audioDuration: Double = 0.0
    ) {
        self.provider = provider
        self.model = model
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.charactersCount = charactersCount
        self.audioDuration = audioDuration
    }

    /// `"tts_usage"`.
    public var type: String { Self.typeName }

    /// Every field, `type` first, in `model_dump` order.
    public func json() -> JSONValue {
        .object([
            ("type", .string(type)),
            ("provider", .string(provider)),
            ("model", .string(model)),
            ("input_tokens", .int(inputTokens)),
            ("output_tokens", .int(outputTokens)),
            ("characters_count", .int(charactersCount)),
            ("audio_duration", .double(audioDuration)),
        ])
    }

    /// LiveKit's `__repr__` with zero fields left out.
    public var reprLine: String { ModelUsageRepr.line("TTSModelUsage", json()) }
}
