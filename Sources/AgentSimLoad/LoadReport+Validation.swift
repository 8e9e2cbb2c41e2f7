import AgentSimCore
import Foundation

extension LoadReport {
    /// Largest report file `merge` reads (a report of 100,000,000 sessions with every fault id listed is a few MB).
    public static let maxFileBytes = 64 << 20

    /// Largest wall time a report may give: 10^9 s, about 31 years.
    public static let maxWallSeconds = 1e9

    /// Reads the report in `file`: a regular file of at most ``maxFileBytes``, JSON, a load report every field of
    /// which has its type and range (``validate(file:)``).
    /// - Throws: ``MergeError`` naming the file, and the field that does not fit.
    public static func read(file: String) throws(MergeError) -> LoadReport {
        switch RegularFile.size(at: file) {
        case let .failure(problem):
            throw MergeError(description: "\(file): cannot read the report: \(problem.text)")
        case let .success(size) where size > maxFileBytes:
            throw MergeError(
                description:
                    "\(file): the report is \(size) bytes, more than \(maxFileBytes) (64 MiB); expected a file written "
                    + "by `agentsim load --report`")
        case .success:
            break
        }
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw MergeError(description: "\(file): cannot read the report: \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.read(upToCount: maxFileBytes + 1) ?? Data() } catch {
            throw MergeError(description: "\(file): cannot read the report: \(error.localizedDescription)")
        }
        guard data.count <= maxFileBytes else {
            throw MergeError(description: "\(file): the report grew past \(maxFileBytes) bytes (64 MiB) while read")
        }
        return try parse(file: file, bytes: data)
    }

    /// Reads a report from its bytes (``read(file:)`` after the file is read; the fuzz target).
    /// - Throws: ``MergeError`` naming `file` and what does not fit.
    public static func parse(file: String, bytes: some Collection<UInt8>) throws(MergeError) -> LoadReport {
        let json: JSONValue
        do { json = try JSONValue.parse(bytes: bytes) } catch {
            throw MergeError(description: "\(file):\(error.description): the report is not JSON")
        }
        return try LoadReport(file: file, json: json)
    }

