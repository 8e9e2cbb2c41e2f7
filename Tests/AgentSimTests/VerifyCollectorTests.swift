import AgentSimCore
import Foundation
import Testing

/// `load --verify` against `examples/python/minimal_collector.py`, a team's first collector: input and output tokens
/// per provider and model, nothing else, standard library only.
///
/// `examples/python/scenarios/order-status.yaml` derives its figures in its comments: per session input 725 tokens
/// (104 of them audio), output 86, in three events (the zero-usage connection event and two responses).
struct VerifyCollectorTests {
    static let scenario = TestSupport.root.appendingPathComponent("examples/python/scenarios/order-status.yaml").path
    static let entry = "model_usage[llm_usage api.openai.com gpt-realtime]"

    static func minimal(_ arguments: [String] = []) throws -> ReferenceCollector {
        try ReferenceCollector(
            python: TestSupport.livekitPython("1.8.9"), script: "examples/python/minimal_collector.py",
            arguments: ["--port", "0"] + arguments)
    }

    static func load(
        _ collector: ReferenceCollector, sessions: Int, seed: Int = 3, _ more: String...
    ) throws
        -> TestSupport.Result
    {
        try TestSupport.agentsim(
            arguments: [
                "load", scenario, "--sessions", "\(sessions)", "--seed", "\(seed)", "--sink", collector.events,
            ] + more)
    }

    /// The `verify …` line and those after it.
    static func verifyText(_ stdout: String) -> String {
        guard let start = stdout.range(of: "\nverify ") else { return "" }
        return String(stdout[start.upperBound...])
    }

