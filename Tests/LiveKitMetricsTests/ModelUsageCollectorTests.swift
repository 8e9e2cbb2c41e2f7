import AgentSimJSON
import LiveKitMetrics
import Testing

struct ModelUsageCollectorTests {
    @Test func fixtureSequenceGivesOneRecordPerProviderAndModel() throws {
        var collector = ModelUsageCollector()
        for event in Fixtures.sequence { collector.collect(event) }
        let expected: [ModelUsage] = [
            // OpenAI realtime (E1–E3): input 0+500+700, cached 0+128+384, audio 0+300+420 (cached 0+64+256),
            // text 0+200+280 (cached 0+64+128), output 0+150+220 = 30+40 text + 120+180 audio.
            .llm(
                LLMModelUsage(
                    provider: "api.openai.com", model: "gpt-realtime", inputTokens: 1200, inputCachedTokens: 512,
                    inputAudioTokens: 720, inputCachedAudioTokens: 320, inputTextTokens: 480,
                    inputCachedTextTokens: 192, outputTokens: 370, outputAudioTokens: 300, outputTextTokens: 70)),
            // Gemini (E4): output image 10 dropped, session_duration 12.5 added.
            .llm(
                LLMModelUsage(
                    provider: "Gemini", model: "gemini-live-2.5-flash", inputTokens: 900, inputCachedTokens: 256,
                    inputAudioTokens: 5, inputTextTokens: 880, inputCachedTextTokens: 256, inputImageTokens: 15,
                    outputTokens: 300, outputTextTokens: 290, sessionDuration: 12.5)),
            // Pipeline LLM (E8): cache writes and reasoning carried over.
            .llm(
                LLMModelUsage(
                    provider: "openai", model: "gpt-4.1-mini", inputTokens: 1000, inputCachedTokens: 512,
                    inputCacheCreationTokens: 64, outputTokens: 80, outputReasoningTokens: 16)),
            .tts(
                TTSModelUsage(
                    provider: "cartesia", model: "sonic-2", inputTokens: 10, outputTokens: 300, charactersCount: 42,
                    audioDuration: 2.5)),
            .stt(STTModelUsage(provider: "api.openai.com", model: "whisper-1", audioDuration: 3.25)),
            .stt(
                STTModelUsage(
                    provider: "api.openai.com", model: "gpt-4o-transcribe", inputTokens: 40, inputAudioTokens: 40,
                    outputTokens: 12, audioDuration: 0.0)),
            // E9 without metadata → ("", "").
            .stt(STTModelUsage(provider: "", model: "", audioDuration: 1.5)),
        ]
        #expect(collector.flatten() == expected)
    }

    @Test func interleavedProvidersKeepFirstSeenOrderAndLLMComesBeforeSTT() {
        func llm(_ provider: String, _ prompt: Int) -> AgentMetrics {
            .llm(
                LLMMetrics(
                    label: "l", requestId: "r", timestamp: 0, duration: 0, ttft: -1, cancelled: false,
                    completionTokens: 1, promptTokens: prompt, promptCachedTokens: 0, totalTokens: prompt + 1,
                    tokensPerSecond: 0, metadata: Metadata(modelName: "m", modelProvider: provider)))
        }
        func stt(_ provider: String, _ seconds: Double) -> AgentMetrics {
            .stt(
                STTMetrics(
                    label: "s", requestId: "r", timestamp: 0, duration: 0, audioDuration: seconds, streamed: true,
                    metadata: Metadata(modelName: "m", modelProvider: provider)))
        }
        var collector = ModelUsageCollector()
        // Arrival: STT x, LLM b, LLM a, LLM b, STT y, STT x.
        for event in [stt("x", 1.0), llm("b", 10), llm("a", 20), llm("b", 30), stt("y", 2.0), stt("x", 0.5)] {
            collector.collect(event)
        }
        let flat = collector.flatten()
        #expect(flat.map(\.type) == ["llm_usage", "llm_usage", "stt_usage", "stt_usage"])
        #expect(flat.map(\.provider) == ["b", "a", "x", "y"])
        // b: 10 + 30 = 40 input, 2 output; x: 1.0 + 0.5 = 1.5 s.
        #expect(flat[0] == .llm(LLMModelUsage(provider: "b", model: "m", inputTokens: 40, outputTokens: 2)))
        #expect(flat[2] == .stt(STTModelUsage(provider: "x", model: "m", audioDuration: 1.5)))
    }

