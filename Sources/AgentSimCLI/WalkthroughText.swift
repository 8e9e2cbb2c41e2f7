import AgentSimAudio
import AgentSimCore

/// `agentsim explain`'s text: the example's payloads, the LiveKit events built from them, what each service billed
/// and the summary; for a plugin with a walk-through each figure with the rule that gives it and the rule's source,
/// for the others the plugin's own sentences on where LiveKit's figures part from the bill.
enum WalkthroughText {
    /// The width long JSON lines are wrapped to (the first line indented 4, the rest 6).
    static let width = 120

    /// Runs the example and writes the walk-through.
    /// - Throws: `ScenarioError` if the example does not run (a bug in the example, or a model the plugin refuses).
    static func make(_ example: ExplainExample) async throws -> String {
        let scenario = try ScenarioLoader.parse(example.yaml, file: "<\(example.subject) example>")
        let plugin = try scenario.session.plugin(from: AgentSim.plugins)
        let report = try await SessionReport.collect(SessionRun(scenario: scenario, plugin: plugin, clips: ClipCache()))
        let reference =
            example.plugin == nil ? "`agentsim providers pipeline`" : "`agentsim providers \(example.subject)`"
        var out = "\(example.subject), step by step: a small example, run live (\(reference) is the reference)\n\n"
        out += "The example scenario:\n"
        for line in example.yaml.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            out += "  \(line)\n"
        }
        out += "\nIt runs on \(report.model) for \(Figures.fixed(report.truth.sessionSeconds, decimals: 2)) s: "
        out +=
            "user speech \(Figures.fixed(report.truth.userSpeechSeconds, decimals: 2)) s, agent audio "
            + "\(Figures.fixed(report.truth.agentGeneratedSeconds, decimals: 2)) s generated, "
        out += "\(Figures.fixed(report.truth.agentPlayedSeconds, decimals: 2)) s heard.\n"
        if let role = example.role {
            let others = report.bills.filter { $0.role != role }.map { "\($0.role.rawValue) \($0.provider)" }
            out +=
                "Only the \(role.rawValue)'s messages are shown; the example's "
                + others.joined(separator: " and ") + " are there to make a pipeline (`agentsim explain pipeline` "
                + "shows every service).\n"
        }
        var step = 0
        // Messages that carry no usage and make no LiveKit event (text deltas, audio chunks) are counted, not shown.
        var quiet: [(type: String, count: Int)] = []
        func flushQuiet() {
            guard !quiet.isEmpty else { return }
            let total = quiet.reduce(0) { $0 + $1.count }
            out +=
                "\n(\(total) message\(total == 1 ? "" : "s") without usage, and no LiveKit event: "
                + quiet.map { $0.count == 1 ? $0.type : "\($0.type) × \($0.count)" }.joined(separator: ", ") + ")\n"
            quiet = []
        }
        for (index, output) in report.outputs.enumerated() {
            if let role = example.role, output.role != role { continue }
            if let payload = output.payload, output.metrics.isEmpty, output.usage?.hasUsage != true {
                if let last = quiet.indices.last, quiet[last].type == payload.type {
                    quiet[last].count += 1
                } else {
                    quiet.append((payload.type, 1))
                }
                continue
            }
            flushQuiet()
            step += 1
            let rules = example.walkthrough?.rules(report, output: index) ?? []
            out +=
                "\nStep \(step) (at \(Figures.fixed(output.time, decimals: 2)) "
                + "s\(output.turn.map { ", turn \($0)" } ?? "")): "
            if let payload = output.payload {
                let from = output.role.map { $0 == .realtime ? "" : " (\($0.rawValue))" } ?? ""
                out += "\(payload.type)\(from)\n  Native payload, as the API sends it:\n"
                out += wrapped(payload.json.compactString())
                out += ruleLines(rules.filter { $0.target == .payload })
            } else {
                out += "LiveKit's own event, no provider message\n"
            }
            if output.metrics.isEmpty {
                out += "  LiveKit event: none (LiveKit's plugin emits nothing for this message)\n"
            }
            for metric in output.metrics {
                out += "  LiveKit event, as LiveKit's plugin builds it:\n"
                out += wrapped(metric.json().compactString())
                out += ruleLines(rules.filter { $0.target == .event })
            }
        }
        flushQuiet()
        if !report.bills.isEmpty {
            out += "\nBilled (what each provider charged, whether LiveKit saw it or not):\n"
            for bill in report.bills where example.role == nil || bill.role == example.role {
                out += "  " + BillText.line(bill) + "\n"
            }
        }
        if example.walkthrough == nil {
            out += "\nWhere LiveKit's figures part from the \(report.bills.isEmpty ? "ground truth" : "bill"):\n"
            let sentences = example.role.map { report.serviceExplanations[$0] ?? [] } ?? report.explanations
            if sentences.isEmpty { out += "  - nowhere: it reports what its documented rates give.\n" }
            for sentence in sentences { out += wrapped(sentence, first: "  - ", rest: "    ") }
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

    /// A JSON line wrapped to ``width``: cut only after a comma outside strings, so the lines joined give the JSON
    /// back byte for byte. The first line is indented 4, the others 6.
    static func wrapped(_ json: String) -> String {
        var out = ""
        for (i, line) in JSONLines.split(json, width: width - 6).enumerated() {
            out += (i == 0 ? "    " : "      ") + line + "\n"
        }
        return out
    }

    /// A sentence wrapped at spaces to ``width``, after `first` on its first line and `rest` on the others.
    static func wrapped(_ sentence: String, first: String, rest: String) -> String {
        var out = "", line = first
        for word in sentence.split(separator: " ", omittingEmptySubsequences: false) {
            if line.count + 1 + word.count > width, line != first, line != rest {
                out += line + "\n"
                line = rest
            }
            line += (line == first || line == rest ? "" : " ") + word
        }
        return out + line + "\n"
    }
}

/// Splits compact JSON into lines of at most a given width, after commas outside strings (a line grows longer only
/// where a string or a run without commas does not fit).
enum JSONLines {
    static func split(_ json: String, width: Int) -> [String] {
        var lines: [String] = []
        var start = json.startIndex, index = json.startIndex
        var lastBreak: String.Index?, inString = false, escaped = false
        var count = 0
        while index < json.endIndex {
            // This character would make the line too long: end it at the last comma, if there is one.
            if count + 1 > width, let cut = lastBreak, cut > start {
                lines.append(String(json[start..<cut]))
                count = json.distance(from: cut, to: index)
                start = cut
                lastBreak = nil
            }
            let c = json[index]
            if inString {
                if escaped {
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == "\"" {
                    inString = false
                }
            } else if c == "\"" {
                inString = true
            }
            count += 1
            index = json.index(after: index)
            if !inString, c == "," { lastBreak = index }
        }
        if start < json.endIndex { lines.append(String(json[start...])) }
        return lines
    }
}
