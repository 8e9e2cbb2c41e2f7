import AgentSimCore
import Testing

/// The OpenAI scenarios' figures, derived by hand from PROVIDERS.md's rules (openai-realtime defaults:
/// 10 input / 20 output audio tokens per second, floor, per item; 2 special tokens per item; text
/// estimate ceil(characters / 4); prefix cache 1,024 + k × 128 of the previous request).
struct OpenAIScenarioTests {
    @Test func greetingBillsOneResponse() async throws {
        let report = try await Running.report("greeting.yaml")
        let r = try #require(Running.responses(report).first)
        // instructions 24 + 2; user 1.6 s → 16 audio + 2 → input 44 (text 28, audio 16)
        #expect(r.inputTokens == 44)
        #expect(r.inputTokenDetails.textTokens == 28)
        #expect(r.inputTokenDetails.audioTokens == 16)
        #expect(r.inputTokenDetails.cachedTokens == 0)
        // "Hi! How can I help you today?" is 29 characters → 8 text tokens; 2.2 s → 44 audio tokens
        #expect(r.outputTokenDetails.textTokens == 8)
        #expect(r.outputTokenDetails.audioTokens == 44)
        #expect(r.outputTokens == 52)
        #expect(r.totalTokens == 96)
        #expect(r.cancelled == false)
        #expect(abs(r.ttft - 0.6) < 1e-9)  // the default response latency
    }

    @Test func longCallCachesWholeBlocksOfThePreviousRequest() async throws {
        let report = try await Running.report("long-call.yaml")
        let responses = Running.responses(report)
        // Derived in long-call.yaml: contexts 964, 1,228, +264 per response; cached 0, then
        // 128 + floor((previous − 128) / 128) × 128: 896, 1,152, 1,408, 1,664, 1,920.
        #expect(responses.map(\.inputTokens) == [964, 1228, 1492, 1756, 2020, 2284])
        #expect(responses.map(\.inputTokenDetails.cachedTokens) == [0, 896, 1152, 1408, 1664, 1920])
        // cached ⊂ input, and the cached prefix splits in context order: 902 instruction text tokens first.
        let third = responses[2]
        // Walk 1,152 tokens: instructions 902 text, u1 2 text + 60 audio, r1 42 text + the first 146 of its 160 audio.
        #expect(third.inputTokenDetails.cachedTokensDetails?.textTokens == 902 + 2 + 42)
        #expect(third.inputTokenDetails.cachedTokensDetails?.audioTokens == 60 + 146)
        #expect(report.usageV1_2.summary.llmPromptCachedTokens == 896 + 1152 + 1408 + 1664 + 1920)
    }

    @Test func instructionChangeBreaksTheCache() async throws {
        let responses = Running.responses(try await Running.report("instructions-change.yaml"))
        #expect(responses.map(\.inputTokens) == [1544, 1660, 1776, 1892])
        #expect(responses.map(\.inputTokenDetails.cachedTokens) == [0, 1536, 0, 1664])
    }

    @Test func truncationDropsTheOldestItemsAndBreaksTheCache() async throws {
        let responses = Running.responses(try await Running.report("truncation.yaml"))
        #expect(responses.map(\.inputTokens) == [154, 298, 298, 298])
        #expect(responses.map(\.inputTokenDetails.cachedTokens) == [0, 128, 0, 0])
    }

