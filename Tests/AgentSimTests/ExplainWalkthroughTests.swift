import AgentSimJSON
import Foundation
import Testing

/// `agentsim explain ID` walks through a live example; every number it shows is the example's own.
struct ExplainWalkthroughTests {
    struct Walkthrough {
        var yaml: String
        /// (native payload, its rules) per step that has one, in order.
        var payloads: [(JSONValue, [(field: String, value: Int)])] = []
        /// (LiveKit event, its rules), in order.
        var events: [(JSONValue, [(field: String, value: Int)])] = []
        var summaryV1_2 = ""
        var summaryV1_8 = ""
    }

    /// Splits the walk-through into the example, the JSON lines and their rules.
    static func parse(_ text: String) throws -> Walkthrough {
        let lines = text.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "The example scenario:"))
        let yaml =
            lines[(start + 1)...].prefix { !$0.isEmpty }.map { String($0.dropFirst(2)) }.joined(separator: "\n") + "\n"
        var walk = Walkthrough(yaml: yaml)
        let rule = try Regex(#"^    - (\S+) = .* = (-?\d+)  \[[^\]]+\]$"#)
        var current: WritableKeyPath<Walkthrough, [(JSONValue, [(field: String, value: Int)])]>?
        for (i, line) in lines.enumerated() {
            if line == "  Native payload, as the API sends it:"
                || line == "  LiveKit event, as LiveKit's plugin builds it:"
            {
                let kind: WritableKeyPath<Walkthrough, [(JSONValue, [(field: String, value: Int)])]> =
                    line.contains("Native") ? \.payloads : \.events
                // Long JSON is wrapped after commas, its continuation lines indented 6: joined, it is the JSON.
                var json = lines[i + 1].trimmingCharacters(in: .whitespaces)
                for next in lines[(i + 2)...].prefix(while: { $0.hasPrefix("      ") }) { json += next.dropFirst(6) }
                walk[keyPath: kind].append((try JSONValue.parse(json), []))
                current = kind
            } else if let match = line.wholeMatch(of: rule), let kind = current {
                let field = String(match.output[1].substring ?? ""), value = Int(match.output[2].substring ?? "") ?? -1
                walk[keyPath: kind][walk[keyPath: kind].count - 1].1.append((field, value))
            } else if line.hasPrefix("    - "), current != nil {
                Issue.record("unparsed rule line: \(line)")
            } else if line.hasPrefix("  livekit-agents 1.2.18: ") {
                walk.summaryV1_2 = String(line.dropFirst("  livekit-agents 1.2.18: ".count))
            } else if line.hasPrefix("  livekit-agents 1.8.9:  ") {
                walk.summaryV1_8 = String(line.dropFirst("  livekit-agents 1.8.9:  ".count))
            }
        }
        return walk
    }

    /// A field by dotted path; `key[MODALITY]` reads the `tokenCount` of that Gemini details entry. Proto3 JSON
    /// omits zero counts and zero entries, so a missing count reads as 0 (only for camelCase Gemini fields).
    static func lookup(_ json: JSONValue, _ path: String) -> Int? {
        var value: JSONValue? = json
        for segment in path.split(separator: ".") {
            if let bracket = segment.firstIndex(of: "[") {
                let key = String(segment[..<bracket]),
                    modality = String(segment[segment.index(after: bracket)...].dropLast())
                let entry = value?[key]?.arrayValue?.first { $0["modality"]?.stringValue == modality }
                return entry?["tokenCount"]?.intValue ?? 0
            }
            value = value?[String(segment)]
        }
        if value == nil, path.hasPrefix("usageMetadata.") { return 0 }
        return value?.intValue
    }

    /// (provider, hand-derived figures of its example).
    static let cases: [(String, [String: Int])] = [
        // OpenAI: r1 = instructions 100 + 2, user item 2 + floor(2.0 × 10) = 20: 124 input; reply 14 text +
        // floor(3.0 × 20) = 60 audio, billed whole though cut after 1.0 s. r2 = 124 + cut reply (2 + 20 heard) +
        // user (2 + 15) = 163. Sums: prompt 287, input audio 20 + 55 = 75, completion 74 + 47 = 121, output audio 100.
        (
            "openai-realtime",
            [
                "llm_prompt_tokens": 287, "llm_input_audio_tokens": 75, "llm_completion_tokens": 121,
                "llm_output_audio_tokens": 100,
            ]
        ),
        // Gemini 2.0: r1 = 508 hidden + 100 + 8 transcript = 616, AUDIO 0; r2 = 616 + 10 (reply as TEXT) + 6 = 632,
        // AUDIO 1. Sums: prompt 1248, input audio 0 + 1 = 1, completion 10 + 7 = 17, output audio 0.
        (
            "gemini-live",
            [
                "llm_prompt_tokens": 1248, "llm_input_audio_tokens": 1, "llm_completion_tokens": 17,
                "llm_output_audio_tokens": 0,
            ]
        ),
    ]

    @Test(arguments: cases) func everyNumberIsTheExamplesOwn(_ provider: String, _ figures: [String: Int]) throws {
        let explained = try TestSupport.agentsim("explain", provider)
        try #require(explained.status == 0, "\(explained.stderr)")
        #expect(explained.stdout.hasPrefix("\(provider), step by step: a small example, run live"))
        let walk = try Self.parse(explained.stdout)

        // Run the example it printed, as a user would, and compare.
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("example.yaml")
        try walk.yaml.write(to: file, atomically: true, encoding: .utf8)
        let run = try TestSupport.agentsim("run", file.path, "--format", "json")
        try #require(run.status == 0, "\(run.stderr)")
        let json = try JSONValue.parse(run.stdout)
        let payloads = try #require(json["provider_payloads"]?.arrayValue),
            metrics = try #require(json["metrics"]?.arrayValue)
        #expect(walk.payloads.map(\.0) == payloads)
        #expect(walk.events.map(\.0) == metrics)

        // Every rule's value is the field's, in the message it annotates; each response has its rules.
        var checked = 0
        for (message, rules) in walk.payloads + walk.events {
            for (field, value) in rules {
                #expect(
                    Self.lookup(message, field) == value,
                    "\(provider): \(field) = \(value), message says \(Self.lookup(message, field).map(String.init) ?? "nothing")"
                )
                checked += 1
            }
        }
        #expect(walk.payloads.count == 2 && walk.payloads.allSatisfy { !$0.1.isEmpty })
        #expect(walk.events.filter { !$0.1.isEmpty }.count == 2)
        #expect(checked >= 2 * 12)

        // The summary lines are the run's; the hand-derived sums hold.
        let text = try TestSupport.agentsim("run", file.path)
        #expect(text.stdout.hasSuffix(walk.summaryV1_2 + "\n"))
        let summary = try #require(json["usage_summary"])
        for pair in walk.summaryV1_8.dropFirst("UsageSummary(".count).dropLast().components(separatedBy: ", ") {
            let parts = pair.components(separatedBy: "=")
            #expect(
                parts.count == 2 && Double(parts[1]) != nil && Double(parts[1]) == summary[parts[0]]?.doubleValue,
                "\(pair)")
        }
        for (field, value) in figures { #expect(summary[field]?.intValue == value, "\(provider) \(field)") }
    }

    @Test func unknownProviderIsExitStatus2() throws {
        let unknown = try TestSupport.agentsim("explain", "nope")
        #expect(unknown.status == 2)
        #expect(
            unknown.stderr.contains("unknown provider 'nope'; expected one of openai-realtime, gemini-live"),
            "\(unknown.stderr)")
    }
}
