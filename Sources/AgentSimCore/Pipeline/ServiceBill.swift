import AgentSimJSON

/// What one service billed in a session: the ground truth beside what LiveKit reported for it. It counts what
/// the provider charges for, including what LiveKit never saw (the tokens of a stream cut before its usage chunk,
/// the seconds of a connection after its last report).
public struct ServiceBill: Sendable, Equatable {
    public var role: ServiceRole
    public var provider: String
    public var model: String
    /// Requests (LLM), segments (TTS) or connections (STT) billed.
    public var requests: Int = 0
    /// STT: seconds of audio (or connection) billed; TTS: seconds of audio generated.
    public var audioSeconds: Double = 0
    /// TTS: characters billed.
    public var characters: Int = 0
    /// Input (prompt) tokens, cached ones included, and the cached part; cache writes; output tokens,
    /// reasoning included, and the reasoning part.
    public var inputTokens: Int = 0
    public var cachedInputTokens: Int = 0
    public var cacheCreationTokens: Int = 0
    public var outputTokens: Int = 0
    public var reasoningTokens: Int = 0

    public init(role: ServiceRole, provider: String, model: String) {
        self.role = role
        self.provider = provider
        self.model = model
    }

    /// The figures that apply to the role, in a fixed order (zeros of other roles left out).
    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("role", .string(role.rawValue)), ("provider", .string(provider)), ("model", .string(model)),
            ("requests", .int(requests)),
        ]
        switch role {
        case .stt:
            pairs.append(("audio_seconds", .double(audioSeconds)))
            if inputTokens > 0 || outputTokens > 0 {
                pairs.append(("input_tokens", .int(inputTokens)))
                pairs.append(("output_tokens", .int(outputTokens)))
            }
        case .tts:
            pairs.append(("characters", .int(characters)))
            pairs.append(("audio_seconds", .double(audioSeconds)))
            if inputTokens > 0 || outputTokens > 0 {
                pairs.append(("input_tokens", .int(inputTokens)))
                pairs.append(("output_tokens", .int(outputTokens)))
            }
        case .llm, .realtime:
            pairs += [
                ("input_tokens", .int(inputTokens)), ("cached_input_tokens", .int(cachedInputTokens)),
                ("cache_creation_tokens", .int(cacheCreationTokens)), ("output_tokens", .int(outputTokens)),
                ("reasoning_tokens", .int(reasoningTokens)),
            ]
        }
        return .object(pairs)
    }
}
