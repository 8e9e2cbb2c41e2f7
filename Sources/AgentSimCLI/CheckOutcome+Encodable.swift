import AgentSimCore

extension CheckOutcome: Encodable {
    enum CodingKeys: String, CodingKey {
        case versions, allMatch = "all_match", scenarios, throughput, wallSeconds = "wall_seconds"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(versions, forKey: .versions)
        try container.encode(allMatch, forKey: .allMatch)
        try container.encode(rows, forKey: .scenarios)
        try container.encode(throughput, forKey: .throughput)
        try container.encode(wallSeconds, forKey: .wallSeconds)
    }
}

extension CheckOutcome.Row: Encodable {
    enum CodingKeys: String, CodingKey { case scenario, events, results, yaml }

    /// A version as a key of `results`.
    private struct Version: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(label, forKey: .scenario)
        try container.encode(events, forKey: .events)
        var results = container.nestedContainer(keyedBy: Version.self, forKey: .results)
        for verdict in verdicts { try results.encode(verdict, forKey: Version(stringValue: verdict.version)) }
        // A generated scenario that did not match comes with its YAML, to save and replay.
        if let yaml, verdicts.contains(where: { !$0.mismatches.isEmpty }) { try container.encode(yaml, forKey: .yaml) }
    }
}

extension CheckOutcome.Verdict: Encodable {
    enum CodingKeys: String, CodingKey { case verdict, mismatches, reason }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(skipped != nil ? "skipped" : mismatches.isEmpty ? "match" : "mismatch", forKey: .verdict)
        try container.encode(mismatches, forKey: .mismatches)
        try container.encodeIfPresent(skipped, forKey: .reason)
    }
}
