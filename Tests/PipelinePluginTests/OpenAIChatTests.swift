import AgentSimAudio
import AgentSimJSON
import Foundation
import LiveKitMetrics
import OpenAIChat
import Testing

@testable import AgentSimCore

/// The openai-chat plugin handed LLM requests directly. Every expected figure is derived by hand in the comments from
/// the rules `agentsim providers openai-chat` prints: prompt = Σ (item tokens + 3) + 3; cached = the prefix shared
/// with the previous request, 0 below 1,024, else 1,024 + k × 128; completion = reply tokens + reasoning tokens.
@Suite struct OpenAIChatTests {
    static let optionsPath = "session.pipeline.llm.options"
    static let truth = GroundTruth(rates: AudioTokenRates(inputPerSecond: 0, outputPerSecond: 0, billsSilence: false))

    /// A session on `model` with `options` (a YAML flow map, parsed as line 1 of `llm.yaml`).
    static func session(
        model: String? = nil, options: String = "{}", seed: UInt64 = 7, salt: UInt64 = 0
    ) throws -> any LLMSession {
        try OpenAIChatPlugin().makeLLM(setup(model: model, options: options, seed: seed, salt: salt))
    }

    static func setup(model: String?, options: String, seed: UInt64 = 7, salt: UInt64 = 0) throws -> SessionSetup {
        let value = try ScenarioValue.parseYAML(options, file: "llm.yaml")
        var setup = SessionSetup(
            model: model, modelLocation: SourceLocation(file: "llm.yaml", line: 3, column: 10), options: value,
            seed: seed,
            scenarioName: "t", startTime: 1_700_000_000)
        setup.optionsPath = optionsPath
        setup.modelPath = "session.pipeline.llm.model"
        setup.idSalt = salt
        return setup
    }

    /// The error `makeLLM` throws for `options` on `model`, as `line:column: message`.
    static func error(model: String? = nil, options: String) -> String? {
        do {
            _ = try OpenAIChatPlugin().makeLLM(setup(model: model, options: options))
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
        firstTokenAt: Double, tokensPerSecond: Double = 50, replyTokens: Int, cutAt: Double? = nil
    ) -> LLMRequest {
        LLMRequest(
            index: index, turn: index + 1, speechID: "speech_\(index)", context: context, reply: reply, sentAt: sentAt,
            firstTokenAt: firstTokenAt, tokensPerSecond: tokensPerSecond, replyTokens: replyTokens, cutAt: cutAt)
    }

    static func payloads(_ outputs: [ProviderOutput]) -> [JSONValue] { outputs.compactMap { $0.payload?.json } }

    static func llmMetrics(_ outputs: [ProviderOutput]) -> [LLMMetrics] {
        outputs.flatMap(\.metrics).compactMap { if case let .llm(m) = $0 { return m } else { return nil } }
    }

    static func json(_ text: String) throws -> JSONValue { try JSONValue.parse(text) }

    // The 1,300-token prefix: instructions of 1,200 tokens (+3 = 1,203) and a first user turn of 94 (+3 = 97).
    static let instructions = ContextItem(role: .system, text: "You are a support agent.", tokens: 1200)
    static let firstUser = ContextItem(role: .user, text: "My order has not arrived.", tokens: 94, turn: 0)

    @Test func usageChunkOfARequestWithA1300TokenPrefix() throws {
        var llm = try Self.session(model: "gpt-4.1-mini")
        // Request 0: prompt = 1,203 + 97 + 3 (priming) = 1,303; nothing before it, so cached = 0.
        // 20 reply tokens: completion 20, total 1,323.
        let first = llm.complete(
            Self.request(
                index: 0, context: [Self.instructions, Self.firstUser], sentAt: 1.0, firstTokenAt: 1.35, replyTokens: 20
            ))
        #expect(
            Self.payloads(first).last?["usage"]
                == (try Self.json(
                    #"{"prompt_tokens":1303,"completion_tokens":20,"total_tokens":1323,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}"#
                )))

        // Request 1 adds the reply (20 + 3 = 23) and a user turn (10 + 3 = 13): prompt = 1,300 + 23 + 13 + 3 = 1,339.
        // It shares instructions + first user turn with request 0: 1,300 tokens ≥ 1,024, so
        // cached = 1,024 + floor((1,300 − 1,024) / 128) × 128 = 1,024 + 2 × 128 = 1,280.
        // 15 reply tokens: completion 15, total 1,339 + 15 = 1,354.
        let context = [
            Self.instructions, Self.firstUser,
            ContextItem(role: .assistant, text: "Let me check.", tokens: 20, turn: 1),
            ContextItem(role: .user, text: "It is order 4411.", tokens: 10, turn: 2),
        ]
        let second = llm.complete(
            Self.request(index: 1, context: context, sentAt: 10.0, firstTokenAt: 10.35, replyTokens: 15))
        let last = try #require(Self.payloads(second).last)
        #expect(last["choices"] == .array([]))
        #expect(last["object"] == "chat.completion.chunk")
        #expect(last["model"] == "gpt-4.1-mini-2025-04-14")
        #expect(
            last["usage"]
                == (try Self.json(
                    #"{"prompt_tokens":1339,"completion_tokens":15,"total_tokens":1354,"prompt_tokens_details":{"cached_tokens":1280,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}"#
                )))
        // Every chunk before the last has usage null: role chunk + 15 token chunks + finish chunk = 17.
        let earlier = Self.payloads(second).dropLast()
        #expect(earlier.count == 17)
        #expect(earlier.allSatisfy { $0["usage"] == .null })
        #expect(earlier.last?["choices"]?.arrayValue?.first?["finish_reason"] == "stop")