    /// Checks every number and string the report gives against what a run can write: counts are whole and at
    /// least 0, the shards are `i/N` of one N and hold the plan's share of sessions, times are finite and bounded,
    /// totals are LiveKit's shape with non-negative figures, id lists no longer than their counts.
    /// - Throws: ``MergeError`` `FILE: FIELD: expected …, got …`.
    func validate(file: String) throws(MergeError) {
        func fail(_ field: String, _ problem: String) -> MergeError {
            MergeError(description: "\(file): \(field): \(problem)")
        }
        func count(_ value: Int, _ field: String, at most: Int = .max) throws(MergeError) {
            guard value >= 0, value <= most else {
                throw fail(field, "expected a whole number from 0 to \(most), got \(value)")
            }
        }
        func finite(_ value: Double, _ field: String, at most: Double) throws(MergeError) {
            guard value.isFinite, value >= 0, value <= most else {
                throw fail(field, "expected a number from 0 to \(Figures.number(most)), got \(JSONValue.format(value))")
            }
        }
        // The plan.
        guard (1...100_000_000).contains(plan.sessions) else {
            throw fail("plan.sessions", "expected a whole number from 1 to 100000000, got \(plan.sessions)")
        }
        guard plan.seed >= 0 else {
            throw fail("plan.seed", "expected a whole number from 0 to \(Int.max) (2^63 − 1), got \(plan.seed)")
        }
        guard ["id", "none"].contains(plan.envelope) else {
            throw fail("plan.envelope", "expected \"id\" or \"none\", got \"\(plan.envelope)\"")
        }
        if let shard = plan.shard {
            guard Shard(parsing: shard) != nil else {
                throw fail("plan.shard", "expected i/N with 0 ≤ i < N ≤ 1000000, got \"\(shard)\"")
            }
            guard shards == [shard] else {
                throw fail("shards", "expected [\"\(shard)\"], the plan's shard, got \(Self.list(shards))")
            }
        }
        // The shards, and the sessions they hold.
        guard !shards.isEmpty else { throw fail("shards", "expected one or more shards i/N, got []") }
        var expectedSessions = 0
        var seen = Set<Int>()
        for (n, text) in shards.enumerated() {
            guard let shard = Shard(parsing: text) else {
                throw fail("shards[\(n)]", "expected i/N with 0 ≤ i < N ≤ 1000000, got \"\(text)\"")
            }
            guard let first = Shard(parsing: shards[0]), shard.count == first.count else {
                throw fail(
                    "shards[\(n)]",
                    "expected a shard of \(shards[0].split(separator: "/").last ?? ""), got "
                        + "\"\(text)\" (one report's shards split the plan the same way)")
            }
            guard seen.insert(shard.index).inserted else { throw fail("shards[\(n)]", "\"\(text)\" is listed twice") }
            expectedSessions += Self.sessions(of: shard, plan: plan.sessions)
        }
        guard sessions == expectedSessions else {
            throw fail(
                "sessions",
                "expected \(expectedSessions), the sessions shard\(shards.count == 1 ? "" : "s") "
                    + "\(shards.joined(separator: ", ")) of a \(plan.sessions)-session plan hold, got \(sessions)")
        }
        // Counts and times.
        try count(events, "events")
        try count(snapshots, "snapshots")
        try count(linesSent, "lines_sent")
        try count(bytesSent, "bytes_sent")
        try count(sessionsInFlightMax, "sessions_in_flight_max", at: sessions)
        try count(maxResidentBytes, "max_rss_bytes")
        try finite(wallSeconds, "wall_seconds", at: Self.maxWallSeconds)
        try finite(sessionsPerSecond, "sessions_per_second", at: .greatestFiniteMagnitude)
        try finite(eventsPerSecond, "events_per_second", at: .greatestFiniteMagnitude)
        try finite(bytesPerSecond, "bytes_per_second", at: .greatestFiniteMagnitude)
        // Sinks.
        var names = Set<String>()
        for (n, sink) in sinks.enumerated() {
            let at = "sinks[\(n)]"
            guard names.insert(sink.sink).inserted else { throw fail("\(at).sink", "\"\(sink.sink)\" is listed twice") }
            try count(sink.lines, "\(at).lines")
            try count(sink.bytes, "\(at).bytes")
            try count(sink.requests, "\(at).requests")
            try count(sink.retries, "\(at).retries")
            try count(sink.inFlightMax, "\(at).in_flight_max")
            let l = sink.latencyMilliseconds
            for (name, value) in [("p50", l.p50), ("p90", l.p90), ("p99", l.p99), ("max", l.max)] {
                try finite(value, "\(at).latency_ms.\(name)", at: 7_200_000)
            }
            var recorded = 0
            for (k, pair) in sink.latencyMicroseconds.enumerated() {
                guard pair.count == 2, (0...7_200_000_000).contains(pair[0]), pair[1] >= 1 else {
                    throw fail(
                        "\(at).latency_us[\(k)]",
                        "expected [microseconds from 0 to 7200000000, a count of at least 1], got "
                            + Self.list(pair.map(String.init)))
                }
                let (sum, overflow) = recorded.addingReportingOverflow(pair[1])
                guard !overflow, sum <= sink.lines else {
                    throw fail("\(at).latency_us", "the latencies count more lines than the sink's \(sink.lines)")
                }
                recorded = sum
            }
            try sink.resent.validate(file: file, at: "\(at).resent")
        }
        // Faults.
        try faults.dropped.validate(file: file, at: "faults.dropped")
        try faults.duplicated.validate(file: file, at: "faults.duplicated")
        try count(faults.reordered.count, "faults.reordered.count")
        guard faults.reordered.pairs.count <= min(faults.reordered.count, FaultLog.idLimit),
            faults.reordered.pairs.allSatisfy({ $0.count == 2 })
        else {
            throw fail(
                "faults.reordered.pairs",
                "expected at most \(min(faults.reordered.count, FaultLog.idLimit)) pairs of event ids, got "
                    + "\(faults.reordered.pairs.count)")
        }
        try count(faults.delayed.count, "faults.delayed.count")
        // Totals.
        try Self.validateTotals(oracle.value, file: file, at: "oracle", complete: true)
        try Self.validateTotals(sent.value, file: file, at: "sent", complete: true)
        if let snapshotSum {
            try Self.validateTotals(snapshotSum.value, file: file, at: "snapshot_sum", complete: false)
        }
        guard oracle["events"]?.intValue == events else {
            throw fail(
                "oracle.events",
                "expected \(events), the report's events, got \(oracle["events"]?.compactString() ?? "none")")
        }
    }

