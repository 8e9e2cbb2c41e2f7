import AgentSimAudio
import AgentSimJSON
import Foundation
import LiveKitMetrics
import OpenAIResponses
import Testing

@testable import AgentSimCore

/// The openai-responses plugin handed LLM requests directly. Expected figures are derived by hand from the rules
/// `agentsim providers openai-responses` prints: input = Σ (item tokens + 3) + 3; cached = the prefix shared with the
/// previous request, 0 below 1,024, else 1,024 + k × 128; output = reply tokens + reasoning tokens.
@Suite struct OpenAIResponsesTests {
    static let optionsPath = "session.pipeline.llm.options"

    static func setup(model: String?, options: String, seed: UInt64 = 7) throws -> SessionSetup {
        let value = try ScenarioValue.parseYAML(options, file: "llm.yaml")
        var setup = SessionSetup(
            model: model, modelLocation: SourceLocation(file: "llm.yaml", line: 3, column: 10), options: value,
            seed: seed,
            scenarioName: "t", startTime: 1_700_000_000)
        setup.optionsPath = optionsPath
        setup.modelPath = "session.pipeline.llm.model"
        return setup
    }

    static func session(model: String? = nil, options: String = "{}", seed: UInt64 = 7) throws -> any LLMSession {
        try OpenAIResponsesPlugin().makeLLM(setup(model: model, options: options, seed: seed))
    }

    static func error(model: String? = nil, options: String) -> String? {
        do {
            _ = try OpenAIResponsesPlugin().makeLLM(setup(model: model, options: options))
            return nil
        } catch let error as ScenarioError {
            return "\(error.location.line ?? 0):\(error.location.column ?? 0): \(error.message)"
        } catch {
            return "\(error)"
        }
    }

    static func request(
        index: Int = 0, context: [ContextItem], reply: LLMReply = .text("Sure, I can help with that.", tokens: nil),
        sentAt: Double,
        firstTokenAt: Double, replyTokens: Int, cutAt: Double? = nil
    ) -> LLMRequest {
        LLMRequest(
            index: index, turn: index + 1, speechID: "speech_\(index)", context: context, reply: reply, sentAt: sentAt,
            firstTokenAt: firstTokenAt, tokensPerSecond: 50, replyTokens: replyTokens, cutAt: cutAt)
    }

    static func payloads(_ outputs: [ProviderOutput]) -> [JSONValue] { outputs.compactMap { $0.payload?.json } }
    static func types(_ outputs: [ProviderOutput]) -> [String] { outputs.compactMap { $0.payload?.type } }

    static func llmMetrics(_ outputs: [ProviderOutput]) -> [LLMMetrics] {
        outputs.flatMap(\.metrics).compactMap { if case let .llm(m) = $0 { return m } else { return nil } }
    }

    // Instructions 1,200 + 3 = 1,203 and a user turn 94 + 3 = 97: a 1,300-token prefix.
    static let instructions = ContextItem(role: .system, text: "You are a support agent.", tokens: 1200)
    static let firstUser = ContextItem(role: .user, text: "My order has not arrived.", tokens: 94, turn: 0)

    @Test func usageOnlyAtResponseCompletedWithCachedTokens() throws {
        var llm = try Self.session(model: "gpt-4.1-mini")
        // Request 0: input 1,203 + 97 + 3 = 1,303, cached 0, output 20, total 1,323.
        let first = llm.complete(
            Self.request(
                context: [Self.instructions, Self.firstUser], sentAt: 1.0, firstTokenAt: 1.35, replyTokens: 20))
        // Events: created, in_progress, item added, part added, 20 deltas, text done, part done, item done, completed.
        #expect(Self.types(first).count == 2 + 2 + 20 + 3 + 1)
        #expect(Self.types(first).first == "response.created")
        #expect(Self.types(first).last == "response.completed")
        #expect(Self.payloads(first).last?["sequence_number"]?.intValue == 27)
        // input_tokens_details.cache_write_tokens is 0: OpenAI reports no cache writes for these models, and
        // openai-python's InputTokensDetails requires the field.
        #expect(
            Self.payloads(first).last?["response"]?["usage"]
                == (try JSONValue.parse(
                    #"{"input_tokens":1303,"input_tokens_details":{"cached_tokens":0,"cache_write_tokens":0},"#
                        + #""output_tokens":20,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":1323}"#
                )))
        // Only response.completed carries usage: response.created's is null.
        #expect(Self.payloads(first).first?["response"]?["usage"]?.isNull == true)

