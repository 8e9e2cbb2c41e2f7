import AgentSimAudio
import AgentSimCore

/// `agentsim explain ID` for a plugin with a live example: the example's payloads, the LiveKit events built from
/// them and the summary, each figure with the rule that gives it and the rule's source.
enum WalkthroughText {
    /// Runs the plugin's example and writes the walk-through.
    /// - Throws: `ScenarioError` if the example does not run (a bug in the plugin's example).
    static func make(plugin: any ProviderPlugin, walkthrough: any ProviderWalkthrough) async throws -> String {
        let scenario = try ScenarioLoader.parse(walkthrough.exampleScenario, file: "<\(plugin.id) example>")
        let report = try await SessionReport.collect(SessionRun(scenario: scenario, plugin: plugin, clips: ClipCache()))
        var out =
            "\(plugin.id), step by step: a small example, run live (`agentsim providers \(plugin.id)` is the "
            + "reference)\n\n"
        out += "The example scenario:\n"
        for line in walkthrough.exampleScenario.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            out += "  \(line)\n"
        }
        out += "\nIt runs on \(report.model) for \(Figures.fixed(report.truth.sessionSeconds, decimals: 2)) s: "
        out +=
            "user speech \(Figures.fixed(report.truth.userSpeechSeconds, decimals: 2)) s, agent audio "
            + "\(Figures.fixed(report.truth.agentGeneratedSeconds, decimals: 2)) s generated, "
        out += "\(Figures.fixed(report.truth.agentPlayedSeconds, decimals: 2)) s heard.\n"
        var step = 0
        for (index, output) in report.outputs.enumerated() {
            step += 1
            let rules = walkthrough.rules(report, output: index)
            out +=
                "\nStep \(step) (at \(Figures.fixed(output.time, decimals: 2)) "
                + "s\(output.turn.map { ", turn \($0)" } ?? "")): "
            if let payload = output.payload {
                out += "\(payload.type)\n  Native payload, as the API sends it:\n    \(payload.json.compactString())\n"
                out += ruleLines(rules.filter { $0.target == .payload })
            } else {
                out += "LiveKit's own event, no provider message\n"
            }
            if output.metrics.isEmpty {
                out += "  LiveKit event: none (LiveKit's plugin emits nothing for this message)\n"
            }
            for metric in output.metrics {
                out += "  LiveKit event, as LiveKit's plugin builds it:\n    \(metric.json().compactString())\n"
                out += ruleLines(rules.filter { $0.target == .event })
            }
        }
        out +=
            "\nSummary: LiveKit's UsageCollector adds up every event's fields (a plain += per field; "
            + "livekit/agents/metrics/usage_collector.py):\n"
        out += "  livekit-agents 1.2.18: \(report.usageV1_2.summary.reprLine)\n"
        out += "  livekit-agents 1.8.9:  \(report.usage.summary.reprLine)\n"
        return out
    }

    private static func ruleLines(_ rules: [WalkthroughRule]) -> String {
        guard !rules.isEmpty else { return "" }
        return "  Rules:\n"
            + rules.map { "    - \($0.field) = \($0.derivation) = \($0.value)  [\($0.source)]\n" }.joined()
    }
}