    @Test func bargeInIsBilledInFullAndReportedCancelled() async throws {
        let report = try await Running.report("support-call.yaml")
        let responses = Running.responses(report)
        // Turn 4 is the 8.0 s reply interrupted after 2.5 s: status cancelled, 8.0 × 20 = 160 audio tokens billed.
        let interrupted = try #require(responses.first { $0.cancelled })
        #expect(interrupted.outputTokenDetails.audioTokens == 160)
        #expect(responses.filter(\.cancelled).count == 1)
        // Its payload says so too.
        let payload = try #require(
            report.outputs.first { $0.payload?.json["response"]?["id"]?.stringValue == interrupted.requestId }?.payload)
        #expect(payload.json["response"]?["status"]?.stringValue == "cancelled")
        #expect(payload.json["response"]?["status_details"]?["reason"]?.stringValue == "turn_detected")
        // Contexts by hand (150 wpm user, 165 wpm agent, whole 20 ms frames):
        //   instructions 480 + 2 = 482; u0 7 words → 2.8 s → 28 + 2 → response 1: 512
        //   r1 10 words → 3.64 s → 72 audio + 13 text ("Sure, … number?" 52 chars) + 2 = 87; u2 2.4 s → 24 + 2
        //     → response 2 (the tool call): 512 + 87 + 26 = 625
        //   call 8 + 2, result 56 chars → 14 + 2 → response 3 (the interrupted reply): 625 + 10 + 16 = 651
        //   the next response sees only the 2.5 s played (50 audio + 2, the transcript is deleted) and the
        //   user's 2.8 s (28 + 2): 651 + 52 + 30 = 733.
        let index = try #require(responses.firstIndex { $0.cancelled })
        #expect(responses[index].inputTokens == 651)
        #expect(responses[index + 1].inputTokens == 651 + 52 + 30)
        // The last two: r5 adds the 23-word reply (8.38 s → 167 audio; 117 characters → 30 text + 2) and u8 (6 words,
        // 2.4 s → 24 + 2): 733 + 199 + 26 = 958; r6 adds r5 (3.64 s → 72 + 14 + 2) and u10 (1.6 s → 16 + 2): 1,064.
        // Each response caches 128 + floor((previous − 128) / 128) × 128 of the previous request (defaults 128/128):
        //   512 → 512, 625 → 512, 651 → 640, 733 → 640, 958 → 896.
        #expect(responses.map(\.inputTokens) == [512, 625, 651, 733, 958, 1064])
        #expect(responses.map(\.inputTokenDetails.cachedTokens) == [0, 512, 512, 640, 640, 896])
        #expect(report.usageV1_2.summary.llmPromptCachedTokens == 3200)
    }

    @Test func toolCallIsItsOwnTextOnlyResponse() async throws {
        let report = try await Running.report("support-call.yaml")
        let responses = Running.responses(report)
        let call = responses[1]
        // name "lookup_order" (12 chars → 3) + arguments '{"order_id": "4417"}' (20 chars → 5) = 8 text tokens
        #expect(call.outputTokenDetails.textTokens == 8)
        #expect(call.outputTokenDetails.audioTokens == 0)
        #expect(call.ttft == -1)
        let payload = try #require(
            report.outputs.compactMap(\.payload).filter { $0.type == "response.done" }.dropFirst().first)
        #expect(payload.json["response"]?["output"]?.arrayValue?.first?["type"]?.stringValue == "function_call")
        #expect(payload.json["response"]?["output"]?.arrayValue?.first?["name"]?.stringValue == "lookup_order")
    }

    @Test func whisperTranscriptionBecomesSTTDuration() async throws {
        let report = try await Running.report("support-call.yaml")
        let stt = report.metrics.compactMap { m -> STTMetrics? in
            if case let .stt(s) = m { return s }
            return nil
        }
        // support-call.yaml has five user utterances (turns 0, 2, 5, 8, 10; turn 7 is silence, which is not
        // sent); whisper-1 reports each as {type: duration, seconds}.
        #expect(stt.count == 5)
        #expect(stt.allSatisfy { $0.metadata?.modelName == "whisper-1" && $0.inputTokens == 0 })
        let userSpeech = report.truth.userSpeechSeconds
        #expect(abs(stt.reduce(0) { $0 + $1.audioDuration } - userSpeech) < 1e-9)
        #expect(abs(report.usageV1_2.summary.sttAudioDuration - userSpeech) < 1e-9)
    }

    @Test func gpt4oTranscriptionReportsTokensAfterTheResponse() async throws {
        let report = try await Running.report("transcription-tokens.json")
        let kinds = report.metrics.map(\.type)
        // connection event, then (response, its transcription) twice: timing after_response.
        #expect(
            kinds == [
                "realtime_model_metrics", "realtime_model_metrics", "stt_metrics", "realtime_model_metrics",
                "stt_metrics",
            ])
        let stt = report.metrics.compactMap { m -> STTMetrics? in
            if case let .stt(s) = m { return s }
            return nil
        }
        // 3.0 s → 30 audio tokens in, 9 text tokens out; 1.2 s → 12 in, 4 out.
        #expect(stt.map(\.inputTokens) == [30, 12])
        #expect(stt.map(\.inputAudioTokens) == [30, 12])
        #expect(stt.map(\.outputTokens) == [9, 4])
        #expect(stt.map(\.totalTokens) == [39, 16])
        #expect(stt.allSatisfy { $0.audioDuration == 0 })
        #expect(report.usage.summary.sttInputTokens == 42)
        #expect(report.usage.summary.sttOutputTokens == 13)
    }

    @Test func connectionEventCarriesZeroUsage() async throws {
        let report = try await Running.report("greeting.yaml")
        guard case let .realtime(first) = try #require(report.metrics.first) else {
            Issue.record("first event is not realtime metrics")
            return
        }
        #expect(first.requestId == "")
        #expect(first.inputTokens == 0 && first.outputTokens == 0 && first.totalTokens == 0)
        #expect(first.metadata?.modelProvider == "api.openai.com")
    }

    @Test func recordingsAreEncodedFromTheirOwnSamples() async throws {
        let report = try await Running.report("recorded-question.yaml")
        // question.wav: 54,261 samples at 16 kHz = 3.391 s → 170 frames of 20 ms = 3.40 s → 34 tokens;
        // question.opus holds the same audio, so the same.
        #expect(report.turns[0].audioSeconds == 3.4)
        #expect(report.turns[2].audioSeconds == 3.4)
        let responses = Running.responses(report)
        #expect(responses.map(\.inputTokenDetails.audioTokens) == [34, 34 + 40 + 34])
    }

    @Test func seedThreadLineIsReproduced() async throws {
        let report = try await Running.report("livekit-thread-openai.yaml")
        // The figures are derived turn by turn in the file's comments.
        #expect(
            report.usageV1_2.summary.reprLine
                == "UsageSummary(llm_prompt_tokens=2060, llm_prompt_cached_tokens=1408, llm_input_audio_tokens=1455, llm_completion_tokens=1753, llm_output_audio_tokens=1346, tts_characters_count=0, tts_audio_duration=0.0, stt_audio_duration=0.0)"
        )
        #expect(abs(report.truth.sessionSeconds - 90.3) < 1e-9)
    }
}
