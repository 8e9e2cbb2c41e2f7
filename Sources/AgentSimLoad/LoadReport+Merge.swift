import AgentSimCore

extension LoadReport {
    /// Adds shard reports: counts and totals summed, ids concatenated, histograms added, the slowest shard's
    /// wall time. The reports must be shards of one plan split one way (`i/N` of one N) that cover it exactly once:
    /// every shard 0 to N − 1 present, none twice.
    /// - Throws: ``MergeError`` naming the report that differs, the shards missing or doubled, or the sum that
    ///   passes 2^63 − 1.
    public static func merge(_ reports: [(file: String, report: LoadReport)]) throws(MergeError) -> LoadReport {
        guard let first = reports.first else { throw MergeError(description: "merge: give one or more report files") }
        var shards: [String] = []
        /// The report (its position and file) holding each shard index.
        var holder: [Int: (report: Int, file: String)] = [:]
        let plan = first.report.plan.withoutShard
        guard let count = first.report.shards.first.flatMap(Shard.init(parsing:))?.count else {
            throw MergeError(description: "\(first.file): shards: expected one or more shards i/N")
        }
        for (position, (file, r)) in reports.enumerated() {
            guard r.plan.withoutShard == plan else {
                throw MergeError(
                    description:
                        "\(file): its plan differs from \(first.file)'s (\(Self.json(r.plan.withoutShard)) vs "
                        + "\(Self.json(plan))); only shards of one plan add up")
            }
            for s in r.shards {
                guard let shard = Shard(parsing: s), shard.count == count else {
                    throw MergeError(
                        description:
                            "\(file): shard \(s) splits the plan into other parts than \(first.file)'s shards of "
                            + "\(count); merge the reports of one --shard i/\(count) run")
                }
                if let earlier = holder[shard.index] {
                    throw MergeError(
                        description:
                            "\(file): shard \(s) is already in "
                            + "\(earlier.report == position ? "this report" : earlier.file); it would be counted twice")
                }
                holder[shard.index] = (position, file)
                shards.append(s)
            }
        }
        let missing = (0..<count).filter { holder[$0] == nil }
        guard missing.isEmpty else {
            let named = missing.prefix(10).map { "\($0)/\(count)" }.joined(separator: ", ")
            let more = missing.count > 10 ? " … and \(missing.count - 10) more" : ""
            throw MergeError(
                description:
                    "merge: shard\(missing.count == 1 ? "" : "s") \(named)\(more) "
                    + "of the \(plan.sessions)-session plan \(missing.count == 1 ? "is" : "are") missing; give the "
                    + "report of every shard 0/\(count) to \(count - 1)/\(count)")
        }
        do {
            return try merged(reports.map(\.report), plan: plan, shards: shards)
        } catch {
            throw MergeError(
                description:
                    "merge: the reports' \(error.field) add up past what a 64-bit count holds (2^63 − 1) or a float "
                    + "(1.8e308); expected a report's counts from a real run")
        }
    }

    /// `a + b`, refusing to pass `Int.max`.
    static func add(_ a: Int, _ b: Int, _ field: String) throws(TotalsJSON.Overflow) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        guard !overflow else { throw TotalsJSON.Overflow(field: field) }
        return sum
    }

    private static func merged(
        _ all: [LoadReport], plan: Plan, shards: [String]
    ) throws(TotalsJSON.Overflow)
        -> LoadReport
    {
        func sum(_ figure: (LoadReport) -> Int, _ field: String) throws(TotalsJSON.Overflow) -> Int {
            var total = 0
            for r in all { total = try add(total, figure(r), field) }
            return total
        }
        func totals(_ values: [JSONValue], _ field: String) throws(TotalsJSON.Overflow) -> JSONValue {
            var total = values[0]
            for value in values.dropFirst() {
                do { total = try TotalsJSON.checkedAdd(total, value) } catch {
                    throw TotalsJSON.Overflow(field: "\(field).\(error.field)")
                }
            }
            return total
        }
        var sinkNames: [String] = []
        var byName: [String: [Sink]] = [:]
        for sink in all.flatMap(\.sinks) {
            if byName[sink.sink] == nil { sinkNames.append(sink.sink) }
            // One entry per report: a report names each sink once.
            byName[sink.sink, default: []].append(sink)
        }
        var sinks: [Sink] = []
        for name in sinkNames { sinks.append(try Sink.merge(byName[name] ?? [])) }
        let snapshotSums = all.compactMap(\.snapshotSum).map(\.value)
        var merged = LoadReport(
            plan: plan, shards: shards, sessions: try sum(\.sessions, "sessions"), events: try sum(\.events, "events"),
            snapshots: try sum(\.snapshots, "snapshots"), linesSent: try sum(\.linesSent, "lines_sent"),
            bytesSent: try sum(\.bytesSent, "bytes_sent"), wallSeconds: all.map(\.wallSeconds).max() ?? 0,
            sessionsInFlightMax: try sum(\.sessionsInFlightMax, "sessions_in_flight_max"),
            maxResidentBytes: all.map(\.maxResidentBytes).max() ?? 0, sinks: sinks,
            faults: try Faults.merge(all.map(\.faults)),
            oracle: RawJSON(try totals(all.map(\.oracle.value), "oracle")),
            sent: RawJSON(try totals(all.map(\.sent.value), "sent")),
            snapshotSum: snapshotSums.isEmpty ? nil : RawJSON(try totals(snapshotSums, "snapshot_sum")))
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
