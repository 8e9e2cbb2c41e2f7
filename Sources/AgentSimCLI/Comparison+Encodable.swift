import AgentSimCore
import AgentSimViews

extension Comparison: Encodable {
    enum CodingKeys: String, CodingKey { case scenario, file, providers }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(columns.first?.report.scenario.name ?? file, forKey: .scenario)
        try container.encode(file, forKey: .file)
        try container.encode(columns, forKey: .providers)
    }
}

extension ComparisonColumn: Encodable {
    enum CodingKeys: String, CodingKey {
        case spec, provider, model, truth, bills, usageSummaryV1_2 = "usage_summary_v1_2"
        case usageSummary = "usage_summary", sessionSeconds = "session_seconds", cost, explanations
    }

    /// LiveKit's summed `session_duration` beside the native snapshots summed.
    struct SessionSeconds: Encodable {
        var livekitSessionDuration: Double
        var snapshotsSummed: Double

        enum CodingKeys: String, CodingKey {
            case livekitSessionDuration = "livekit_session_duration", snapshotsSummed = "snapshots_summed"
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(spec, forKey: .spec)
        try container.encode(report.providerID, forKey: .provider)
        try container.encode(report.model, forKey: .model)
        try container.encode(RawJSON(report.truth.json), forKey: .truth)
        try container.encode(report.bills.map { RawJSON($0.json) }, forKey: .bills)
        try container.encode(RawJSON(report.usageV1_2.summary.json()), forKey: .usageSummaryV1_2)
        try container.encode(RawJSON(report.usage.summary.json()), forKey: .usageSummary)
        // Only for providers billed by session seconds (GPT-Live).
        if report.sessionDuration > 0 || report.summedSnapshotSeconds > 0 {
            try container.encode(
                SessionSeconds(
                    livekitSessionDuration: report.sessionDuration, snapshotsSummed: report.summedSnapshotSeconds),
                forKey: .sessionSeconds)
        }
        let cost = self.cost
        try container.encode(
            RawJSON(
                .object([
                    ("dollars", .double(cost.dollars)), ("unpriced", .array(cost.unpriced.map { .string($0) })),
                    ("basis", .string("LiveKit 1.8.9 ModelUsage at list price")),
                ])), forKey: .cost)
        try container.encode(explanations, forKey: .explanations)
    }
}
