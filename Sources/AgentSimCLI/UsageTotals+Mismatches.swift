import AgentSimCore

extension UsageTotals {
    /// Field-by-field differences from one bridge result (`version` picks the summary form): the event count, the
    /// lines LiveKit rejected, the summary, and `model_usage` when the bridge has one.
    func mismatches(against result: JSONValue, version: String) -> [Mismatch] {
        var out: [Mismatch] = []
        if result["events"]?.intValue != events {
            out.append(
                Mismatch(
                    field: "events", agentsim: String(events), livekit: result["events"]?.compactString() ?? "(missing)"
                ))
        }
        for error in result["errors"]?.arrayValue ?? [] {
            out.append(
                Mismatch(
                    field: "line \(error["line"]?.intValue ?? 0)", agentsim: "valid event",
                    livekit: "rejected: \(error["message"]?.stringValue ?? "")"))
        }
        let summary = version == "1.2.18" ? usageV1_2.summary.json() : usage.summary.json()
        out += SummaryComparison.compare(summary, result["usage_summary"], path: "usage_summary")
        if result["model_usage"] != nil {
            out += SummaryComparison.compare(modelUsageJSON, result["model_usage"], path: "model_usage")
        }
        return out
    }
}
