import AgentSimAudio
import AgentSimCore
import Foundation

/// What agentsim's own collectors make of one event stream, in the bridge's shapes.
struct OwnSummaries: Sendable {
    var v1_2 = UsageCollectorV1_2()
    var v1_8 = UsageCollector()
    var modelUsage = ModelUsageCollector()
    var events = 0

    mutating func collect(_ metrics: AgentMetrics) {
        v1_2.collect(metrics)
        v1_8.collect(metrics)
        modelUsage.collect(metrics)
        events += 1
    }

    /// Field-by-field differences from one bridge result (`version` picks the summary form).
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
        let summary = version == "1.2.18" ? v1_2.summary.json() : v1_8.summary.json()
        out += SummaryComparison.compare(summary, result["usage_summary"], path: "usage_summary")
        if result["model_usage"] != nil {
            out += SummaryComparison.compare(
                .array(modelUsage.flatten().map { $0.json() }), result["model_usage"], path: "model_usage")
        }
        return out
    }
}

/// The verdicts of one check run.
struct CheckOutcome: Sendable {
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
    var throughput: [(collector: String, events: Int, seconds: Double)]
    var wallSeconds: Double

    var allMatch: Bool { rows.allSatisfy { $0.verdicts.allSatisfy { $0.mismatches.isEmpty } } }

    var text: String {
        var out =
            "agentsim check: \(rows.count) scenario\(rows.count == 1 ? "" : "s") against livekit-agents \(versions.joined(separator: ", "))\n\n"
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
            "end to end: \(total) events in \(String(format: "%.1f", wallSeconds)) s (\(Self.rate(total, wallSeconds)) events/s, sessions, JSON and both bridges' start-up included)\n"
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
        out +=
            failed == 0
            ? "all \(checks) checks match\(skipped) (\(String(format: "%.1f", wallSeconds)) s)\n"
            : "\(failed) of \(checks) checks MISMATCH\(skipped) (\(String(format: "%.1f", wallSeconds)) s)\n"
        return out
    }

    var json: JSONValue {
        .object([
            ("versions", .array(versions.map { .string($0) })),
            ("all_match", .bool(allMatch)),
            (
                "scenarios",
                .array(
                    rows.map { row in
                        var pairs: [(String, JSONValue)] = [
                            ("scenario", .string(row.label)), ("events", .int(row.events)),
                        ]
                        pairs.append(
                            (
                                "results",
                                .object(
                                    row.verdicts.map { v in
                                        (
                                            v.version,
                                            .object(
                                                [
                                                    (
                                                        "verdict",
                                                        .string(
                                                            v.skipped != nil
                                                                ? "skipped"
                                                                : v.mismatches.isEmpty ? "match" : "mismatch")
                                                    ),
                                                    ("mismatches", .array(v.mismatches.map(\.json))),
                                                ] + (v.skipped.map { [("reason", JSONValue.string($0))] } ?? []))
                                        )
                                    })
                            ))
                        if let yaml = row.yaml, row.verdicts.contains(where: { !$0.mismatches.isEmpty }) {
                            pairs.append(("yaml", .string(yaml)))
                        }
                        return .object(pairs)
                    })
            ),
            (
                "throughput",
                .array(
                    throughput.map { t in
                        .object([
                            ("collector", .string(t.collector)), ("events", .int(t.events)),
                            ("seconds", .double(t.seconds)),
                            ("events_per_second", .double(t.seconds > 0 ? Double(t.events) / t.seconds : 0)),
                        ])
                    })
            ),
            ("wall_seconds", .double(wallSeconds)),
        ])
    }

    static func rate(_ events: Int, _ seconds: Double) -> String {
        guard seconds > 0 else { return "—" }
        let value = Int((Double(events) / seconds).rounded())
        return value.formatted(.number.grouping(.automatic))
    }
}

/// Runs scenarios and sends every session's events to the bridges as one group each.
struct ScenarioCheck {
    var items: [CheckItem]
    var bridges: [CollectorBridge]