    /// Right totals: 20 × 725 = 14,500 input and 20 × 86 = 1,720 output tokens, the two fields it reports; the
    /// oracle's others are listed as not reported, not failed.
    @Test func aCollectorOfInputAndOutputTokensPasses() throws {
        let collector = try Self.minimal()
        let report = try TestSupport.temporaryDirectory().appendingPathComponent("r.json")
        let result = try Self.load(collector, sessions: 20, "--verify", collector.totals, "--report", report.path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let text = Self.verifyText(result.stdout)
        let first = text.split(separator: "\n").first.map(String.init) ?? ""
        // 20 sessions × 3 events.
        #expect(
            first == "\(collector.totals) (60 events): PASS — the collector holds exactly the oracle's totals "
                + "(2 fields compared)", "\(text)")
        #expect(
            text.contains(
                "compared: the change the run made, from the totals read before it (the baseline): "
                    + "the collector held nothing then"))
        #expect(text.contains("not reported, so not compared (--require-fields makes them required): llm_usage "))
        #expect(text.contains("input_audio_tokens"))
        let verify = try JSONValue.parse(String(contentsOf: report, encoding: .utf8))["verify"]
        let fields = verify?["fields"]?.arrayValue ?? []
        #expect(
            fields.map { $0["field"]?.stringValue ?? "" } == [
                "\(Self.entry).input_tokens", "\(Self.entry).output_tokens",
            ])
        #expect(fields.map { $0["collector"]?.intValue ?? 0 } == [14_500, 1_720])
        #expect(fields.map { $0["oracle"]?.intValue ?? 0 } == [14_500, 1_720])
        #expect(verify?["verdict"] == "match")
        // The collector's own answer.
        let own = try JSONValue.parse(collector.request("GET", "/totals"))
        #expect(own["model_usage"]?.arrayValue?.first?["input_tokens"]?.intValue == 14_500)
    }

    /// `--double-count` adds every event twice: exit 1, the verdict first, both fields named on one line under one
    /// cause (29,000 = 2 × 14,500; 3,440 = 2 × 1,720).
    @Test func aDoubleCountingCollectorFailsNamingTheFields() throws {
        let collector = try Self.minimal(["--double-count"])
        let report = try TestSupport.temporaryDirectory().appendingPathComponent("r.json")
        let result = try Self.load(collector, sessions: 20, "--verify", collector.totals, "--report", report.path)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let lines = Self.verifyText(result.stdout).split(separator: "\n").map(String.init)
        #expect(
            lines.first?.hasSuffix(
                "FAIL — 2 of 2 fields differ from the oracle, and the injected faults do not explain them") == true,
            "\(lines)")
        #expect(
            lines.contains(
                "  exactly 2× the oracle's figure (each event counted twice?), not the injected faults' effect: "
                    + "2 fields: \(Self.entry) input_tokens +14,500 (collector 29,000, oracle 14,500), "
                    + "output_tokens +1,720 (collector 3,440, oracle 1,720)"), "\(lines)")
        let verify = try JSONValue.parse(String(contentsOf: report, encoding: .utf8))["verify"]
        #expect(verify?["verdict"] == "differs")
        #expect(verify?["causes"]?.arrayValue?.map { $0["cause"]?.stringValue ?? "" } == ["times-2"])
    }

    /// A collector that already holds another run's 10 sessions (30 events, 7,250 input tokens): `--verify` reads
    /// it before the run and verifies the change (20 sessions, 60 events); `--no-baseline` compares the totals as
    /// they are and fails: after a third run it holds 50 sessions, 36,250 input tokens, against 14,500.
    @Test func aCollectorThatHoldsDataIsVerifiedOnTheRunsChange() throws {
        let collector = try Self.minimal()
        let earlier = try Self.load(collector, sessions: 10, seed: 8)
        #expect(earlier.status == 0, "\(earlier.stderr)")
        let result = try Self.load(collector, sessions: 20, "--verify", collector.totals)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let text = Self.verifyText(result.stdout)
        #expect(text.hasPrefix("\(collector.totals) (60 events): PASS"), "\(text)")
        #expect(
            text.contains(
                "compared: the change the run made, from the totals read before it (the baseline): the collector "
                    + "held 30 events (1 model_usage entry) before the run and 90 after"), "\(text)")
        let strict = try Self.load(collector, sessions: 20, "--verify", collector.totals, "--no-baseline")
        #expect(strict.status == 1, "\(strict.stdout)\(strict.stderr)")
        let strictText = Self.verifyText(strict.stdout)
        #expect(strictText.hasPrefix("\(collector.totals) (150 events): FAIL"), "\(strictText)")
        #expect(
            strictText.contains(
                "compared: the collector's totals as they are (no baseline read before the run); it reports 150 "
                    + "events, more than the 60 lines sent"), "\(strictText)")
        #expect(strictText.contains("\(Self.entry) input_tokens +21,750 (collector 36,250, oracle 14,500)"))
    }

    /// `--require-fields all`: the fields it does not keep are differences (input audio 20 × 104 = 2,080 against
    /// 0); naming only the two it keeps passes.
    @Test func requiredFieldsMakeMissingOnesDifferences() throws {
        let collector = try Self.minimal()
        let report = try TestSupport.temporaryDirectory().appendingPathComponent("r.json")
        let all = try Self.load(
            collector, sessions: 20, "--verify", collector.totals, "--require-fields", "all", "--report", report.path)
        #expect(all.status == 1, "\(all.stdout)\(all.stderr)")
        let verify = try JSONValue.parse(String(contentsOf: report, encoding: .utf8))["verify"]
        let audio = verify?["differences"]?.arrayValue?.first {
            $0["field"]?.stringValue == "\(Self.entry).input_audio_tokens"
        }
        #expect(audio?["collector"]?.intValue == 0)
        #expect(audio?["oracle"]?.intValue == 2_080)
        #expect(audio?["causes"] == ["required-not-reported"])
        let named = try Self.load(
            collector, sessions: 20, "--verify", collector.totals, "--require-fields", "input_tokens,output_tokens")
        #expect(named.status == 0, "\(named.stdout)\(named.stderr)")
    }

    /// An answer that cannot be read after the run (HTTP 404, with --no-baseline so nothing is read before): the
    /// summary is printed and the report written, with the error, and the exit status is 2.
    @Test func aBadAnswerAfterTheRunStillPrintsAndWritesTheReport() throws {
        let collector = try Self.minimal()
        let report = try TestSupport.temporaryDirectory().appendingPathComponent("r.json")
        let url = "http://127.0.0.1:\(collector.port)/nope"
        let result = try Self.load(collector, sessions: 20, "--verify", url, "--no-baseline", "--report", report.path)
        #expect(result.status == 2)
        #expect(result.stdout.hasPrefix("agentsim load: 20 sessions"), "\(result.stdout)")
        #expect(result.stdout.contains("verify \(url): ERROR — the answer cannot be compared: "))
        #expect(result.stderr.contains("--verify \(url): the collector answered HTTP 404"), "\(result.stderr)")
        let written = try JSONValue.parse(String(contentsOf: report, encoding: .utf8))
        #expect(written["sessions"]?.intValue == 20)
        #expect(written["verify"]?["verdict"] == "error")
        #expect(written["verify"]?["error"]?.stringValue?.contains("HTTP 404") == true)
    }

    /// The same answer before the run (the baseline): found before anything is sent.
    @Test func aBadAnswerBeforeTheRunSendsNothing() throws {
        let collector = try Self.minimal()
        let lines = try TestSupport.temporaryDirectory().appendingPathComponent("lines.jsonl")
        let url = "http://127.0.0.1:\(collector.port)/nope"
        let result = try Self.load(collector, sessions: 20, "--sink", "jsonl:\(lines.path)", "--verify", url)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("the collector answered HTTP 404"), "\(result.stderr)")
        #expect(result.stderr.contains("nothing was sent"))
        #expect(!FileManager.default.fileExists(atPath: lines.path))
        #expect(try JSONValue.parse(collector.request("GET", "/totals"))["events"]?.intValue == 0)
    }

    @Test func versionIsPrinted() throws {
        let result = try TestSupport.agentsim("--version")
        #expect(result.status == 0)
        #expect(result.stdout == "0.5.0\n")
    }
}
