import AgentSimCore
import AgentSimViews

/// The side-by-side view of one conversation on several providers.
struct Comparison {
    var file: String
    var columns: [ComparisonColumn]

    /// (label, value per column) rows of ground truth, then of reported fields.
    private var truthRows: [(String, [String])] {
        [
            ("user speech s", columns.map { ReportText.seconds($0.report.truth.userSpeechSeconds) }),
            ("user silence s", columns.map { ReportText.seconds($0.report.truth.userSilenceSeconds) }),
            ("agent audio s (generated)", columns.map { ReportText.seconds($0.report.truth.agentGeneratedSeconds) }),
            ("agent audio s (played)", columns.map { ReportText.seconds($0.report.truth.agentPlayedSeconds) }),
            ("session s", columns.map { ReportText.seconds($0.report.truth.sessionSeconds) }),
            (
                "documented rates in/out per s",
                columns.map {
                    let rates = $0.report.truth.rates
                    return "\(Figures.number(rates.inputPerSecond))/\(Figures.number(rates.outputPerSecond))"
                }
            ),
            ("input audio tokens, one pass", columns.map { String($0.report.truth.documentedInputAudioTokens) }),
            ("output audio tokens", columns.map { String($0.report.truth.documentedOutputAudioTokens) }),
        ]
    }

    /// What each pipeline service billed; empty cells for realtime columns (their truth is the rows above).
    private var billRows: [(String, [String])] {
        guard columns.contains(where: { !$0.report.bills.isEmpty }) else { return [] }
        func cell(_ c: ComparisonColumn, _ role: ServiceRole, _ value: (ServiceBill) -> String) -> String {
            c.report.bills.first { $0.role == role }.map(value) ?? ""
        }
        let s = ReportText.seconds
        return [
            ("stt billed audio s", columns.map { cell($0, .stt) { s($0.audioSeconds) } }),
            ("llm billed input tokens", columns.map { cell($0, .llm) { String($0.inputTokens) } }),
            ("llm billed cached input", columns.map { cell($0, .llm) { String($0.cachedInputTokens) } }),
            ("llm billed output tokens", columns.map { cell($0, .llm) { String($0.outputTokens) } }),
            ("llm billed reasoning", columns.map { cell($0, .llm) { String($0.reasoningTokens) } }),
            ("tts billed characters", columns.map { cell($0, .tts) { String($0.characters) } }),
            ("tts billed audio s", columns.map { cell($0, .tts) { s($0.audioSeconds) } }),
        ]
    }

    private var reportedRows: [(String, [String])] {
        let fields: [(String, (UsageSummaryV1_2) -> String)] = [
            ("llm_prompt_tokens", { String($0.llmPromptTokens) }),
            ("llm_prompt_cached_tokens", { String($0.llmPromptCachedTokens) }),
            ("llm_input_audio_tokens", { String($0.llmInputAudioTokens) }),
            ("llm_completion_tokens", { String($0.llmCompletionTokens) }),
            ("llm_output_audio_tokens", { String($0.llmOutputAudioTokens) }),
            ("stt_audio_duration", { JSONValue.format($0.sttAudioDuration) }),
            ("tts_characters_count", { String($0.ttsCharactersCount) }),
            ("tts_audio_duration", { JSONValue.format($0.ttsAudioDuration) }),
        ]
        var rows = fields.map { name, value in (name, columns.map { value($0.report.usageV1_2.summary) }) }
        // Realtime usage reports, or a pipeline's LLM requests that LiveKit reported.
        rows.append(("usage reports", columns.map { String($0.report.reportCount) }))
        return rows
    }

    /// Session seconds, for providers billed by them: LiveKit's summed deltas beside the summed native snapshots.
    private var sessionSecondsRows: [(String, [String])] {
        guard columns.contains(where: { $0.report.sessionDuration > 0 || $0.report.summedSnapshotSeconds > 0 }) else {
            return []
        }
        return [
            ("session_duration s (LiveKit)", columns.map { ReportText.seconds($0.report.sessionDuration) }),
            ("usage.seconds snapshots summed", columns.map { ReportText.seconds($0.report.summedSnapshotSeconds) }),
        ]
    }

    var text: String {
        let name = columns.first?.report.scenario.name ?? file
        var out = "\(name): one conversation on \(columns.count) provider\(columns.count == 1 ? "" : "s")\n\n"
        let header = [""] + columns.map(\.report.providerID)
        let models = [""] + columns.map(\.report.model)
        var rows: [[String]] = [models, ["ground truth"] + columns.map { _ in "" }]
        rows += truthRows.map { ["  " + $0.0] + $0.1 }
        rows += billRows.map { ["  " + $0.0] + $0.1 }
        rows.append(["reported (LiveKit 1.2.18 UsageSummary)"] + columns.map { _ in "" })
        rows += reportedRows.map { ["  " + $0.0] + $0.1 }
        let seconds = sessionSecondsRows
        if !seconds.isEmpty {
            rows.append(["session seconds (LiveKit 1.8.9 ModelUsage; native snapshots)"] + columns.map { _ in "" })
            rows += seconds.map { ["  " + $0.0] + $0.1 }
        }
        rows.append(["cost at list price (LiveKit 1.8.9 ModelUsage)"] + columns.map { _ in "" })
        rows.append(["  US dollars"] + columns.map(\.costCell))
        out += Table.render(header: header, rows: rows, leftAligned: [0])
        out += Self.priceNote(columns.map(\.cost))
        out += "\nWhere the figures come from:\n"
        for column in columns {
            out += "\n\(column.report.providerID) \(column.report.model):\n"
            if column.explanations.isEmpty { out += "- reports what its documented rates give.\n" }
            for sentence in column.explanations { out += "- \(sentence)\n" }
        }
        return out
    }

    /// Under the table: what is unpriced and where the prices come from.
    static func priceNote(_ costs: [ViewCost]) -> String {
        var unpriced: [String] = []
        for name in costs.flatMap(\.unpriced) where !unpriced.contains(name) { unpriced.append(name) }
        var out = ""
        if !unpriced.isEmpty {
            out += "unpriced (no first-hand price in agentsim's table): \(unpriced.joined(separator: ", "))\n"
        }
        return out + "prices: " + PriceTable.sourcesLine + "\n"
    }

    /// The `--format json` form, in the order of the coding keys.
    var json: JSONValue { (try? JSONValueEncoder().encode(self)) ?? .null }
}
