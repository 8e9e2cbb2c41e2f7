import AgentSimCore
import AgentSimLoad
import Foundation
import Testing

/// `load --report` as a `Codable` value: written in the order of its coding keys, read back typed by `merge`, and a
/// report that does not fit is refused with the field that does not.
struct LoadReportTests {
    static let greeting = TestSupport.scenario("greeting.yaml")

    /// A report written by `load` for greeting.yaml (per session one zero-usage connection event and one response:
    /// 2 events).
    static func written(sessions: Int, shard: String = "0/1", in dir: URL) throws -> URL {
        let file = dir.appendingPathComponent("report-\(shard.replacingOccurrences(of: "/", with: "of")).json")
        let result = try TestSupport.agentsim(
            "load", greeting, "--sessions", String(sessions), "--shard", shard, "--seed", "3", "--sink",
            "jsonl:/dev/null", "--report", file.path, "--format", "json")
        #expect(result.status == 0, "\(result.stderr)")
        return file
    }

    /// Reading a report and writing it again gives the same bytes: every field is typed, none is lost or reordered.
    @Test func reportReadsBackToTheSameBytes() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try Self.written(sessions: 6, in: dir)
        let text = try String(contentsOf: file, encoding: .utf8)
        let report = try LoadReport(file: file.path, json: try JSONValue.parse(text))
        // 6 sessions of 2 events each; the plan as given.
        #expect(report.sessions == 6)
        #expect(report.events == 12)
        #expect(report.plan.sessions == 6)
        #expect(report.plan.seed == 3)
        #expect(report.plan.pace == "max")
        #expect(report.plan.shard == "0/1")
        #expect(report.shards == ["0/1"])
        #expect(report.sinks.map(\.sink) == ["jsonl:/dev/null"])
        #expect(report.oracle["events"]?.intValue == 12)
        #expect(report.json.prettyString() + "\n" == text)
    }

    /// Shards of 10 sessions: shard i of 2 runs plan indices i, i+2, …, so 5 each; merged they hold all 10 and
    /// 20 events, the oracle's one response per session adds up to 10 × 44 prompt tokens.
    @Test func shardsMergeTyped() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let shards = try ["0/2", "1/2"].map { try Self.written(sessions: 10, shard: $0, in: dir) }
        let reports = try shards.map { file in
            try LoadReport(file: file.path, json: try JSONValue.parse(bytes: Data(contentsOf: file)))
        }
        #expect(reports.map(\.sessions) == [5, 5])
        let merged = try LoadReport.merge(zip(shards, reports).map { ($0.path, $1) })
        #expect(merged.sessions == 10)
        #expect(merged.events == 20)
        #expect(merged.shards == ["0/2", "1/2"])
        #expect(merged.plan.shard == nil)
        #expect(merged.oracle["usage_summary_v1_2"]?["llm_prompt_tokens"]?.intValue == 440)
        // The same shard twice is refused.
        #expect(throws: LoadReport.MergeError.self) { try LoadReport.merge([(shards[0].path, reports[0])] * 2) }
    }

    /// A report whose field does not fit is bad input naming the field; so is one without a field.
    @Test(arguments: [
        ("\"sessions\": 4,", "\"sessions\": \"four\",", "plan.sessions: expected a whole number, got \"four\""),
        ("\"spec\": \"none\",", "\"spec\": 7,", "faults.spec: expected a string, got 7"),
        ("\"snapshots\": 0,", "", "no \"snapshots\""),
    ])
    func reportThatDoesNotFitIsNamed(_ original: String, _ replacement: String, _ problem: String) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try Self.written(sessions: 4, in: dir)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains(original))
        try text.replacingOccurrences(of: original, with: replacement, options: [], range: text.range(of: original))
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try TestSupport.agentsim("merge", file.path)
        #expect(result.status == 2)
        #expect(result.stderr == "agentsim: \(file.path): not a load report: \(problem)\n")
    }
}

extension Array {
    fileprivate static func * (items: [Element], times: Int) -> [Element] {
        (0..<times).flatMap { _ in items }
    }
}
