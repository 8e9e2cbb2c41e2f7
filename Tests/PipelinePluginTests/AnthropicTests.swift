import AgentSimAudio
import AgentSimCore
import AgentSimJSON
import Anthropic
import Deepgram
import ElevenLabs
import LiveKitMetrics
import Testing

/// The anthropic plugin handed LLM requests directly; every expected figure is derived by hand from the rules
/// `agentsim providers anthropic` documents.
@Suite struct AnthropicTests {
    // MARK: Helpers

    static let file = "anthropic-test.yaml"

    /// `options` as a map whose key k sits on line 20 + k, column 7.
    static func options(_ pairs: [(String, ScenarioValue.Kind)]) -> ScenarioValue {
        let entries = pairs.enumerated().map { k, pair in
            (
                key: pair.0, keyLocation: SourceLocation(file: file, line: 20 + k, column: 7),
                value: ScenarioValue(pair.1, at: SourceLocation(file: file, line: 20 + k, column: 12))
            )
        }
        return ScenarioValue(.map(entries), at: SourceLocation(file: file, line: 19, column: 5))
    }

    static func setup(model: String?, options: ScenarioValue, seed: UInt64 = 7) -> SessionSetup {
        var setup = SessionSetup(
            model: model, modelLocation: SourceLocation(file: file, line: 18, column: 12), options: options, seed: seed,
            scenarioName: "test", startTime: 1000)
        setup.optionsPath = "session.pipeline.llm.options"
        setup.modelPath = "session.pipeline.llm.model"
        return setup
    }

    static func llm(
        _ model: String? = nil, _ pairs: [(String, ScenarioValue.Kind)] = [], seed: UInt64 = 7
    ) throws(ScenarioError) -> any LLMSession {
        try AnthropicPlugin().makeLLM(setup(model: model, options: options(pairs), seed: seed))
    }

    static func request(
        index: Int = 0, context: [ContextItem], reply: LLMReply = .text("Sure thing.", tokens: 8), replyTokens: Int = 8,
        sentAt: Double = 2.0, firstTokenAt: Double = 2.35, tokensPerSecond: Double = 50, cutAt: Double? = nil
    ) -> LLMRequest {
        LLMRequest(
            index: index, turn: 2 * index + 1, speechID: "speech_\(index)", context: context, reply: reply,
            sentAt: sentAt,
            firstTokenAt: firstTokenAt, tokensPerSecond: tokensPerSecond, replyTokens: replyTokens, cutAt: cutAt)
    }

    static func system(_ tokens: Int) -> ContextItem { ContextItem(role: .system, text: "Be brief.", tokens: tokens) }
    static func user(_ tokens: Int, turn: Int = 0) -> ContextItem {
        ContextItem(role: .user, text: "words", tokens: tokens, turn: turn)
    }
    static func agent(_ tokens: Int, turn: Int = 1) -> ContextItem {
        ContextItem(role: .assistant, text: "words", tokens: tokens, turn: turn)
    }

    static let truth = GroundTruth(rates: AudioTokenRates(inputPerSecond: 0, outputPerSecond: 0, billsSilence: false))

    static func payloads(_ outputs: [ProviderOutput], _ type: String) -> [JSONValue] {
        outputs.compactMap { $0.payload?.type == type ? $0.payload?.json : nil }
    }

    static func metrics(_ outputs: [ProviderOutput]) -> [LLMMetrics] {
        outputs.flatMap(\.metrics).compactMap { m -> LLMMetrics? in
            if case let .llm(l) = m { return l }
            return nil
        }
    }

    /// `message_start.message.usage` of one request's outputs.
    static func startUsage(_ outputs: [ProviderOutput]) -> JSONValue? {
        payloads(outputs, "message_start").first?["message"]?["usage"]
    }

    // MARK: Usage and LiveKit's completion count

