import AgentSimAudio
import AgentSimCLI
import AgentSimCore
import Foundation
import LiveKitMetrics
import Testing

@testable import AgentSimViews

/// LiveKit 1.8.9's OTel attributes for realtime turns (`OTelGenAIView.attributes(RealtimeModelMetrics)`) and what
/// Langfuse keeps of them: where livekit/agents#5121's near-2× cost of cached realtime input comes from.
struct RealtimeOTelViewTests {
    /// openai-cache-forum.yaml's reported response (its header): input 789 = text 313 + audio 476, cached 640 = text
    /// 256 + audio 384.
    static func reportedResponse() async throws -> RealtimeModelMetrics {
        let scenario = try ScenarioLoader.load(path: TestSupport.scenario("openai-cache-forum.yaml"))
        let plugin = try scenario.session.plugin(from: AgentSim.plugins)
        let report = try await SessionReport.collect(SessionRun(scenario: scenario, plugin: plugin, clips: ClipCache()))
        let realtime = report.outputs.flatMap(\.metrics).compactMap { if case let .realtime(m) = $0 { m } else { nil } }
        return try #require(realtime.first { $0.inputTokens == 789 })
    }

    @Test func liveKitSetsTheOfficialAndUnofficialKeys() async throws {
        let attrs = Dictionary(
            uniqueKeysWithValues: OTelGenAIView.attributes(try await Self.reportedResponse()).map { ($0.0, $0.1) })
        #expect(attrs["gen_ai.usage.input_tokens"] == 789)
        #expect(attrs["gen_ai.usage.cache_read.input_tokens"] == 640)
        #expect(attrs["gen_ai.usage.input_cached_tokens"] == 640)
        #expect(attrs["gen_ai.usage.text.input_tokens"] == 313)
        #expect(attrs["gen_ai.usage.input_audio_tokens"] == 476)
        #expect(attrs["gen_ai.usage.text.cache_read.input_tokens"] == 256)
        #expect(attrs["gen_ai.usage.audio.cache_read.input_tokens"] == 384)
    }

    /// Langfuse before #13110 keeps input_tokens as `input` (789, the 640 cached included, at the input price) and
    /// the same 640 again as `input_cached_tokens` (at the cached price): the cached tokens are paid for twice,
    /// which for a mostly cached realtime context is close to twice the input bill. Since #13110 `input` is
    /// 789 − 640 = 149.
    @Test func langfuseKeepsCachedRealtimeInputTwice() async throws {
        let attrs = OTelGenAIView.attributes(try await Self.reportedResponse())
        let legacy = Dictionary(uniqueKeysWithValues: LangfuseView(.legacy).usageDetails(attrs).map { ($0.0, $0.1) })
        #expect(legacy["input"] == 789)
        #expect(legacy["input_cached_tokens"] == 640)
        let current = Dictionary(uniqueKeysWithValues: LangfuseView(.current).usageDetails(attrs).map { ($0.0, $0.1) })
        #expect(current["input"] == 149)
        #expect(current["input_cached_tokens"] == 640)
    }
}
