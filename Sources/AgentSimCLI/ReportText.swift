import AgentSimCore

/// The `text` format of `agentsim run`.
enum ReportText {
    static func make(_ report: SessionReport) -> String {
        var out = ""
        let s = report.scenario
        out += "\(s.name) — \(report.providerID) \(report.model), seed \(s.seed), \(seconds(report.truth.sessionSeconds)) s\n\n"
        let header = ["turn", "speaker", "audio s", "played s", "context", "cached", "input audio", "output", "output audio"]
        var rows: [[String]] = []
        for row in report.turns {
            let reported = row.reports > 0
            rows.append([
                String(row.turn), row.speaker,
                row.speaker == "system" ? "" : seconds(row.audioSeconds),
                row.playedSeconds.map(seconds) ?? "",
                reported ? String(row.contextTokens) : "-",
                reported ? String(row.cachedTokens) : "-",
                reported ? String(row.inputAudioTokens) : "-",
                reported ? String(row.outputTokens) : "-",
                reported ? String(row.outputAudioTokens) : "-",
            ])
        }
        out += Table.render(header: header, rows: rows, leftAligned: [1])
        let t = report.truth
        out += "\ntruth: user speech \(seconds(t.userSpeechSeconds)) s, user silence \(seconds(t.userSilenceSeconds)) s, "
        out += "agent audio \(seconds(t.agentGeneratedSeconds)) s generated / \(seconds(t.agentPlayedSeconds)) s played\n"
        out += "documented rates (\(Figures.number(t.rates.inputPerSecond))/s in, \(Figures.number(t.rates.outputPerSecond))/s out): "
        out += "\(t.documentedInputAudioTokens) input audio tokens for one pass over the user's audio, "
        out += "\(t.documentedOutputAudioTokens) output audio tokens\n\n"
        out += report.usageV1_2.summary.reprLine + "\n"
        return out
    }

    static func seconds(_ value: Double) -> String { Figures.fixed(value, decimals: 2) }
}

/// A plain fixed-width table: numbers right-aligned, named columns left-aligned.
enum Table {
    static func render(header: [String], rows: [[String]], leftAligned: Set<Int>) -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return leftAligned.contains(i) ? cell + pad : pad + cell
            }.joined(separator: "  ").replacingTrailingSpaces() + "\n"
        }
        return line(header) + rows.map(line).joined()
    }
}

extension String {
    fileprivate func replacingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
