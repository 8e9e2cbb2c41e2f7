import AgentSimCore
import AgentSimJSON
import Foundation
import Testing

/// `agentsim views` of realtime scenarios: LiveKit's, OTel's, Langfuse's and Pipecat's readings of each response, run
/// through the binary the way a user runs it. Figures derived by hand from the scenarios' headers and the rules in
/// docs/PROVIDERS.md (Langfuse's disjoint buckets, Pipecat's LLMTokenUsage) and `agentsim views --rules`.
struct RealtimeViewsTests {
    /// Every shipped scenario (YAML or JSON) without `session.pipeline`.
    static let realtimeScenarios: [String] = TestSupport.scenarioFiles.filter { name in
        guard let s = try? ScenarioLoader.load(path: TestSupport.scenario(name)) else { return false }
        return s.session.pipeline == nil
    }

    static func json(_ name: String) throws -> JSONValue {
        let result = try TestSupport.agentsim("views", TestSupport.scenario(name), "--format", "json")
        try #require(result.status == 0, "\(result.stderr)")
        return try JSONValue.parse(result.stdout)
    }

    static func view(_ json: JSONValue, _ id: String) throws -> JSONValue {
        try #require(json["views"]?.arrayValue?.first { $0["id"]?.stringValue == id })
    }

    static func figure(_ view: JSONValue, _ key: String) -> Int? { view["figures"]?[key]?["value"]?.intValue }

    @Test func everyShippedRealtimeScenarioExitsZero() throws {
        // 33 shipped realtime scenarios at the time of writing (32 YAML files without session.pipeline and
        // transcription-tokens.json); every one must load, or it would be silently left out here.
        #expect(Self.realtimeScenarios.count >= 33)
        #expect(Self.realtimeScenarios.contains("openai-cache-forum.yaml"))
        #expect(Self.realtimeScenarios.contains("transcription-tokens.json"))
        for name in Self.realtimeScenarios {
            let text = try TestSupport.agentsim("views", TestSupport.scenario(name))
            #expect(text.status == 0, "\(name): \(text.stderr)")
            #expect(text.stdout.contains("LiveKit 1.8.9"), "\(name)")
            let json = try TestSupport.agentsim("views", TestSupport.scenario(name), "--format", "json")
            #expect(json.status == 0, "\(name): \(json.stderr)")
            #expect((try? JSONValue.parse(json.stdout))?["views"]?.arrayValue?.count == 5, "\(name)")
        }
    }

    /// openai-cache-forum.yaml's header: response 1 input 252, cached 0, output 60 text + 320 audio = 380;
    /// response 2 (the tool call) input 732, cached 128, output 13 (the call's arguments); response 3 input 789,
    /// cached 640, output 20 text + 5.0 s × 20 = 100 audio = 120. So 1,773 input with 768 cached, 513 output.
    /// Langfuse before #13110 keeps input_tokens as `input` (1,773, cached included) and the 768 again as
    /// input_cached_tokens: counted twice. Since #13110 `input` is 1,773 − 768 = 1,005.
    /// Its total sums every key LiveKit sends for a realtime span (telemetry/utils.py record_realtime_metrics): input
    /// and output, their text + audio parts twice (official and unofficial spellings), the cache reads under
    /// cache_read.input_tokens and input_cached_tokens, and their text + audio parts: 3 × 1,773 + 3 × 513 + 3 × 768
    /// = 9,162 before #13110; after it the cache reads are taken out of input and the two cache keys become one:
    /// 3 × 1,773 + 3 × 513 + 768 = 7,626.
    @Test func langfuseCountsCachedRealtimeInputTwice() throws {
        let json = try Self.json("openai-cache-forum.yaml")
        let legacy = try Self.view(json, "langfuse-legacy")
        #expect(Self.figure(legacy, "input_tokens") == 1_773)
        #expect(Self.figure(legacy, "cached_input_tokens") == 768)
        #expect(Self.figure(legacy, "total_tokens") == 9_162)
        let current = try Self.view(json, "langfuse")
        #expect(Self.figure(current, "input_tokens") == 1_005)
        #expect(Self.figure(current, "cached_input_tokens") == 768)
        #expect(Self.figure(current, "total_tokens") == 7_626)
        // LiveKit and the OTel attributes carry the figures as reported, text and audio apart: input text
        // 192 + 256 + 313 = 761, audio 60 + 476 + 476 = 1,012; cached text 0 + 128 + 256 = 384, audio 384.
        for id in ["livekit-1.8.9", "otel"] {
            let v = try Self.view(json, id)
            #expect(Self.figure(v, "input_tokens") == 1_773, "\(id)")
            #expect(Self.figure(v, "input_text_tokens") == 761, "\(id)")
            #expect(Self.figure(v, "input_audio_tokens") == 1_012, "\(id)")
            #expect(Self.figure(v, "cached_text_tokens") == 384, "\(id)")
            #expect(Self.figure(v, "cached_audio_tokens") == 384, "\(id)")
            #expect(Self.figure(v, "output_audio_tokens") == 420, "\(id): 320 + 0 + 100")
        }
        let text = try TestSupport.agentsim("views", TestSupport.scenario("openai-cache-forum.yaml"))
        #expect(text.status == 0)
        #expect(text.stdout.contains("Langfuse <04-2026 counts the 768 cached realtime input tokens twice"))
        #expect(text.stdout.contains("input + input_cached_tokens: 732 + 128, 789 + 640"))
        // gpt-realtime has no first-hand price: said, not guessed.
        #expect(text.stdout.contains("unpriced (no first-hand price in agentsim's table): llm gpt-realtime"))
    }