    @Test func providerNilAndEmptyShareABucketButModelsSplit() {
        func tts(_ metadata: Metadata?) -> AgentMetrics {
            .tts(
                TTSMetrics(
                    label: "t", requestId: "r", timestamp: 0, ttfb: 0, duration: 0, audioDuration: 1.0,
                    cancelled: false, charactersCount: 5, streamed: false, metadata: metadata))
        }
        var collector = ModelUsageCollector()
        // nil metadata, metadata with nil fields, and ("", "") are all the key ("", "");
        // ("", "sonic") is a different key.
        collector.collect(tts(nil))
        collector.collect(tts(Metadata()))
        collector.collect(tts(Metadata(modelName: "", modelProvider: "")))
        collector.collect(tts(Metadata(modelName: "sonic")))
        #expect(
            collector.flatten() == [
                .tts(TTSModelUsage(provider: "", model: "", charactersCount: 15, audioDuration: 3.0)),
                .tts(TTSModelUsage(provider: "", model: "sonic", charactersCount: 5, audioDuration: 1.0)),
            ])
    }

    @Test func interruptionAndEOTRequestsAreCountedAfterSTT() throws {
        let eotWithoutCount: JSONValue = .object([
            ("type", "eot_inference_metrics"), ("timestamp", 1), ("total_duration", 0.1),
            ("detection_delay", 0.2), ("prediction_duration", 0.05),
            ("metadata", .object([("model_name", "turn-detector"), ("model_provider", "livekit")])),
        ])
        let interruption: JSONValue = .object([
            ("type", "interruption_metrics"), ("timestamp", 1), ("total_duration", 0.1),
            ("prediction_duration", 0.05), ("detection_delay", 0.2), ("num_interruptions", 1),
            ("num_backchannels", 0), ("num_requests", "4"),
        ])
        var collector = ModelUsageCollector()
        collector.collect(try AgentMetrics.decode(eotWithoutCount))
        collector.collect(try AgentMetrics.decode(interruption))
        collector.collect(try AgentMetrics.decode(eotWithoutCount))
        collector.collect(.stt(Fixtures.sttNoMetadata))
        // EOT num_requests defaults to 1 → 1 + 1 = 2; interruption "4" → 4.
        #expect(
            collector.flatten() == [
                .stt(STTModelUsage(provider: "", model: "", audioDuration: 1.5)),
                .interruption(InterruptionModelUsage(provider: "", model: "", totalRequests: 4)),
                .eot(EOTModelUsage(provider: "livekit", model: "turn-detector", totalRequests: 2)),
            ])
    }

    @Test func usageJSONIsInModelDumpOrder() {
        let json = ModelUsage.llm(LLMModelUsage(provider: "p", model: "m", sessionDuration: 1.5)).json()
        #expect(
            json.keys == [
                "type", "provider", "model", "input_tokens", "input_cached_tokens", "input_cache_creation_tokens",
                "input_audio_tokens", "input_cached_audio_tokens", "input_text_tokens", "input_cached_text_tokens",
                "input_image_tokens", "input_cached_image_tokens", "output_tokens", "output_audio_tokens",
                "output_text_tokens", "output_reasoning_tokens", "session_duration",
            ])
        #expect(json["type"] == "llm_usage")
        #expect(json["session_duration"] == .double(1.5))
        #expect(
            ModelUsage.tts(TTSModelUsage(provider: "p", model: "m")).json().keys
                == ["type", "provider", "model", "input_tokens", "output_tokens", "characters_count", "audio_duration"])
        #expect(
            ModelUsage.stt(STTModelUsage(provider: "p", model: "m")).json().keys
                == [
                    "type", "provider", "model", "input_tokens", "input_audio_tokens", "output_tokens",
                    "audio_duration",
                ])
        #expect(
            ModelUsage.eot(EOTModelUsage(provider: "p", model: "m", totalRequests: 2)).json().compactString()
                == #"{"type":"eot_usage","provider":"p","model":"m","total_requests":2}"#)
    }
}
