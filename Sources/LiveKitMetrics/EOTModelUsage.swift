import AgentSimJSON

/// livekit-agents 1.8.9's `EOTModelUsage` (`type: "eot_usage"`): inference requests sent to one
/// end-of-turn `(provider, model)`, summed from `eot_inference_metrics.num_requests`.
public struct EOTModelUsage: Sendable, Equatable {
    /// The `type` literal.
    public static let typeName = "eot_usage"

    /// `provider`.
    public var provider: String
    /// `model`.
    public var model: String
    /// `total_requests`.
    public var totalRequests: Int

    /// Creates a usage record.
    public init(provider: String, model: String, totalRequests: Int = 0) {
        self.provider = provider
        self.model = model
        self.totalRequests = totalRequests
    }

    /// `"eot_usage"`.
    public var type: String { Self.typeName }

    /// Every field, `type` first, in `model_dump` order.
    public func json() -> JSONValue {
        .object([
            ("type", .string(type)),
            ("provider", .string(provider)),
            ("model", .string(model)),
            ("total_requests", .int(totalRequests)),
        ])
    }

    /// LiveKit's `__repr__` with zero fields left out.
    public var reprLine: String { ModelUsageRepr.line("EOTModelUsage", json()) }
}
