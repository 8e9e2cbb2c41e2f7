import AgentSimCore

/// The `text` format of `agentsim run`.
enum ReportText {
    static func make(_ report: SessionReport) -> String {
        var out = ""
        let s = report.scenario
        out +=
            "\(s.name) — \(report.providerID) \(report.model), seed \(s.seed), \(seconds(report.truth.sessionSeconds)) "
            + "s\n\n"
        let header = [
            "turn", "speaker", "audio s", "played s", "context", "cached", "input audio", "output", "output audio",
        ]
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
        out +=
            "\ntruth: user speech \(seconds(t.userSpeechSeconds)) s, user silence \(seconds(t.userSilenceSeconds)) s, "
        out +=
            "agent audio \(seconds(t.agentGeneratedSeconds)) s generated / \(seconds(t.agentPlayedSeconds)) s played\n"
        if !report.bills.isEmpty {
            out += "billed:\n"
            for bill in report.bills { out += "  " + BillText.line(bill) + "\n" }
            out += "\n" + report.usageV1_2.summary.reprLine + "\n"
            return out
        }
        out +=
            "documented rates (\(Figures.number(t.rates.inputPerSecond))/s in, "
            + "\(Figures.number(t.rates.outputPerSecond))/s out): "
        out += "\(t.documentedInputAudioTokens) input audio tokens for one pass over the user's audio, "
        out += "\(t.documentedOutputAudioTokens) output audio tokens\n\n"
        out += report.usageV1_2.summary.reprLine + "\n"
        return out
    }

    static func seconds(_ value: Double) -> String { Figures.fixed(value, decimals: 2) }
}

/// One service's bill in words: `stt deepgram nova-3: 23.40 s of audio (1 connection)`.
enum BillText {
    static func line(_ bill: ServiceBill) -> String {
        "\(bill.role.rawValue) \(bill.provider) \(bill.model): " + figures(bill)
    }

    static func figures(_ bill: ServiceBill) -> String {
        let s = ReportText.seconds
        func tokens() -> String {
            bill.inputTokens > 0 || bill.outputTokens > 0
                ? ", \(bill.inputTokens) input and \(bill.outputTokens) output tokens" : ""
        }
        switch bill.role {
        case .stt:
            return
                "\(s(bill.audioSeconds)) s of audio\(tokens()) (\(bill.requests) "
                + "connection\(bill.requests == 1 ? "" : "s"))"
        case .tts:
            return
                "\(bill.characters) characters, \(s(bill.audioSeconds)) s of audio\(tokens()) (\(bill.requests) "
                + "segment\(bill.requests == 1 ? "" : "s"))"
        case .llm, .realtime:
            return
                "\(bill.inputTokens) input tokens (\(bill.cachedInputTokens) cached, \(bill.cacheCreationTokens) cache "
                + "writes), \(bill.outputTokens) output tokens (\(bill.reasoningTokens) reasoning) in \(bill.requests) "
                + "request\(bill.requests == 1 ? "" : "s")"
        }
    }
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
