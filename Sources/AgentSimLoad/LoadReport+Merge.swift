import AgentSimCore

extension LoadReport {
    /// Adds shard reports: counts and totals summed, ids concatenated, histograms added, the slowest shard's
    /// wall time. Refuses reports of different plans and the same shard twice.
    public static func merge(_ reports: [(file: String, report: LoadReport)]) throws(MergeError) -> LoadReport {
        guard let first = reports.first else { throw MergeError(description: "merge: give one or more report files") }
        var shards: [String] = []
        let plan = first.report.plan.withoutShard
        for (file, r) in reports {
            guard r.plan.withoutShard == plan else {
                throw MergeError(
                    description:
                        "\(file): its plan differs from \(first.file)'s (\(Self.json(r.plan.withoutShard)) vs "
                        + "\(Self.json(plan))); only shards of one plan add up")
            }
            for s in r.shards {
                guard !shards.contains(s) else {
                    throw MergeError(
                        description: "\(file): shard \(s) is already in an earlier report; it would be counted twice")
                }
                shards.append(s)
            }
        }
        let all = reports.map(\.report)
        func sum(_ figure: (LoadReport) -> Int) -> Int { all.reduce(0) { $0 + figure($1) } }
        var sinkNames: [String] = []
        for sink in all.flatMap(\.sinks) where !sinkNames.contains(sink.sink) { sinkNames.append(sink.sink) }
        let sinks = sinkNames.map { name in
            Sink.merge(all.compactMap { r in r.sinks.first { $0.sink == name } })
        }
        let snapshotSums = all.compactMap(\.snapshotSum)
        var merged = LoadReport(
            plan: plan, shards: shards, sessions: sum(\.sessions), events: sum(\.events),
            snapshots: sum(\.snapshots), linesSent: sum(\.linesSent), bytesSent: sum(\.bytesSent),
            wallSeconds: all.map(\.wallSeconds).max() ?? 0, sessionsInFlightMax: sum(\.sessionsInFlightMax),
            maxResidentBytes: all.map(\.maxResidentBytes).max() ?? 0, sinks: sinks,
            faults: Faults.merge(all.map(\.faults)),
            oracle: RawJSON(all.dropFirst().reduce(first.report.oracle.value) { TotalsJSON.add($0, $1.oracle.value) }),
            sent: RawJSON(all.dropFirst().reduce(first.report.sent.value) { TotalsJSON.add($0, $1.sent.value) }),
            snapshotSum: snapshotSums.first.map { head in
                RawJSON(snapshotSums.dropFirst().reduce(head.value) { TotalsJSON.add($0, $1.value) })
            })
        merged.computeRates()
        return merged
    }

    private init(
        plan: Plan, shards: [String], sessions: Int, events: Int, snapshots: Int, linesSent: Int, bytesSent: Int,
        wallSeconds: Double, sessionsInFlightMax: Int, maxResidentBytes: Int, sinks: [Sink], faults: Faults,
        oracle: RawJSON, sent: RawJSON, snapshotSum: RawJSON?
    ) {
        self.plan = plan
        self.shards = shards
        self.sessions = sessions
        self.events = events
        self.snapshots = snapshots
        self.linesSent = linesSent
        self.bytesSent = bytesSent
        self.wallSeconds = wallSeconds
        sessionsPerSecond = 0
        eventsPerSecond = 0
        bytesPerSecond = 0
        self.sessionsInFlightMax = sessionsInFlightMax
        self.maxResidentBytes = maxResidentBytes
        self.sinks = sinks
        self.faults = faults
        self.oracle = oracle
        self.sent = sent
        self.snapshotSum = snapshotSum
    }

    /// A plan as compact JSON, for the message that two plans differ.
    private static func json(_ plan: Plan) -> String {
        ((try? JSONValueEncoder().encode(plan)) ?? .null).compactString()
    }
}