        // Request 1 adds a reply (20 + 3) and a user turn (10 + 3): input 1,300 + 23 + 13 + 3 = 1,339; shares 1,300:
        // cached 1,024 + floor(276 / 128) × 128 = 1,280.
        let context = [
            Self.instructions, Self.firstUser,
            ContextItem(role: .assistant, text: "Let me check.", tokens: 20, turn: 1),
            ContextItem(role: .user, text: "It is order 4411.", tokens: 10, turn: 2),
        ]
        let second = llm.complete(
            Self.request(index: 1, context: context, sentAt: 5.0, firstTokenAt: 5.35, replyTokens: 15))
        let m = try #require(Self.llmMetrics(second).first)
        #expect(m.promptTokens == 1339)
        #expect(m.promptCachedTokens == 1280)
        #expect(m.completionTokens == 15)
        #expect(m.totalTokens == 1354)
        #expect(m.label == "livekit.plugins.openai.responses.llm.LLM")
        #expect(m.requestId.hasPrefix("resp_"))
        #expect(m.metadata?.modelProvider == "api.openai.com")
        // ttft 5.35 − 5.0 = 0.35; last token 5.35 + 14/50 = 5.63: duration 0.63.
        #expect(m.ttft == 0.35)
        #expect(m.duration == 0.63)
        #expect(llm.bill.inputTokens == 1303 + 1339)
        #expect(llm.bill.cachedInputTokens == 1280)
        #expect(llm.bill.outputTokens == 35)
    }

    @Test func maxOutputTokensEndsWithIncompleteBilledButUnreported() throws {
        var llm = try Self.session(model: "gpt-4.1", options: "{max_output_tokens: 16}")
        // 40 reply tokens > 16: 16 deltas (the last at 1.35 + 15/50 = 1.65), then response.incomplete with output 16.
        let out = llm.complete(
            Self.request(context: [Self.instructions], sentAt: 1.0, firstTokenAt: 1.35, replyTokens: 40))
        #expect(Self.types(out).filter { $0 == "response.output_text.delta" }.count == 16)
        #expect(Self.types(out).last == "response.incomplete")
        #expect(out.last?.time == 1.65)
        #expect(Self.payloads(out).last?["response"]?["incomplete_details"]?["reason"] == "max_output_tokens")
        // input 1,203 + 3 = 1,206, billed; LiveKit raises: no LLMMetrics at all.
        #expect(Self.payloads(out).last?["response"]?["usage"]?["output_tokens"]?.intValue == 16)
        #expect(Self.llmMetrics(out).isEmpty)
        #expect(llm.bill.inputTokens == 1206)
        #expect(llm.bill.outputTokens == 16)
        let facts = ServiceFacts(
            bill: llm.bill, metrics: [],
            truth: GroundTruth(rates: AudioTokenRates(inputPerSecond: 0, outputPerSecond: 0, billsSilence: false)))
        #expect(
            llm.explain(facts) == [
                "1 response reached max_output_tokens 16 and ended with response.incomplete, which LiveKit raises as an error and reports no LLMMetrics for, while OpenAI billed 1206 input tokens and 16 output tokens."
            ])
    }

    @Test func anInterruptedStreamIsReportedAsZeroTokensButBilled() throws {
        var llm = try Self.session(model: "gpt-4.1")
        // Cut at 1.6: floor((1.6 − 1.35) × 50) + 1 = 13 tokens arrived; no response.completed.
        let out = llm.complete(
            Self.request(context: [Self.instructions], sentAt: 1.0, firstTokenAt: 1.35, replyTokens: 40, cutAt: 1.6))
        #expect(!Self.types(out).contains("response.completed"))
        #expect(Self.types(out).filter { $0 == "response.output_text.delta" }.count == 13)
        let m = try #require(Self.llmMetrics(out).first)
        #expect(m.cancelled)
        #expect(m.promptTokens == 0)
        #expect(m.completionTokens == 0)
        // ttft 0.35; duration 1.6 − 1.0 = 0.6.
        #expect(m.ttft == 0.35)
        #expect(m.duration == 0.6)
        #expect(llm.bill.inputTokens == 1206)
        #expect(llm.bill.outputTokens == 13)

        // A cut before the first delta: LiveKit got no chunk, so no LLMMetrics at all.
        var other = try Self.session(model: "gpt-4.1")
        let early = other.complete(
            Self.request(context: [Self.instructions], sentAt: 1.0, firstTokenAt: 1.35, replyTokens: 40, cutAt: 1.2))
        #expect(Self.llmMetrics(early).isEmpty)
        #expect(other.bill.inputTokens == 1206)
        #expect(other.bill.outputTokens == 0)
    }

    @Test func reasoningTokensAreInsideOutputTokens() throws {
        var llm = try Self.session(model: "gpt-5-mini", options: "{reasoning_effort: low}")
        // low: 256 reasoning tokens + 10 text tokens = 266 output; input 1,206.
        let out = llm.complete(
            Self.request(context: [Self.instructions], sentAt: 1.0, firstTokenAt: 2.0, replyTokens: 10))
        let m = try #require(Self.llmMetrics(out).first)
        #expect(m.completionTokens == 266)
        #expect(m.reasoningTokens == 256)
        #expect(m.totalTokens == 1472)
        #expect(Self.payloads(out).first?["response"]?["reasoning"]?["effort"] == "low")
        #expect(Self.payloads(out).contains { $0["item"]?["type"] == "reasoning" })
    }

    @Test func aToolCallIsFirstSeenAtItsOutputItemDone() throws {
        var llm = try Self.session(model: "gpt-4.1")
        let call = ToolCall(name: "lookup_order", arguments: #"{"id": 4417}"#, result: "{}")
        // 8 tokens: first at 1.35, last 1.35 + 7/50 = 1.49; LiveKit's ttft is the item's done: 0.49.
        let out = llm.complete(
            Self.request(
                context: [Self.instructions], reply: .toolCall(call), sentAt: 1.0, firstTokenAt: 1.35, replyTokens: 8))
        #expect(Self.types(out).filter { $0 == "response.function_call_arguments.delta" }.count == 7)
        let done = try #require(Self.payloads(out).first { $0["type"] == "response.function_call_arguments.done" })
        #expect(done["arguments"] == #"{"id": 4417}"#)
        let m = try #require(Self.llmMetrics(out).first)
        #expect(m.ttft == 0.49)
        #expect(m.completionTokens == 8)
    }

    @Test func theSameSeedGivesTheSameBytes() throws {
        func run() throws -> [String] {
            var llm = try Self.session(seed: 42)
            return Self.payloads(
                llm.complete(Self.request(context: [Self.instructions], sentAt: 1, firstTokenAt: 1.35, replyTokens: 5))
            ).map { $0.compactString() }
        }
        #expect(try run() == run())
    }

    @Test(arguments: [
        (
            "gpt-4.1", "{max_output_tokens: 8}",
            "1:21: session.pipeline.llm.options.max_output_tokens: expected a whole number from 16 to 1000000, got 8"
        ),
        (
            "gpt-4.1", "{reasoning_effort: low}",
            "1:20: session.pipeline.llm.options.reasoning_effort: gpt-4.1 is not a reasoning model; expected no reasoning_effort, or a reasoning model (gpt-5-mini)"
        ),
        (
            "gpt-5-mini", "{reasoning_effort: extreme}",
            "1:20: session.pipeline.llm.options.reasoning_effort: gpt-5-mini accepts minimal, low, medium, high, got 'extreme'"
        ),
    ])
    func badOptionsAreRefused(model: String, options: String, expected: String) {
        #expect(Self.error(model: model, options: options) == expected)
    }

    @Test func randomSetupsAreAlwaysValid() throws {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<200 {
            let drawn = OpenAIResponsesPlugin().randomSetup(using: &rng)
            #expect(
                Self.error(model: drawn.model, options: drawn.options.compactString()) == nil, "a drawn setup must load"
            )
        }
    }
}

