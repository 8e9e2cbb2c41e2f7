import AgentSimJSON
import LiveKitMetrics
import Testing

struct UsageCollectorTests {
    @Test func v1_2SumsTheFixtureSequence() {
        var collector = UsageCollectorV1_2()
        for event in Fixtures.sequence { collector.collect(event) }
        // llm_prompt_tokens        = realtime input 0 + 500 + 700 + 900, plus LLM prompt 1000 = 3100
        // llm_prompt_cached_tokens = realtime cached 0 + 128 + 384 + 256, plus LLM cached 512 = 1280
        // llm_input_audio_tokens   = 0 + 300 + 420 + 5                                         = 725
        // llm_completion_tokens    = realtime output 0 + 150 + 220 + 300, plus LLM 80           = 750
        // llm_output_audio_tokens  = 0 + 120 + 180 + 0                                         = 300
        // tts_characters_count 42, tts_audio_duration 2.5
        // stt_audio_duration = 3.25 + 0.0 + 1.5 = 4.75 (all exact binary fractions)
        // VAD/EOU ignored; LLM cache_creation/reasoning unknown to 1.2.18.
        let expected = UsageSummaryV1_2(
            llmPromptTokens: 3100, llmPromptCachedTokens: 1280, llmInputAudioTokens: 725,
            llmCompletionTokens: 750, llmOutputAudioTokens: 300, ttsCharactersCount: 42,
            ttsAudioDuration: 2.5, sttAudioDuration: 4.75)
        #expect(collector.summary == expected)
        #expect(
            collector.summary.reprLine
                == "UsageSummary(llm_prompt_tokens=3100, llm_prompt_cached_tokens=1280, "
                + "llm_input_audio_tokens=725, llm_completion_tokens=750, llm_output_audio_tokens=300, "
                + "tts_characters_count=42, tts_audio_duration=2.5, stt_audio_duration=4.75)")
    }

    @Test func v1_8SumsTheFixtureSequence() {
        var collector = UsageCollector()
        for event in Fixtures.sequence { collector.collect(event) }
        // As for 1.2.18, plus the per-modality fields (realtime only):
        // input text   0 + 200 + 280 + 880 = 1360; cached text  0 + 64 + 128 + 256 = 448
        // input image  15;                         cached image 0
        // input audio  725;                        cached audio 0 + 64 + 256 + 0 = 320
        // output text  0 + 30 + 40 + 290 = 360; output image 10; output audio 300
        // STT tokens: 40 in, 12 out, 40 audio in (from E6 only). TTS tokens are not summed here.
        let expected = UsageSummary(
            llmPromptTokens: 3100, llmPromptCachedTokens: 1280,
            llmInputAudioTokens: 725, llmInputCachedAudioTokens: 320,
            llmInputTextTokens: 1360, llmInputCachedTextTokens: 448,
            llmInputImageTokens: 15, llmInputCachedImageTokens: 0,
            llmCompletionTokens: 750, llmOutputAudioTokens: 300, llmOutputImageTokens: 10,
            llmOutputTextTokens: 360, ttsCharactersCount: 42, ttsAudioDuration: 2.5,
            sttAudioDuration: 4.75, sttInputTokens: 40, sttOutputTokens: 12, sttInputAudioTokens: 40)
        #expect(collector.summary == expected)
        #expect(collector.summary.llmInputTokens == 3100)
        #expect(collector.summary.llmOutputTokens == 750)
    }

    @Test func v1_8JSONHasAll18FieldsInDeclarationOrder() throws {
        var collector = UsageCollector()
        collector.collect(.stt(Fixtures.sttTokens))
        let json = collector.summary.json()
        #expect(
            json.keys == [
                "llm_prompt_tokens", "llm_prompt_cached_tokens", "llm_input_audio_tokens",
                "llm_input_cached_audio_tokens", "llm_input_text_tokens", "llm_input_cached_text_tokens",
                "llm_input_image_tokens", "llm_input_cached_image_tokens", "llm_completion_tokens",
                "llm_output_audio_tokens", "llm_output_image_tokens", "llm_output_text_tokens",
                "tts_characters_count", "tts_audio_duration", "stt_audio_duration", "stt_input_tokens",
                "stt_output_tokens", "stt_input_audio_tokens",
            ])
        // One STT event: 40 in, 12 out, 40 audio in; its audio_duration 0.0 stays a float.
        #expect(json["stt_input_tokens"] == .int(40))
        #expect(json["stt_output_tokens"] == .int(12))
        #expect(json["stt_audio_duration"] == .double(0.0))
    }

    @Test func v1_2JSONUsesSnakeCaseInDeclarationOrder() {
        let summary = UsageSummaryV1_2(llmPromptTokens: 7, sttAudioDuration: 1.5)
        #expect(
            summary.json().compactString()
                == #"{"llm_prompt_tokens":7,"llm_prompt_cached_tokens":0,"llm_input_audio_tokens":0,"#
                + #""llm_completion_tokens":0,"llm_output_audio_tokens":0,"tts_characters_count":0,"#
                + #""tts_audio_duration":0.0,"stt_audio_duration":1.5}"#)
    }

    @Test func nullCachedDetailsAddNothingToCachedModalities() {
        // cached_tokens_details = None → the three cached-modality counters get 0, but
        // cached_tokens (50) still counts.
        var event = Fixtures.response1
        event.inputTokenDetails.cachedTokens = 50
        event.inputTokenDetails.cachedTokensDetails = nil
        var collector = UsageCollector()
        collector.collect(.realtime(event))
        #expect(collector.summary.llmPromptCachedTokens == 50)
        #expect(collector.summary.llmInputCachedAudioTokens == 0)
        #expect(collector.summary.llmInputCachedTextTokens == 0)
        #expect(collector.summary.llmInputCachedImageTokens == 0)
        #expect(collector.summary.llmInputAudioTokens == 300)
    }

    @Test func floatSumsFollowEventOrder() {
        // Python: 0.0 + 1e16 = 1e16; + 1.0 → 1e16 (ulp at 1e16 is 2, tie rounds to even); + 1.0 → 1e16.
        // The other order: 0.0 + 1.0 + 1.0 = 2.0; + 1e16 = 10000000000000002.0 exactly.
        func stt(_ seconds: Double) -> AgentMetrics {
            .stt(
                STTMetrics(
                    label: "s", requestId: "r", timestamp: 0, duration: 0, audioDuration: seconds, streamed: true))
        }
        var bigFirst = UsageCollectorV1_2()
        for s in [1e16, 1.0, 1.0] { bigFirst.collect(stt(s)) }
        var bigLast = UsageCollectorV1_2()
        for s in [1.0, 1.0, 1e16] { bigLast.collect(stt(s)) }
        #expect(bigFirst.summary.sttAudioDuration == 1e16)
        #expect(bigLast.summary.sttAudioDuration == 10_000_000_000_000_002.0)
        #expect(bigLast.summary.reprLine.hasSuffix("stt_audio_duration=1.0000000000000002e+16)"))

        // The classic: 0.0 + 0.1 + 0.2 = 0.30000000000000004 in Python.
        var tenths = UsageCollector()
        tenths.collect(stt(0.1))
        tenths.collect(stt(0.2))
        #expect(tenths.summary.reprLine.contains("stt_audio_duration=0.30000000000000004,"))
    }

    @Test func countersSaturateInsteadOfTrapping() {
        let huge = LLMMetrics(
            label: "l", requestId: "r", timestamp: 0, duration: 0, ttft: -1, cancelled: false,
            completionTokens: Int.max, promptTokens: Int.max, promptCachedTokens: 1, totalTokens: Int.max,
            tokensPerSecond: 0)
        var v12 = UsageCollectorV1_2()
        var v18 = UsageCollector()
        var model = ModelUsageCollector()
        for _ in 0..<3 {
            v12.collect(.llm(huge))
            v18.collect(.llm(huge))
            model.collect(.llm(huge))
        }
        #expect(v12.summary.llmPromptTokens == Int.max)
        #expect(v12.summary.llmPromptCachedTokens == 3)
        #expect(v18.summary.llmCompletionTokens == Int.max)
        guard case let .llm(usage)? = model.flatten().first else {
            Issue.record("expected one LLM usage")
            return
        }
        #expect(usage.inputTokens == Int.max)
        #expect(usage.outputTokens == Int.max)
    }
}
