/// What `agentsim compare` knows about one provider's run, for the plugin to explain its figures.
public struct UsageFacts: Sendable {
    public var model: String
    public var options: ScenarioValue
    public var summary: UsageSummaryV1_2
    public var truth: GroundTruth
    /// The realtime usage reports, in order (LiveKit's zero-usage connection event left out).
    public var reports: [RealtimeModelMetrics]
    /// Every metrics event of the run, in order (realtime, LLM, STT, …), for plugins whose figures are not all
    /// realtime.
    public var metrics: [AgentMetrics]

    public init(
        model: String, options: ScenarioValue, summary: UsageSummaryV1_2, truth: GroundTruth,
        reports: [RealtimeModelMetrics], metrics: [AgentMetrics] = []
    ) {
        self.model = model
        self.options = options
        self.summary = summary
        self.truth = truth
        self.reports = reports
        self.metrics = metrics
    }
}
