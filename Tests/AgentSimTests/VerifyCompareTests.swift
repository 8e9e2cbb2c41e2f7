import AgentSimCore
import Foundation
import Testing

@testable import AgentSimLoad

/// `--verify`'s comparison on answers built by hand: the fields a collector reports, the baseline, extra and
/// unknown entries, causes, and its cost on a large answer.
struct VerifyCompareTests {
    /// `{"type": "llm_usage", "provider": P, "model": M, <fields>}`.
    static func usage(
        _ fields: [(String, JSONValue)], provider: String = "api.openai.com", model: String = "gpt-realtime",
        type: String = "llm_usage"
    ) -> JSONValue {
        .object([("type", .string(type)), ("provider", .string(provider)), ("model", .string(model))] + fields)
    }

    static func answer(_ entries: [JSONValue], events: Int? = nil) -> JSONValue {
        .object([("model_usage", .array(entries))] + (events.map { [("events", .int($0))] } ?? []))
    }

    static let none = FaultEffects(
        dropped: .init(totals: .object([]), ids: [], count: 0, what: "dropped"),
        duplicated: .init(totals: .object([]), ids: [], count: 0, what: "delivered twice"),
        resent: .init(totals: .object([]), ids: [], count: 0, what: "resent"))

    /// The oracle of one realtime entry: input 725 (104 audio), output 86.
    static let oracle = answer([
        usage([
            ("input_tokens", 725), ("input_audio_tokens", 104), ("input_image_tokens", 0), ("output_tokens", 86),
        ])
    ])

