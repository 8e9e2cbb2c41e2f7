import AgentSimCore

/// The `json` format of `agentsim run`: the session record as one object, in the order of the coding keys.
struct RunReport: Encodable {
    var report: SessionReport

    enum CodingKeys: String, CodingKey {
        case scenario, file, provider, model, seed, usageSummary = "usage_summary"
        case usageSummaryV1_2 = "usage_summary_v1_2", modelUsage = "model_usage", turns, truth, bills
        case providerPayloads = "provider_payloads", metrics
    }

    func encode(to encoder: any Encoder) throws {
        let s = report.scenario
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(s.name, forKey: .scenario)
        try container.encode(s.file, forKey: .file)
        try container.encode(report.providerID, forKey: .provider)
        try container.encode(report.model, forKey: .model)
        try container.encode(Int(truncatingIfNeeded: s.seed), forKey: .seed)
        try container.encode(RawJSON(report.usage.summary.json()), forKey: .usageSummary)
        try container.encode(RawJSON(report.usageV1_2.summary.json()), forKey: .usageSummaryV1_2)
        try container.encode(RawJSON(report.totals.modelUsageJSON), forKey: .modelUsage)
        try container.encode(report.turns, forKey: .turns)
        try container.encode(RawJSON(report.truth.json), forKey: .truth)
        // A pipeline: what each service billed, beside the truth.
        if !report.bills.isEmpty { try container.encode(report.bills.map { RawJSON($0.json) }, forKey: .bills) }
        try container.encode(
            report.outputs.compactMap { $0.payload.map { RawJSON($0.json) } }, forKey: .providerPayloads)
        try container.encode(report.metrics.map { RawJSON($0.json()) }, forKey: .metrics)
    }

    /// The object `run --format json` prints.
    var json: JSONValue { (try? JSONValueEncoder().encode(self)) ?? .null }
}
