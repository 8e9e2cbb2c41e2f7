import AgentSimJSON
import Foundation
import Testing

/// `agentsim check --serve`: every shipped OpenAI Realtime scenario served to livekit-agents 1.8.9's real
/// `AgentSession` and `RealtimeModel` (Collectors/livekit/drive.py), its metrics compared with agentsim's prediction.
@Suite(.serialized) struct ServeCheckTests {
    /// Every token field of every usage report, and LiveKit's collectors' sums, equal what `agentsim run` predicts:
    /// 13 scenarios (every model the shipped files use, barge-ins in support-call, truncation and the LiveKit
    /// thread, tool calls in support-call and openai-cache-forum, an instructions change, transcriptions).
    @Test func shippedOpenAIRealtimeScenariosMatchLiveKitsRealPlugin() throws {
        // The shipped files whose session.provider is openai-realtime (the Gemini Live and pipeline ones have their
        // own tests: GeminiServeCheckTests, PipelineServeTests).
        let directory = ServeTestSupport.root.appendingPathComponent("Scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { name in
            let text = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            return text?.range(of: #"provider"?: *"?openai-realtime"#, options: .regularExpression) != nil
        }.sorted().map { directory.appendingPathComponent($0).path }
        let result = try ServeTestSupport.run(
            ServeTestSupport.binary, ["check", "--serve"] + files + ["--speed", "16", "--format", "json"])
        let json = try JSONValue.parse(result.stdout)
        let rows = json["scenarios"]?.arrayValue ?? []
        #expect(rows.allSatisfy { $0["match"] == .bool(true) }, "\(result.stdout)\(result.stderr)")
        // The shipped files whose session.provider is openai-realtime.
        #expect(rows.count == 13)
        // support-call's reply cut at 2.5 s, and livekit-thread-openai's five barge-ins, were all driven.
        let bargeIns = rows.reduce(0) { $0 + ($1["barge_ins"]?.intValue ?? 0) }
        #expect(bargeIns == 1 + 5 + 1)
    }
}
