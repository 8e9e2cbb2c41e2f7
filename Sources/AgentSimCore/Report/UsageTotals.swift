/// What LiveKit's collectors hold after a set of metrics events, as agentsim's ports of them compute it:
/// livekit-agents 1.2.18's `UsageSummary`, 1.8.9's `UsageCollector` and `ModelUsageCollector`.
///
/// The one collector bundle every command reads: a session's ``SessionReport``, `check`'s own side of the
/// comparison, `load`'s oracle and the totals of what it sent.
public struct UsageTotals: Sendable, Equatable {
    public private(set) var modelUsage = ModelUsageCollector()
    public private(set) var usage = UsageCollector()
    public private(set) var usageV1_2 = UsageCollectorV1_2()
    /// Metrics events collected.
    public private(set) var events = 0

    public init() {}

    /// Adds one event to every collector.
    public mutating func collect(_ metrics: AgentMetrics) {
        usageV1_2.collect(metrics)
        usage.collect(metrics)
        modelUsage.collect(metrics)
        events += 1
    }

    /// `{"events", "model_usage", "usage_summary" (1.8.9), "usage_summary_v1_2"}`.
    public var json: JSONValue {
        .object([
            ("events", .int(events)),
            ("model_usage", modelUsageJSON),
            ("usage_summary", usage.summary.json()),
            ("usage_summary_v1_2", usageV1_2.summary.json()),
        ])
    }

    /// `ModelUsageCollector.flatten()`, each entry in LiveKit's JSON form.
    public var modelUsageJSON: JSONValue { .array(modelUsage.flatten().map { $0.json() }) }
}
