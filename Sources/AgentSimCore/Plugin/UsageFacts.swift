/// What `agentsim compare` knows about one provider's run, for the plugin to explain its figures.
public struct UsageFacts: Sendable {
    public var model: String
    public var options: ScenarioValue
    public var summary: UsageSummaryV1_2
    public var truth: GroundTruth
    /// The realtime usage reports, in order (LiveKit's zero-usage connection event left out).
    public var reports: [RealtimeModelMetrics]

    public init(model: String, options: ScenarioValue, summary: UsageSummaryV1_2, truth: GroundTruth, reports: [RealtimeModelMetrics]) {
        self.model = model
        self.options = options
        self.summary = summary
        self.truth = truth
        self.reports = reports
    }
}