    /// A collector of input and output tokens only: compared on those two; the audio tokens (a figure) are not
    /// reported, the image tokens (0) not even listed; an extra `cost_usd` is listed, not failed.
    @Test func onlyTheReportedFieldsAreComparedAndExtraOnesListed() {
        let collector = Self.answer([Self.usage([("input_tokens", 725), ("output_tokens", 86), ("cost_usd", 0.25)])])
        let v = Verification.compare(collector: collector, oracle: Self.oracle, effects: Self.none, url: "u")
        #expect(v.matches)
        #expect(
            v.fields.map(\.field) == [
                "model_usage[llm_usage api.openai.com gpt-realtime].input_tokens",
                "model_usage[llm_usage api.openai.com gpt-realtime].output_tokens",
            ])
        #expect(v.notReported.map(\.group) == ["llm_usage"])
        #expect(v.notReported.first?.fields == ["input_audio_tokens"])
        #expect(v.extra == ["llm_usage.cost_usd"])
    }

    /// `--require-fields all`: the audio tokens are compared as 0 (oracle 104); the image tokens (0 = 0) pass.
    @Test func requiredFieldsThatAreNotReportedDiffer() {
        let collector = Self.answer([Self.usage([("input_tokens", 725), ("output_tokens", 86)])])
        let v = Verification.compare(
            collector: collector, oracle: Self.oracle, effects: Self.none, url: "u",
            options: VerifyOptions(required: .all))
        #expect(v.comparedFields == 4)
        #expect(v.differences.map(\.field) == ["model_usage[llm_usage api.openai.com gpt-realtime].input_audio_tokens"])
        #expect(v.differences.first?.collector == 0)
        #expect(v.differences.first?.oracle == 104)
        #expect(v.causes.map(\.kind) == ["required-not-reported"])
        let named = Verification.compare(
            collector: collector, oracle: Self.oracle, effects: Self.none, url: "u",
            options: VerifyOptions(required: .fields(["output_tokens"])))
        #expect(named.matches)
    }

    /// A collector that held 1,000 input tokens (10 events) before the run and 1,725 after: the change, 725, is
    /// the oracle's; its entry for another model, unchanged, is no difference. Without the baseline, 1,725 is
    /// more than 725.
    @Test func theBaselineIsSubtracted() {
        let other = Self.usage(
            [("input_tokens", 500), ("output_tokens", 7)], provider: "Gemini", model: "gemini-2.5-flash")
        let before = Self.answer([Self.usage([("input_tokens", 1000), ("output_tokens", 100)]), other], events: 10)
        let after = Self.answer([Self.usage([("input_tokens", 1725), ("output_tokens", 186)]), other], events: 13)
        let v = Verification.compare(
            collector: after, oracle: Self.oracle, effects: Self.none, url: "u",
            options: VerifyOptions(baseline: before))
        #expect(v.matches)
        #expect(v.runEvents == 3)
        #expect(v.baseline == VerifyOutcome.Baseline(events: 10, entries: 2, holdsData: true))
        let strict = Verification.compare(collector: after, oracle: Self.oracle, effects: Self.none, url: "u")
        #expect(!strict.matches)
        // 1,725 − 725 = 1,000 more input tokens (2.38×: no whole multiple), and the Gemini entry.
        #expect(strict.causes.map(\.kind) == ["unknown-entry", "more"])
        #expect(strict.differences.first { $0.field.hasSuffix("gpt-realtime].input_tokens") }?.collector == 1725)
    }

    /// LiveKit's provider string is the base URL's host: a collector keyed by "openai" has an entry the oracle
    /// lacks and lacks the oracle's, and the text says which provider the oracle has.
    @Test func aWrongProviderStringIsNamed() {
        let collector = Self.answer([Self.usage([("input_tokens", 725)], provider: "openai")])
        let v = Verification.compare(collector: collector, oracle: Self.oracle, effects: Self.none, url: "u")
        #expect(v.causes.map(\.kind) == ["unknown-entry", "missing-entry"])
        #expect(
            v.causes.first?.text.contains(
                "the oracle has llm_usage gpt-realtime under provider 'api.openai.com', "
                    + "not 'openai'") == true, "\(v.causes.first?.text ?? "")")
    }

    /// An answer with none of the oracle's fields (its own names) compares nothing: that is no pass.
    @Test func anAnswerWithNoneOfTheOracleFieldsFails() {
        let collector = Self.answer([Self.usage([("prompt_tokens", 725), ("completion_tokens", 86)])])
        let v = Verification.compare(collector: collector, oracle: Self.oracle, effects: Self.none, url: "u")
        #expect(v.comparedFields == 0)
        #expect(v.nothingCompared)
        #expect(!v.matches)
        #expect(!v.faultsExplainEverything)
        #expect(v.extra == ["llm_usage.prompt_tokens", "llm_usage.completion_tokens"])
        #expect(
            Verification.compare(
                collector: Self.answer([]), oracle: Self.oracle, effects: Self.none, url: "u"
            ).nothingCompared)
    }

    /// Twice the oracle in every field: one cause, "exactly 2×", covering both fields.
    @Test func doubleCountsAreOneCause() {
        let collector = Self.answer([Self.usage([("input_tokens", 1450), ("output_tokens", 172)])])
        let v = Verification.compare(collector: collector, oracle: Self.oracle, effects: Self.none, url: "u")
        #expect(v.causes.count == 1)
        #expect(v.causes.first?.kind == "times-2")
        let amounts: [Double] = v.causes.first?.fields.map { $0.amount } ?? []
        #expect(amounts == [725, 86])
    }

    /// 24 dropped events of one entry (worth 24 × 30 input and 24 × 4 output tokens) behind three fields: one
    /// cause naming the 24 events once, not one line per field.
    @Test func dropsBehindSeveralFieldsAreOneCause() {
        let oracle = Self.answer([
            Self.usage([("input_tokens", 3000), ("output_tokens", 400), ("input_text_tokens", 3000)])
        ])
        // 3,000 − 720 = 2,280; 400 − 96 = 304.
        let collector = Self.answer([
            Self.usage([("input_tokens", 2280), ("output_tokens", 304), ("input_text_tokens", 2280)])
        ])
        let ids = (0..<24).map { "s1-\($0).1" }
        let key = "llm_usage api.openai.com gpt-realtime"
        let dropped = FaultEffects.Effect(
            totals: Self.answer([
                Self.usage([("input_tokens", 720), ("output_tokens", 96), ("input_text_tokens", 720)])
            ]),
            ids: ids, count: 24, byEntry: [key: (24, ids), EventSet.anyUsage: (24, ids)],
            what: "dropped by the fault injector and never sent")
        let effects = FaultEffects(dropped: dropped, duplicated: Self.none.duplicated, resent: Self.none.resent)
        let v = Verification.compare(collector: collector, oracle: oracle, effects: effects, url: "u")
        #expect(v.differences.count == 3)
        #expect(v.faultsExplainEverything)
        #expect(v.reading == "the dropped events are missing, and nothing else differs")
        #expect(v.causes.count == 1)
        #expect(v.causes.first?.text == "24 events dropped by the fault injector and never sent")
        #expect(v.causes.first?.events == 24)
        let amounts: [Double] = v.causes.first?.fields.map { $0.amount } ?? []
        #expect(amounts == [-720, -96, -720])
    }

    /// 10,000 entries of 14 fields, with a baseline: the comparison is linear (the quadratic one took 80 s here),
    /// well under 20 s in a debug build on a loaded machine; every entry's change is the oracle's.
    @Test func tenThousandEntriesCompareInLinearTime() {
        let fields = Verification.entryFields["llm_usage"] ?? []
        func answer(_ scale: Int) -> JSONValue {
            Self.answer(
                (0..<10_000).map { i in
                    Self.usage(
                        fields.filter { $0 != "session_duration" }.map { ($0, .int(scale * i)) }, provider: "p",
                        model: "m\(i)")
                })
        }
        let (after, oracle, before) = (answer(3), answer(2), answer(1))
        let started = Date()
        let v = Verification.compare(
            collector: after, oracle: oracle, effects: Self.none, url: "u", options: VerifyOptions(baseline: before))
        let seconds = Date().timeIntervalSince(started)
        #expect(v.matches)
        #expect(v.comparedFields == 10_000 * 13)
        #expect(seconds < 20, "\(seconds) s")
    }

    @Test func requireFieldsNamesOnlyFieldsVerifyCompares() throws {
        #expect(try VerifyOptions.required(parsing: "all") == .all)
        #expect(
            try VerifyOptions.required(parsing: "input_tokens,llm_prompt_tokens")
                == .fields(["input_tokens", "llm_prompt_tokens"]))
        #expect {
            try VerifyOptions.required(parsing: "input_tokens,prompt_tokens")
        } throws: { error in
            "\(error)".contains("--require-fields: 'prompt_tokens' is not a field --verify compares")
        }
    }

    /// A repeated (type, provider, model) is an answer that cannot be compared.
    @Test func aRepeatedEntryIsRefused() {
        let collector = Self.answer([Self.usage([("input_tokens", 1)]), Self.usage([("input_tokens", 2)])])
        #expect {
            try Verification.validate(collector, url: "http://c/totals")
        } throws: { error in
            "\(error)".contains("model_usage[1] repeats model_usage[0]'s entry (llm_usage api.openai.com gpt-realtime)")
        }
    }
}