    @Test func liveKitCountsTheStartOutputTokensTwice() throws {
        // Instructions 300 + user 5 = 305 prompt tokens, no breakpoint: input_tokens 305, no cache.
        // 8 reply tokens from 2.35 s at 50/s: the last at 2.35 + 7/50 = 2.49 s. message_start says output_tokens 1,
        // message_delta says 8 (cumulative); LiveKit adds them: completion 1 + 8 = 9, total 305 + 9 = 314.
        // Anthropic bills 8. ttft 2.35 − 2.0 = 0.35; duration 2.49 − 2.0 = 0.49; tokens_per_second 9 / 0.49.
        var session = try Self.llm()
        let outputs = session.complete(Self.request(context: [Self.system(300), Self.user(5)]))
        let usage = try #require(Self.startUsage(outputs))
        #expect(usage["input_tokens"] == .int(305))
        #expect(usage["cache_creation_input_tokens"] == .int(0))
        #expect(usage["cache_read_input_tokens"] == .int(0))
        #expect(usage["output_tokens"] == .int(1))
        let delta = try #require(Self.payloads(outputs, "message_delta").first)
        #expect(delta["usage"]?["output_tokens"] == .int(8))
        #expect(delta["delta"]?["stop_reason"] == .string("end_turn"))

        let m = try #require(Self.metrics(outputs).first)
        #expect(Self.metrics(outputs).count == 1)
        #expect(m.completionTokens == 9)
        #expect(m.promptTokens == 305)
        #expect(m.promptCachedTokens == 0)
        #expect(m.cacheCreationTokens == 0)
        #expect(m.totalTokens == 314)
        #expect(!m.cancelled)
        #expect(abs(m.ttft - 0.35) < 1e-9)
        #expect(abs(m.duration - 0.49) < 1e-9)
        #expect(abs(m.tokensPerSecond - 9 / 0.49) < 1e-9)
        #expect(abs(m.timestamp - 1002.49) < 1e-9)
        #expect(m.label == "livekit.plugins.anthropic.llm.LLM")
        #expect(m.speechId == "speech_0")
        #expect(m.metadata == Metadata(modelName: "claude-sonnet-4-6", modelProvider: "api.anthropic.com"))
        let id = try #require(Self.payloads(outputs, "message_start").first?["message"]?["id"]?.stringValue)
        #expect(m.requestId == id)
        #expect(id.hasPrefix("msg_01") && id.count == 28)

        #expect(session.bill.inputTokens == 305)
        #expect(session.bill.outputTokens == 8)
        #expect(session.bill.requests == 1)
        let said = session.explain(
            ServiceFacts(bill: session.bill, metrics: outputs.flatMap(\.metrics), truth: Self.truth))
        #expect(
            said == [
                "LiveKit's anthropic plugin adds message_start's output_tokens (start_output_tokens = 1) to message_delta's "
                    + "cumulative count, so its 1 completed stream reports 9 completion tokens where Anthropic billed 8."
            ])
    }

    @Test func theStreamCarriesTheReplyTokenByToken() throws {
        // "Sure thing." is 11 scalars over 8 tokens; piece k ends at ceil(11k / 8): 2, 3, 5, 6, 7, 9, 10, 11, so
        // "Su", "r", "e ", "t", "h", "in", "g", "." at 2.35 + (k − 1)/50 s. Then stop, delta, message_stop at 2.49 s.
        var session = try Self.llm()
        let outputs = session.complete(Self.request(context: [Self.system(300), Self.user(5)]))
        #expect(
            outputs.compactMap { $0.payload?.type } == [
                "message_start", "content_block_start", "ping",
            ] + Array(repeating: "content_block_delta", count: 8) + [
                "content_block_stop", "message_delta", "message_stop",
            ])
        let texts = Self.payloads(outputs, "content_block_delta").compactMap { $0["delta"]?["text"]?.stringValue }
        #expect(texts == ["Su", "r", "e ", "t", "h", "in", "g", "."])
        let times = outputs.filter { $0.payload?.type == "content_block_delta" }.map(\.time)
        #expect(times == [2.35, 2.37, 2.39, 2.41, 2.43, 2.45, 2.47, 2.49])
        #expect(outputs.last?.payload == nil && outputs.last?.time == 2.49)
    }

    @Test func startOutputTokensZeroMatchesTheBill() throws {
        // start_output_tokens 0: LiveKit's 0 + 8 = 8 equals the 8 billed, so nothing to explain.
        var session = try Self.llm(nil, [("start_output_tokens", .int(0))])
        let outputs = session.complete(Self.request(context: [Self.system(300), Self.user(5)]))
        #expect(Self.metrics(outputs).first?.completionTokens == 8)
        #expect(
            session.explain(ServiceFacts(bill: session.bill, metrics: outputs.flatMap(\.metrics), truth: Self.truth))
                .isEmpty)
    }

    // MARK: Prompt caching

    @Test func aConversationBreakpointIsWrittenOnceThenRead() throws {
        // claude-sonnet-4-6 (1,024 minimum), cache_breakpoints: conversation.
        // Request 0: [system 1500 | user 20]; one breakpoint, after the system block (1500 ≥ 1024): written.
        //   read 0, creation 1500, input 20; LiveKit prompt 20 + 1500 + 0 = 1520.
        // Request 1: [system 1500 | u1 20 | a1 40 | u2 10]; breakpoints after system (1500), u1 (1520), a1 (1560).
        //   The system prefix is cached: read 1500; creation 1560 − 1500 = 60; input 10; prompt 1570.
        // Request 2: [... | a2 30 | u3 5]; breakpoints after system, u2 (1570), a2 (1600). Longest cached prefix:
        //   through a1 (1560, one block before the u2 breakpoint): read 1560; creation 1600 − 1560 = 40; input 5.
        var session = try Self.llm("claude-sonnet-4-6", [("cache_breakpoints", .string("conversation", quoted: false))])
        let s = Self.system(1500)
        let first = session.complete(
            Self.request(index: 0, context: [s, Self.user(20)], sentAt: 0, firstTokenAt: 0.35))
        let second = session.complete(
            Self.request(
                index: 1, context: [s, Self.user(20), Self.agent(40), Self.user(10, turn: 2)], sentAt: 10,
                firstTokenAt: 10.35))
        let third = session.complete(
            Self.request(
                index: 2,
                context: [
                    s, Self.user(20), Self.agent(40), Self.user(10, turn: 2), Self.agent(30, turn: 3),
                    Self.user(5, turn: 4),
                ],
                sentAt: 20, firstTokenAt: 20.35))

        let u0 = try #require(Self.startUsage(first))
        #expect(u0["input_tokens"] == .int(20))
        #expect(u0["cache_creation_input_tokens"] == .int(1500))
        #expect(u0["cache_read_input_tokens"] == .int(0))
        #expect(u0["cache_creation"]?["ephemeral_5m_input_tokens"] == .int(1500))
        #expect(u0["cache_creation"]?["ephemeral_1h_input_tokens"] == .int(0))
        let m0 = try #require(Self.metrics(first).first)
        #expect([m0.promptTokens, m0.promptCachedTokens, m0.cacheCreationTokens] == [1520, 0, 1500])

        let u1 = try #require(Self.startUsage(second))
        #expect(
            [u1["input_tokens"], u1["cache_creation_input_tokens"], u1["cache_read_input_tokens"]] == [
                .int(10), .int(60), .int(1500),
            ])
        let m1 = try #require(Self.metrics(second).first)
        #expect([m1.promptTokens, m1.promptCachedTokens, m1.cacheCreationTokens] == [1570, 1500, 60])

        let u2 = try #require(Self.startUsage(third))
        #expect(
            [u2["input_tokens"], u2["cache_creation_input_tokens"], u2["cache_read_input_tokens"]] == [
                .int(5), .int(40), .int(1560),
            ])
        let m2 = try #require(Self.metrics(third).first)
        #expect([m2.promptTokens, m2.promptCachedTokens, m2.cacheCreationTokens] == [1605, 1560, 40])

        // Bill: 1520 + 1570 + 1605 = 4695 input, 0 + 1500 + 1560 = 3060 read, 1500 + 60 + 40 = 1600 written.
        #expect(session.bill.inputTokens == 4695)
        #expect(session.bill.cachedInputTokens == 3060)
        #expect(session.bill.cacheCreationTokens == 1600)
    }

    @Test func haikuBelowItsMinimumCachesNothing() throws {
        // claude-3-5-haiku-20241022 caches from 2,048 tokens. System 1800 with conversation breakpoints:
        // request 0 [1800 | 20]: the only breakpoint prefix is 1800 < 2048, input 1820, nothing cached;
        // request 1 [1800 | 20 | 40 | 10]: prefixes 1800, 1820, 1860, all < 2048, input 1870;
        // request 2 [... | a2 200 | 5]: prefixes 1800, 1870, 2070; 2070 ≥ 2048 is written: creation 2070, input 5.
        var session = try Self.llm(
            "claude-3-5-haiku-20241022", [("cache_breakpoints", .string("conversation", quoted: false))])
        let s = Self.system(1800)
        let r0 = session.complete(Self.request(index: 0, context: [s, Self.user(20)], sentAt: 0, firstTokenAt: 0.35))
        let r1 = session.complete(
            Self.request(
                index: 1, context: [s, Self.user(20), Self.agent(40), Self.user(10, turn: 2)], sentAt: 10,
                firstTokenAt: 10.35))
        #expect(Self.startUsage(r0)?["input_tokens"] == .int(1820))
        #expect(Self.startUsage(r0)?["cache_creation_input_tokens"] == .int(0))
        #expect(Self.startUsage(r1)?["input_tokens"] == .int(1870))
        #expect(Self.startUsage(r1)?["cache_read_input_tokens"] == .int(0))
        #expect(Self.metrics(r1).first?.promptTokens == 1870)
        #expect(Self.metrics(r1).first?.cacheCreationTokens == 0)
        let said = session.explain(
            ServiceFacts(bill: session.bill, metrics: (r0 + r1).flatMap(\.metrics), truth: Self.truth))
        #expect(
            said.last
                == "With cache_breakpoints: conversation, 2 of 2 requests cached nothing: their breakpoint prefixes "
                + "(at most 1860 tokens) are shorter than claude-3-5-haiku-20241022's 2048-token minimum (min_cacheable_tokens), "
                + "so every prompt token was billed as input_tokens.")

        let r2 = session.complete(
            Self.request(
                index: 2,
                context: [
                    s, Self.user(20), Self.agent(40), Self.user(10, turn: 2), Self.agent(200, turn: 3),
                    Self.user(5, turn: 4),
                ],
                sentAt: 20, firstTokenAt: 20.35))
        let u2 = try #require(Self.startUsage(r2))
        #expect(
            [u2["input_tokens"], u2["cache_creation_input_tokens"], u2["cache_read_input_tokens"]] == [
                .int(5), .int(2070), .int(0),
            ])
    }

    @Test func theSameRequestCachesOnSonnet() throws {
        // The contrast to Haiku: 1800 ≥ 1,024 on claude-sonnet-4-6, so request 0 writes 1800 and bills 20 as input.
        var session = try Self.llm("claude-sonnet-4-6", [("cache_breakpoints", .string("conversation", quoted: false))])
        let r0 = session.complete(Self.request(context: [Self.system(1800), Self.user(20)]))
        #expect(Self.startUsage(r0)?["input_tokens"] == .int(20))
        #expect(Self.startUsage(r0)?["cache_creation_input_tokens"] == .int(1800))
    }

    @Test func aFiveMinuteEntryExpiresAndAnHourOneDoesNot() throws {
        // instructions breakpoint, system 1500 + user 10. t = 0 writes; t = 200 reads (the entry now lives to 500);
        // t = 600 is past 500 with 5m: written again (creation 1500, read 0); with 1h (lives to 3800): read 1500.
        for (ttl, readAt600, creationAt600) in [("5m", 0, 1500), ("1h", 1500, 0)] {
            var session = try Self.llm(
                nil,
                [
                    ("cache_breakpoints", .string("instructions", quoted: false)),
                    ("cache_ttl", .string(ttl, quoted: false)),
                ])
            let context = [Self.system(1500), Self.user(10)]
            let a = session.complete(Self.request(context: context, sentAt: 0, firstTokenAt: 0.35))
            let b = session.complete(Self.request(index: 1, context: context, sentAt: 200, firstTokenAt: 200.35))
            let c = session.complete(Self.request(index: 2, context: context, sentAt: 600, firstTokenAt: 600.35))
            let bucket = ttl == "5m" ? "ephemeral_5m_input_tokens" : "ephemeral_1h_input_tokens"
            #expect(
                Self.startUsage(a)?["cache_creation"]?[bucket] == .int(1500),
                "the first request writes the instructions")
            #expect(Self.startUsage(b)?["cache_read_input_tokens"] == .int(1500), "200 s later the entry is alive")
            #expect(Self.startUsage(c)?["cache_read_input_tokens"] == .int(readAt600))
            #expect(Self.startUsage(c)?["cache_creation_input_tokens"] == .int(creationAt600))
            #expect(Self.startUsage(c)?["input_tokens"] == .int(10))
        }
    }

    @Test func aHitMustLieWithinTwentyBlocksOfABreakpoint() throws {
        // Request 0: [sys 1500 | u 10 | a 10 | u 10], breakpoints after 1, 2 and 3 blocks: entries of 1500, 1510, 1520.
        // Request 1 appends 12 (assistant 10, user 10) pairs: 28 blocks; breakpoints after 1 (system), 26 and 27.
        // The 3-block entry is 26 − 3 = 23 blocks before the nearest breakpoint, past the 20-block lookback, and the
        // 2-block one 24; only the system entry (at breakpoint 1) is hit: read 1500, not 1520.
        // Creation = the 27-block prefix 1500 + 26 × 10 = 1760, minus 1500 = 260; input = the last user block, 10.
        var session = try Self.llm(nil, [("cache_breakpoints", .string("conversation", quoted: false))])
        let head = [Self.system(1500), Self.user(10), Self.agent(10), Self.user(10, turn: 2)]
        _ = session.complete(Self.request(context: head, sentAt: 0, firstTokenAt: 0.35))
        let pairs = (0..<12).flatMap { k in [Self.agent(10, turn: 3 + 2 * k), Self.user(10, turn: 4 + 2 * k)] }
        let r = session.complete(Self.request(index: 1, context: head + pairs, sentAt: 30, firstTokenAt: 30.35))
        let u = try #require(Self.startUsage(r))
        #expect(
            [u["cache_read_input_tokens"], u["cache_creation_input_tokens"], u["input_tokens"]] == [
                .int(1500), .int(260), .int(10),
            ])
    }

    @Test func minimumCanBeOverridden() throws {
        // min_cacheable_tokens 1024 on Haiku 3.5: the 1800-token instructions are written.
        var session = try Self.llm(
            "claude-3-5-haiku-20241022",
            [
                ("cache_breakpoints", .string("instructions", quoted: false)), ("min_cacheable_tokens", .int(1024)),
            ])
        let r = session.complete(Self.request(context: [Self.system(1800), Self.user(20)]))
        #expect(Self.startUsage(r)?["cache_creation_input_tokens"] == .int(1800))
    }

    // MARK: LiveKit's layout

    @Test func dummyUserMessagesFollowLiveKitsLayout() throws {
        // A greeting: [system 300] alone; LiveKit opens with a "(empty)" user message, ceil(7 / 4) = 2 tokens: 302.
        // Two replies in a row: [system 300 | a0 10]: "(empty)" 2 + 10, and on claude-sonnet-4-6 a trailing "." user
        // message, ceil(1 / 4) = 1: 313; claude-sonnet-4-5 keeps prefill: 312.
        var sonnet46 = try Self.llm("claude-sonnet-4-6")
        var sonnet45 = try Self.llm("claude-sonnet-4-5")
        #expect(
            Self.startUsage(sonnet46.complete(Self.request(context: [Self.system(300)])))?["input_tokens"] == .int(302))
        let twice = [Self.system(300), Self.agent(10, turn: 0)]
        #expect(
            Self.startUsage(sonnet46.complete(Self.request(index: 1, context: twice)))?["input_tokens"] == .int(313))
        #expect(
            Self.startUsage(sonnet45.complete(Self.request(index: 1, context: twice)))?["input_tokens"] == .int(312))
    }

    @Test func textWithoutACountIsEstimated() throws {
        // "You are a helpful agent." is 24 characters: ceil(24 / 4) = 6; "Hello there" 11: 3. Total 9;
        // with characters_per_token 3: 8 + 4 = 12.
        let context = [
            ContextItem(role: .system, text: "You are a helpful agent."),
            ContextItem(role: .user, text: "Hello there", turn: 0),
        ]
        var four = try Self.llm()
        var three = try Self.llm(nil, [("characters_per_token", .int(3))])
        #expect(Self.startUsage(four.complete(Self.request(context: context)))?["input_tokens"] == .int(9))
        #expect(Self.startUsage(three.complete(Self.request(context: context)))?["input_tokens"] == .int(12))
    }

    // MARK: Interrupted streams and tool calls

    @Test func aCutStreamReportsZerosButBillsWhatWasGenerated() throws {
        // 20 reply tokens from 5.35 s at 50/s, cut at 5.5 s: floor(0.15 × 50) + 1 = 8 tokens arrived.
        // The text is 48 scalars; piece k ends at ceil(48k / 20), so 8 pieces end at 20: "One two three four f".
        // No content_block_stop, message_delta or message_stop; LiveKit has no usage chunk: every token field 0,
        // cancelled, ttft 0.35, duration 0.5, tokens_per_second 0, at 1000 + 5.5. Anthropic bills 305 input and 8 output.
        var session = try Self.llm()
        let outputs = session.complete(
            Self.request(
                context: [Self.system(300), Self.user(5)],
                reply: .text("One two three four five six seven eight nine ten", tokens: 20),
                replyTokens: 20, sentAt: 5.0, firstTokenAt: 5.35, cutAt: 5.5))
        let texts = Self.payloads(outputs, "content_block_delta").compactMap { $0["delta"]?["text"]?.stringValue }
        #expect(texts.count == 8)
        #expect(texts.joined() == "One two three four f")
        #expect(Self.payloads(outputs, "message_delta").isEmpty)
        #expect(Self.payloads(outputs, "message_stop").isEmpty)
        #expect(Self.payloads(outputs, "content_block_stop").isEmpty)
        #expect(Self.startUsage(outputs)?["input_tokens"] == .int(305))

        let m = try #require(Self.metrics(outputs).first)
        #expect(m.cancelled)
        #expect(
            [m.promptTokens, m.completionTokens, m.totalTokens, m.promptCachedTokens, m.cacheCreationTokens] == [
                0, 0, 0, 0, 0,
            ])
        #expect(m.tokensPerSecond == 0)
        #expect(abs(m.ttft - 0.35) < 1e-9)
        #expect(abs(m.duration - 0.5) < 1e-9)
        #expect(abs(m.timestamp - 1005.5) < 1e-9)
        #expect(m.requestId.hasPrefix("msg_01"))
        #expect(session.bill.inputTokens == 305)
        #expect(session.bill.outputTokens == 8)
        let said = session.explain(
            ServiceFacts(bill: session.bill, metrics: outputs.flatMap(\.metrics), truth: Self.truth))
        #expect(
            said == [
                "1 stream was cut by a barge-in before message_delta, so LiveKit never got a usage chunk and reported it as "
                    + "cancelled with 0 tokens, though Anthropic billed 305 prompt tokens and the 8 output tokens generated before the cut."
            ])
    }

    @Test func aToolCallReachesLiveKitAtItsBlockStop() throws {
        // 6 tokens of arguments from 3.3 s at 20/s: the last at 3.3 + 5/20 = 3.55 s. LiveKit's chunk for a tool_use
        // block comes at content_block_stop, so ttft = 3.55 − 3.0 = 0.55, not 0.3; completion 1 + 6 = 7.
        let call = ToolCall(name: "get_weather", arguments: "{\"city\":\"Paris\"}", result: "sunny")
        var session = try Self.llm()
        let outputs = session.complete(
            Self.request(
                context: [Self.system(300), Self.user(5)], reply: .toolCall(call), replyTokens: 6, sentAt: 3.0,
                firstTokenAt: 3.3, tokensPerSecond: 20))
        let block = try #require(Self.payloads(outputs, "content_block_start").first?["content_block"])
        #expect(block["type"] == .string("tool_use"))
        #expect(block["name"] == .string("get_weather"))
        #expect(block["id"]?.stringValue?.hasPrefix("toolu_01") == true)
        let json = Self.payloads(outputs, "content_block_delta").compactMap {
            $0["delta"]?["partial_json"]?.stringValue
        }
        #expect(json.joined() == "{\"city\":\"Paris\"}")
        #expect(Self.payloads(outputs, "message_delta").first?["delta"]?["stop_reason"] == .string("tool_use"))
        let m = try #require(Self.metrics(outputs).first)
        #expect(abs(m.ttft - 0.55) < 1e-9)
        #expect(abs(m.duration - 0.55) < 1e-9)
        #expect(m.completionTokens == 7)
    }

    @Test func aToolCallCutBeforeItsBlockStopEmitsNoMetrics() throws {
        // Cut at 3.4 s, before 3.55 s: LiveKit never got a chunk, so no LLMMetrics; Anthropic bills
        // floor(0.1 × 20) + 1 = 3 output tokens and the 305 prompt tokens.
        let call = ToolCall(name: "get_weather", arguments: "{\"city\":\"Paris\"}", result: "sunny")
        var session = try Self.llm()
        let outputs = session.complete(
            Self.request(
                context: [Self.system(300), Self.user(5)], reply: .toolCall(call), replyTokens: 6, sentAt: 3.0,
                firstTokenAt: 3.3, tokensPerSecond: 20, cutAt: 3.4))
        #expect(Self.metrics(outputs).isEmpty)
        #expect(session.bill.outputTokens == 3)
        #expect(session.bill.inputTokens == 305)
    }

    // MARK: Determinism and bad options

    @Test func theSameSeedGivesTheSameBytes() throws {
        func run(_ seed: UInt64) throws -> String {
            var session = try Self.llm(nil, [], seed: seed)
            let outputs = session.complete(Self.request(context: [Self.system(300), Self.user(5)]))
            return outputs.map {
                ($0.payload?.json.compactString() ?? "") + ($0.metrics.first?.json().compactString() ?? "")
            }.joined(separator: "\n")
        }
        #expect(try run(7) == run(7))
        #expect(try run(7) != run(8))
    }

    struct BadOption: Sendable, CustomTestStringConvertible {
        var key: String
        var value: ScenarioValue.Kind
        var message: String
        var testDescription: String { key }
    }

    static let badOptions: [BadOption] = [
        BadOption(
            key: "cache_ttl", value: .string("10m", quoted: false),
            message: "session.pipeline.llm.options.cache_ttl: expected one of 5m, 1h, got '10m'"),
        BadOption(
            key: "cache_breakpoints", value: .string("ephemeral", quoted: false),
            message:
                "session.pipeline.llm.options.cache_breakpoints: expected one of none, instructions, conversation, got 'ephemeral'"
        ),
        BadOption(
            key: "min_cacheable_tokens", value: .int(0),
            message:
                "session.pipeline.llm.options.min_cacheable_tokens: expected a whole number from 1 to 10000000, got 0"),
        BadOption(
            key: "start_output_tokens", value: .double(1.5),
            message:
                "session.pipeline.llm.options.start_output_tokens: expected a whole number from 0 to 100, got a number"),
        BadOption(
            key: "caching", value: .string("ephemeral", quoted: false),
            message:
                "session.pipeline.llm.options: unknown key 'caching'; expected one of: cache_breakpoints, cache_ttl, "
                + "characters_per_token, host, min_cacheable_tokens, start_output_tokens"),
    ]

    @Test(arguments: badOptions) func aBadOptionNamesItsPathAndForm(_ bad: BadOption) {
        // The key sits on line 20 (column 7), its value at column 12.
        do {
            _ = try Self.llm(nil, [(bad.key, bad.value)])
            Issue.record("accepted \(bad.key)")
        } catch {
            #expect(error.message == bad.message)
            #expect(error.location.line == 20)
            #expect(error.location.column == (bad.key == "caching" ? 7 : 12))
        }
    }

    @Test func anUnknownModelIsRefused() {
        do {
            _ = try Self.llm("claude-2")
            Issue.record("accepted claude-2")
        } catch {
            #expect(
                error.message
                    == "session.pipeline.llm.model: unknown model 'claude-2'; expected one of claude-sonnet-4-6, "
                    + "claude-sonnet-4-5, claude-haiku-4-5, claude-3-5-haiku-20241022")
            #expect(error.location.line == 18)
        }
    }
}

