import AgentSimCore
import AgentSimJSON
import Foundation
import Testing

@testable import AgentSimViews

/// `PipecatView` against Pipecat itself: `Collectors/pipecat/bridge.py` runs pipecat-ai 1.14.0's real LLM services
/// (AnthropicLLMService, OpenAILLMService, OpenAIResponsesHttpLLMService, GoogleLLMService) on every pipeline
/// scenario's LLM requests, replayed from a local server, with barge-in cuts interrupted the way Pipecat is, and
/// each request's `LLMTokenUsage` must equal the view's. Needs `.venvs/pipecat` (Collectors/pipecat/requirements.txt).
struct PipecatViewTests {
    static let python = TestSupport.root.appendingPathComponent(".venvs/pipecat/bin/python").path
    static let bridge = TestSupport.root.appendingPathComponent("Collectors/pipecat/bridge.py").path

    /// Every pipeline scenario's `agentsim views --format json`: its LLM requests and the Pipecat column's
    /// per-request `LLMTokenUsage` (null where the view says Pipecat reports nothing).
    static func viewsOfPipelineScenarios() throws -> [(
        file: String, requests: [JSONValue], pipecat: [JSONValue], tts: [JSONValue]
    )] {
        var out: [(file: String, requests: [JSONValue], pipecat: [JSONValue], tts: [JSONValue])] = []
        for name in TestSupport.scenarioFiles where name.hasPrefix("pipeline-") {
            let result = try TestSupport.agentsim("views", TestSupport.scenario(name), "--format", "json")
            try #require(result.status == 0, "\(name): \(result.stderr)")
            let json = try JSONValue.parse(result.stdout)
            let requests = try #require(json["requests"]?.arrayValue)
            let view = try #require(json["views"]?.arrayValue?.first { $0["id"]?.stringValue == "pipecat" })
            let llm = try #require(view["native"]?["llm"]?.arrayValue)
            let tts = try #require(view["native"]?["tts_characters_by_request"]?.arrayValue)
            #expect(llm.count == requests.count, "\(name): one Pipecat entry per request")
            #expect(tts.count == requests.count, "\(name): one TTS count per request")
            out.append((name, requests, llm, tts))
        }
        return out
    }

