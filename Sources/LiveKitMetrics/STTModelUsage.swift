import AgentSimJSON

/// livekit-agents 1.8.9's `STTModelUsage` (`type: "stt_usage"`): STT usage of one
/// `(provider, model)` pair.
public struct STTModelUsage: Sendable, Equatable {
    /// The `type` literal.
    public static let typeName = "stt_usage"

    /// `provider`.
    public var provider: String
    /// `model`.
    public var model: String
    /// `input_tokens`.
    public var inputTokens: Int
    /// `input_audio_tokens`.
    public var inputAudioTokens: Int
    /// `output_tokens`.
    public var outputTokens: Int
    /// `audio_duration` (seconds).
    public var audioDuration: Double

    /// Creates a usage record; all counters default to zero.
    public init(
        provider: String,
        model: String,
        inputTokens: Int = 0,
        inputAudioTokens: Int = 0,
        outputTokens: Int = 0,
        audioDuration: Double = 0.0
    ) {
        self.provider = provider
        self.model = model
        self.inputTokens = inputTokens
        self.inputAudioTokens = inputAudioTokens
        self.outputTokens = outputTokens
        self.audioDuration = audioDuration
    }

    /// `"stt_usage"`.
    public var type: String { Self.typeName }

    /// Every field, `type` first, in `model_dump` order.
    public func json() -> JSONValue {
        .object([
            ("type", .string(type)),
            ("provider", .string(provider)),
            ("model", .string(model)),
            ("input_tokens", .int(inputTokens)),
            ("input_audio_tokens", .int(inputAudioTokens)),
            ("output_tokens", .int(outputTokens)),
            ("audio_duration", .double(audioDuration)),
        ])
    }

    /// LiveKit's `__repr__` with zero fields left out.
    public var reprLine: String { ModelUsageRepr.line("STTModelUsage", json()) }
}
