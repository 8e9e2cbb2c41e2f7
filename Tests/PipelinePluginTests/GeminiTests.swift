import AgentSimAudio
import AgentSimCore
import AgentSimJSON
import Foundation
import Gemini
import LiveKitMetrics
import Testing

/// The `gemini` pipeline LLM handed requests directly: usageMetadata chunks, LiveKit's LLMMetrics, the bill and the
/// explanations, every figure derived by hand from the rules `agentsim providers gemini` documents.
@Suite struct GeminiTests {
    // MARK: Support

    /// A scenario file whose line 7 is `  options: <options>` (the value starts at column 12).
    static func file(model: String, options: String) -> String {
        "version: 1\nsession:\n  provider: gemini\n  model: \(model)\n  instructions: hi\n  instructions_tokens: 1\n  options: \(options)\nturns:\n  - user: hi\n"
    }

    static func llm(
        model: String = "gemini-2.5-flash", options: String = "{}", seed: UInt64 = 7, startTime: Double = 1_000
    ) throws -> any LLMSession {
        let scenario = try ScenarioLoader.parse(file(model: model, options: options), file: "g.yaml")
        var setup = SessionSetup(
            model: model, modelLocation: scenario.session.modelLocation, options: scenario.session.options, seed: seed,
            scenarioName: "g", startTime: startTime)
        setup.optionsPath = "session.pipeline.llm.options"
        setup.modelPath = "session.pipeline.llm.model"
        return try GeminiPlugin().makeLLM(setup)
    }

    /// The error `makeLLM` throws for `options`, as `line:column: message`.
    static func error(model: String = "gemini-2.5-flash", _ options: String) -> String? {
        do {
            _ = try llm(model: model, options: options)
            return nil
        } catch let e as ScenarioError {
            return "\(e.location.line ?? 0):\(e.location.column ?? 0): \(e.message)"
        } catch {
            return "\(error)"
        }
    }

    /// Instructions of 1,200 tokens and a user turn of 8: a prompt of 1,208.
    static let context = [
        ContextItem(role: .system, text: "You are a weather assistant.", tokens: 1_200),
        ContextItem(role: .user, text: "What's the weather in Paris?", tokens: 8, turn: 0),
    ]

    /// A 25-token reply, sent at 2.0 s, first token at 2.35 s, 50 tokens/s: token k at 2.35 + (k − 1)/50, the last
    /// (k = 25) at 2.83 s. With chunk_tokens 10 the chunks close with tokens 1, 11, 21, 25, at 2.35, 2.55, 2.75, 2.83.
    static func request(index: Int = 0, context: [ContextItem] = context, cutAt: Double? = nil) -> LLMRequest {
        LLMRequest(
            index: index, turn: 1, speechID: "speech_abc", context: context,
            reply: .text("It is sunny and twenty-two degrees in Paris right now, with a light breeze.", tokens: 25),
            sentAt: 2.0, firstTokenAt: 2.35, tokensPerSecond: 50, replyTokens: 25, cutAt: cutAt)
    }

    static func llmMetrics(_ outputs: [ProviderOutput]) -> [LLMMetrics] {
        outputs.flatMap(\.metrics).compactMap { if case let .llm(m) = $0 { return m } else { return nil } }
    }

    static func usages(_ outputs: [ProviderOutput]) -> [JSONValue?] {
        outputs.compactMap(\.payload).map { $0.json["usageMetadata"] }
    }

    static func facts(_ session: any LLMSession, _ outputs: [ProviderOutput]) -> ServiceFacts {
        ServiceFacts(
            bill: session.bill, metrics: outputs.flatMap(\.metrics),
            truth: GroundTruth(rates: AudioTokenRates(inputPerSecond: 0, outputPerSecond: 0, billsSilence: false)))
    }

    // MARK: Thinking

