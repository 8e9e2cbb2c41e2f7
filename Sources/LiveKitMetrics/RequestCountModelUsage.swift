import AgentSimJSON

/// A kind of livekit-agents 1.8.9 usage record that only counts requests.
public protocol RequestCountUsageKind: Sendable {
    /// The `type` literal (`"eot_usage"`).
    static var typeName: String { get }
    /// The Python class name, for the repr (`EOTModelUsage`).
    static var className: String { get }
}

/// `EOTModelUsage`: inference requests sent to one end-of-turn `(provider, model)`, summed from
/// `eot_inference_metrics.num_requests`.
public enum EOTUsageKind: RequestCountUsageKind {
    public static let typeName = "eot_usage"
    public static let className = "EOTModelUsage"
}

/// `InterruptionModelUsage`: requests sent to one interruption-detection `(provider, model)`, summed
/// from `interruption_metrics.num_requests`.
public enum InterruptionUsageKind: RequestCountUsageKind {
    public static let typeName = "interruption_usage"
    public static let className = "InterruptionModelUsage"
}

public typealias EOTModelUsage = RequestCountModelUsage<EOTUsageKind>
public typealias InterruptionModelUsage = RequestCountModelUsage<InterruptionUsageKind>

/// livekit-agents 1.8.9's request-counting usage records (`EOTModelUsage`, `InterruptionModelUsage`):
/// the same three fields under two `type`s.
public struct RequestCountModelUsage<Kind: RequestCountUsageKind>: Sendable, Equatable {
    /// The `type` literal.
    public static var typeName: String { Kind.typeName }

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

    /// The `type` literal.
    public var type: String { Kind.typeName }

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
    public var reprLine: String { ModelUsageRepr.line(Kind.className, json()) }
}
