import AgentSimCore
import Foundation
import Testing

@testable import AgentSimCLI

/// `agentsim check`: agentsim's collectors against LiveKit's real ones, and the ways it must fail.
struct CheckTests {
    @Test func shippedScenariosAllMatch() throws {
        let result = try TestSupport.agentsim("check", TestSupport.scenariosDirectory.path, "--format", "json")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        #expect(json["all_match"] == .bool(true))
        #expect(json["scenarios"]?.arrayValue?.count == TestSupport.scenarioFiles.count)
    }

    @Test func randomScenariosMatch() throws {
        let result = try TestSupport.agentsim("check", "--random", "40", "--seed", "7")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        // Providers in turn: 40 scenarios are 10 each of openai-realtime, gemini-live, openai-live (indices 2, 6, …, 38)
        // and a pipeline; GPT-Live exists only in livekit-agents 1.8.9, so 80 − 10 = 70 checks run and 10 are skipped on 1.2.18.
        #expect(
            result.stdout.contains("all 70 checks match; 10 × 1.2.18: skipped, GPT-Live needs livekit-agents 1.8.9"))
    }

    /// The check can fail: LiveKit's collectors get the real events, agentsim's a copy with one
    /// response's input tokens raised by 5, and the field is named with both values.
    @Test func modifiedEventsAreReportedAsAMismatchNamingTheField() async throws {
        let report = try await Running.report("greeting.yaml")
        let metrics = report.metrics
        let environment = CollectorBridge.Environment(root: TestSupport.root)
        for version in ["1.2.18", "1.8.9"] {
            let result = try await CollectorBridge.with(versions: [version], environment: environment) { bridges in
                try await bridges[0].send(
                    "{\"agentsim\":\"begin\",\"id\":\"x\"}\n"
                        + metrics.map { $0.json().compactString() + "\n" }.joined()
                        + "{\"agentsim\":\"end\"}\n")
                await bridges[0].finish()
                return try await bridges[0].nextResult()
            }

            // The record's collector bundle is the one the check compares: it matches LiveKit's.
            var honest = UsageTotals()
            metrics.forEach { honest.collect($0) }
            #expect(honest == report.totals)
            #expect(report.totals.mismatches(against: result, version: version).isEmpty)

            var tampered = UsageTotals()
            for m in metrics {
                if case var .realtime(r) = m, !r.requestId.isEmpty {
                    r.inputTokens += 5
                    tampered.collect(.realtime(r))
                } else {
                    tampered.collect(m)
                }
            }
            let mismatches = tampered.mismatches(against: result, version: version)
            // greeting: one response with 44 input tokens → agentsim 49, LiveKit 44.
            #expect(
                mismatches.contains(Mismatch(field: "usage_summary.llm_prompt_tokens", agentsim: "49", livekit: "44")))
            if version == "1.8.9" {
                #expect(
                    mismatches.contains(Mismatch(field: "model_usage[0].input_tokens", agentsim: "49", livekit: "44")))
            }
        }
    }

    @Test func eventsFileFromARunMatchesAndPrintsThroughput() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try TestSupport.agentsim("run", TestSupport.scenario("support-call.yaml"), "--format", "jsonl")
        let file = dir.appendingPathComponent("events.jsonl").path
        try run.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try TestSupport.agentsim("check", "--events", file)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("all 2 checks match"))
        #expect(result.stdout.contains("throughput: agentsim "))
        #expect(result.stdout.contains("livekit-agents 1.2.18 ") && result.stdout.contains("livekit-agents 1.8.9 "))
    }

    @Test func malformedEventsLineIsNamedWithExitStatus2() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = try TestSupport.agentsim("run", TestSupport.scenario("greeting.yaml"), "--format", "jsonl").stdout
        let bad =
            #"{"type":"realtime_model_metrics","label":"x","request_id":"r","timestamp":1.0,"duration":1.0,"ttft":0.1,"cancelled":false,"input_tokens":3.5,"output_tokens":1,"total_tokens":4,"tokens_per_second":1.0,"input_token_details":{"audio_tokens":0,"text_tokens":0,"image_tokens":0,"cached_tokens":0,"cached_tokens_details":null},"output_token_details":{"text_tokens":0,"audio_tokens":0,"image_tokens":0}}"#
        let file = dir.appendingPathComponent("events.jsonl").path
        // Lines 1–2 are good, line 3 has 3.5 for an integer field, line 4 is not JSON.
        try (good + bad + "\n" + "{not json\n").write(toFile: file, atomically: true, encoding: .utf8)
        let result = try TestSupport.agentsim("check", "--events", file)
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(file):3: input_tokens: "))
        #expect(result.stderr.contains("Input should be a valid integer, got a number with a fractional part"))
        #expect(result.stderr.contains("\(file):4: not JSON"))
    }

    @Test func missingVenvSaysHowToFixItWithExitStatus2() throws {
        let home = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        try FileManager.default.createDirectory(
            at: home.appendingPathComponent("Collectors/livekit"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: TestSupport.bridge, toPath: home.appendingPathComponent("Collectors/livekit/bridge.py").path)
        let result = try TestSupport.run(
            "/usr/bin/env",
            ["AGENTSIM_HOME=\(home.path)", TestSupport.agentsim, "check", TestSupport.scenario("greeting.yaml")])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains(
                "no Python environment for livekit-agents 1.2.18 at \(home.path)/.venvs/livekit-1.2.18/bin/python"))
        #expect(result.stderr.contains("make setup"))
    }

    /// A bridge that dies after its first line: the check stops with status 2 and the bridge's last
    /// words, and does not hang.
    @Test func bridgeCrashMidStreamIsExitStatus2() throws {
        let home = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let collectors = home.appendingPathComponent("Collectors/livekit")
        try FileManager.default.createDirectory(at: collectors, withIntermediateDirectories: true)
        try "import sys\nsys.stdin.readline()\nprint('bridge: simulated crash', file=sys.stderr)\nsys.exit(3)\n"
            .write(to: collectors.appendingPathComponent("bridge.py"), atomically: true, encoding: .utf8)
        let bin = home.appendingPathComponent(".venvs/livekit-1.2.18/bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: bin.appendingPathComponent("python").path, withDestinationPath: "/usr/bin/python3")
        let result = try TestSupport.run(
            "/usr/bin/env",
            [
                "AGENTSIM_HOME=\(home.path)", TestSupport.agentsim, "check", "--livekit", "1.2.18",
                TestSupport.scenariosDirectory.path,
            ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("the livekit-agents 1.2.18 bridge"))
        #expect(result.stderr.contains("exit status 3"))
        #expect(result.stderr.contains("bridge: simulated crash"))
    }

    @Test func badArgumentsAreExitStatus2() throws {
        let noInput = try TestSupport.agentsim("check")
        #expect(noInput.status == 2)
        #expect(noInput.stderr.contains("give scenario files or directories, --random N, or --events FILE"))
        let badVersion = try TestSupport.agentsim("check", "--livekit", "0.9", TestSupport.scenario("greeting.yaml"))
        #expect(badVersion.status == 2)
        #expect(badVersion.stderr.contains("--livekit: unknown version '0.9'"))
    }
}
