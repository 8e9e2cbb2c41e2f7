import AgentSimJSON
import Foundation
import Testing

/// GPT-Live (`openai-live`): cumulative session seconds, LiveKit 1.8.9's deltas, backend tokens; compare and check.
struct GPTLiveTests {
    static func run(_ name: String) throws -> JSONValue {
        let result = try TestSupport.agentsim("run", TestSupport.scenario(name), "--format", "json")
        try #require(result.status == 0, "\(result.stderr)")
        return try JSONValue.parse(result.stdout)
    }

    static func payloads(_ json: JSONValue, type: String) -> [JSONValue] {
        (json["provider_payloads"]?.arrayValue ?? []).filter { $0["type"]?.stringValue == type }
    }

    static func metrics(_ json: JSONValue, type: String) -> [JSONValue] {
        (json["metrics"]?.arrayValue ?? []).filter { $0["type"]?.stringValue == type }
    }

    @Test func snapshotsAreCumulativeAndLiveKitEmitsTheDeltas() throws {
        let json = try Self.run("gpt-live.yaml")
        // Replies end at 4.6 s and 7.2 s; the session closes at 7.2 s.
        let updated = Self.payloads(json, type: "session.usage.updated").compactMap {
            $0["usage"]?["seconds"]?.doubleValue
        }
        #expect(updated == [4.6, 7.2])
        let closed = Self.payloads(json, type: "session.closed")
        #expect(closed.count == 1)
        #expect(closed.first?["usage"]?["seconds"]?.doubleValue == 7.2)
        #expect(closed.first?["reason"]?.stringValue == "close_requested")
        #expect(closed.first?["context_window"] == nil)
        // LiveKit: 4.6, 7.2 − 4.6 = 2.6, 0; zero tokens, the session id as request id.
        let realtime = Self.metrics(json, type: "realtime_model_metrics")
        let deltas = realtime.compactMap { $0["session_duration"]?.doubleValue }
        #expect(deltas.count == 3)
        #expect(abs(deltas[0] - 4.6) < 1e-9 && abs(deltas[1] - 2.6) < 1e-9 && deltas[2] == 0)
        #expect(
            realtime.allSatisfy {
                $0["input_tokens"]?.intValue == 0 && $0["output_tokens"]?.intValue == 0
                    && $0["total_tokens"]?.intValue == 0
            })
        #expect(realtime.allSatisfy { $0["request_id"]?.stringValue?.hasPrefix("sess_") == true })
        #expect(realtime.first?["label"]?.stringValue == "livekit.agents.llm._realtime.gpt_live.GPTLiveModel")
        // Backend: prompts 5 and 5 + 6 + 6 = 17, completions 6 and 6.
        let llm = Self.metrics(json, type: "llm_metrics")
        #expect(llm.compactMap { $0["prompt_tokens"]?.intValue } == [5, 17])
        #expect(llm.compactMap { $0["completion_tokens"]?.intValue } == [6, 6])
        #expect(llm.compactMap { $0["total_tokens"]?.intValue } == [11, 23])
        #expect(llm.allSatisfy { $0["metadata"]?["model_name"]?.stringValue == "gpt-5.6-luna" })
        let summary = try #require(json["usage_summary_v1_2"])
        #expect(summary["llm_prompt_tokens"]?.intValue == 22)
        #expect(summary["llm_completion_tokens"]?.intValue == 12)
        let live = (json["model_usage"]?.arrayValue ?? []).first { $0["model"]?.stringValue == "gpt-live-1" }
        #expect(abs((live?["session_duration"]?.doubleValue ?? 0) - 7.2) < 1e-9)
    }

    @Test func periodicSnapshotsContextRatioReasoningAndCaching() throws {
        let json = try Self.run("gpt-live-interval.yaml")
        // Every 2.5 s: 2.5 and 5.0 (7.5 is past the 7.2 s end), then session.closed 7.2.
        let updated = Self.payloads(json, type: "session.usage.updated")
        #expect(updated.compactMap { $0["usage"]?["seconds"]?.doubleValue } == [2.5, 5.0])
        // 57 / 8192 = 0.006958 → 0.007; 63 / 8192 = 0.007690 → 0.0077.
        #expect(updated.compactMap { $0["context_window"]?["usage_ratio"]?.doubleValue } == [0.007, 0.0077])
        let deltas = Self.metrics(json, type: "realtime_model_metrics").compactMap {
            $0["session_duration"]?.doubleValue
        }
        #expect(deltas.count == 3 && abs(deltas.reduce(0, +) - 7.2) < 1e-9 && abs(deltas[2] - 2.2) < 1e-9)
        // Inputs 1100 + 5 = 1105 and 1100 + 17 = 1117; the second caches 1024 + floor(81 / 128) × 128 = 1024.
        let llm = Self.metrics(json, type: "llm_metrics")
        #expect(llm.compactMap { $0["prompt_tokens"]?.intValue } == [1105, 1117])
        #expect(llm.compactMap { $0["prompt_cached_tokens"]?.intValue } == [0, 1024])
        #expect(llm.compactMap { $0["completion_tokens"]?.intValue } == [25, 25])
        #expect(llm.compactMap { $0["reasoning_tokens"]?.intValue } == [19, 19])
        let backend = (json["model_usage"]?.arrayValue ?? []).first { $0["model"]?.stringValue == "gpt-5.6-luna" }
        #expect(backend?["output_reasoning_tokens"]?.intValue == 38)
        #expect(backend?["input_tokens"]?.intValue == 2222)
    }

    @Test func compareShowsLiveKitSecondsBesideTheSummedSnapshots() throws {
        let result = try TestSupport.agentsim(
            "compare", TestSupport.scenario("gpt-live.yaml"), "--providers", "openai-live")
        try #require(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        // LiveKit: 4.6 + 2.6 + 0 = 7.2 s; summed snapshots 4.6 + 7.2 + 7.2 = 19.0 s.
        #expect(lines.contains { $0.hasPrefix("  session_duration s (LiveKit)") && $0.hasSuffix(" 7.20") })
        #expect(lines.contains { $0.hasPrefix("  usage.seconds snapshots summed") && $0.hasSuffix(" 19.00") })
        #expect(
            result.stdout.contains(
                "read 4.600, 7.200, 7.200 s. LiveKit emits each one's increase as session_duration, so it reports 7.200 s, the final figure and the session's billed voice time; a collector that sums the snapshots themselves reports 19.000 s, 11.800 s too many"
            ))
        let json = try JSONValue.parse(
            try TestSupport.agentsim(
                "compare", TestSupport.scenario("gpt-live.yaml"), "--providers", "openai-live", "--format", "json"
            ).stdout)
        let seconds = json["providers"]?.arrayValue?.first?["session_seconds"]
        #expect(abs((seconds?["livekit_session_duration"]?.doubleValue ?? 0) - 7.2) < 1e-9)
        #expect(abs((seconds?["snapshots_summed"]?.doubleValue ?? 0) - 19.0) < 1e-9)
    }

    @Test func checkSkipsLiveKit1_2_18AndMatches1_8_9() throws {
        let result = try TestSupport.agentsim(
            "check", TestSupport.scenario("gpt-live.yaml"), TestSupport.scenario("gpt-live-interval.yaml"))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("gpt-live.yaml: 1.2.18: skipped, GPT-Live needs livekit-agents 1.8.9"))
        // Two scenarios × two versions = 4, of which the two 1.2.18 ones are skipped.
        #expect(result.stdout.contains("all 2 checks match; 2 × 1.2.18: skipped, GPT-Live needs livekit-agents 1.8.9"))
        let json = try JSONValue.parse(
            try TestSupport.agentsim("check", TestSupport.scenario("gpt-live.yaml"), "--format", "json").stdout)
        let results = json["scenarios"]?.arrayValue?.first?["results"]
        #expect(results?["1.2.18"]?["verdict"]?.stringValue == "skipped")
        #expect(results?["1.2.18"]?["reason"]?.stringValue == "GPT-Live needs livekit-agents 1.8.9")
        #expect(results?["1.8.9"]?["verdict"]?.stringValue == "match")
    }

    @Test func badOptionsAreRefusedWithLineAndExpectedForm() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (options, message) in [
            (
                "{usage_update_interval: 0.05}",
                "session.options.usage_update_interval: expected 0 (after every reply) or at least 0.1 seconds, got 0.05"
            ),
            ("{delegation: server}", "session.options.delegation"),
            ("{backend_model: \"\"}", "session.options.backend_model: expected a Responses model name"),
            ("{context_window_tokens: 0}", "session.options.context_window_tokens"),
        ] {
            let file = dir.appendingPathComponent("bad.yaml")
            try "version: 1\nsession:\n  provider: openai-live\n  options: \(options)\nturns:\n  - user: \"Hi\"\n"
                .write(to: file, atomically: true, encoding: .utf8)
            let result = try TestSupport.agentsim("run", file.path)
            #expect(result.status == 2)
            #expect(result.stderr.contains("bad.yaml:4:"), "\(result.stderr)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
    }

    @Test func providersDocumentsModelsKnobsRulesAndSources() throws {
        let result = try TestSupport.agentsim("providers", "openai-live")
        #expect(result.status == 0)
        for phrase in [
            "gpt-live-1", "usage_update_interval", "delegation", "backend_reasoning_tokens", "context_window_tokens",
            "session_duration = max(0, seconds − previous snapshot's seconds)",
            "Do not sum this value across usage events",
            "llm/_realtime/gpt_live.py", "check skips that version",
        ] {
            #expect(result.stdout.contains(phrase), "\(phrase)")
        }
    }
}