        // LiveKit copies the usage: ttft = 10.35 − 10.0 = 0.35; the last token at 10.35 + 14/50 = 10.63, so
        // duration = 0.63 and tokens_per_second = 15 / 0.63 = 23.8095…
        let m = try #require(Self.llmMetrics(second).first)
        #expect(m.promptTokens == 1339)
        #expect(m.promptCachedTokens == 1280)
        #expect(m.completionTokens == 15)
        #expect(m.totalTokens == 1354)
        #expect(m.cacheCreationTokens == 0)
        #expect(m.ttft == 0.35)
        #expect(m.duration == 0.63)
        #expect(abs(m.tokensPerSecond - 23.809_523_8) < 1e-6)
        #expect(!m.cancelled)
        #expect(m.label == "livekit.plugins.openai.llm.LLM")
        #expect(m.requestId == last["id"]?.stringValue)
        #expect(m.speechId == "speech_1")
        #expect(m.metadata == Metadata(modelName: "gpt-4.1-mini", modelProvider: "api.openai.com"))
        // Emitted when the stream ends: start time + 10.63.
        #expect(m.timestamp == 1_700_000_010.63)
        #expect(second.last?.time == 10.63)

        // The bill: 1,303 + 1,339 = 2,642 prompt tokens, 1,280 of them cached; 20 + 15 = 35 completion tokens.
        #expect(llm.bill.requests == 2)
        #expect(llm.bill.inputTokens == 2642)
        #expect(llm.bill.cachedInputTokens == 1280)
        #expect(llm.bill.outputTokens == 35)
        #expect(llm.bill.cacheCreationTokens == 0)
    }

    @Test func theStreamCarriesTheReplyTextOneTokenPerChunk() throws {
        var llm = try Self.session()
        // "Sure, I can help with that." is 27 scalars in 7 tokens: boundaries ceil(27k/7) = 0, 4, 8, 12, 16, 20, 24, 27.
        let outputs = llm.complete(
            Self.request(
                context: [Self.instructions], reply: .text("Sure, I can help with that.", tokens: 7), sentAt: 0,
                firstTokenAt: 0.5,
                tokensPerSecond: 10, replyTokens: 7))
        let deltas = Self.payloads(outputs).compactMap { $0["choices"]?.arrayValue?.first?["delta"] }
        #expect(deltas.first == (try Self.json(#"{"role":"assistant","content":"","refusal":null}"#)))
        let pieces = deltas.dropFirst().compactMap { $0["content"]?.stringValue }
        #expect(pieces == ["Sure", ", I ", "can ", "help", " wit", "h th", "at."])
        // Token k at 0.5 + (k − 1)/10: 0.5, 0.6, …, 1.1; the role chunk comes with the first.
        #expect(outputs.map(\.time) == [0.5, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.1, 1.1])
    }

    @Test func anInterruptedReplyIsReportedAsZeroTokensButBilled() throws {
        var llm = try Self.session(model: "gpt-4o-mini")
        // Prompt: instructions 1,200 + 3 and a user turn of 20 + 3, plus 3 priming = 1,229.
        // 40 reply tokens from 5.35 s at 50/s; the barge-in at 5.75 s: floor((5.75 − 5.35) × 50) + 1 = 21 tokens arrived.
        let context = [Self.instructions, ContextItem(role: .user, text: "Tell me everything.", tokens: 20, turn: 0)]
        let outputs = llm.complete(
            Self.request(context: context, sentAt: 5.0, firstTokenAt: 5.35, replyTokens: 40, cutAt: 5.75))
        // The stream: the role chunk and 21 token chunks; no finish chunk, no usage chunk.
        let chunks = Self.payloads(outputs)
        #expect(chunks.count == 22)
        #expect(chunks.allSatisfy { $0["usage"] == .null })
        #expect(chunks.allSatisfy { $0["choices"]?.arrayValue?.first?["finish_reason"] == .null })

        // LiveKit: every token field 0, cancelled; ttft 5.35 − 5.0 = 0.35, duration 5.75 − 5.0 = 0.75.
        let m = try #require(Self.llmMetrics(outputs).first)
        #expect(m.cancelled)
        #expect(
            m.promptTokens == 0 && m.completionTokens == 0 && m.totalTokens == 0 && m.promptCachedTokens == 0
                && m.reasoningTokens == 0)
        #expect(m.tokensPerSecond == 0)
        #expect(m.ttft == 0.35)
        #expect(m.duration == 0.75)
        #expect(m.requestId == chunks.first?["id"]?.stringValue)
        #expect(m.timestamp == 1_700_000_005.75)

        // OpenAI's bill: the whole prompt and the 21 tokens generated before the cut.
        #expect(llm.bill.inputTokens == 1229)
        #expect(llm.bill.outputTokens == 21)

        let facts = ServiceFacts(bill: llm.bill, metrics: [.llm(m)], truth: Self.truth)
        #expect(
            llm.explain(facts) == [
                "1 interrupted stream lost its last chunk, the only one with usage, so LiveKit reported 0 tokens (cancelled) for it, while OpenAI billed 1229 prompt tokens and the 21 completion tokens generated before the cut."
            ])
    }

    @Test func reasoningTokensAreInsideCompletionTokens() throws {
        var llm = try Self.session(model: "gpt-5-mini", options: "{reasoning_effort: low}")
        // reasoning_effort low → 256 reasoning tokens per request (the documented default for low).
        // Prompt: 1,203 + 97 + 3 = 1,303. Completion = 30 reply tokens + 256 reasoning = 286; total 1,589.
        let outputs = llm.complete(
            Self.request(
                context: [Self.instructions, Self.firstUser], sentAt: 1, firstTokenAt: 2, replyTokens: 30))
        let usage = try #require(Self.payloads(outputs).last?["usage"])
        #expect(usage["completion_tokens"] == 286)
        #expect(usage["total_tokens"] == 1589)
        #expect(usage["completion_tokens_details"]?["reasoning_tokens"] == 256)
        let m = try #require(Self.llmMetrics(outputs).first)
        #expect(m.completionTokens == 286 && m.reasoningTokens == 256 && m.totalTokens == 1589)
        // Reasoning is never streamed: 30 text chunks + role + finish + usage.
        #expect(outputs.count == 33)
        #expect(llm.bill.outputTokens == 286)
        #expect(llm.bill.reasoningTokens == 256)
        #expect(
            llm.explain(ServiceFacts(bill: llm.bill, metrics: [.llm(m)], truth: Self.truth)) == [
                "256 of the 286 completion tokens OpenAI billed are reasoning tokens (gpt-5-mini at reasoning_effort low, 256 per request): never streamed or spoken; LiveKit 1.8.9 reports them in reasoning_tokens, 1.2.18 only inside completion_tokens."
            ])
    }

    @Test func livekitsMinimalEffortIsTheDefault() throws {
        var llm = try Self.session(model: "gpt-5-mini")
        // minimal → 0 reasoning tokens: completion = the 12 reply tokens.
        let outputs = llm.complete(
            Self.request(context: [Self.instructions], sentAt: 0, firstTokenAt: 0.4, replyTokens: 12))
        #expect(Self.llmMetrics(outputs).first?.completionTokens == 12)
        #expect(Self.llmMetrics(outputs).first?.reasoningTokens == 0)
    }

    @Test func anInterruptedReasoningReplyBillsItsReasoningFirst() throws {
        var llm = try Self.session(model: "gpt-5-mini", options: "{reasoning_tokens: 300}")
        // Cut at 2.18 s: text tokens from 2.0 at 50/s, floor(0.18 × 50) + 1 = 10 arrived; all 300 reasoning tokens came
        // before the first text token. Bill: 310 completion, 300 reasoning. LiveKit: 0, cancelled.
        let outputs = llm.complete(
            Self.request(context: [Self.instructions], sentAt: 1, firstTokenAt: 2, replyTokens: 50, cutAt: 2.18))
        #expect(llm.bill.outputTokens == 310)
        #expect(llm.bill.reasoningTokens == 300)
        let m = try #require(Self.llmMetrics(outputs).first)
        #expect(m.cancelled && m.completionTokens == 0 && m.reasoningTokens == 0)

        // Cut at 1.25 s, before the first text token (2.0): reasoning runs from 1.0 to 2.0, so a quarter of it,
        // floor(300 × 0.25) = 75 tokens, was generated. LiveKit got no chunk with content: no LLMMetrics at all.
        let early = llm.complete(
            Self.request(
                index: 1, context: [Self.instructions], sentAt: 1, firstTokenAt: 2, replyTokens: 50, cutAt: 1.25))
        #expect(early.isEmpty)
        #expect(llm.bill.outputTokens == 310 + 75)
        #expect(llm.bill.reasoningTokens == 300 + 75)
    }

    @Test func aToolCallStreamsToolCallDeltas() throws {
        var llm = try Self.session()
        // 6 tokens from 2.35 s at 50/s: the name chunk at 2.35, five argument chunks at 2.37 … 2.45, the finish chunk and
        // the usage chunk at the last token, 2.35 + 5/50 = 2.45. The 16-scalar arguments in 5 pieces: boundaries
        // ceil(16k/5) = 0, 4, 7, 10, 13, 16.
        let call = ToolCall(name: "get_weather", arguments: #"{"city":"Paris"}"#, result: "sunny")
        let outputs = llm.complete(
            Self.request(
                context: [Self.instructions], reply: .toolCall(call), sentAt: 2.0, firstTokenAt: 2.35, replyTokens: 6))
        let chunks = Self.payloads(outputs)
        #expect(chunks.count == 8)
        let first = try #require(chunks.first?["choices"]?.arrayValue?.first?["delta"])
        let callID = try #require(first["tool_calls"]?.arrayValue?.first?["id"]?.stringValue)
        #expect(callID.hasPrefix("call_"))
        #expect(
            first
                == (try Self.json(
                    #"{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"\#(callID)","type":"function","function":{"name":"get_weather","arguments":""}}],"refusal":null}"#
                )))
        let pieces = chunks[1...5].compactMap {
            $0["choices"]?.arrayValue?.first?["delta"]?["tool_calls"]?.arrayValue?.first?["function"]?["arguments"]?
                .stringValue
        }
        #expect(pieces == [#"{"ci"#, #"ty""#, #":"P"#, "ari", #"s"}"#])
        #expect(chunks[6]["choices"]?.arrayValue?.first?["finish_reason"] == "tool_calls")
        #expect(outputs.map(\.time) == [2.35, 2.37, 2.39, 2.41, 2.43, 2.45, 2.45, 2.45])
        // Prompt 1,203 + 3 = 1,206; completion 6.
        #expect(chunks[7]["usage"]?["prompt_tokens"] == 1206)
        #expect(chunks[7]["usage"]?["completion_tokens"] == 6)
        // LiveKit emits the call only once it is complete, at the finish chunk: ttft = 2.45 − 2.0 = 0.45, not 0.35.
        let m = try #require(Self.llmMetrics(outputs).first)
        #expect(m.ttft == 0.45)
        #expect(m.completionTokens == 6)
    }

    @Test func changedInstructionsOrCachingOffCacheNothing() throws {
        var llm = try Self.session()
        let long = ContextItem(role: .user, text: "x", tokens: 2000, turn: 0)
        _ = llm.complete(
            Self.request(context: [Self.instructions, long], sentAt: 0, firstTokenAt: 0.3, replyTokens: 5))
        // New instructions: the first item differs, the shared prefix is 0 tokens.
        let changed = ContextItem(role: .system, text: "You are a sales agent.", tokens: 1200)
        let outputs = llm.complete(
            Self.request(index: 1, context: [changed, long], sentAt: 5, firstTokenAt: 5.3, replyTokens: 5))
        #expect(Self.llmMetrics(outputs).first?.promptCachedTokens == 0)

        var off = try Self.session(options: "{caching: false}")
        _ = off.complete(
            Self.request(context: [Self.instructions, long], sentAt: 0, firstTokenAt: 0.3, replyTokens: 5))
        let again = off.complete(
            Self.request(index: 1, context: [Self.instructions, long], sentAt: 5, firstTokenAt: 5.3, replyTokens: 5))
        #expect(Self.llmMetrics(again).first?.promptCachedTokens == 0)
        // The same context with caching on: shared = 1,203 + 2,003 = 3,206 → 1,024 + floor(2,182 / 128) × 128 = 3,200.
        var on = try Self.session()
        _ = on.complete(Self.request(context: [Self.instructions, long], sentAt: 0, firstTokenAt: 0.3, replyTokens: 5))
        let hit = on.complete(
            Self.request(index: 1, context: [Self.instructions, long], sentAt: 5, firstTokenAt: 5.3, replyTokens: 5))
        #expect(Self.llmMetrics(hit).first?.promptCachedTokens == 3200)
    }

    @Test func estimatesAndOverheadsFollowTheKnobs() throws {
        var llm = try Self.session(
            options: "{characters_per_token: 2, message_overhead_tokens: 4, reply_priming_tokens: 0}")
        // "Hello there" is 11 scalars → ceil(11 / 2) = 6 tokens, + 4 overhead = 10; no priming: prompt 10.
        let outputs = llm.complete(
            Self.request(
                context: [ContextItem(role: .user, text: "Hello there", turn: 0)], sentAt: 0, firstTokenAt: 0.3,
                replyTokens: 3))
        #expect(Self.llmMetrics(outputs).first?.promptTokens == 10)
    }

    @Test func theSameSeedGivesTheSameBytes() throws {
        func run(salt: UInt64) throws -> [String] {
            var llm = try Self.session(seed: 42, salt: salt)
            let outputs = llm.complete(
                Self.request(context: [Self.instructions], sentAt: 0, firstTokenAt: 0.3, replyTokens: 4))
            return outputs.compactMap { $0.payload?.json.compactString() }
                + Self.llmMetrics(outputs).map { $0.json().compactString() }
        }
        let a = try run(salt: 0), b = try run(salt: 0), c = try run(salt: 1)
        #expect(a == b)
        #expect(a != c)
        // id "chatcmpl-" + 29 characters, system_fingerprint "fp_" + 10 hex digits, created = floor(start + sent).
        let first = try Self.json(a[0])
        let id = try #require(first["id"]?.stringValue)
        #expect(id.hasPrefix("chatcmpl-") && id.count == 9 + 29)
        let fingerprint = try #require(first["system_fingerprint"]?.stringValue)
        #expect(fingerprint.hasPrefix("fp_") && fingerprint.count == 13)
        #expect(first["created"] == 1_700_000_000)
        #expect(
            first.keys == [
                "id", "object", "created", "model", "service_tier", "system_fingerprint", "choices", "usage",
            ])
    }

    // Columns: the value of a 16-character key such as reasoning_effort in "{key: v}" starts at 1 + 1 + 16 + 2 = 20.
    @Test(arguments: [
        (
            "gpt-4.1", "{cache_min: 5}",
            "1:2: session.pipeline.llm.options: unknown key 'cache_min'; expected one of: cache_min_tokens, cache_step_tokens, caching, characters_per_token, host, message_overhead_tokens, reasoning_effort, reasoning_tokens, reply_priming_tokens"
        ),
        (
            "gpt-4.1", "{reasoning_effort: low}",
            "1:20: session.pipeline.llm.options.reasoning_effort: gpt-4.1 is not a reasoning model; expected no reasoning_effort, or a reasoning model (gpt-5-mini)"
        ),
        (
            "gpt-4o-mini", "{reasoning_tokens: 100}",
            "1:20: session.pipeline.llm.options.reasoning_tokens: gpt-4o-mini is not a reasoning model; expected no reasoning_tokens, or a reasoning model (gpt-5-mini)"
        ),
        (
            "gpt-5-mini", "{reasoning_effort: none}",
            "1:20: session.pipeline.llm.options.reasoning_effort: gpt-5-mini accepts minimal, low, medium, high, got 'none'"
        ),
        (
            "gpt-5-mini", "{reasoning_tokens: -1}",
            "1:20: session.pipeline.llm.options.reasoning_tokens: expected a whole number from 0 to 1000000, got -1"
        ),
        (
            "gpt-4.1", "{cache_step_tokens: 0}",
            "1:21: session.pipeline.llm.options.cache_step_tokens: expected a whole number from 1 to 10000000, got 0"
        ),
        (
            "gpt-4.1", "{caching: yes please}",
            "1:11: session.pipeline.llm.options.caching: expected true or false, got a string 'yes please'"
        ),
        (
            "gpt-4.1", "{host: ''}",
            "1:8: session.pipeline.llm.options.host: expected a host name such as api.openai.com, got an empty string"
        ),
        ("gpt-4.1", "[caching]", "1:1: session.pipeline.llm.options: expected a map, got a list"),
        (
            "gpt-4.5", "{}",
            "3:10: session.pipeline.llm.model: unknown model 'gpt-4.5'; expected one of gpt-4.1, gpt-4.1-mini, gpt-4o-mini, gpt-5-mini"
        ),
    ])
    func badOptionsAndModelsAreRefused(model: String, options: String, expected: String) {
        #expect(Self.error(model: model, options: options) == expected)
    }

    @Test func theDefaultModelIsLiveKitsAndEveryKnobIsDocumented() throws {
        let llm = try Self.session()
        #expect(llm.modelName == "gpt-4.1")
        let doc = OpenAIChatPlugin().documentation
        #expect(doc.models.map(\.name) == ["gpt-4.1", "gpt-4.1-mini", "gpt-4o-mini", "gpt-5-mini"])
        #expect(
            doc.options.map(\.key).sorted() == [
                "cache_min_tokens", "cache_step_tokens", "caching", "characters_per_token", "host",
                "message_overhead_tokens",
                "reasoning_effort", "reasoning_tokens", "reply_priming_tokens",
            ])
        #expect(OpenAIChatPlugin().roles == [.llm])
    }

    @Test func randomSetupsAreAlwaysValid() throws {
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<200 {
            let drawn = OpenAIChatPlugin().randomSetup(using: &rng)
            let yaml = drawn.options.compactString()
            #expect(Self.error(model: drawn.model, options: yaml) == nil, "a drawn setup must load")
        }
    }
}

