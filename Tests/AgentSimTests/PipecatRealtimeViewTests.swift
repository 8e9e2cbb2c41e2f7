import AgentSimAudio
import AgentSimCLI
import AgentSimCore
import AgentSimJSON
import Foundation
import Testing

@testable import AgentSimViews

/// `PipecatView.realtimeUsage`: Pipecat 1.14.0's realtime services' `LLMTokenUsage`, read from a realtime session's
/// native messages by Pipecat's rules. The figures are the ones Pipecat's real services reported when served the same
/// scenarios by `agentsim serve` (PipecatServeTests, PipecatGeminiServeTests), derived here from the headers.
struct PipecatRealtimeViewTests {
    static func payloads(_ name: String) async throws -> (provider: String, payloads: [JSONValue]) {
        let scenario = try ScenarioLoader.load(path: TestSupport.scenario(name))
        let plugin = try scenario.session.plugin(from: AgentSim.plugins)
        let report = try await SessionReport.collect(SessionRun(scenario: scenario, plugin: plugin, clips: ClipCache()))
        return (scenario.session.provider, report.outputs.compactMap { $0.payload?.json })
    }

    /// gemini-thinking.yaml: prompt 370 (AUDIO 50), response 52 (AUDIO 47), thoughts 38: Pipecat's completion is
    /// 52 + 38 = 90 and its total 370 + 90 = 460, reasoning 38; nothing cached.
    @Test func geminiLiveThinking() async throws {
        let (provider, payloads) = try await Self.payloads("gemini-thinking.yaml")
        let usage = try #require(PipecatView.realtimeUsage(provider: provider, payloads: payloads))
        #expect(
            usage == [
                .init(
                    promptTokens: 370, completionTokens: 90, totalTokens: 460, cacheReadInputTokens: nil,
                    reasoningTokens: 38, inputAudioTokens: 50, outputAudioTokens: 47, cacheReadInputAudioTokens: nil)
            ])
    }

    /// openai-hi.yaml: prompt 112 + 6 = 118 with 4 audio tokens, nothing cached (reported as 0); completion 9 text +
    /// 36 audio = 45; total 163.
    @Test func openAIRealtimeHi() async throws {
        let (provider, payloads) = try await Self.payloads("openai-hi.yaml")
        let usage = try #require(PipecatView.realtimeUsage(provider: provider, payloads: payloads))
        #expect(usage.count == 1)
        #expect(usage.first?.promptTokens == 118)
        #expect(usage.first?.inputAudioTokens == 4)
        #expect(usage.first?.cacheReadInputTokens == 0)
        #expect(usage.first?.completionTokens == 45)
        #expect(usage.first?.outputAudioTokens == 36)
        #expect(usage.first?.totalTokens == 163)
    }

    /// A usage message without turnComplete is not read. gemini-standalone-usage.yaml's header: three usage messages
    /// (a stand-alone one before any response, response 0's on turnComplete, response 1's on its own message), so
    /// Pipecat reports response 0 only: prompt 548 + 6 = 554, completion 5. GPT-Live has no Pipecat service.
    @Test func whatPipecatDoesNotRead() async throws {
        let (provider, payloads) = try await Self.payloads("gemini-standalone-usage.yaml")
        #expect(payloads.filter { $0["usageMetadata"] != nil }.count == 3)
        let read = try #require(PipecatView.realtimeUsage(provider: provider, payloads: payloads))
        #expect(read.count == 1)
        #expect(read.first?.promptTokens == 554)
        #expect(read.first?.completionTokens == 5)
        #expect(PipecatView.realtimeUsage(provider: "openai-live", payloads: []) == nil)
    }
}