    @Test func everyPipelineScenarioGivesWhatPipecatsRealServicesReport() throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.python),
            "missing \(Self.python): create it with Collectors/pipecat/requirements.txt")
        let views = try Self.viewsOfPipelineScenarios()
        // The pipeline scenarios (ten when this was written), and among their requests both kinds of ending, so the
        // cancel paths (Anthropic's words × 1.3 estimate, OpenAI's missing usage chunk, Gemini's zeros) are exercised.
        #expect(views.count >= 10)
        let all = views.flatMap(\.requests)
        let cut = all.filter { $0["complete"]?.boolValue == false }
        #expect(cut.count >= 3, "only \(cut.count) cut requests")
        #expect(
            Set(all.compactMap { $0["provider"]?.stringValue }) == [
                "anthropic", "openai-chat", "openai-responses", "gemini",
            ])

        let input = JSONValue.object([("requests", .array(all))]).compactString()
        let run = try TestSupport.run(Self.python, [Self.bridge], input: Data(input.utf8))
        try #require(run.status == 0, "bridge: \(run.stderr)")
        let out = try JSONValue.parse(run.stdout)
        #expect(out["pipecat_version"]?.stringValue == "1.14.0")
        let theirs = try #require(out["requests"]?.arrayValue)
        let theirTTS = try #require(out["tts_characters"]?.arrayValue)
        try #require(theirs.count == all.count && theirTTS.count == all.count)
        var index = 0
        for view in views {
            for (i, ours) in view.pipecat.enumerated() {
                let real = theirs[index]
                #expect(
                    real["skipped"] == nil, "\(view.file) request \(i): the bridge skipped it: \(real.compactString())")
                #expect(
                    ours.compactString() == real.compactString(),
                    "\(view.file) request \(i): view \(ours.compactString()), Pipecat \(real.compactString())")
                #expect(
                    view.tts[i] == theirTTS[index],
                    Comment(
                        rawValue: "\(view.file) request \(i): TTS characters, view \(view.tts[i].compactString()), "
                            + "Pipecat's aggregator \(theirTTS[index].compactString())")
                )
                index += 1
            }
        }
    }

    /// pipeline-anthropic.yaml through the view, by hand from Pipecat's Anthropic rules (anthropic/llm.py:692-838).
    @Test func anthropicScenarioByHand() throws {
        let view = try #require(try Self.viewsOfPipelineScenarios().first { $0.file == "pipeline-anthropic.yaml" })
        try #require(view.pipecat.count == 3)
        // R0: message_start {input 10, cache_creation 1500, cache_read 0, output 1}, message_delta {output 8}:
        // the delta replaces (8, not 1 + 8); total = 10 + 1500 + 0 + 8 = 1,518.
        #expect(view.pipecat[0]["prompt_tokens"]?.intValue == 10)
        #expect(view.pipecat[0]["completion_tokens"]?.intValue == 8)
        #expect(view.pipecat[0]["total_tokens"]?.intValue == 1518)
        #expect(view.pipecat[0]["cache_creation_input_tokens"]?.intValue == 1500)
        #expect(view.pipecat[0]["reasoning_tokens"]?.isNull == true)
        // R1 is cut by the barge-in: prompt 5, cache_creation 18, cache_read 1500 from message_start, completion the
        // estimate; R2: input 4, cache_creation 8, cache_read 1518, output 10 → total 4 + 8 + 1518 + 10 = 1,540.
        #expect(view.pipecat[1]["prompt_tokens"]?.intValue == 5)
        #expect(view.pipecat[1]["cache_read_input_tokens"]?.intValue == 1500)
        #expect(view.pipecat[1]["reasoning_tokens"]?.isNull == true)
        #expect(view.pipecat[2]["total_tokens"]?.intValue == 1540)
        // TTS: "Sure." 5 + "What time would you like?" 25 = 30 (the space between is not counted); the cut R1
        // streamed 36 of its 40 tokens, 112 × 36 / 40 = 100.8, so 101 of its 112 characters ("… reach you lat"), all
        // flushed to the TTS by the cancelled service's LLMFullResponseEndFrame: "Eight works." 12 + the unfinished
        // "Could I have … you lat" 88 = 100; "Thanks, Sam." 12 + "You're booked for eight." 24 = 36. 30 + 100 + 36 =
        // 166, where the TTS billed 31 + 97 + 37 = 165.
        #expect(view.tts.map { $0.intValue ?? -1 } == [30, 100, 36])
    }

    /// The words estimate's pieces, `len(re.split(r"[^\w]+", s))`, as CPython 3.11 gives them.
    @Test(arguments: [
        ("Eig", 1), ("ks.", 2), (" C", 2), ("", 1), ("a  b", 2), ("x_y", 1), ("4417", 1), ("½", 1),
        ("don\u{2019}t", 2), ("\u{E9}", 1), ("e\u{301}", 2), ("\u{915}\u{93F}", 2), ("日本語です", 1),
    ])
    func wordPiecesMatchPython(_ text: String, _ pieces: Int) {
        #expect(PipecatView.wordPieces(text) == pieces, "pieces of \(text.debugDescription)")
    }

    /// A cut Anthropic stream by hand: three text deltas "Hello" (1 piece → int(1.3) = 1), ", wor" (2 → int(2.6) = 2),
    /// "ld and" (2 → 2): completion 1 + 2 + 2 = 5; total = 10 + 0 + 1500 + 5 = 1,515; no reasoning on the cancel path.
    /// The records are the ones the Anthropic plugin reads back from message_start and content_block_delta.
    @Test func cutAnthropicStreamEstimatesWords() throws {
        func delta(_ t: String) -> UsageRecord { UsageRecord(api: .anthropicMessages, text: t) }
        let start = UsageRecord(
            api: .anthropicMessages, reading: .partial,
            tokens: UsageRecord.Tokens(
                input: 10, inputIncludesCache: false, cacheRead: 1500, cacheWrite: 0, output: 1))
        let records = [start, delta("Hello"), delta(", wor"), delta("ld and")]
        let r = LLMExchange(
            provider: "anthropic", model: "claude-sonnet-4-6", payloads: records.map { _ in .object([]) },
            records: records)
        #expect(!r.complete, "no record ends the stream")
        let u = try #require(PipecatView.usage(r))
        #expect(u.promptTokens == 10)
        #expect(u.completionTokens == 5)
        #expect(u.totalTokens == 1515)
        #expect(u.cacheReadInputTokens == 1500)
        #expect(u.reasoningTokens == nil)
    }
}
