import AgentSimAudio
import AgentSimCore
import Foundation

/// Runs scenarios and sends every session's events to the bridges as one group each.
struct ScenarioCheck {
    var items: [CheckItem]
    var bridges: [CollectorBridge]

    func run() async throws -> CheckOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        let clips = ClipCache()
        // agentsim's side: each session's collector bundle, from its record.
        var own: [UsageTotals] = []
        var ownSeconds = 0.0
        // Sessions run concurrently in small batches (they share only the clip cache); their events
        // go to the bridges in scenario order.
        let width = max(2, ProcessInfo.processInfo.activeProcessorCount) * 2
        var start = 0
        while start < items.count {
            let batch = Array(items[start..<min(start + width, items.count)].enumerated())
            let reports = try await withThrowingTaskGroup(of: (Int, SessionReport).self) { group in
                for (offset, item) in batch {
                    group.addTask { (offset, try await Self.report(of: item, clips: clips)) }
                }
                var collected = [SessionReport?](repeating: nil, count: batch.count)
                for try await (offset, report) in group { collected[offset] = report }
                return collected.compactMap { $0 }
            }
            for (offset, report) in reports.enumerated() {
                var group = "{\"agentsim\":\"begin\",\"id\":\"\(start + offset)\"}\n"
                for m in report.metrics { group += m.json().compactString() + "\n" }
                group += "{\"agentsim\":\"end\"}\n"
                let item = items[start + offset]
                for bridge in bridges where item.skipReason(version: bridge.version) == nil {
                    try await bridge.send(group)
                }
                own.append(report.totals)
                ownSeconds += report.collectorSeconds
            }
            start += batch.count
        }
        for bridge in bridges { await bridge.finish() }
        var rows = zip(items, own).map {
            CheckOutcome.Row(label: $0.label, events: $1.events, yaml: $0.yaml, verdicts: [])
        }
        var throughput = [
            CheckOutcome.Throughput(
                collector: "agentsim", events: own.reduce(0) { $0 + $1.events }, seconds: ownSeconds)
        ]
        for bridge in bridges {
            var seconds = 0.0, events = 0
            for index in rows.indices {
                if let reason = items[index].skipReason(version: bridge.version) {
                    rows[index].verdicts.append(CheckOutcome.Verdict(bridge.version, [], skipped: reason))
                    continue
                }
                let result = try await bridge.nextResult()
                seconds += result["seconds"]?.doubleValue ?? 0
                events += result["events"]?.intValue ?? 0
                rows[index].verdicts.append(
                    CheckOutcome.Verdict(
                        bridge.version, own[index].mismatches(against: result, version: bridge.version)))
            }
            throughput.append(.init(collector: "livekit-agents \(bridge.version)", events: events, seconds: seconds))
        }
        return CheckOutcome(
            versions: bridges.map(\.version), rows: rows, throughput: throughput,
            wallSeconds: (clock.now - started).seconds)
    }

    /// Runs one item's session to its record.
    /// - Throws: ``BadInput`` with the scenario's YAML when a generated scenario fails; a file's `ScenarioError`.
    static func report(of item: CheckItem, clips: ClipCache) async throws -> SessionReport {
        do {
            return try await SessionReport.collect(
                SessionRun(scenario: item.scenario, plugin: item.plugin, clips: clips, organisation: item.organisation))
        } catch let error as ScenarioError where item.yaml != nil {
            throw BadInput("\(error)\ngenerated scenario:\n\(item.yaml ?? "")")
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
