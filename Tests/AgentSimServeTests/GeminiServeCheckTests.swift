import AgentSimJSON
import Foundation
import Testing

/// `agentsim check --serve` over the shipped Gemini Live scenarios: each served over TLS to livekit-agents 1.8.9's real
/// `AgentSession` with livekit-plugins-google 1.8.9's `RealtimeModel` (google-genai 3.6.1), its metrics compared with
/// agentsim's prediction token field by token field.
@Suite(.serialized) struct GeminiServeCheckTests {
    /// 18 scenarios: every Gemini API model the shipped files use (2.0 half-cascade, 2.5 native audio, 3.1, 3.8, 3.8
    /// extended thinking) and every knob (caching with and without details, cumulative, duplicate, standalone and
    /// missing usage, thinking, media, audio rates, modalities, a recording, a tool call with its tool-use prompt, an
    /// instructions change, a silence turn), the seed thread's call with its barge-in; and gemini-vertex.yaml, served
    /// on Vertex AI's LlmBidiService path to the plugin's `vertexai=True` client (an OAuth2 access token as its
    /// credentials).
    @Test func shippedGeminiLiveScenariosMatchLiveKitsRealPlugin() throws {
        let directory = ServeTestSupport.root.appendingPathComponent("Scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.hasPrefix("gemini-") || $0 == "livekit-thread-gemini.yaml"
        }.sorted().map { directory.appendingPathComponent($0).path }
        #expect(files.count == 18)
        let result = try ServeTestSupport.run(
            ServeTestSupport.binary, ["check", "--serve"] + files + ["--speed", "16", "--format", "json"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        #expect(json["all_match"] == .bool(true), "\(result.stdout)")
        let rows = json["scenarios"]?.arrayValue ?? []
        #expect(rows.count == 18)
        // gemini-vertex.yaml: two replies, two usage reports (prompt 400 and 519 by its header).
        #expect(rows.first { $0["scenario"]?.stringValue?.hasSuffix("gemini-vertex.yaml") == true }?["reports"] == 2)
        // gemini-native-audio's last reply and the seed thread's third are cut by the user.
        #expect(rows.reduce(0) { $0 + ($1["barge_ins"]?.intValue ?? 0) } == 2)
    }
}
