import AgentSimJSON
import Foundation
import Testing

/// A Pipecat 1.14.0 pipeline (the venv's real OpenAILLMService / AnthropicLLMService / GoogleLLMService, then
/// ElevenLabsTTSService on serve's `multi-stream-input`) against a running `agentsim serve`
/// (Collectors/serve/pipecat_pipeline.py), each `LLMTokenUsage` and `TTSUsageMetricsData` it reports compared with
/// the Pipecat column of `agentsim views --format json` for the same scenario.
@Suite(.serialized) struct PipecatPipelineServeTests {
    /// What the driver printed, and the view's `native` figures.
    struct Run {
        var llm: [JSONValue]
        var tts: [JSONValue]
        var viewLLM: [JSONValue]
        var viewTTS: [JSONValue]
    }

    /// Serves `scenario` at speed 20, runs the Pipecat pipeline against it, and reads `agentsim views`.
    static func run(_ scenario: String) throws -> Run {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("agentsim-pipecat-pipeline-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = ServeTestSupport.root.appendingPathComponent("Scenarios/\(scenario).yaml").path
        let server = try ServeTestSupport.Server(
            arguments: ["serve", path, "--port", "0", "--speed", "20", "--driver-script", directory.path])
        let python = ServeTestSupport.root.appendingPathComponent(".venvs/pipecat/bin/python").path
        let driver = ServeTestSupport.root.appendingPathComponent("Collectors/serve/pipecat_pipeline.py").path
        let result = try ServeTestSupport.run(
            python,
            [
                driver, "--url", server.url, "--speed", "20", "--script",
                directory.appendingPathComponent("\(scenario).drive.json").path,
            ])
        #expect(server.isRunning)
        #expect(server.stop() == 0)
        try #require(result.status == 0, "\(scenario): \(result.stdout)\(result.stderr.suffix(3000))")
        let out = try JSONValue.parse(result.stdout)
        #expect(out["pipecat_version"]?.stringValue == "1.14.0")
        let views = try ServeTestSupport.agentsim("views", path, "--format", "json")
        try #require(views.status == 0, "\(views.stderr)")
        let view = try #require(
            try JSONValue.parse(views.stdout)["views"]?.arrayValue?.first { $0["id"]?.stringValue == "pipecat" })
        return Run(
            llm: out["llm"]?.arrayValue ?? [], tts: out["tts_characters_by_request"]?.arrayValue ?? [],
            viewLLM: view["native"]?["llm"]?.arrayValue ?? [],
            viewTTS: view["native"]?["tts_characters_by_request"]?.arrayValue ?? [])
    }

