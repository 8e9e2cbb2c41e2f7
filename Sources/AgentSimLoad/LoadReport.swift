import AgentSimCore
import Foundation
import Histogram

/// The `--report FILE.json` of a load run, and `agentsim merge` of several.
///
/// Every count in a report is a sum over sessions, so shard reports add up to the whole run's; latency
/// histograms are kept (as recorded values) so merged percentiles are true percentiles, not averages.
public enum LoadReport {
    public static let kind = "agentsim-load-report"

    /// - Parameter plan: the plan's settings as the command line gave them (shard included).
    public static func json(_ o: LoadOutcome, plan: [(String, JSONValue)], faults: FaultSpec) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("kind", .string(kind)),
            ("plan", .object(plan)),
            ("shards", .array([plan.first { $0.0 == "shard" }?.1 ?? "0/1"])),
        ]
        pairs += counts(
            sessions: o.sessions, events: o.events, snapshots: o.snapshots, lines: o.linesSent, bytes: o.bytesSent,
            wall: o.wallSeconds)
        pairs += [
            ("sessions_in_flight_max", .int(o.sessionsInFlightMax)),
            ("max_rss_bytes", .int(o.maxResidentBytes)),
            ("sinks", .array(o.sinks.map(sinkJSON))),
            (
                "faults",
                .object([
                    ("spec", .string(faults.description)),
                    ("dropped", o.faults.dropped.json),
                    ("duplicated", o.faults.duplicated.json),
                    (
                        "reordered",
                        .object([
                            ("count", .int(o.faults.reordered)),
                            ("pairs", .array(o.faults.reorderedPairs.map { .array([.string($0.0), .string($0.1)]) })),
                        ])
                    ),
                    ("delayed", .object([("count", .int(o.faults.delayed))])),
                ])
            ),
            ("oracle", o.oracle.json),
            ("sent", o.sent.json),
        ]
        if let trap = o.snapshotSum { pairs.append(("snapshot_sum", trap)) }
        return .object(pairs)
    }

    static func counts(
        sessions: Int, events: Int, snapshots: Int, lines: Int, bytes: Int, wall: Double
    ) -> [(String, JSONValue)] {
        func rate(_ n: Int) -> JSONValue { .double(wall > 0 ? (Double(n) / wall * 10).rounded() / 10 : 0) }
        return [
            ("sessions", .int(sessions)), ("events", .int(events)), ("snapshots", .int(snapshots)),
            ("lines_sent", .int(lines)), ("bytes_sent", .int(bytes)), ("wall_seconds", .double(wall)),
            ("sessions_per_second", rate(sessions)), ("events_per_second", rate(events)),
            ("bytes_per_second", rate(bytes)),
        ]
    }

    static func sinkJSON(_ s: SinkStatistics) -> JSONValue {
        let h = s.latency
        func ms(_ us: UInt64) -> JSONValue { .double(Double(us) / 1000) }
        return .object([
            ("sink", .string(s.name)), ("lines", .int(s.lines)), ("bytes", .int(s.bytes)),
            ("requests", .int(s.requests)),
            ("retries", .int(s.retries)), ("in_flight_max", .int(s.inFlightMax)),
            (
                "latency_ms",
                .object([
                    ("p50", ms(h.valueAtPercentile(50))), ("p90", ms(h.valueAtPercentile(90))),
                    ("p99", ms(h.valueAtPercentile(99))), ("max", ms(h.totalCount > 0 ? h.max : 0)),
                ])
            ),
            ("latency_us", .array(h.recordedValues().map { .array([.int(Int($0.value)), .int(Int($0.count))]) })),
            ("resent", s.resent.json),
        ])
    }

    /// The effects `--verify` explains differences with: drops, duplicates, and the resends of the sinks whose
    /// URL shares the verify URL's scheme, host and port (all HTTP sinks when none does).
    public static func effects(_ report: JSONValue, verifyURL: String) -> FaultEffects {
        let faults = report["faults"]
        let sinks = (report["sinks"]?.arrayValue ?? []).filter { $0["sink"]?.stringValue?.hasPrefix("http") ?? false }
        let origin = Self.origin(verifyURL)
        let matching = sinks.filter { Self.origin($0["sink"]?.stringValue ?? "") == origin }
        let resent = mergeEffect((matching.isEmpty ? sinks : matching).map { $0["resent"] })
        return FaultEffects(
            dropped: FaultEffects.Effect(faults?["dropped"], what: "dropped by the fault injector and never sent"),
            duplicated: FaultEffects.Effect(
                faults?["duplicated"], what: "delivered twice (dup fault) and counted twice"),
            resent: FaultEffects.Effect(resent, what: "resent after a 5xx or connection error and counted again"))
    }

    static func origin(_ url: String) -> String {
        guard let u = URL(string: url) else { return url }
        return "\(u.scheme ?? "")://\(u.host ?? ""):\(u.port ?? 80)"
    }

    /// Why reports cannot be merged.
    public struct MergeError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Adds shard reports: counts and totals summed, ids concatenated, histograms added, the slowest shard's
    /// wall time. Refuses reports of different plans and the same shard twice.
    public static func merge(_ reports: [(file: String, json: JSONValue)]) throws(MergeError) -> JSONValue {
        guard let first = reports.first else { throw MergeError(description: "merge: give one or more report files") }
        var shards: [String] = []
        func planWithoutShard(_ r: JSONValue) -> JSONValue {
            guard case let .object(pairs) = r["plan"] ?? .null else { return .null }
            return .object(pairs.filter { $0.0 != "shard" })
        }
        for (file, r) in reports {
            guard r["kind"]?.stringValue == kind else {
                throw MergeError(
                    description:
                        "\(file): not a load report (expected \"kind\": \"\(kind)\", written by `agentsim load --report`)"
                )
            }
            guard planWithoutShard(r) == planWithoutShard(first.json) else {
                throw MergeError(
                    description:
                        "\(file): its plan differs from \(first.file)'s (\(planWithoutShard(r).compactString()) vs \(planWithoutShard(first.json).compactString())); only shards of one plan add up"
                )
            }
            for s in (r["shards"]?.arrayValue ?? []).compactMap(\.stringValue) {
                guard !shards.contains(s) else {
                    throw MergeError(
                        description: "\(file): shard \(s) is already in an earlier report; it would be counted twice")
                }
                shards.append(s)
            }
        }
        func sum(_ key: String) -> Int { reports.reduce(0) { $0 + ($1.json[key]?.intValue ?? 0) } }
        let wall = reports.map { $0.json["wall_seconds"]?.doubleValue ?? 0 }.max() ?? 0
        var pairs: [(String, JSONValue)] = [
            ("kind", .string(kind)), ("plan", planWithoutShard(first.json)),
            ("shards", .array(shards.map { .string($0) })),
        ]
        pairs += counts(
            sessions: sum("sessions"), events: sum("events"), snapshots: sum("snapshots"), lines: sum("lines_sent"),
            bytes: sum("bytes_sent"), wall: wall)
        pairs += [
            ("sessions_in_flight_max", .int(sum("sessions_in_flight_max"))),
            ("max_rss_bytes", .int(reports.map { $0.json["max_rss_bytes"]?.intValue ?? 0 }.max() ?? 0)),
            ("sinks", mergeSinks(reports.map(\.json))),
            ("faults", mergeFaults(reports.map(\.json))),
            (
                "oracle",
                reports.dropFirst().reduce(first.json["oracle"] ?? .object([])) {
                    TotalsJSON.add($0, $1.json["oracle"] ?? .object([]))
                }
            ),
            (
                "sent",
                reports.dropFirst().reduce(first.json["sent"] ?? .object([])) {
                    TotalsJSON.add($0, $1.json["sent"] ?? .object([]))
                }
            ),
        ]
        let traps = reports.compactMap { $0.json["snapshot_sum"] }
        if let head = traps.first { pairs.append(("snapshot_sum", traps.dropFirst().reduce(head, TotalsJSON.add))) }
        return .object(pairs)
    }

    /// Adds event sets (`EventSet.json` forms): counts summed, ids concatenated up to the limit, per entry too.
    static func mergeEffect(_ items: [JSONValue?]) -> JSONValue {
        var ids: [JSONValue] = []
        var count = 0
        var totals: JSONValue?
        var byEntry: [(String, Int, [JSONValue])] = []
        for item in items {
            guard let item else { continue }
            count += item["count"]?.intValue ?? 0
            ids += (item["ids"]?.arrayValue ?? []).prefix(Swift.max(0, FaultLog.idLimit - ids.count))
            if let t = item["totals"] { totals = totals.map { TotalsJSON.add($0, t) } ?? t }
            guard case let .object(entries) = item["by_entry"] ?? .null else { continue }
            for (key, entry) in entries {
                let more = entry["ids"]?.arrayValue ?? []
                if let i = byEntry.firstIndex(where: { $0.0 == key }) {
                    byEntry[i].1 += entry["count"]?.intValue ?? 0
                    byEntry[i].2 += more.prefix(Swift.max(0, FaultLog.idLimit - byEntry[i].2.count))
                } else {
                    byEntry.append((key, entry["count"]?.intValue ?? 0, more))
                }
            }
        }
        return .object([
            ("count", .int(count)), ("ids", .array(ids)), ("totals", totals ?? .object([])),
            ("by_entry", .object(byEntry.map { ($0.0, .object([("count", .int($0.1)), ("ids", .array($0.2))])) })),
        ])
    }

    static func mergeFaults(_ reports: [JSONValue]) -> JSONValue {
        let faults: [JSONValue?] = reports.map { $0["faults"] }
        var reordered = 0, delayed = 0
        var pairs: [JSONValue] = []
        for f in faults {
            reordered += f?["reordered"]?["count"]?.intValue ?? 0
            delayed += f?["delayed"]?["count"]?.intValue ?? 0
            pairs += (f?["reordered"]?["pairs"]?.arrayValue ?? []).prefix(Swift.max(0, FaultLog.idLimit - pairs.count))
        }
        let spec: JSONValue = faults.first.flatMap { $0?["spec"] } ?? "none"
        return .object([
            ("spec", spec),
            ("dropped", mergeEffect(faults.map { $0?["dropped"] })),
            ("duplicated", mergeEffect(faults.map { $0?["duplicated"] })),
            ("reordered", .object([("count", .int(reordered)), ("pairs", .array(pairs))])),
            ("delayed", .object([("count", .int(delayed))])),
        ])
    }

    static func mergeSinks(_ reports: [JSONValue]) -> JSONValue {
        var names: [String] = []
        for r in reports {
            for s in r["sinks"]?.arrayValue ?? [] {
                if let n = s["sink"]?.stringValue, !names.contains(n) { names.append(n) }
            }
        }
        return .array(
            names.map { name in
                let all = reports.compactMap { r in r["sinks"]?.arrayValue?.first { $0["sink"]?.stringValue == name } }
                var stats = SinkStatistics(name: name)
                for s in all {
                    stats.lines += s["lines"]?.intValue ?? 0
                    stats.bytes += s["bytes"]?.intValue ?? 0
                    stats.requests += s["requests"]?.intValue ?? 0
                    stats.retries += s["retries"]?.intValue ?? 0
                    stats.inFlightMax = Swift.max(stats.inFlightMax, s["in_flight_max"]?.intValue ?? 0)
                    for pair in s["latency_us"]?.arrayValue ?? [] {
                        guard let v = pair.arrayValue?.first?.intValue, let c = pair.arrayValue?.last?.intValue, v >= 0,
                            c > 0
                        else { continue }
                        _ = stats.latency.record(UInt64(v), count: UInt64(c))
                    }
                }
                guard case var .object(pairs) = sinkJSON(stats) else { return .null }
                if let i = pairs.firstIndex(where: { $0.0 == "resent" }) {
                    pairs[i].1 = mergeEffect(all.map { $0["resent"] })
                }
                return .object(pairs)
            })
    }
}
