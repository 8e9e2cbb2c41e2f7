extension SessionReport {
    /// The realtime usage reports, in order, without LiveKit's zero-usage connection event.
    public var usageReports: [RealtimeModelMetrics] {
        metrics.compactMap { m in
            if case let .realtime(r) = m, !r.requestId.isEmpty { return r }
            return nil
        }
    }

    /// LiveKit's `session_duration`, summed over the realtime metrics as its ModelUsageCollector sums it
    /// (seconds-billed models such as GPT-Live; 0 for token-billed ones).
    public var sessionDuration: Double {
        metrics.reduce(0.0) { sum, m in
            if case let .realtime(r) = m { return sum + r.sessionDuration } else { return sum }
        }
    }

    /// The native cumulative `usage.seconds` snapshots summed, as a collector that adds every usage event would:
    /// the documented trap for GPT-Live's `session.usage.updated` / `session.closed` ("Do not sum this value").
    public var summedSnapshotSeconds: Double {
        outputs.reduce(0.0) { $0 + ($1.payload?.json["usage"]?["seconds"]?.doubleValue ?? 0) }
    }

    /// Usage reports LiveKit emitted: realtime reports, or a pipeline's LLM requests.
    public var reportCount: Int {
        usageReports.count + metrics.filter { if case .llm = $0 { return true } else { return false } }.count
    }
}