    /// Every request's LLMTokenUsage (each field, null included) and TTS characters equal the view's.
    static func expectSameAsViews(_ run: Run, _ scenario: String) {
        #expect(
            run.llm.count == run.viewLLM.count, "\(scenario): \(run.llm.count) requests, views \(run.viewLLM.count)")
        for (i, (real, view)) in zip(run.llm, run.viewLLM).enumerated() {
            if view.isNull {
                #expect(real.isNull, "\(scenario) request \(i): views says nothing, Pipecat \(real.compactString())")
                continue
            }
            for field in [
                "prompt_tokens", "completion_tokens", "total_tokens", "cache_read_input_tokens",
                "cache_creation_input_tokens", "reasoning_tokens",
            ] {
                let mine = real[field]?.compactString() ?? "absent"
                let theirs = view[field]?.compactString() ?? "absent"
                #expect(
                    real[field] == view[field], "\(scenario) request \(i) \(field): Pipecat \(mine), views \(theirs)")
            }
        }
        #expect(run.tts == run.viewTTS, "\(scenario) TTS characters: Pipecat \(run.tts), views \(run.viewTTS)")
    }

    static func ints(_ values: [JSONValue], _ field: String) -> [Int?] { values.map { $0[field]?.intValue } }

    /// pipeline-openai-chat.yaml (its header's figures): prompt 1,303, 1,330, 1,464 (gross: Σ items + 3 each, + 3),
    /// cached 0, 1,280, 1,280 (1,024 + k × 128 of the prefix shared with the previous request), completion 15, 8,
    /// 14; the fourth request is cut by the barge-in before its usage chunk, and OpenAILLMService reports nothing for
    /// it. TTS characters per request: "I am sorry to hear that." 24 + "Can you give me the order number?" 33 = 57;
    /// the tool call 0; "Your parcel shipped and should arrive on Friday." 48 + "Anything else?" 14 = 62; the cut
    /// reply streams 41 of its 60 tokens (about 41 / 60 of its 189 characters) with no sentence end among them, yet
    /// they count: the cancelled service pushes LLMFullResponseEndFrame (base_llm.py:737-739), which flushes the
    /// TTS's aggregator before the InterruptionFrame reaches it.
    @Test func openAIChat() throws {
        let run = try Self.run("pipeline-openai-chat")
        Self.expectSameAsViews(run, "pipeline-openai-chat")
        #expect(Self.ints(run.llm, "prompt_tokens") == [1303, 1330, 1464, nil])
        #expect(Self.ints(run.llm, "cache_read_input_tokens") == [0, 1280, 1280, nil])
        #expect(Self.ints(run.llm, "completion_tokens") == [15, 8, 14, nil])
        #expect(run.llm.last?.isNull == true)
        #expect(run.tts.prefix(3).map(\.intValue) == [57, 0, 62])
        #expect((run.tts.last?.intValue ?? 0) > 100, "the cut reply's unfinished sentence counts")
    }

    /// pipeline-anthropic.yaml (its header's figures; Pipecat's prompt is Anthropic's input_tokens, net of cache):
    /// request 0 prompt 10, cache creation 1,500, completion 8, total 10 + 1,500 + 8 = 1,518; request 1 is cut by
    /// the barge-in before message_delta: prompt 5, read 1,500, creation 18 from message_start, and completion
    /// Pipecat's own estimate (int(words × 1.3) per text delta, anthropic/llm.py:806-807); request 2 holds what the
    /// user heard of the cut reply ("Eight works."): prompt 4, read 1,518, creation 8, completion 10. TTS: "Sure." 5
    /// + "What time would you like?" 25 = 30; the cut reply's streamed text, "Eight works." 12 and the unfinished
    /// sentence after it, flushed by the cancelled service's LLMFullResponseEndFrame (anthropic/llm.py:750-752);
    /// "Thanks, Sam." 12 + "You're booked for eight." 24 = 36.
    @Test func anthropic() throws {
        let run = try Self.run("pipeline-anthropic")
        Self.expectSameAsViews(run, "pipeline-anthropic")
        #expect(Self.ints(run.llm, "prompt_tokens") == [10, 5, 4])
        #expect(Self.ints(run.llm, "cache_read_input_tokens") == [0, 1500, 1518])
        #expect(Self.ints(run.llm, "cache_creation_input_tokens") == [1500, 18, 8])
        #expect(Self.ints(run.llm, "completion_tokens").first == 8)
        #expect(Self.ints(run.llm, "completion_tokens").last == 10)
        #expect(run.tts.first?.intValue == 30)
        #expect(run.tts.last?.intValue == 36)
        #expect((run.tts.dropFirst().first?.intValue ?? 0) > 12, "the cut reply's unfinished sentence counts too")
    }

    /// pipeline-gemini-flash.yaml (its header's figures; Pipecat's completion is candidates + thoughts): request 0
    /// (the tool call) prompt 2,110, nothing cached, completion 8 + 120 = 128, reasoning 120; request 1 prompt
    /// 2,130, cached 2,110, completion 12 + 120 = 132; request 2 prompt 2,146, cached 2,130, completion 8 + 120 =
    /// 128. TTS: the tool call 0; "It's sunny and twenty-two degrees in Paris." 43; "You're welcome, enjoy your
    /// day!" 31.
    @Test func geminiFlash() throws {
        let run = try Self.run("pipeline-gemini-flash")
        Self.expectSameAsViews(run, "pipeline-gemini-flash")
        #expect(Self.ints(run.llm, "prompt_tokens") == [2110, 2130, 2146])
        #expect(Self.ints(run.llm, "cache_read_input_tokens") == [0, 2110, 2130])
        #expect(Self.ints(run.llm, "completion_tokens") == [128, 132, 128])
        #expect(Self.ints(run.llm, "reasoning_tokens") == [120, 120, 120])
        #expect(run.tts.map(\.intValue) == [0, 43, 31])
    }

    /// The other pipeline scenarios whose TTS is ElevenLabs, each request's figures against the view: pipeline-openai-
    /// responses.yaml through OpenAIResponsesHttpLLMService (4 requests, the last ended by max_output_tokens, so it
    /// reports; its cut reply's streamed text counts), pipeline-openai-chat-reasoning.yaml (2 requests, the second
    /// cut before its usage chunk: null) and pipeline-anthropic-haiku.yaml (3 requests, no barge-in).
    @Test(arguments: [
        ("pipeline-openai-responses", 4), ("pipeline-openai-chat-reasoning", 2), ("pipeline-anthropic-haiku", 3),
    ])
    func otherElevenLabsPipelines(scenario: String, requests: Int) throws {
        let run = try Self.run(scenario)
        #expect(run.llm.count == requests)
        Self.expectSameAsViews(run, scenario)
    }
}