    /// gemini-thinking.yaml: prompt 370 (AUDIO 50), response 52 (AUDIO 47), thoughts 38. Pipecat's completion is
    /// 52 + 38 = 90, its total 370 + 90 = 460; LiveKit's output leaves the thinking out: 52.
    @Test func pipecatOnGeminiLive() throws {
        let json = try Self.json("gemini-thinking.yaml")
        let pipecat = try Self.view(json, "pipecat")
        #expect(Self.figure(pipecat, "input_tokens") == 370)
        #expect(Self.figure(pipecat, "input_audio_tokens") == 50)
        #expect(Self.figure(pipecat, "output_tokens") == 90)
        #expect(Self.figure(pipecat, "output_audio_tokens") == 47)
        #expect(Self.figure(pipecat, "reasoning_tokens") == 38)
        #expect(Self.figure(pipecat, "total_tokens") == 460)
        let response = try #require(pipecat["responses"]?.arrayValue?.first)
        #expect(response["completion_tokens"]?.intValue == 90)
        #expect(response["cache_read_input_tokens"] == .null)
        #expect(Self.figure(try Self.view(json, "livekit-1.8.9"), "output_tokens") == 52)
        let text = try TestSupport.agentsim("views", TestSupport.scenario("gemini-thinking.yaml"))
        #expect(text.stdout.contains("completion_tokens 90 is 38 over LiveKit's 52 output tokens"))
    }

    /// greeting.yaml bills one response: input 28 text + 16 audio, output 8 text + 44 audio, nothing cached;
    /// gpt-4o-realtime-preview's page: text $5 in / $20 out, audio $40 in / $80 out per million:
    /// 28 × 5 + 16 × 40 + 8 × 20 + 44 × 80 = 4,460 per million = $0.004460, for LiveKit's figures and OTel's.
    /// GPT-Live has no Pipecat service.
    @Test func pricedByModalityAndNoPipecatForGPTLive() throws {
        let json = try Self.json("greeting.yaml")
        for id in ["livekit-1.8.9", "otel"] {
            let dollars = try Self.view(json, id)["cost"]?["dollars"]?.doubleValue ?? 0
            #expect(abs(dollars - 0.004460) < 1e-12, "\(id)")
        }
        let text = try TestSupport.agentsim("views", TestSupport.scenario("gpt-live.yaml"))
        #expect(text.status == 0)
        #expect(text.stdout.contains("Pipecat 1.14.0 has no realtime service for openai-live"))
    }

    /// The realtime output points at `views --rules`; the rules must be there, with their sources.
    @Test func rulesCoverRealtimeScenarios() throws {
        let rules = try TestSupport.agentsim("views", "--rules")
        #expect(rules.status == 0)
        for needle in [
            "Realtime scenarios (realtime)", "telemetry/utils.py record_realtime_metrics",
            "services/google/gemini_live/llm.py:1632-1646", "livekit/agents PR #5121",
        ] {
            #expect(rules.stdout.contains(needle), "missing \(needle)")
        }
    }
}
