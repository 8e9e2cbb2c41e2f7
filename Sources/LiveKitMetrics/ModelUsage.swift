import AgentSimJSON

/// One entry of `ModelUsageCollector.flatten()` in livekit-agents 1.8.9
/// (`LLMModelUsage | TTSModelUsage | STTModelUsage | InterruptionModelUsage | EOTModelUsage`).
public enum ModelUsage: Sendable, Equatable {
    /// `llm_usage`.
    case llm(LLMModelUsage)
    /// `tts_usage`.
    case tts(TTSModelUsage)
    /// `stt_usage`.
    case stt(STTModelUsage)
    /// `interruption_usage`.
    case interruption(InterruptionModelUsage)
    /// `eot_usage`.
    case eot(EOTModelUsage)

    /// The `type` literal, e.g. `"llm_usage"`.
    public var type: String {
        switch self {
        case let .llm(u): return u.type
        case let .tts(u): return u.type
        case let .stt(u): return u.type
        case let .interruption(u): return u.type
        case let .eot(u): return u.type
        }
    }

    /// `provider`.
    public var provider: String {
        switch self {
        case let .llm(u): return u.provider
        case let .tts(u): return u.provider
        case let .stt(u): return u.provider
        case let .interruption(u): return u.provider
        case let .eot(u): return u.provider
        }
    }

    /// `model`.
    public var model: String {
        switch self {
        case let .llm(u): return u.model
        case let .tts(u): return u.model
        case let .stt(u): return u.model
        case let .interruption(u): return u.model
        case let .eot(u): return u.model
        }
    }

    /// The `model_dump` of the wrapped record, `type` first.
    public func json() -> JSONValue {
        switch self {
        case let .llm(u): return u.json()
        case let .tts(u): return u.json()
        case let .stt(u): return u.json()
        case let .interruption(u): return u.json()
        case let .eot(u): return u.json()
        }
    }

    /// LiveKit's `__repr__` of the wrapped record (zero fields left out).
    public var reprLine: String {
        switch self {
        case let .llm(u): return u.reprLine
        case let .tts(u): return u.reprLine
        case let .stt(u): return u.reprLine
        case let .interruption(u): return u.reprLine
        case let .eot(u): return u.reprLine
        }
    }
}

/// `_BaseModelUsage.__repr__`: `Name(k=v!r, …)` over `model_dump()`, leaving out values equal to 0.
enum ModelUsageRepr {
    static func line(_ name: String, _ json: JSONValue) -> String {
        guard case let .object(pairs) = json else { return name + "()" }
        var fields: [(String, String)] = []
        for (key, value) in pairs {
            switch value {
            case let .int(i) where i != 0: fields.append((key, String(i)))
            case let .double(d) where d != 0: fields.append((key, PythonRepr.float(d)))
            case let .string(s): fields.append((key, PythonRepr.string(s)))
            default: continue
            }
        }
        return PythonRepr.call(name, fields)
    }
}