/// The two openai-chat scenarios run through the engine. Their speech services are silent here (they bill and
/// report nothing), so what is asserted is this plugin's own: the LLM figures each file derives in its comments.
@Suite struct OpenAIChatScenarioTests {
    struct SilentServices: ProviderPlugin {
        var id: String
        var roles: [ServiceRole]
        var documentation: PluginDocumentation {
            PluginDocumentation(
                id: id, title: id, summary: "", models: [ModelDocumentation(name: "any", summary: "", isDefault: true)],
                options: [], rules: [], sources: [])
        }
        func makeSTT(_ setup: SessionSetup) throws(ScenarioError) -> any STTSession { SilentSTT() }
        func makeTTS(_ setup: SessionSetup) throws(ScenarioError) -> any TTSSession { SilentTTS() }
    }

    struct SilentSTT: STTSession {
        var modelName: String { "silent" }
        var bill: ServiceBill { ServiceBill(role: .stt, provider: "deepgram", model: "silent") }
    }

    struct SilentTTS: TTSSession {
        var modelName: String { "silent" }
        var bill: ServiceBill { ServiceBill(role: .tts, provider: "elevenlabs", model: "silent") }
        mutating func synthesize(_ segment: TTSSegment) -> [ProviderOutput] { [] }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func run(_ name: String) async throws -> SessionReport {
        let scenario = try ScenarioLoader.load(path: root.appendingPathComponent("Scenarios/\(name)").path)
        let plugins: [any ProviderPlugin] = [
            OpenAIChatPlugin(), SilentServices(id: "deepgram", roles: [.stt]),
            SilentServices(id: "elevenlabs", roles: [.tts]),
        ]
        let plugin = try scenario.session.plugin(from: plugins)
        return try await SessionReport.collect(SessionRun(scenario: scenario, plugin: plugin, clips: ClipCache()))
    }

