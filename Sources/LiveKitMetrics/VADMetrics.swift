import AgentSimJSON

/// LiveKit's `VADMetrics` (`type: "vad_metrics"`): voice-activity-detector load.
public struct VADMetrics: Sendable, Equatable {
    /// The `type` literal.
    public static let typeName = "vad_metrics"

    /// `label`.
    public var label: String
    /// `timestamp` (Unix seconds).
    public var timestamp: Double
    /// `idle_time` in seconds.
    public var idleTime: Double
    /// `inference_duration_total` in seconds.
    public var inferenceDurationTotal: Double
    /// `inference_count`.
    public var inferenceCount: Int
    /// `metadata`.
    public var metadata: Metadata?

    /// Creates the event.
    public init(
        label: String,
        timestamp: Double,
        idleTime: Double,
        inferenceDurationTotal: Double,
        inferenceCount: Int,
        metadata: Metadata? = nil
    ) {
        self.label = label
        self.timestamp = timestamp
        self.idleTime = idleTime
        self.inferenceDurationTotal = inferenceDurationTotal
        self.inferenceCount = inferenceCount
        self.metadata = metadata
    }

    /// `"vad_metrics"`.
    public var type: String { Self.typeName }

    /// Every field, `type` first, in `model_dump` order.
    public func json() -> JSONValue {
        .object([
            ("type", .string(type)),
            ("label", .string(label)),
            ("timestamp", .double(timestamp)),
            ("idle_time", .double(idleTime)),
            ("inference_duration_total", .double(inferenceDurationTotal)),
            ("inference_count", .int(inferenceCount)),
            ("metadata", metadata.json()),
        ])
    }

    /// Validates like the 1.8.9 model.
    init(lax o: LaxObject) throws(MetricsDecodingError) {
        label = try o.string("label")
        timestamp = try o.double("timestamp")
        idleTime = try o.double("idle_time")
        inferenceDurationTotal = try o.double("inference_duration_total")
        inferenceCount = try o.int("inference_count")
        metadata = try o.metadata()
    }
}
