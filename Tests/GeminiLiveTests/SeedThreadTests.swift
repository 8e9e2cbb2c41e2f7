import AgentSimCore
import Testing

/// The seed thread's Gemini line, reproduced from `Scenarios/livekit-thread-gemini.yaml` by the
/// half-cascade rules alone.
struct SeedThreadTests {
    static let file = "livekit-thread-gemini.yaml"

    @Test func usageSummaryReprIsTheSeedLine() async throws {
        let report = try await Gemini.report(Self.file)
        // Pasted from seeds/000 (the user's report), not from the program.
        let seed =
            "UsageSummary(llm_prompt_tokens=5354, llm_prompt_cached_tokens=0, llm_input_audio_tokens=21, llm_completion_tokens=80, llm_output_audio_tokens=0, tts_characters_count=0, tts_audio_duration=0.0, stt_audio_duration=0.0)"
        #expect(report.usageV1_2.summary.reprLine == seed)
    }

    @Test func perTurnPromptsFollowTheHalfCascadeRule() async throws {
        let report = try await Gemini.report(Self.file)
        let metrics = Gemini.metrics(report)
        // Base 508 overhead + 110 instructions = 618. User transcripts ceil(characters / 4):
        // 116 → 29, 117 → 30, 123 → 31, 108 → 27, 66 → 17, 103 → 26, 87 → 22 (the silence adds 0).
        // Replies (text_tokens): 11, 11, 20, 7, 13, 9, 9.
        // prompt k = 618 + users through k + replies before k:
        //   618+29 = 647; 618+59+11 = 688; 618+90+22 = 730; 618+117+42 = 777;
        //   618+134+49 = 801; 618+160+62 = 840; 618+182+71 = 871.
        #expect(metrics.map(\.inputTokens) == [647, 688, 730, 777, 801, 840, 871])
        // AUDIO entry = response index; the rest is TEXT.
        #expect(metrics.map(\.inputTokenDetails.audioTokens) == [0, 1, 2, 3, 4, 5, 6])
        #expect(metrics.map(\.inputTokenDetails.textTokens) == [647, 687, 728, 774, 797, 835, 865])
        // The spoken reply is reported as its transcript's TEXT tokens, no AUDIO.
        #expect(metrics.map(\.outputTokens) == [11, 11, 20, 7, 13, 9, 9])
        #expect(
            metrics.allSatisfy {
                $0.outputTokenDetails.audioTokens == 0 && $0.outputTokenDetails.textTokens == $0.outputTokens
            })
        // total = prompt + response (no thoughts or tool use).
        #expect(metrics.map(\.totalTokens) == [658, 699, 750, 784, 814, 849, 880])
        // 647+688+730+777+801+840+871 = 5354; 0+…+6 = 21; 11+11+20+7+13+9+9 = 80.
        #expect(metrics.reduce(0) { $0 + $1.inputTokens } == 5354)
    }

    @Test func sessionLastsAbout82Seconds() async throws {
        let report = try await Gemini.report(Self.file)
        // 58.0 s of user speech (145 words × 0.4 s) + 1.0 s silence + 19.16 s of replies heard
        // (2.92 + 3.64 + 2.0 + 2.2 + 3.28 + 2.92 + 2.2) + 7 × 0.6 s latency = 82.36 s (the thread: 82.35 s).
        #expect(abs(report.truth.sessionSeconds - 82.36) < 1e-6)
        #expect(abs(report.truth.userSpeechSeconds - 58.0) < 1e-6)
        #expect(abs(report.truth.agentPlayedSeconds - 19.16) < 1e-6)
        // The ground truth beside it: one pass over the user's track at 25 tokens/s would already be
        // floor(8.8×25)+floor(10.8×25)+… = 220+270+240+230+25+150+190+150 = 1475 audio tokens.
        #expect(report.truth.documentedInputAudioTokens == 1475)
    }

    @Test func firstTurnOmitsTheZeroAudioEntry() async throws {
        let report = try await Gemini.report(Self.file)
        let usages = Gemini.usages(report)
        #expect(Gemini.modalities(usages.first?["promptTokensDetails"]) == ["TEXT"])
        #expect(Gemini.modalities(usages.dropFirst().first?["promptTokensDetails"]) == ["TEXT", "AUDIO"])
    }
}