    @Test func thinkingTokensAreInTheNativeTotalButNotInLiveKitsCompletion() throws {
        var session = try Self.llm(options: "{thoughts_tokens: 600}")
        let outputs = session.complete(Self.request())
        // Four chunks (tokens 1, 11, 21, 25), each with usage (every_chunk is the default).
        #expect(outputs.compactMap(\.payload).count == 4)
        #expect(outputs.map(\.time) == [2.35, 2.55, 2.75, 2.83])
        let last = try #require(Self.usages(outputs).last ?? nil)
        // prompt 1,208 + candidates 25 + thoughts 600 = 1,833.
        #expect(last["promptTokenCount"] == 1_208)
        #expect(last["candidatesTokenCount"] == 25)
        #expect(last["thoughtsTokenCount"] == 600)
        #expect(last["totalTokenCount"] == 1_833)
        let m = try #require(Self.llmMetrics(outputs).first)
        #expect(m.promptTokens == 1_208)
        #expect(m.completionTokens == 25, "completion_tokens = candidatesTokenCount, thoughts left out")
        #expect(m.reasoningTokens == 0, "LiveKit's Google plugin never fills reasoning_tokens")
        #expect(m.totalTokens == 1_833)
        #expect(m.promptTokens + m.completionTokens == 1_233)
        // Billed: input 1,208; output 25 + 600 = 625, of which 600 reasoning.
        #expect(session.bill.inputTokens == 1_208)
        #expect(session.bill.outputTokens == 625)
        #expect(session.bill.reasoningTokens == 600)
        #expect(
            session.explain(Self.facts(session, outputs)) == [
                "Gemini billed 600 thinking tokens as output (thoughtsTokenCount, 600 on each of 1 request, dynamic thinking budget), but LiveKit's completion_tokens is candidatesTokenCount alone and its reasoning_tokens stays 0.",
                "LiveKit's total_tokens (1833) exceeds its prompt + completion (1233) by 600: it copies Gemini's totalTokenCount, which counts thoughts and tool-use prompt tokens.",
            ])
    }

    @Test func aPositiveBudgetCapsTheThoughtsAndZeroTurnsThemOff() throws {
        // Budget 512 < 600 thoughts: thoughtsTokenCount 512, total 1,208 + 25 + 512 = 1,745.
        var capped = try Self.llm(options: "{thinking_budget: 512, thoughts_tokens: 600}")
        let usage = try #require(Self.usages(capped.complete(Self.request())).last ?? nil)
        #expect(usage["thoughtsTokenCount"] == 512)
        #expect(usage["totalTokenCount"] == 1_745)
        #expect(capped.bill.outputTokens == 537)
        // Budget 0: no thinking, no thoughtsTokenCount key (proto3 leaves zeros out); total 1,208 + 25 = 1,233.
        var off = try Self.llm(options: "{thinking_budget: 0}")
        let outputs = off.complete(Self.request())
        let plain = try #require(Self.usages(outputs).last ?? nil)
        #expect(plain["thoughtsTokenCount"] == nil)
        #expect(plain["totalTokenCount"] == 1_233)
        #expect(off.explain(Self.facts(off, outputs)).isEmpty)
    }

    @Test func gemini3ThinksByLevelAndMinimalIsOff() throws {
        // The default level is high: thoughts 40 → total 1,208 + 25 + 40 = 1,273.
        var high = try Self.llm(model: "gemini-3-flash-preview", options: "{thoughts_tokens: 40}")
        #expect((Self.usages(high.complete(Self.request())).last ?? nil)?["totalTokenCount"] == 1_273)
        #expect(
            Self.error(model: "gemini-3-flash-preview", "{thinking_level: minimal, thoughts_tokens: 40}")
                == "7:55: session.pipeline.llm.options.thoughts_tokens: thinking is off for gemini-3-flash-preview with these options (no thinking, thinking_budget 0 or thinking_level minimal); expected 0 or thinking on"
        )
    }

    // MARK: Where usage rides

    @Test func usageOnEveryChunkRestatesTheRequestSoFar() throws {
        var session = try Self.llm(options: "{thinking_budget: 0}")
        let usages = Self.usages(session.complete(Self.request()))
        // Candidates so far 1, 11, 21, 25; prompt restated in full: totals 1,209, 1,219, 1,229, 1,233.
        #expect(usages.map { $0?["candidatesTokenCount"] } == [1, 11, 21, 25])
        #expect(usages.map { $0?["totalTokenCount"] } == [1_209, 1_219, 1_229, 1_233])
        #expect(usages.allSatisfy { $0?["promptTokenCount"] == 1_208 })
    }

    @Test func usageOnTheFinalChunkOnly() throws {
        var session = try Self.llm(options: "{thinking_budget: 0, usage_on: final_chunk}")
        let outputs = session.complete(Self.request())
        let usages = Self.usages(outputs)
        #expect(usages.count == 4)
        #expect(usages.prefix(3).allSatisfy { $0 == nil })
        #expect(usages[3]?["totalTokenCount"] == 1_233)
        // The last is authoritative either way: the same LLMMetrics as every_chunk.
        let m = try #require(Self.llmMetrics(outputs).first)
        #expect(m.completionTokens == 25)
        #expect(m.promptTokens == 1_208)
        #expect(m.totalTokens == 1_233)
    }

    // MARK: Implicit caching

    @Test func implicitCacheNeedsThePreviousPromptToReachTheMinimum() throws {
        // gemini-2.5-flash: minimum 2,048. Request 0: 2,030 + 10 = 2,040. Request 1 adds a reply (25) and a user
        // turn (12): 2,077; its prefix (2,040) is below 2,048, so nothing is cached. Request 2 adds 20 + 5: 2,102,
        // and caches request 1's 2,077.
        let r0 = [
            ContextItem(role: .system, text: "sys", tokens: 2_030),
            ContextItem(role: .user, text: "a", tokens: 10, turn: 0),
        ]
        let r1 =
            r0 + [
                ContextItem(role: .assistant, text: "b", tokens: 25, turn: 1),
                ContextItem(role: .user, text: "c", tokens: 12, turn: 2),
            ]
        let r2 =
            r1 + [
                ContextItem(role: .assistant, text: "d", tokens: 20, turn: 3),
                ContextItem(role: .user, text: "e", tokens: 5, turn: 4),
            ]
        var session = try Self.llm(options: "{thinking_budget: 0}")
        var cached: [Int] = []
        var all: [ProviderOutput] = []
        for (i, context) in [r0, r1, r2].enumerated() {
            let outputs = session.complete(Self.request(index: i, context: context))
            all += outputs
            cached.append(Self.llmMetrics(outputs)[0].promptCachedTokens)
        }
        #expect(cached == [0, 0, 2_077])
        let usage = try #require(Self.usages(all).last ?? nil)
        #expect(usage["cachedContentTokenCount"] == 2_077)
        #expect(usage["cacheTokensDetails"] == .array([.object([("modality", "TEXT"), ("tokenCount", 2_077)])]))
        // Billed input 2,040 + 2,077 + 2,102 = 6,219, of which 2,077 cached.
        #expect(session.bill.inputTokens == 6_219)
        #expect(session.bill.cachedInputTokens == 2_077)

        // With cache_min_tokens 1,024 request 1 caches request 0's 2,040 too.
        var low = try Self.llm(options: "{thinking_budget: 0, cache_min_tokens: 1024}")
        let c = [r0, r1, r2].enumerated().map {
            Self.llmMetrics(low.complete(Self.request(index: $0, context: $1)))[0].promptCachedTokens
        }
        #expect(c == [0, 2_040, 2_077])

        // A context that does not start with the previous one (new instructions) hits nothing.
        let changed = [ContextItem(role: .system, text: "new", tokens: 2_030)] + r2.dropFirst()
        #expect(Self.llmMetrics(low.complete(Self.request(index: 3, context: changed)))[0].promptCachedTokens == 0)
        // Caching off: nothing cached.
        var off = try Self.llm(options: "{implicit_caching: false}")
        let d = [r0, r1, r2].enumerated().map {
            Self.llmMetrics(off.complete(Self.request(index: $0, context: $1)))[0].promptCachedTokens
        }
        #expect(d == [0, 0, 0])
    }

    // MARK: APIs

    @Test func vertexAndGoogleDifferInProviderNotLabel() throws {
        var google = try Self.llm(options: "{thinking_budget: 0}")
        var vertex = try Self.llm(options: "{thinking_budget: 0, api: vertex}")
        let g = Self.llmMetrics(google.complete(Self.request()))[0]
        let vOutputs = vertex.complete(Self.request())
        let v = Self.llmMetrics(vOutputs)[0]
        #expect(g.label == "livekit.plugins.google.llm.LLM")
        #expect(v.label == "livekit.plugins.google.llm.LLM")
        #expect(g.metadata == Metadata(modelName: "gemini-2.5-flash", modelProvider: "Gemini"))
        #expect(v.metadata == Metadata(modelName: "gemini-2.5-flash", modelProvider: "Vertex AI"))
        let usage = try #require(Self.usages(vOutputs).last ?? nil)
        #expect(usage["trafficType"] == "ON_DEMAND")
        #expect(usage["candidatesTokensDetails"] == .array([.object([("modality", "TEXT"), ("tokenCount", 25)])]))
    }

    // MARK: LiveKit's figures

    @Test func metricsTimingIdsAndSpeech() throws {
        var session = try Self.llm(options: "{thinking_budget: 0}", startTime: 1_000)
        let m = Self.llmMetrics(session.complete(Self.request()))[0]
        // ttft = 2.35 − 2.0; duration = 2.83 − 2.0; timestamp = 1,000 + 2.83; 25 / 0.83 tokens per second.
        #expect(m.ttft == 0.35)
        #expect(m.duration == 0.83)
        #expect(m.timestamp == 1_002.83)
        #expect(abs(m.tokensPerSecond - 25 / 0.83) < 1e-9)
        #expect(!m.cancelled)
        #expect(m.speechId == "speech_abc")
        #expect(m.requestId.count == 12 && m.requestId.allSatisfy(\.isHexDigit))
        #expect(m.cacheCreationTokens == 0)
    }

    @Test func aToolCallIsOneChunkAtTheStreamsEnd() throws {
        var session = try Self.llm(options: "{thinking_budget: 0, tool_use_prompt_tokens: 30}")
        // 9 argument tokens from 2.35 s at 50/s: the call arrives whole with the last, at 2.35 + 8/50 = 2.51 s.
        let call = ToolCall(name: "get_weather", arguments: "{\"city\":\"Paris\"}", result: "sunny", argumentsTokens: 9)
        let request = LLMRequest(
            index: 0, turn: 1, speechID: "speech_t", context: Self.context, reply: .toolCall(call), sentAt: 2.0,
            firstTokenAt: 2.35, tokensPerSecond: 50, replyTokens: 9)
        let outputs = session.complete(request)
        #expect(outputs.count == 1)
        #expect(outputs[0].time == 2.51)
        let part = outputs[0].payload?.json["candidates"]?.arrayValue?.first?["content"]?["parts"]?.arrayValue?.first
        #expect(
            part
                == .object([
                    ("functionCall", .object([("name", "get_weather"), ("args", .object([("city", "Paris")]))]))
                ]))
        // total = 1,208 + 9 + 30 = 1,247; LiveKit's prompt leaves the 30 tool-use tokens out; the bill has them.
        let m = Self.llmMetrics(outputs)[0]
        #expect(m.ttft == 0.51)
        #expect(m.promptTokens == 1_208)
        #expect(m.completionTokens == 9)
        #expect(m.totalTokens == 1_247)
        #expect(session.bill.inputTokens == 1_238)
        #expect(
            session.explain(Self.facts(session, outputs)) == [
                "Gemini billed 30 tool-use prompt tokens as input (toolUsePromptTokenCount, 30 per request), which LiveKit's prompt_tokens leaves out.",
                "LiveKit's total_tokens (1247) exceeds its prompt + completion (1217) by 30: it copies Gemini's totalTokenCount, which counts thoughts and tool-use prompt tokens.",
            ])
    }

    // MARK: Interrupted streams

    @Test func aCutStreamKeepsTheLastUsageSeenOnEveryChunk() throws {
        var session = try Self.llm(options: "{thinking_budget: 0}")
        // Cut at 2.70 s: chunks at 2.35 (token 1) and 2.55 (token 11) arrived, 2.75 did not. Generated by the cut:
        // floor((2.70 − 2.35) × 50) + 1 = 18 tokens.
        let outputs = session.complete(Self.request(cutAt: 2.70))
        #expect(outputs.compactMap(\.payload).count == 2)
        let m = try #require(Self.llmMetrics(outputs).first)
        #expect(m.cancelled)
        #expect(m.completionTokens == 11)
        #expect(m.promptTokens == 1_208)
        #expect(m.totalTokens == 1_219)
        #expect(m.duration == 0.7)
        #expect(m.timestamp == 1_002.7)
        #expect(outputs.last?.time == 2.7)
        #expect(session.bill.outputTokens == 18)
        #expect(session.bill.inputTokens == 1_208)
        #expect(
            session.explain(Self.facts(session, outputs)) == [
                "1 stream was cut by a barge-in: LiveKit kept the last usage chunk it had received (11 candidates tokens, cancelled=true), while Gemini billed the 18 reply tokens generated by the cut."
            ])
    }

    @Test func aCutStreamReportsNothingWhenUsageIsOnTheFinalChunk() throws {
        var session = try Self.llm(options: "{thinking_budget: 0, usage_on: final_chunk}")
        let outputs = session.complete(Self.request(cutAt: 2.70))
        #expect(Self.usages(outputs).allSatisfy { $0 == nil })
        let m = try #require(Self.llmMetrics(outputs).first)
        #expect(m.cancelled)
        #expect(m.promptTokens == 0 && m.completionTokens == 0 && m.totalTokens == 0)
        #expect(m.tokensPerSecond == 0)
        #expect(m.ttft == 0.35, "the first chunk still arrived")
        #expect(
            session.explain(Self.facts(session, outputs)) == [
                "1 stream was cut by a barge-in before the final chunk, the only one with usageMetadata (usage_on final_chunk): LiveKit reported 0 tokens for it (cancelled=true), while Gemini billed 1208 prompt and 18 output tokens."
            ])
    }

    @Test func aStreamCutBeforeItsFirstChunkHasNoMetrics() throws {
        var session = try Self.llm(options: "{thinking_budget: 0}")
        let outputs = session.complete(Self.request(cutAt: 2.30))
        #expect(outputs.isEmpty)
        #expect(session.bill.inputTokens == 1_208)
        #expect(session.bill.outputTokens == 0)
        #expect(session.bill.requests == 1)
    }

    // MARK: Payloads

    @Test func theFirstChunkOnTheWire() throws {
        var session = try Self.llm(options: "{thinking_budget: 0}")
        var json = try #require(session.complete(Self.request()).first?.payload?.json)
        let id = try #require(json["responseId"]?.stringValue)
        #expect(id.count == 23)
        // The reply's 75 characters over 25 tokens: the first token carries 75 × 1 / 25 = 3 characters, "It ".
        if case var .object(pairs) = json { pairs.removeAll { $0.0 == "responseId" }; json = .object(pairs) }
        #expect(
            json.compactString()
                == #"{"candidates":[{"content":{"parts":[{"text":"It "}],"role":"model"}}],"usageMetadata":{"promptTokenCount":1208,"candidatesTokenCount":1,"totalTokenCount":1209,"promptTokensDetails":[{"modality":"TEXT","tokenCount":1208}]},"modelVersion":"gemini-2.5-flash"}"#
        )
    }

    @Test func theSameSeedGivesTheSameBytes() throws {
        func run(_ seed: UInt64) throws -> String {
            var s = try Self.llm(options: "{thoughts_tokens: 5}", seed: seed)
            let outputs = s.complete(Self.request()) + s.complete(Self.request(index: 1, cutAt: 2.6))
            return outputs.map {
                ($0.payload?.json.compactString() ?? "") + ($0.metrics.map { $0.json().compactString() }.joined())
            }.joined(separator: "\n")
        }
        #expect(try run(3) == run(3))
        #expect(try run(3) != run(4))
    }

    @Test func theChunksTextAddsUpToTheReply() throws {
        var session = try Self.llm(options: "{chunk_tokens: 7}")
        let texts = session.complete(Self.request()).compactMap {
            $0.payload?.json["candidates"]?.arrayValue?.first?["content"]?["parts"]?.arrayValue?.first?["text"]?
                .stringValue
        }
        // Chunks close with tokens 1, 8, 15, 22, 25.
        #expect(texts.count == 5)
        #expect(texts.joined() == "It is sunny and twenty-two degrees in Paris right now, with a light breeze.")
    }

    // MARK: Bad options

    @Test(arguments: [
        (
            "{usage_on: last}", "gemini-2.5-flash",
            "7:23: session.pipeline.llm.options.usage_on: expected one of every_chunk, final_chunk, got 'last'"
        ),
        (
            "{api: vertexai}", "gemini-2.5-flash",
            "7:18: session.pipeline.llm.options.api: expected one of google, vertex, got 'vertexai'"
        ),
        (
            "{chunk_tokens: 0}", "gemini-2.5-flash",
            "7:27: session.pipeline.llm.options.chunk_tokens: expected a whole number from 1 to 10000, got 0"
        ),
        (
            "{thinking_budget: 30000}", "gemini-2.5-flash",
            "7:30: session.pipeline.llm.options.thinking_budget: expected -1 (dynamic) or a whole number from 0 to 24576 for gemini-2.5-flash, got 30000"
        ),
        (
            "{thinking_budget: 0}", "gemini-2.5-pro-preview-05-06",
            "7:30: session.pipeline.llm.options.thinking_budget: expected -1 (dynamic) or a whole number from 128 to 32768 for gemini-2.5-pro-preview-05-06, got 0"
        ),
        (
            "{thinking_budget: 1024}", "gemini-3.8-flash",
            "7:30: session.pipeline.llm.options.thinking_budget: LiveKit drops thinking_budget on Gemini 3 models (google/llm.py l.480); use thinking_level, one of minimal, low, medium, high"
        ),
        (
            "{thinking_level: high}", "gemini-2.5-flash",
            "7:29: session.pipeline.llm.options.thinking_level: gemini-2.5-flash configures thinking with thinking_budget (LiveKit raises for thinking_level on Gemini 2.5 and earlier)"
        ),
        (
            "{thinking_level: minimal}", "gemini-3-pro-preview",
            "7:29: session.pipeline.llm.options.thinking_level: expected one of low, high for gemini-3-pro-preview, got 'minimal'"
        ),
        (
            "{thinking_budget: 0, thoughts_tokens: 5}", "gemini-2.5-flash",
            "7:50: session.pipeline.llm.options.thoughts_tokens: thinking is off for gemini-2.5-flash with these options (no thinking, thinking_budget 0 or thinking_level minimal); expected 0 or thinking on"
        ),
        (
            "{thinking_budget: -1}", "gemini-2.0-flash-001",
            "7:30: session.pipeline.llm.options: gemini-2.0-flash-001 has no thinking; leave out thinking_budget and thinking_level"
        ),
        (
            "{implicit_caching: true}", "gemini-2.0-flash-001",
            "7:31: session.pipeline.llm.options.implicit_caching: gemini-2.0-flash-001 has no implicit caching (Gemini 2.5 and newer only)"
        ),
        (
            "{implicit_caching: \"yes\"}", "gemini-2.5-flash",
            "7:31: session.pipeline.llm.options.implicit_caching: expected true or false, got a string 'yes'"
        ),
        (
            "{cache_min: 1024}", "gemini-2.5-flash",
            "7:13: session.pipeline.llm.options: unknown key 'cache_min'; expected one of: api, cache_min_tokens, chunk_tokens, implicit_caching, thinking_budget, thinking_level, thoughts_tokens, tool_use_prompt_tokens, usage_on"
        ),
    ])
    func badOptionsNameTheKeyLineAndColumn(_ options: String, _ model: String, _ expected: String) {
        #expect(Self.error(model: model, options) == expected)
    }

    @Test func anUnknownModelNamesTheChoices() {
        let message = Self.error(model: "gemini-9-ultra", "{}")
        #expect(
            message?.hasPrefix(
                "4:10: session.pipeline.llm.model: unknown model 'gemini-9-ultra'; expected one of gemini-3.8-flash, gemini-3.5-flash,"
            ) == true)
    }

    @Test func randomSetupsAreValid() throws {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<200 {
            let setup = GeminiPlugin().randomSetup(using: &rng)
            let yaml = setup.options.compactString()
            #expect(throws: Never.self, "\(setup.model) \(yaml)") {
                _ = try Self.llm(model: setup.model, options: yaml)
            }
        }
    }
}