/// True when the deepgram and elevenlabs plugins play their roles (they are stubs on this branch until the merge).
/// `Scenarios/pipeline-anthropic*.yaml` run through the engine; the figures are the ones their comments derive.
@Suite
struct AnthropicScenarioTests {
    /// `Scenarios/`, three levels up from this file.
    static let scenarios =
        #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")
        + "/Scenarios"
    static let plugins: [any ProviderPlugin] = [AnthropicPlugin(), DeepgramPlugin(), ElevenLabsPlugin()]

    static func report(_ name: String) async throws -> SessionReport {
        let scenario = try ScenarioLoader.load(path: scenarios + "/" + name)
        let plugin = try scenario.session.plugin(from: plugins)
        return try await SessionReport.collect(SessionRun(scenario: scenario, plugin: plugin, clips: ClipCache()))
    }

    static func llmMetrics(_ report: SessionReport) -> [LLMMetrics] {
        report.metrics.compactMap { if case let .llm(m) = $0 { return m } else { return nil } }
    }

    @Test func sonnetWritesThenReadsAndTheCutStreamReportsZeros() async throws {
        let report = try await Self.report("pipeline-anthropic.yaml")
        let m = Self.llmMetrics(report)
        // Per request: prompt 1510, 0 (cut), 1530; cached 0, 0, 1518; written 1500, 0, 8; completion 9, 0, 11.
        #expect(m.map(\.promptTokens) == [1510, 0, 1530])
        #expect(m.map(\.promptCachedTokens) == [0, 0, 1518])
        #expect(m.map(\.cacheCreationTokens) == [1500, 0, 8])
        #expect(m.map(\.completionTokens) == [9, 0, 11])
        #expect(m.map(\.cancelled) == [false, true, false])
        // Durations: 0.35 + 7/50 = 0.49; the cut at 0.35 + 0.2 + 0.5 = 1.05; 0.35 + 9/50 = 0.53.
        #expect(zip(m.map(\.duration), [0.49, 1.05, 0.53]).allSatisfy { abs($0 - $1) < 1e-9 })
        let usages = report.outputs.compactMap {
            $0.payload?.type == "message_start" ? $0.payload?.json["message"]?["usage"] : nil
        }
        #expect(usages.map { $0["input_tokens"]?.intValue } == [10, 5, 4])
        #expect(usages.map { $0["cache_creation_input_tokens"]?.intValue } == [1500, 18, 8])
        #expect(usages.map { $0["cache_read_input_tokens"]?.intValue } == [0, 1500, 1518])
        let bill = try #require(report.bills.first { $0.role == .llm })
        // Input 1510 + 1523 + 1530 = 4563; reads 3018; writes 1526; output 8 + 36 + 10 = 54.
        #expect(
            [bill.inputTokens, bill.cachedInputTokens, bill.cacheCreationTokens, bill.outputTokens] == [
                4563, 3018, 1526, 54,
            ])
    }

    @Test func haikuCachesNothingUntilThePrefixReaches2048() async throws {
        let report = try await Self.report("pipeline-anthropic-haiku.yaml")
        let m = Self.llmMetrics(report)
        // Prompt 1820, 2030, 2075; nothing read; 2070 written by the third; completion 201, 41, 7.
        #expect(m.map(\.promptTokens) == [1820, 2030, 2075])
        #expect(m.map(\.promptCachedTokens) == [0, 0, 0])
        #expect(m.map(\.cacheCreationTokens) == [0, 0, 2070])
        #expect(m.map(\.completionTokens) == [201, 41, 7])
        let bill = try #require(report.bills.first { $0.role == .llm })
        // Input 5925, no reads, writes 2070, output 200 + 40 + 6 = 246.
        #expect(
            [bill.inputTokens, bill.cachedInputTokens, bill.cacheCreationTokens, bill.outputTokens] == [
                5925, 0, 2070, 246,
            ])
    }
}
