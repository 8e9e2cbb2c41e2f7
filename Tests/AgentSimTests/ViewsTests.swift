import AgentSimCore
import AgentSimJSON
import AgentSimViews
import Foundation
import Testing

/// `agentsim views`: the same pipeline session through every normaliser, with figures derived by hand from each
/// tool's documented rules (`agentsim views --rules`) and the scenario's own derivation.
@Suite struct ViewsTests {
    static func views(_ name: String) async throws -> ViewsReport {
        let report = try await Running.report(name)
        return ViewsReport(file: name, session: try ViewSession(report), views: ViewsReport.standardViews())
    }

    static func figures(_ report: ViewsReport, _ id: String, _ role: ServiceRole = .llm) -> [Measure: Double] {
        let column = report.columns.first { $0.view.id == id }
        let service = column?.usage.services.first { $0.role == role }
        return Dictionary(uniqueKeysWithValues: (service?.figures ?? []).map { ($0.measure, $0.value) })
    }

    static func differences(_ report: ViewsReport, _ id: String) -> String {
        report.columns.first { $0.view.id == id }?.differences.joined(separator: "\n") ?? ""
    }

    // pipeline-anthropic.yaml's derivation: three requests (message_start usage input / cache read / cache creation):
    //   req 0: 10 / 0 / 1500, message_delta output 8;  req 1: 5 / 1500 / 18, cut by a barge-in before message_delta;
    //   req 2: 4 / 1518 / 8, message_delta output 10.  Bill: input 4563, reads 3018, writes 1526, output 54.
    @Test func pipecatReadsAnthropicPromptNetOfCache() async throws {
        let report = try await Self.views("pipeline-anthropic.yaml")
        let p = Self.figures(report, "pipecat")
        // prompt_tokens = message_start's input_tokens: 10 + 5 + 4 = 19 (net of cache).
        #expect(p[.inputTokens] == 19)
        #expect(p[.cachedTokens] == 3018, "0 + 1500 + 1518")
        #expect(p[.cacheWriteTokens] == 1526, "1500 + 18 + 8")
        // completion: 8 and 10 from message_delta; the cut stream's 36 text deltas ("Eig", "ht ", "wor", "ks.", " C",
        // "oul", "d I", " ha", "ve ", "a ", "nam", "e f", "or ", "the", " b", "ook", "ing", ", a", "nd ", "a ", "pho",
        // "ne ", "num", "ber", " i", "n c", "ase", " we", " ne", "ed", " to", " re", "ach", " yo", "u ", "lat") have
        // 1 piece (14 deltas without a separator: int(1.3) = 1) or 2 (22 deltas: int(2.6) = 2): 14 + 44 = 58.
        #expect(p[.outputTokens] == 76, "8 + 58 + 10")
        // total = prompt + cache_creation + cache_read + completion: 1518 + (5 + 18 + 1500 + 58) + (4 + 8 + 1518 + 10).
        #expect(p[.totalTokens] == 4639)
        let text = Self.differences(report, "pipecat")
        #expect(text.contains("prompt_tokens 19 is Anthropic's input_tokens, net of cache"))
        #expect(
            text.contains("3,018 cache reads and 1,526 cache writes it makes 4,563 of the 4,563 input tokens billed"))
        #expect(text.contains("int(words × 1.3)"))
    }

    @Test func lettaAddsAnthropicCacheBack() async throws {
        let report = try await Self.views("pipeline-anthropic.yaml")
        let l = Self.figures(report, "letta")
        // prompt = input + cache_read + cache_creation per step: 1510 + 1523 + 1530 = 4563, gross like the bill.
        #expect(l[.inputTokens] == 4563)
        #expect(l[.cachedTokens] == 3018, "req 0's 0 is None, skipped: 1500 + 1518")
        #expect(l[.cacheWriteTokens] == 1526)
        // completion: 8, the cut stream keeps message_start's output_tokens 1, 10.
        #expect(l[.outputTokens] == 19)
        #expect(l[.totalTokens] == 4582, "4563 + 19")
        let text = Self.differences(report, "letta")
        #expect(!text.contains("prompt_tokens"), "Letta's gross prompt equals the bill: no sentence on it")
        #expect(text.contains("completion_tokens 19 is 35 under the 54 output tokens"))
    }

    // LiveKit's LLMMetrics (its anthropic plugin): req 0 prompt 1510 (10 + 1500 + 0), cached 0, creation 1500,
    // completion 1 + 8 = 9; req 1 cancelled, zeros; req 2 prompt 1530, cached 1518, creation 8, completion 1 + 10 = 11.
    @Test func langfuseCountsCacheTwice() async throws {
        let report = try await Self.views("pipeline-anthropic.yaml")
        let now = Self.figures(report, "langfuse")
        // Since #13110: input = input_tokens - cache_read: (1510 - 0) + 0 + (1530 - 1518) = 1522; LiveKit's
        // cache_write.input_tokens is not recognised, so the 1500 + 8 writes stay in input and are kept again.
        #expect(now[.inputTokens] == 1522)
        #expect(now[.cacheWriteTokens] == 1508)
        // total = every detail: (1510 + 9 + 1500) + 0 + (12 + 11 + 1518 + 8) = 4568.
        #expect(now[.totalTokens] == 4568)
        let legacy = Self.figures(report, "langfuse-legacy")
        // Before #13110: input = input_tokens as sent, 1510 + 0 + 1530 = 3040, and the 1518 cached tokens again as
        // input_cached_tokens and cache_read.input_tokens: total 3040 + 20 + 1518 + 1518 + 1508 = 7604.
        #expect(legacy[.inputTokens] == 3040)
        #expect(legacy[.totalTokens] == 7604)
        // Cost before #13110: 3040 × $3/M + 1518 × $0.30/M + 20 × $15/M = $0.0091200 + $0.0004554 + $0.0003 = $0.0098754.
        let legacyCost = try #require(report.columns.first { $0.view.id == "langfuse-legacy" }?.usage.cost)
        #expect(abs(legacyCost.dollars - 0.0098754) < 1e-9)
        // The bill: uncached 4563 - 3018 - 1526 = 19 × $3/M + 3018 × $0.30/M + 1526 × $3.75/M + 54 × $15/M = $0.0074949.
        #expect(abs(report.billedCost.dollars - 0.0074949) < 1e-9)
        #expect(report.billedCost.unpriced == ["stt deepgram:nova-3", "tts elevenlabs:eleven_flash_v2_5"])
        let text = Self.differences(report, "langfuse-legacy")
        #expect(text.contains("keeps the 1,518 cached tokens again as input_cached_tokens"))
        #expect(text.contains("paid for twice"))
        #expect(text.contains("prices the session at $0.009875, $0.002381 over the $0.007495 billed"))
        #expect(
            Self.differences(report, "langfuse").contains(
                "LiveKit names them cache_write.input_tokens, which Langfuse does not recognise"))
    }

    @Test func liveKitViewsAreTheCollectors() async throws {
        let report = try await Self.views("pipeline-anthropic.yaml")
        let v12 = Self.figures(report, "livekit-1.2.18"), v18 = Self.figures(report, "livekit-1.8.9")
        // prompt 1510 + 0 + 1530 = 3040, cached 1518, completion 9 + 0 + 11 = 20 (the scenario's LiveKit line).
        #expect(v12[.inputTokens] == 3040 && v18[.inputTokens] == 3040)
        #expect(v12[.outputTokens] == 20 && v18[.outputTokens] == 20)
        #expect(v12[.cacheWriteTokens] == nil, "1.2.18's UsageSummary has no cache-write field")
        #expect(v18[.cacheWriteTokens] == 1508, "1500 + 0 + 8")
        #expect(
            Self.differences(report, "livekit-1.2.18").contains(
                "UsageSummary has no cache-write field: the 1,526 tokens"))
        // ElevenLabs: the cut segment (97 characters) is billed and never reported: 165 - 97 = 68.
        #expect(Self.figures(report, "livekit-1.8.9", .tts)[.characters] == 68)
    }

    // gpt-5-mini (pipeline-openai-chat-reasoning.yaml): LiveKit reports one request, prompt 316, completion 276 with
    // 256 reasoning; the other was cut before its usage chunk.
    @Test func langfusePaysReasoningTwiceOnGPT5Mini() async throws {
        let report = try await Self.views("pipeline-openai-chat-reasoning.yaml")
        let now = Self.figures(report, "langfuse")
        // output = 276 - 256 (reasoning.output_tokens) = 20; reasoning kept as output_reasoning_tokens and again as
        // reasoning_tokens: total 316 + 20 + 256 + 256 = 848.
        #expect(now[.outputTokens] == 20)
        #expect(now[.totalTokens] == 848)
        // Langfuse's gpt-5-mini prices both keys at $2/M: 316 × 0.25 + 20 × 2 + 256 × 2 + 256 × 2 = $0.001143;
        // LiveKit's own figures at list price: 316 × 0.25 + 276 × 2 = $0.000631.
        let cost = try #require(report.columns.first { $0.view.id == "langfuse" }?.usage.cost)
        #expect(abs(cost.dollars - 0.001143) < 1e-9)
        let livekit = try #require(report.columns.first { $0.view.id == "livekit-1.8.9" }?.usage.cost)
        #expect(abs(livekit.dollars - 0.000631) < 1e-9)
        #expect(Self.differences(report, "langfuse").contains("gets the 256 reasoning tokens twice"))
    }

    // Gemini 2.5 Flash (pipeline-gemini-flash.yaml): 120 thinking tokens on each of 3 requests, billed as output.
    @Test func geminiThoughtsByView() async throws {
        let report = try await Self.views("pipeline-gemini-flash.yaml")
        // Pipecat: completion = candidates + thoughts, like the bill's 388 output tokens.
        #expect(Self.figures(report, "pipecat")[.outputTokens] == 388)
        // LiveKit and Letta: candidates alone, 388 - 360 = 28; Letta keeps the 360 as reasoning_tokens.
        #expect(Self.figures(report, "livekit-1.8.9")[.outputTokens] == 28)
        #expect(Self.figures(report, "letta")[.outputTokens] == 28)
        #expect(Self.figures(report, "letta")[.reasoningTokens] == 360)
        #expect(
            Self.differences(report, "letta").contains(
                "the thinking tokens, billed as output, are only in reasoning_tokens"))
    }

    // pipeline-openai-tts.yaml: gpt-4.1-mini 249 prompt / 45 completion tokens, all reported; gpt-4o-mini-tts billed
    // 102 input / 181 output tokens, LiveKit reports 81 / 147 (one request cut before speech.audio.done).
    @Test func aViewIsPricedAgainstTheServicesItCovers() async throws {
        let report = try await Self.views("pipeline-openai-tts.yaml")
        // Bill: LLM 249 × $0.40/M + 45 × $1.60/M = $0.0001716; TTS 102 × $0.60/M + 181 × $12/M = $0.0022332.
        #expect(abs(report.billedCost.dollars - 0.0024048) < 1e-9)
        // LiveKit 1.8.9: $0.0001716 + 81 × $0.60/M + 147 × $12/M = $0.0019842.
        let livekit = try #require(report.columns.first { $0.view.id == "livekit-1.8.9" }?.usage.cost)
        #expect(abs(livekit.dollars - 0.0019842) < 1e-9)
        #expect(
            Self.differences(report, "livekit-1.8.9").contains(
                "prices the session at $0.001984, $0.000421 under the $0.002405 billed (priced services only)"))
        // OTel covers the LLM only, whose bill it matches: no cost sentence, only the coverage one.
        #expect(Self.differences(report, "otel") == "OTel GenAI has no stt or tts usage: it covers the llm only.")
    }

    @Test func realtimeScenarioGetsTheRealtimeViews() throws {
        let result = try TestSupport.agentsim("views", TestSupport.scenario("greeting.yaml"))
        #expect(result.status == 0)
        #expect(result.stdout.contains("realtime openai-realtime:"))
        #expect(result.stderr.isEmpty)
        let none = try TestSupport.agentsim("views")
        #expect(none.status == 2)
        #expect(none.stderr.contains("give a scenario file, or --rules"))
    }

    @Test func rulesNameTheirSources() throws {
        let result = try TestSupport.agentsim("views", "--rules")
        #expect(result.status == 0)
        for needle in [
            "Pipecat 1.14 (pipecat)", "services/anthropic/llm.py:579-585", "Letta 0.16 (letta)",
            "schemas/usage.py:93-134",
            "extractGenericGenAiUsageDetails", "telemetry/gen_ai.py set_usage_attributes",
        ] {
            #expect(result.stdout.contains(needle), "missing \(needle)")
        }
    }

    /// The OTel view against LiveKit 1.8.9's own code: the attributes `set_usage_attributes` puts on a real SDK span.
    @Test(arguments: ["pipeline-anthropic.yaml", "pipeline-openai-chat-reasoning.yaml", "pipeline-gemini-flash.yaml"])
    func otelViewIsLiveKitsOwnAttributes(_ name: String) throws {
        let python = TestSupport.livekitPython("1.8.9")
        try #require(FileManager.default.isExecutableFile(atPath: python), "missing \(python): run `make setup`")
        let jsonl = try TestSupport.agentsim("run", TestSupport.scenario(name), "--format", "jsonl")
        #expect(jsonl.status == 0)
        let script = TestSupport.root.appendingPathComponent("Collectors/livekit/otel_attributes.py").path
        let real = try TestSupport.run(python, [script], input: jsonl.stdoutData)
        #expect(real.status == 0, "\(real.stderr)")
        let views = try TestSupport.agentsim("views", TestSupport.scenario(name), "--format", "json")
        #expect(views.status == 0)
        let parsed = try JSONValue.parse(views.stdout)
        let otel = try #require(parsed["views"]?.arrayValue?.first { $0["id"]?.stringValue == "otel" })
        let ours = (otel["native"]?.arrayValue ?? []).map { $0.compactString() }
        let theirs = real.stdout.split(separator: "\n").map { try? JSONValue.parse(String($0)).compactString() }
        #expect(!ours.isEmpty)
        #expect(ours == theirs.compactMap { $0 })
    }
}
