import AgentSimCore

/// The `json` format of `agentsim run`.
enum ReportJSON {
    static func make(_ report: SessionReport) -> JSONValue {
        let s = report.scenario
        var pairs: [(String, JSONValue)] = [
            ("scenario", .string(s.name)),
            ("file", .string(s.file)),
            ("provider", .string(report.providerID)),
            ("model", .string(report.model)),
            ("seed", .int(Int(truncatingIfNeeded: s.seed))),
            ("usage_summary", report.usage.summary.json()),
            ("usage_summary_v1_2", report.usageV1_2.summary.json()),
            ("model_usage", .array(report.modelUsage.flatten().map { $0.json() })),
            ("turns", .array(report.turns.map(turnJSON))),
            ("truth", report.truth.json),
            ("provider_payloads", .array(report.outputs.compactMap { $0.payload?.json })),
            ("metrics", .array(report.metrics.map { $0.json() })),
        ]
        if !report.bills.isEmpty {
            // A pipeline: what each service billed, beside the truth.
            pairs.insert(("bills", .array(report.bills.map(\.json))), at: pairs.firstIndex { $0.0 == "truth" }! + 1)
        }
        return .object(pairs)
    }

    static func turnJSON(_ row: TurnRow) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("turn", .int(row.turn)), ("speaker", .string(row.speaker)), ("audio_seconds", .double(row.audioSeconds)),
        ]
        if let played = row.playedSeconds { pairs.append(("played_seconds", .double(played))) }
        pairs += [
            ("reports", .int(row.reports)), ("context_tokens", .int(row.contextTokens)),
            ("cached_tokens", .int(row.cachedTokens)),
            ("input_audio_tokens", .int(row.inputAudioTokens)), ("output_tokens", .int(row.outputTokens)),
            ("output_audio_tokens", .int(row.outputAudioTokens)),
        ]
        return .object(pairs)
    }
}