/// Scenarios/pipeline-openai-responses.yaml through the engine, its speech services silent: the LLM figures the
/// file derives in its comments.
@Suite struct OpenAIResponsesScenarioTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theSupportCallMatchesItsComments() async throws {
        let scenario = try ScenarioLoader.load(
            path: Self.root.appendingPathComponent("Scenarios/pipeline-openai-responses.yaml").path)
        let plugins: [any ProviderPlugin] = [
            OpenAIResponsesPlugin(), OpenAIChatScenarioTests.SilentServices(id: "deepgram", roles: [.stt]),
            OpenAIChatScenarioTests.SilentServices(id: "elevenlabs", roles: [.tts]),
        ]
        let plugin = try scenario.session.plugin(from: plugins)
        let report = try await SessionReport.collect(SessionRun(scenario: scenario, plugin: plugin, clips: ClipCache()))
        let m = report.metrics.compactMap { if case let .llm(m) = $0 { return m } else { return nil } }
        // Three LLMMetrics: the fourth request ended with response.incomplete, which LiveKit raises on.
        #expect(m.map(\.promptTokens) == [1303, 1330, 1464])
        #expect(m.map(\.promptCachedTokens) == [0, 1280, 1280])
        #expect(m.map(\.completionTokens) == [15, 8, 14])
        #expect(m.map(\.ttft) == [0.35, 0.49, 0.35])
        #expect(m.map(\.duration) == [0.63, 0.49, 0.61])
        let bill = try #require(report.bills.first { $0.role == .llm })
        #expect(bill.requests == 4)
        #expect(bill.inputTokens == 5586)
        #expect(bill.cachedInputTokens == 3968)
        #expect(bill.outputTokens == 53)
        let incomplete = report.outputs.compactMap { $0.payload?.json }.filter { $0["type"] == "response.incomplete" }
        #expect(incomplete.compactMap { $0["response"]?["usage"]?["output_tokens"]?.intValue } == [16])
    }
}