    static func llmMetrics(_ report: SessionReport) -> [LLMMetrics] {
        report.metrics.compactMap { if case let .llm(m) = $0 { return m } else { return nil } }
    }

    @Test func theSupportCallMatchesItsComments() async throws {
        let report = try await Self.run("pipeline-openai-chat.yaml")
        let m = Self.llmMetrics(report)
        // Four requests, one LLMMetrics each (the cut one with zeros).
        #expect(m.map(\.promptTokens) == [1303, 1330, 1464, 0])
        #expect(m.map(\.promptCachedTokens) == [0, 1280, 1280, 0])
        #expect(m.map(\.completionTokens) == [15, 8, 14, 0])
        #expect(m.map(\.totalTokens) == [1318, 1338, 1478, 0])
        #expect(m.map(\.cancelled) == [false, false, false, true])
        #expect(m.map(\.ttft) == [0.35, 0.49, 0.35, 0.35])
        #expect(m.map(\.duration) == [0.63, 0.49, 0.61, 1.15])
        let bill = try #require(report.bills.first { $0.role == .llm })
        #expect(bill.requests == 4)
        #expect(bill.inputTokens == 5586)
        #expect(bill.cachedInputTokens == 3968)
        #expect(bill.outputTokens == 78)
        #expect(bill.reasoningTokens == 0)
        // The usage chunks: one per uncut request.
        let usages = report.outputs.compactMap { $0.payload?.json["usage"] }.filter { !$0.isNull }
        #expect(usages.compactMap { $0["prompt_tokens"]?.intValue } == [1303, 1330, 1464])
    }

    @Test func theReasoningCallMatchesItsComments() async throws {
        let report = try await Self.run("pipeline-openai-chat-reasoning.yaml")
        let m = Self.llmMetrics(report)
        #expect(m.map(\.promptTokens) == [316, 0])
        #expect(m.map(\.completionTokens) == [276, 0])
        #expect(m.map(\.reasoningTokens) == [256, 0])
        #expect(m.map(\.totalTokens) == [592, 0])
        #expect(m.map(\.cancelled) == [false, true])
        #expect(m.map(\.ttft) == [1.5, 1.5])
        #expect(m.map(\.duration) == [1.88, 2.1])
        let bill = try #require(report.bills.first { $0.role == .llm })
        #expect(bill.requests == 2)
        #expect(bill.inputTokens == 664)
        #expect(bill.cachedInputTokens == 0)
        #expect(bill.outputTokens == 563)
        #expect(bill.reasoningTokens == 512)
    }
}
