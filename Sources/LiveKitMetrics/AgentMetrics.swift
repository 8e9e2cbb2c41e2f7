import AgentSimJSON

/// One LiveKit metrics event, as emitted on `metrics_collected` and fed to the collectors.
///
/// The six kinds that both livekit-agents 1.2.18 and 1.8.9 define have their own case.
/// The metrics kinds only 1.8.9 defines (`decision_metrics`, `eot_inference_metrics`,
/// `interruption_metrics`, `avatar_metrics`) are kept as ``other(type:_:)`` with their JSON;
/// ``decode(_:)`` validates them against the 1.8.9 schema first, and ``ModelUsageCollector``
/// reads `num_requests` and `metadata` from the interruption and EOT ones.
public enum AgentMetrics: Sendable, Equatable {
    /// `realtime_model_metrics`.
    case realtime(RealtimeModelMetrics)
    /// `llm_metrics`.
    case llm(LLMMetrics)
    /// `stt_metrics`.
    case stt(STTMetrics)
    /// `tts_metrics`.
    case tts(TTSMetrics)
    /// `eou_metrics`.
    case eou(EOUMetrics)
    /// `vad_metrics`.
    case vad(VADMetrics)
    /// Any other kind, with its `type` literal and its JSON object (written back unchanged).
    case other(type: String, JSONValue)

    /// The `type` literal, e.g. `"realtime_model_metrics"`.
    public var type: String {
        switch self {
        case let .realtime(m): return m.type
        case let .llm(m): return m.type
        case let .stt(m): return m.type
        case let .tts(m): return m.type
        case let .eou(m): return m.type
        case let .vad(m): return m.type
        case let .other(type, _): return type
        }
    }

    /// The full JSON form (every field, `type` first, 1.8.9 `model_dump` order), which validates
    /// as the matching pydantic class in both 1.2.18 and 1.8.9. ``other(type:_:)`` returns its JSON as is.
    public func json() -> JSONValue {
        switch self {
        case let .realtime(m): return m.json()
        case let .llm(m): return m.json()
        case let .stt(m): return m.json()
        case let .tts(m): return m.json()
        case let .eou(m): return m.json()
        case let .vad(m): return m.json()
        case let .other(_, json): return json
        }
    }

    /// Reads one metrics event the way livekit-agents 1.8.9 validates it: the class is picked
    /// by `type`, unknown keys are ignored, missing fields with a 1.8.9 default take it, and
    /// values are coerced in pydantic's lax mode (see the conversions below).
    ///
    /// Accepted: `3` or `3.0` or `"12"` or `true` for an `int`; any number or numeric string for a
    /// `float`; `true`/`false`, `0`/`1`, `"yes"`/`"no"` … for a `bool`; only strings for a `str`.
    /// Rejected: a fractional number for an `int`, a missing required field, null for a
    /// non-optional field, a non-finite float, an integer outside `Int`'s range, and a
    /// missing or unknown `type`.
    ///
    /// - Throws: ``MetricsDecodingError`` naming the first offending field's dotted path.
    public static func decode(_ json: JSONValue) throws(MetricsDecodingError) -> AgentMetrics {
        let o = try LaxObject(json, path: "")
        guard let typeValue = o.raw("type") else {
            throw MetricsDecodingError(path: "type", message: "field required")
        }
        guard case let .string(type) = typeValue else {
            throw MetricsDecodingError(
                path: "type", message: "expected a metrics type string, got \(LaxObject.show(typeValue))")
        }
        switch type {
        case RealtimeModelMetrics.typeName: return .realtime(try RealtimeModelMetrics(lax: o))
        case LLMMetrics.typeName: return .llm(try LLMMetrics(lax: o))
        case STTMetrics.typeName: return .stt(try STTMetrics(lax: o))
        case TTSMetrics.typeName: return .tts(try TTSMetrics(lax: o))
        case EOUMetrics.typeName: return .eou(try EOUMetrics(lax: o))
        case VADMetrics.typeName: return .vad(try VADMetrics(lax: o))
        default:
            guard OtherMetricsSchema.knownTypes.contains(type) else {
                throw MetricsDecodingError(path: "type", message: "unknown metrics type \(LaxObject.show(typeValue))")
            }
            try OtherMetricsSchema.validate(type, o)
            return .other(type: type, json)
        }
    }
}
