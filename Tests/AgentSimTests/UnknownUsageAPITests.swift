import AgentSimCLI
import AgentSimCore
import AgentSimJSON
import AgentSimViews
import Testing

/// A plugin whose usage API no view knows: the views that have per-API rules (Pipecat, Letta) name it instead of
/// reading it by another API's rules, and everything that reads records generically (the request boundaries, the
/// text) still works, with no edit in the core or the views.
struct UnknownUsageAPITests {
    /// pipeline-openai-chat.yaml with its LLM swapped for the test-only Acme plugin: four LLM requests (the replies
    /// to turns 1 and 4, the tool call of turn 3, the reply to turn 6, cut by a barge-in).
    static func report() async throws -> ViewsReport {
        var scenario = try ScenarioLoader.load(path: TestSupport.scenario("pipeline-openai-chat.yaml"))
        try #require(scenario.session.pipeline != nil)
        scenario.session.pipeline?.llm.provider = "acme"
        let plugin = try scenario.session.plugin(from: AgentSim.plugins + [AcmeLLMPlugin()])
        let report = try await SessionReport.collect(
            SessionRun(scenario: scenario, plugin: plugin, clips: Running.clips))
        return ViewsReport(
            file: "pipeline-openai-chat.yaml", session: try ViewSession(report), views: ViewsReport.standardViews())
    }

    @Test func pipecatAndLettaNameAnAPITheyHaveNoRulesFor() async throws {
        let report = try await Self.report()
        #expect(report.session.requests.count == 4)
        #expect(report.session.requests.allSatisfy { $0.api == AcmeLLMPlugin.api && $0.provider == "acme" })
        let pipecat = ViewsTests.differences(report, "pipecat")
        #expect(
            pipecat.contains(
                "Pipecat 1.14: no rules for Acme Metered usage (from acme); its requests count "
                    + "nothing"))
        let letta = ViewsTests.differences(report, "letta")
        #expect(letta.contains("Letta 0.16: no rules for Acme Metered usage (from acme); its requests count nothing"))
        // Not guessed: each message carries a Chat-shaped usage.prompt_tokens of 100, which OpenAI Chat's rules would
        // have summed to 4 × 100 = 400; an unknown API counts nothing.
        #expect(ViewsTests.figures(report, "pipecat")[.inputTokens] == 0)
        #expect(ViewsTests.figures(report, "letta")[.inputTokens] == 0)
        // The bill still has them: 4 × 100 = 400 input tokens.
        #expect(report.billed.first { $0.role == .llm }?.figure(.inputTokens)?.value == 400)
        // The sentence is in the text output, once per view.
        let lines = report.text.split(separator: "\n").filter { $0.contains("no rules for Acme Metered usage") }
        #expect(lines.count == 2)
    }

    @Test func recordsReadGenericallyStillWork() async throws {
        let report = try await Self.report()
        // Request 0's text is the reply to turn 1, "I am sorry to hear that. Can you give me the order number?":
        // Pipecat's TTS counts each sentence without the space between, 24 + 33 = 57 characters.
        #expect(report.session.requests.first?.text == "I am sorry to hear that. Can you give me the order number?")
        let pipecat = try #require(report.columns.first { $0.view.id == "pipecat" })
        #expect(pipecat.usage.native["tts_characters_by_request"]?.arrayValue?.first?.intValue == 57)
        // Every record ends its stream (the plugin sends its one message even for the cut request).
        #expect(report.session.requests.allSatisfy { $0.complete })
    }
}
