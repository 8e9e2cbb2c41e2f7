import AgentSimCore
import Foundation

/// The verdicts of one check run.
struct CheckOutcome: Sendable {
    /// How fast one side's collectors summed the events.
    struct Throughput: Sendable, Encodable {
        var collector: String
        var events: Int
        var seconds: Double

        enum CodingKeys: String, CodingKey {
            case collector, events, seconds, eventsPerSecond = "events_per_second"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(collector, forKey: .collector)
            try container.encode(events, forKey: .events)
            try container.encode(seconds, forKey: .seconds)
            try container.encode(seconds > 0 ? Double(events) / seconds : 0, forKey: .eventsPerSecond)
        }
    }

    struct Row: Sendable {
        var label: String
        var events: Int
        var yaml: String?
        /// Per version, in the order checked: the mismatches (empty = match), or why the version was skipped.
        var verdicts: [Verdict]
    }

    /// One scenario against one livekit-agents version.
    struct Verdict: Sendable {
        var version: String
        var mismatches: [Mismatch]
        /// Why this version was not checked (its LiveKit has no plugin for the provider); nil when checked.
        var skipped: String?

        init(_ version: String, _ mismatches: [Mismatch], skipped: String? = nil) {
            self.version = version
            self.mismatches = mismatches
            self.skipped = skipped
        }

        var cell: String { skipped != nil ? "skipped" : mismatches.isEmpty ? "match" : "MISMATCH" }
    }

    var versions: [String]
    var rows: [Row]
    /// Events per second through agentsim's collectors and through each bridge's.
    var throughput: [Throughput]
    var wallSeconds: Double

    var allMatch: Bool { rows.allSatisfy { $0.verdicts.allSatisfy { $0.mismatches.isEmpty } } }

    var text: String {
        var out =
            "agentsim check: \(rows.count) scenario\(rows.count == 1 ? "" : "s") against livekit-agents "
            + "\(versions.joined(separator: ", "))\n\n"
        let shown = rows.count > 60 && allMatch ? [] : rows
        if !shown.isEmpty {
            out += Table.render(
                header: ["scenario", "events"] + versions,
                rows: shown.map { row in [row.label, String(row.events)] + row.verdicts.map(\.cell) },
                leftAligned: Set([0] + versions.indices.map { $0 + 2 }))
            for row in shown {
                for verdict in row.verdicts {
                    if let reason = verdict.skipped { out += "\(row.label): \(verdict.version): skipped, \(reason)\n" }
                }
            }
        } else {
            out += "(\(rows.count) scenarios, \(rows.reduce(0) { $0 + $1.events }) events; every row matches)\n"
        }
        for row in rows {
            for verdict in row.verdicts where !verdict.mismatches.isEmpty {
                out += "\n\(row.label) × livekit-agents \(verdict.version):\n"
                for m in verdict.mismatches.prefix(20) {
                    out += "  \(m.field): agentsim \(m.agentsim), LiveKit \(m.livekit)\n"
                }
                if verdict.mismatches.count > 20 { out += "  … and \(verdict.mismatches.count - 20) more\n" }
            }
            if let yaml = row.yaml, row.verdicts.contains(where: { !$0.mismatches.isEmpty }) {
                out += "generated scenario (save it and run `agentsim check FILE` to replay):\n" + yaml
            }
        }
        out +=
            "\nthroughput: "
            + throughput.map { t in
                "\(t.collector) \(Self.rate(t.events, t.seconds)) events/s"
            }.joined(separator: " · ") + " (\(throughput.first?.events ?? 0) events, collectors only)\n"
        let total = rows.reduce(0) { $0 + $1.events }
        out +=
            "end to end: \(total) events in \(String(format: "%.1f", wallSeconds)) s (\(Self.rate(total, wallSeconds)) "
            + "events/s, sessions, JSON and both bridges' start-up included)\n"
        let skips = rows.flatMap(\.verdicts).compactMap { v in v.skipped.map { "\(v.version): skipped, \($0)" } }
        let checks = rows.count * versions.count - skips.count
        let failed = rows.reduce(0) { $0 + $1.verdicts.filter { !$0.mismatches.isEmpty }.count }
        // Skips are counted per reason, in first-seen order.
        var reasons: [(String, Int)] = []
        for skip in skips {
            if let i = reasons.firstIndex(where: { $0.0 == skip }) {
                reasons[i].1 += 1
            } else {
                reasons.append((skip, 1))
            }
        }
        let skipped = reasons.isEmpty ? "" : "; " + reasons.map { "\($0.1) × \($0.0)" }.joined(separator: "; ")
        let took = " (\(String(format: "%.1f", wallSeconds)) s)\n"
        out +=
            failed == 0
            ? "\(checks == 1 ? "the 1 check matches" : "all \(checks) checks match")\(skipped)\(took)"
            : "\(failed) of \(checks) check\(checks == 1 ? "" : "s") MISMATCH\(skipped)\(took)"
        return out
    }

    /// The `--format json` form, in the order of the coding keys.
    var json: JSONValue { (try? JSONValueEncoder().encode(self)) ?? .null }

    static func rate(_ events: Int, _ seconds: Double) -> String {
        guard seconds > 0 else { return "—" }
        let value = Int((Double(events) / seconds).rounded())
        return value.formatted(.number.grouping(.automatic))
    }
}