/// The `Scenarios/pipeline-gemini-*.yaml` files through the engine, their figures as derived in their comments. The
/// STT and TTS roles are silent stand-ins under the scenarios' ids, so only Gemini's reports are read.
@Suite struct GeminiScenarioTests {
    struct Silent: ProviderPlugin {
        var id: String
        var roles: [ServiceRole]
        var documentation: PluginDocumentation {
            PluginDocumentation(
                id: id, title: id, summary: "", models: [ModelDocumentation(name: "m", summary: "", isDefault: true)],
                options: [], rules: [], sources: [])
        }
        func makeSTT(_ setup: SessionSetup) throws(ScenarioError) -> any STTSession { SilentSTT() }
        func makeTTS(_ setup: SessionSetup) throws(ScenarioError) -> any TTSSession { SilentTTS() }
    }

    struct SilentSTT: STTSession {
        var modelName: String { "m" }
        var bill: ServiceBill { ServiceBill(role: .stt, provider: "deepgram", model: "m") }
    }

    struct SilentTTS: TTSSession {
        var modelName: String { "m" }
        var bill: ServiceBill { ServiceBill(role: .tts, provider: "elevenlabs", model: "m") }
        mutating func synthesize(_ segment: TTSSegment) -> [ProviderOutput] { [] }
    }

