import AgentSimCore

/// What a load run did, and what the collector must hold.
public struct LoadOutcome: Sendable {
    public var sessions: Int
    /// Metrics events the sessions produced (the oracle counts every one).
    public var events = 0
    /// `session_usage_updated` snapshots produced (`--session-usage-updates`).
    public var snapshots = 0
    /// Lines handed to the sinks: every line, less the dropped, plus the duplicates.
    public var linesSent = 0
    public var bytesSent = 0
    public var wallSeconds = 0.0
    /// Most sessions in flight at once on the session clock.
    public var sessionsInFlightMax = 0
    /// The totals of every metrics event produced: what a correct collector holds.
    public var oracle = Totals()
    /// The totals of what was sent (drops left out, duplicates twice): what a collector that does not
    /// de-duplicate holds.
    public var sent = Totals()
    public var faults = FaultLog()
    /// What a collector that sums the cumulative `session_usage_updated` snapshots reports.
    public var snapshotSum: JSONValue?
    public var sinks: [SinkStatistics] = []
    public var maxResidentBytes = 0

    public init(sessions: Int) { self.sessions = sessions }

    mutating func absorb(_ session: GeneratedSession) {
        sessions += 1
        var cumulative = ModelUsageCollector()
        var trapped = snapshotSum
        let hasSnapshots = session.lines.contains { $0.box == nil }  // else the cumulative totals go unread
        for line in session.lines {
            guard let m = line.metrics else {
                snapshots += 1
                // The snapshot after each event: the session's cumulative totals so far.
                let snapshot = JSONValue.object([("model_usage", .array(cumulative.flatten().map { $0.json() }))])
                trapped = trapped.map { TotalsJSON.add($0, snapshot) } ?? snapshot
                continue
            }
            events += 1
            oracle.collect(m)
            if hasSnapshots { cumulative.collect(m) }
        }
        snapshotSum = trapped
        for delivery in session.deliveries {
            if let m = delivery.line.metrics { sent.collect(m) }
        }
        faults.absorb(session.faults)
    }
}
