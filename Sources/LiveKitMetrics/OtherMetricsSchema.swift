import AgentSimJSON

/// The metrics kinds only livekit-agents 1.8.9 defines, which ``AgentMetrics`` keeps as
/// ``AgentMetrics/other(type:_:)``: their field checks, and what ``ModelUsageCollector``
/// reads from them.
enum OtherMetricsSchema {
    static let decision = "decision_metrics"
    static let eotInference = "eot_inference_metrics"
    static let interruption = "interruption_metrics"
    static let avatar = "avatar_metrics"

    /// The `type` literals handled here.
    static let knownTypes: Set<String> = [decision, eotInference, interruption, avatar]

    /// Checks the object against the 1.8.9 model for `type`, in field order.
    static func validate(_ type: String, _ o: LaxObject) throws(MetricsDecodingError) {
        switch type {
        case decision:
            _ = try o.string("label")
            _ = try o.string("request_id")
            _ = try o.double("timestamp")
            _ = try o.double("duration")
            _ = try o.optionalInt("input_tokens")
            _ = try o.optionalInt("output_tokens")
        case eotInference:
            _ = try o.double("timestamp")
            _ = try o.double("total_duration")
            _ = try o.double("detection_delay")
            _ = try o.double("prediction_duration")
            _ = try o.int("num_requests", default: 1)
        case interruption:
            _ = try o.double("timestamp")
            _ = try o.double("total_duration")
            _ = try o.double("prediction_duration")
            _ = try o.double("detection_delay")
            _ = try o.int("num_interruptions")
            _ = try o.int("num_backchannels")
            _ = try o.int("num_requests")
        case avatar:
            _ = try o.double("timestamp")
            _ = try o.double("playback_latency", default: 0.0)
            _ = try o.optionalDouble("session_started_time")
            _ = try o.optionalDouble("avatar_joined_time")
        default:
            break
        }
        _ = try o.metadata()
    }

    /// `(num_requests, metadata)` of an `interruption_metrics` or `eot_inference_metrics`
    /// object, or nil when `json` is not a valid one (then the collectors skip it).
    static func requestCount(_ type: String, _ json: JSONValue) -> (Int, Metadata?)? {
        guard type == interruption || type == eotInference else { return nil }
        do {
            let o = try LaxObject(json, path: "")
            try validate(type, o)
            let count = type == eotInference ? try o.int("num_requests", default: 1) : try o.int("num_requests")
            return (count, try o.metadata())
        } catch {
            return nil
        }
    }
}