    static let clips = ClipCache()
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Scenarios")

    static func run(_ name: String) async throws -> SessionReport {
        let scenario = try ScenarioLoader.load(path: scenarios.appendingPathComponent(name).path)
        let plugins: [any ProviderPlugin] = [
            Silent(id: "deepgram", roles: [.stt]), GeminiPlugin(), Silent(id: "elevenlabs", roles: [.tts]),
        ]
        return try await SessionReport.collect(
            SessionRun(scenario: scenario, plugin: try scenario.session.plugin(from: plugins), clips: clips))
    }

    static func llm(_ report: SessionReport) -> [LLMMetrics] {
        report.metrics.compactMap { if case let .llm(m) = $0 { return m } else { return nil } }
    }

    static func llmBill(_ report: SessionReport) -> ServiceBill? { report.bills.first { $0.role == .llm } }

    @Test func flashWithThinkingCachingAndAToolCall() async throws {
        let report = try await Self.run("pipeline-gemini-flash.yaml")
        let m = Self.llm(report)
        #expect(m.map(\.promptTokens) == [2_110, 2_130, 2_146])
        #expect(m.map(\.promptCachedTokens) == [0, 2_110, 2_130])
        #expect(m.map(\.completionTokens) == [8, 12, 8])
        #expect(m.map(\.totalTokens) == [2_238, 2_262, 2_274])
        #expect(m.map(\.reasoningTokens) == [0, 0, 0])
        #expect(m.first?.ttft == 0.49)
        #expect(
            m.allSatisfy {
                $0.metadata == Metadata(modelName: "gemini-2.5-flash", modelProvider: "Gemini") && !$0.cancelled
            })
        // The sums: prompt 6,386, cached 4,240, completion 28, total 6,774 = 6,414 + 360.
        #expect(m.reduce(0) { $0 + $1.totalTokens } - m.reduce(0) { $0 + $1.promptTokens + $1.completionTokens } == 360)
        let bill = try #require(Self.llmBill(report))
        #expect(bill.inputTokens == 6_386)
        #expect(bill.cachedInputTokens == 4_240)
        #expect(bill.outputTokens == 388)
        #expect(bill.reasoningTokens == 360)
        #expect(bill.requests == 3)
        // R1's chunks: tokens 1, 11, 12 at 3.34, 3.54, 3.56 s.
        let r1 = report.outputs.filter {
            $0.payload?.type == "GenerateContentResponse" && ($0.time > 3.0 && $0.time < 3.6)
        }
        #expect(r1.map(\.time) == [3.34, 3.54, 3.56])
        #expect(r1.compactMap { $0.payload?.json["usageMetadata"]?["candidatesTokenCount"]?.intValue } == [1, 11, 12])
    }

    @Test func proOnVertexWithACutStreamAndUsageOnTheFinalChunk() async throws {
        let report = try await Self.run("pipeline-gemini-pro-vertex.yaml")
        let m = Self.llm(report)
        #expect(m.count == 2)
        #expect(m.map(\.cancelled) == [true, false])
        // R1: 809 + the 4 tokens of "Paris began as a" (what 1.0 s of 6.0 s held) + 7 = 820.
        #expect(m.map(\.promptTokens) == [0, 820])
        #expect(m.map(\.completionTokens) == [0, 12])
        #expect(m.map(\.totalTokens) == [0, 1_032])
        #expect(m.first?.ttft == 0.35)
        #expect(m.first?.duration == 1.55)
        #expect(m.allSatisfy { $0.metadata?.modelProvider == "Vertex AI" })
        // R0's stream (20 tokens a second): the chunks at 2.85, 3.35 and 3.85 s arrived, without usage.
        let r0 = report.outputs.filter { $0.payload?.type == "GenerateContentResponse" && $0.time < 4.05 }
        #expect(r0.map(\.time) == [2.85, 3.35, 3.85])
        #expect(r0.allSatisfy { $0.payload?.json["usageMetadata"] == nil })
        let bill = try #require(Self.llmBill(report))
        // 809 + 820 in; out 25 generated by the cut (floor(1.2 × 20) + 1) + 200 thoughts, then 12 + 200.
        #expect(bill.inputTokens == 1_629)
        #expect(bill.cachedInputTokens == 0)
        #expect(bill.outputTokens == 437)
        #expect(bill.reasoningTokens == 400)
    }
}