    func run() async throws -> CheckOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        let clips = ClipCache()
        var own: [OwnSummaries] = []
        var ownSeconds = 0.0
        // Sessions run concurrently in small batches (they share only the clip cache); their events
        // go to the bridges in scenario order.
        let width = max(2, ProcessInfo.processInfo.activeProcessorCount) * 2
        var start = 0
        while start < items.count {
            let batch = Array(items[start..<min(start + width, items.count)].enumerated())
            let metricsByIndex = try await withThrowingTaskGroup(of: (Int, [AgentMetrics]).self) { group in
                for (offset, item) in batch {
                    group.addTask { (offset, try await Self.metrics(of: item, clips: clips)) }
                }
                var collected = [[AgentMetrics]](repeating: [], count: batch.count)
                for try await (offset, metrics) in group { collected[offset] = metrics }
                return collected
            }
            for (offset, metrics) in metricsByIndex.enumerated() {
                var group = "{\"agentsim\":\"begin\",\"id\":\"\(start + offset)\"}\n"
                for m in metrics { group += m.json().compactString() + "\n" }
                group += "{\"agentsim\":\"end\"}\n"
                let item = items[start + offset]
                for bridge in bridges where try Self.skipReason(item, version: bridge.version) == nil {
                    try bridge.send(group)
                }
                var summaries = OwnSummaries()
                let t0 = clock.now
                for m in metrics { summaries.collect(m) }
                ownSeconds += (clock.now - t0).seconds
                own.append(summaries)
            }
            start += batch.count
        }
        for bridge in bridges { bridge.finish() }
        var rows = zip(items, own).map {
            CheckOutcome.Row(label: $0.label, events: $1.events, yaml: $0.yaml, verdicts: [])
        }
        var throughput = [(collector: "agentsim", events: own.reduce(0) { $0 + $1.events }, seconds: ownSeconds)]
        for bridge in bridges {
            var seconds = 0.0, events = 0
            for index in rows.indices {
                if let reason = try Self.skipReason(items[index], version: bridge.version) {
                    rows[index].verdicts.append(CheckOutcome.Verdict(bridge.version, [], skipped: reason))
                    continue
                }
                let result = try bridge.nextResult()
                seconds += result["seconds"]?.doubleValue ?? 0
                events += result["events"]?.intValue ?? 0
                rows[index].verdicts.append(
                    CheckOutcome.Verdict(
                        bridge.version, own[index].mismatches(against: result, version: bridge.version)))
            }
            bridge.waitUntilExit()
            throughput.append((collector: "livekit-agents \(bridge.version)", events: events, seconds: seconds))
        }
        return CheckOutcome(
            versions: bridges.map(\.version), rows: rows, throughput: throughput,
            wallSeconds: (clock.now - started).seconds)
    }
}

extension ScenarioCheck {
    /// Why `item` is not checked against livekit-agents `version` (its provider's LiveKit plugin is newer), or nil.
    static func skipReason(_ item: CheckItem, version: String) throws -> String? {
        let plugin = try item.scenario.session.plugin(from: AgentSim.plugins)
        guard let required = plugin.requiredLiveKitVersion, Self.version(version, isOlderThan: required) else {
            return nil
        }
        return "\(plugin.documentation.title) needs livekit-agents \(required)"
    }

    /// Dotted versions compared number by number (`1.2.18` is older than `1.8.9`).
    static func version(_ a: String, isOlderThan b: String) -> Bool {
        let x = a.split(separator: ".").map { Int($0) ?? 0 }, y = b.split(separator: ".").map { Int($0) ?? 0 }
        for i in 0..<max(x.count, y.count) {
            let p = i < x.count ? x[i] : 0, q = i < y.count ? y[i] : 0
            if p != q { return p < q }
        }
        return false
    }

    /// Runs one item's session and returns its metrics events.
    static func metrics(of item: CheckItem, clips: ClipCache) async throws -> [AgentMetrics] {
        let plugin = try item.scenario.session.plugin(from: AgentSim.plugins)
        do {
            return try await SessionReport.collect(
                SessionRun(scenario: item.scenario, plugin: plugin, clips: clips, organisation: item.organisation)
            ).metrics
        } catch let error as ScenarioError where item.yaml != nil {
            throw CommandFailure(message: "\(error)\ngenerated scenario:\n\(item.yaml ?? "")", status: 2)
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
