import AgentSimJSON
import Foundation
import Testing

/// `agentsim check --serve` over the shipped GPT-Live scenarios: each served on `/v1/live/sessions` to livekit-agents
/// 1.8.9's real `AgentSession` with livekit-plugins-openai 1.8.9's `GPTLiveModel` (full duplex, behind LiveKit's
/// DuplexRealtimeAdapter), its metrics compared with agentsim's prediction: every snapshot's tokens and
/// `session_duration`, every backend `llm_metrics`, LiveKit's collector sums.
@Suite(.serialized) struct GPTLiveServeCheckTests {
    /// gpt-live.yaml: snapshots after each spoken reply (4.6, 7.2) and session.closed (7.2): LiveKit's deltas 4.6 +
    /// 2.6 + 0 = 7.2 s; backend runs prompt 5 + 17 = 22, completion 6 + 6 = 12. gpt-live-interval.yaml: snapshots at
    /// 2.5 and 5.0 s and the close at 7.2 s: 2.5 + 2.5 + 2.2 = 7.2 s; backend prompt 1105 + 1117 = 2222, cached 1024.
    @Test func shippedGPTLiveScenariosMatchLiveKitsRealClient() throws {
        let directory = ServeTestSupport.root.appendingPathComponent("Scenarios")
        let files = ["gpt-live.yaml", "gpt-live-interval.yaml"].map { directory.appendingPathComponent($0).path }
        let result = try ServeTestSupport.run(
            ServeTestSupport.binary, ["check", "--serve"] + files + ["--speed", "4", "--format", "json"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        #expect(json["all_match"] == .bool(true), "\(result.stdout)")
        let rows = json["scenarios"]?.arrayValue ?? []
        #expect(rows.count == 2)
        // Three snapshots and two backend runs each.
        #expect(rows.allSatisfy { $0["reports"] == 5 }, "\(result.stdout)")
    }
}
