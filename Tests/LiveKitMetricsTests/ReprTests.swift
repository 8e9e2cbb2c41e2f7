import AgentSimJSON
import LiveKitMetrics
import Testing

struct ReprTests {
    @Test func v1_2ReprMatchesTheSeedLine() {
        let summary = UsageSummaryV1_2(
            llmPromptTokens: 2060, llmPromptCachedTokens: 1408, llmInputAudioTokens: 1455,
            llmCompletionTokens: 1753, llmOutputAudioTokens: 1346, ttsCharactersCount: 0,
            ttsAudioDuration: 0.0, sttAudioDuration: 0.0)
        #expect(
            summary.reprLine
                == "UsageSummary(llm_prompt_tokens=2060, llm_prompt_cached_tokens=1408, llm_input_audio_tokens=1455, llm_completion_tokens=1753, llm_output_audio_tokens=1346, tts_characters_count=0, tts_audio_duration=0.0, stt_audio_duration=0.0)"
        )
    }

    @Test func v1_2ReprFromEventsReachesTheSeedLine() {
        // Two realtime responses chosen to add up to the seed line:
        // prompt 1000 + 1060 = 2060, cached 700 + 708 = 1408, input audio 700 + 755 = 1455,
        // completion 900 + 853 = 1753, output audio 700 + 646 = 1346.
        func response(_ input: Int, _ cached: Int, _ inAudio: Int, _ output: Int, _ outAudio: Int) -> AgentMetrics {
            .realtime(
                RealtimeModelMetrics(
                    label: "rt", requestId: "r", timestamp: 0, duration: 0, ttft: -1, cancelled: false,
                    inputTokens: input, outputTokens: output, totalTokens: input + output, tokensPerSecond: 0,
                    inputTokenDetails: .init(
                        audioTokens: inAudio, textTokens: input - inAudio, imageTokens: 0, cachedTokens: cached),
                    outputTokenDetails: .init(textTokens: output - outAudio, audioTokens: outAudio, imageTokens: 0)))
        }
        var collector = UsageCollectorV1_2()
        collector.collect(response(1000, 700, 700, 900, 700))
        collector.collect(response(1060, 708, 755, 853, 646))
        #expect(
            collector.summary.reprLine
                == "UsageSummary(llm_prompt_tokens=2060, llm_prompt_cached_tokens=1408, llm_input_audio_tokens=1455, llm_completion_tokens=1753, llm_output_audio_tokens=1346, tts_characters_count=0, tts_audio_duration=0.0, stt_audio_duration=0.0)"
        )
    }

    @Test func v1_8ReprListsAll18Fields() {
        let summary = UsageSummary(llmInputImageTokens: 3, ttsAudioDuration: 1e-05, sttInputAudioTokens: 9)
        #expect(
            summary.reprLine
                == "UsageSummary(llm_prompt_tokens=0, llm_prompt_cached_tokens=0, llm_input_audio_tokens=0, "
                + "llm_input_cached_audio_tokens=0, llm_input_text_tokens=0, llm_input_cached_text_tokens=0, "
                + "llm_input_image_tokens=3, llm_input_cached_image_tokens=0, llm_completion_tokens=0, "
                + "llm_output_audio_tokens=0, llm_output_image_tokens=0, llm_output_text_tokens=0, "
                + "tts_characters_count=0, tts_audio_duration=1e-05, stt_audio_duration=0.0, "
                + "stt_input_tokens=0, stt_output_tokens=0, stt_input_audio_tokens=9)")
    }

    @Test func modelUsageReprSkipsZerosAndQuotesLikePython() {
        // _BaseModelUsage.__repr__ keeps `type`, provider and model (strings are never == 0)
        // and drops every 0 / 0.0 counter.
        let tts = TTSModelUsage(provider: "cartesia", model: "sonic-2", charactersCount: 42, audioDuration: 2.5)
        #expect(
            tts.reprLine
                == "TTSModelUsage(type='tts_usage', provider='cartesia', model='sonic-2', characters_count=42, audio_duration=2.5)"
        )
        // repr("O'Neil") uses double quotes; repr("") is ''.
        let llm = LLMModelUsage(provider: "O'Neil", model: "", outputReasoningTokens: 16)
        #expect(
            llm.reprLine == "LLMModelUsage(type='llm_usage', provider=\"O'Neil\", model='', output_reasoning_tokens=16)"
        )
        #expect(
            ModelUsage.stt(STTModelUsage(provider: "a\tb", model: "m")).reprLine
                == "STTModelUsage(type='stt_usage', provider='a\\tb', model='m')")
    }
}
