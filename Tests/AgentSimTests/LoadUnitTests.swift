import AgentSimCore
import Testing

@testable import AgentSimLoad

/// The load module's parts, handed values directly.
struct LoadUnitTests {
    @Test func faultSpecsParse() throws {
        let spec = try FaultSpec(parsing: "drop=0.01,dup=0.5,reorder=1,delay=250")
        #expect(spec.drop == 0.01)
        #expect(spec.dup == 0.5)
        #expect(spec.reorder == 1)
        #expect(spec.delayMilliseconds == 250)
        #expect(spec.description == "drop=0.01,dup=0.5,reorder=1.0,delay=250.0")
        #expect(throws: FaultSpec.ParseError.self) { try FaultSpec(parsing: "drop=1.5") }
        #expect(throws: FaultSpec.ParseError.self) { try FaultSpec(parsing: "drop=nan") }
        #expect(throws: FaultSpec.ParseError.self) { try FaultSpec(parsing: "drop=0.1,") }
    }

    @Test func shardsPartitionThePlan() {
        #expect(Shard(parsing: "2/5") == Shard(index: 2, count: 5))
        #expect(Shard(parsing: "5/5") == nil)
        #expect(Shard(parsing: "-1/5") == nil)
        #expect(Shard(parsing: "1/0") == nil)
        let plans = (0..<3).map {
            LoadPlan(source: .random([]), sessions: 10, seed: 1, shard: Shard(index: $0, count: 3), plugins: [])
        }
        // 0,3,6,9 · 1,4,7 · 2,5,8
        #expect(plans.map { Array($0.indices) } == [[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]])
        #expect(plans.map(\.shardSessions) == [4, 3, 3])
    }

    @Test func totalsAddFieldByFieldAndMatchEntriesByKey() {
        let a: JSONValue = .object([
            ("events", 2),
            (
                "model_usage",
                [
                    .object([
                        ("type", "llm_usage"), ("provider", "p"), ("model", "m"), ("input_tokens", 10),
                        ("session_duration", 1.5),
                    ])
                ]
            ),
        ])
        let b: JSONValue = .object([
            ("events", 3),
            (
                "model_usage",
                [
                    .object([("type", "stt_usage"), ("provider", "p"), ("model", "w"), ("audio_duration", 2.0)]),
                    .object([
                        ("type", "llm_usage"), ("provider", "p"), ("model", "m"), ("input_tokens", 5),
                        ("session_duration", 0.25),
                    ]),
                ]
            ),
        ])
        let sum = TotalsJSON.add(a, b)
        #expect(sum["events"] == 5)
        let entries = sum["model_usage"]?.arrayValue ?? []
        #expect(entries.count == 2)
        #expect(entries[0]["input_tokens"] == 15)
        #expect(entries[0]["session_duration"] == 1.75)
        #expect(entries[1]["audio_duration"] == 2.0)
    }

    static func totals(_ input: Int) -> JSONValue {
        .object([
            (
                "model_usage",
                [.object([("type", "llm_usage"), ("provider", "p"), ("model", "m"), ("input_tokens", .int(input))])]
            )
        ])
    }

    static func effects(dropped: Int, duplicated: Int, resent: Int) -> FaultEffects {
        FaultEffects(
            dropped: .init(totals: totals(dropped), ids: ["s1-0.1"], count: 1, what: "dropped"),
            duplicated: .init(
                totals: totals(duplicated), ids: ["s1-2.1", "s1-3.1"], count: 2, what: "delivered twice"),
            resent: .init(totals: totals(resent), ids: [], count: 0, what: "resent"))
    }

    /// Oracle 1,000 input tokens; one dropped event worth 40; two duplicated worth 30 in all.
    @Test(
        arguments: [
            // A de-duplicating collector: 1,000 − 40.
            (960, true, "−40: 1 event dropped (s1-0.1)"),
            // 1,000 − 40 + 30.
            (990, true, "−40: 1 event dropped (s1-0.1); +30: 2 events delivered twice (s1-2.1, s1-3.1)"),
            // The drop reached it after all: not the faults' effect.
            (1030, false, "+30: 2 events delivered twice (s1-2.1, s1-3.1)"),
            (977, false, nil),
        ] as [(Int, Bool, String?)])
    func differencesAreExplainedByTheFaults(collector: Int, explained: Bool, sentence: String?) {
        let v = Verification.compare(
            collector: Self.totals(collector), oracle: Self.totals(1000),
            effects: Self.effects(dropped: 40, duplicated: 30, resent: 0), url: "u")
        #expect(v.differences.count == 1)
        #expect(v.differences.first?.field == "model_usage[llm_usage p m].input_tokens")
        #expect(v.differences.first?.explanation == sentence)
        #expect(v.faultsExplainEverything == explained)
    }

    @Test func anExactCollectorMatches() {
        let v = Verification.compare(
            collector: Self.totals(1000), oracle: Self.totals(1000),
            effects: Self.effects(dropped: 0, duplicated: 0, resent: 0), url: "u")
        #expect(v.matches)
        #expect(v.comparedFields == 1)
    }

    @Test(arguments: [
        ("[1, 2]", "the answer is not a JSON object"),
        ("{\"x\": 1}", "the answer has no \"model_usage\""),
        ("{\"model_usage\": {}}", "\"model_usage\" is not a list"),
        ("{\"model_usage\": [1]}", "model_usage[0] is not an object"),
        (
            "{\"model_usage\": [{\"type\": \"llm_usage\", \"provider\": \"p\"}]}",
            "model_usage[0] has no string \"model\""
        ),
        (
            "{\"model_usage\": [{\"type\": \"llm_usage\", \"provider\": \"p\", \"model\": \"m\", \"input_tokens\": \"7\"}]}",
            "model_usage[0].input_tokens is \"7\", not a number"
        ),
        ("{\"usage_summary\": {\"llm_prompt_tokens\": null}}", "usage_summary.llm_prompt_tokens is null, not a number"),
    ])
    func wrongShapedAnswersAreRefused(answer: String, message: String) throws {
        let value = try JSONValue.parse(answer)
        #expect {
            try Verification.validate(value, url: "http://c/totals")
        } throws: { error in
            "\(error)".contains(message) && "\(error)".contains("--verify http://c/totals")
        }
    }

    /// Faults are decided per session from the seed and the session's index alone.
    @Test func faultsDependOnlyOnSeedAndSession() {
        let lines = (0..<50).map { LoadLine(id: "s1-7.\($0)", metrics: nil, bytes: Array("\($0)\n".utf8)) }
        func faulted(seed: UInt64, index: Int) -> GeneratedSession {
            var s = GeneratedSession(
                index: index, id: "s1-7", label: "x", duration: 1, lines: lines, deliveries: [], faults: SessionFaults()
            )
            SessionGenerator.applyFaults(
                try! FaultSpec(parsing: "drop=0.2,dup=0.2,reorder=0.2"), to: &s, times: lines.indices.map(Double.init),
                seed: seed)
            return s
        }
        let a = faulted(seed: 1, index: 7), b = faulted(seed: 1, index: 7), c = faulted(seed: 1, index: 8)
        #expect(a.deliveries.map(\.line.id) == b.deliveries.map(\.line.id))
        #expect(a.deliveries.map(\.line.id) != c.deliveries.map(\.line.id))
        // Every line is delivered once, less the dropped, plus the duplicated.
        #expect(a.deliveries.count == 50 - a.faults.dropped.count + a.faults.duplicated.count)
        #expect(!a.faults.dropped.isEmpty && !a.faults.duplicated.isEmpty && !a.faults.reordered.isEmpty)
    }
}