    /// How many sessions `shard` of a plan of `sessions` runs: indices i, i+N, … below `sessions`.
    static func sessions(of shard: Shard, plan sessions: Int) -> Int {
        sessions > shard.index ? (sessions - shard.index + shard.count - 1) / shard.count : 0
    }

    /// `["a", "b"]`, at most 10 items.
    static func list(_ items: [String]) -> String {
        "[" + items.prefix(10).map { "\"\($0)\"" }.joined(separator: ", ") + (items.count > 10 ? ", …" : "") + "]"
    }

    /// Checks totals in ``UsageTotals/json``'s form: `events` a count, `model_usage` a list of entries with string
    /// `type`, `provider` and `model` and non-negative numbers, the `usage_summary` forms objects of non-negative
    /// numbers. `complete`: every one of the four keys is there (an oracle); else any of them, or `{}`.
    static func validateTotals(_ totals: JSONValue, file: String, at field: String, complete: Bool) throws(MergeError) {
        func fail(_ path: String, _ problem: String) -> MergeError {
            MergeError(description: "\(file): \(path): \(problem)")
        }
        func figure(_ value: JSONValue, _ path: String) throws(MergeError) {
            switch value {
            case let .int(i) where i >= 0: return
            case let .double(d) where d.isFinite && d >= 0: return
            default: throw fail(path, "expected a number of at least 0, got \(value.compactString().prefix(80))")
            }
        }
        guard case let .object(pairs) = totals else {
            throw fail(field, "expected an object of totals, got \(totals.compactString().prefix(80))")
        }
        let keys = ["events", "model_usage", "usage_summary", "usage_summary_v1_2"]
        if complete {
            for key in keys where totals[key] == nil { throw fail(field, "no \"\(key)\"") }
        }
        for (key, value) in pairs {
            let path = "\(field).\(key)"
            switch key {
            case "events":
                guard case let .int(i) = value, i >= 0 else {
                    throw fail(path, "expected a whole number of at least 0, got \(value.compactString().prefix(80))")
                }
            case "model_usage":
                guard let entries = value.arrayValue else { throw fail(path, "expected a list of entries") }
                for (n, entry) in entries.enumerated() {
                    guard case let .object(fields) = entry else {
                        throw fail("\(path)[\(n)]", "expected an object")
                    }
                    for name in ["type", "provider", "model"] where entry[name]?.stringValue == nil {
                        throw fail("\(path)[\(n)]", "no string \"\(name)\"")
                    }
                    for (name, figureValue) in fields where !["type", "provider", "model"].contains(name) {
                        try figure(figureValue, "\(path)[\(n)].\(name)")
                    }
                }
            case "usage_summary", "usage_summary_v1_2":
                guard case let .object(fields) = value else { throw fail(path, "expected an object of numbers") }
                for (name, figureValue) in fields { try figure(figureValue, "\(path).\(name)") }
            default:
                throw fail(path, "unexpected; totals hold \(keys.joined(separator: ", "))")
            }
        }
    }
}

extension LoadReport.Effect {
    /// Counts at least 0, id lists no longer than their counts (and ``FaultLog/idLimit``), totals of LiveKit's shape.
    func validate(file: String, at field: String) throws(LoadReport.MergeError) {
        func fail(_ path: String, _ problem: String) -> LoadReport.MergeError {
            LoadReport.MergeError(description: "\(file): \(path): \(problem)")
        }
        guard count >= 0 else { throw fail("\(field).count", "expected a whole number of at least 0, got \(count)") }
        guard ids.count <= min(count, FaultLog.idLimit) else {
            throw fail("\(field).ids", "expected at most \(min(count, FaultLog.idLimit)) ids, got \(ids.count)")
        }
        try LoadReport.validateTotals(totals.value, file: file, at: "\(field).totals", complete: false)
        for entry in byEntry {
            let at = "\(field).by_entry[\(entry.key)]"
            guard entry.count >= 0, entry.count <= count else {
                throw fail("\(at).count", "expected a whole number from 0 to \(count), got \(entry.count)")
            }
            guard entry.ids.count <= min(entry.count, FaultLog.idLimit) else {
                throw fail(
                    "\(at).ids", "expected at most \(min(entry.count, FaultLog.idLimit)) ids, got \(entry.ids.count)")
            }
        }
    }
}
