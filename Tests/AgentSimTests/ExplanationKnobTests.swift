import AgentSimJSON
import Foundation
import Testing

/// `compare`'s sentences follow the session's knobs: one case per knob that changes billing.
struct ExplanationKnobTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var provider: String
        var options: String
        var instructionsTokens = 100
        /// A sentence that must appear exactly.
        var says: String
        /// A phrase that must not appear.
        var neverSays: String?
        var testDescription: String { "\(provider) \(options)" }
    }

    /// Two replies on 20 ms frames: 2.0 s of user speech, a 4.0 s reply cut after 1.0 s, 1.0 s of silence, 1.0 s of
    /// speech, a 1.0 s reply. Generated 5.0 s, played 2.0 s, unheard 3.0 s.
    static func scenario(_ c: Case) -> String {
        """
        version: 1
        name: knobs
        seed: 3
        session:
          provider: \(c.provider)
          instructions_tokens: \(c.instructionsTokens)
          options: \(c.options)
        turns:
          - user: {say: "Hello there", seconds: 2.0, text_tokens: 3}
          - agent: {say: "Let me tell you everything", seconds: 4.0, interrupted_after: 1.0, text_tokens: 6}
          - user: {silence: 1.0}
          - user: {say: "Stop", seconds: 1.0, text_tokens: 1}
          - agent: {say: "Okay", seconds: 1.0, text_tokens: 1}

        """
    }

    static let cases: [Case] = [
        // OpenAI output audio at 20/s: generated floor(4.0 × 20) + floor(1.0 × 20) = 100; played 20 + 20 = 40.
        Case(
            provider: "openai-realtime", options: "{}",
            says:
                "Barge-ins cut 3.0 s of reply audio that the user never heard, but generation outruns playback, so all 5.0 s generated are billed as output audio (100 tokens).",
            neverSays: "only what was played"),
        Case(
            provider: "openai-realtime", options: "{interrupted_billing: played}",
            says:
                "Barge-ins cut 3.0 s of reply audio that the user never heard, and with interrupted_billing: played an interrupted reply bills only what was played, so 2.0 s of the 5.0 s generated are billed as output audio (40 tokens, not 100).",
            neverSays: "all 5.0 s generated are billed"),
        // At 10/s instead of 20: floor(4.0 × 10) + floor(1.0 × 10) = 50.
        Case(
            provider: "openai-realtime", options: "{output_audio_tokens_per_second: 10}",
            says:
                "Barge-ins cut 3.0 s of reply audio that the user never heard, but generation outruns playback, so all 5.0 s generated are billed as output audio (50 tokens)."
        ),
        // Input audio at 10/s: r1 bills user 1 (20); r2 bills user 1, the 1.0 s played of the reply at 20/s and user 2:
        // 20 + 20 + 10 = 50. 70 in all, against (2.0 + 1.0) × 10 = 30 once.
        Case(
            provider: "openai-realtime", options: "{}",
            says:
                "gpt-4o-realtime-preview bills the whole conversation again on every response: its 2 response.done reports count 70 input audio tokens for 3.0 s of user speech that is worth 30 tokens once at 10/s (earlier user audio and played reply audio are counted once per later response)."
        ),
        // At 20/s: r1 40; r2 40 + 20 + 20 = 80; 120 against 60 once.
        Case(
            provider: "openai-realtime", options: "{input_audio_tokens_per_second: 20}",
            says:
                "gpt-4o-realtime-preview bills the whole conversation again on every response: its 2 response.done reports count 120 input audio tokens for 3.0 s of user speech that is worth 60 tokens once at 20/s (earlier user audio and played reply audio are counted once per later response)."
        ),
        // Caching: r1 = instructions 1100 + 2, user item 2 + 20 = 1124; r2 adds the truncated reply (2 + 20) and user 2
        // (2 + 10): 1158; 2282 in all. r2 shares all of r1, 1124 tokens: 128 + floor(996 / 128) × 128 = 1024 cached.
        Case(
            provider: "openai-realtime", options: "{}", instructionsTokens: 1100,
            says:
                "1024 of the 2282 prompt tokens were cached: a prefix shared with the previous request, or sent by an earlier session of the organisation, is cached from 128 tokens on, in steps of 128 (cache_min_tokens, cache_step_tokens)."
        ),
        // 512 + floor((1124 − 512) / 64) × 64 = 512 + 576 = 1088.
        Case(
            provider: "openai-realtime", options: "{cache_min_tokens: 512, cache_step_tokens: 64}",
            instructionsTokens: 1100,
            says:
                "1088 of the 2282 prompt tokens were cached: a prefix shared with the previous request, or sent by an earlier session of the organisation, is cached from 512 tokens on, in steps of 64 (cache_min_tokens, cache_step_tokens)."
        ),
        Case(
            provider: "openai-realtime", options: "{caching: false}", instructionsTokens: 1100,
            says: "1.0 s of user silence is not sent under server VAD and is not billed.", neverSays: "were cached"),

        // Gemini 2.0 (half-cascade): r1 = 508 hidden + 100 instructions + 3 transcript = 611; r2 adds the reply's
        // 6 TEXT tokens and 1 transcript token (silence has none): 618; 1229 in all.
        Case(
            provider: "gemini-live", options: "{}",
            says:
                "Every report's prompt is the whole context of its turn (gemini-2.0-flash-live-001 adds 508 hidden tokens to each): the 2 prompts sum to 1229 tokens, though the last one alone was 618."
        ),
        // 300 hidden: 403 + 410 = 813.
        Case(
            provider: "gemini-live", options: "{prompt_overhead_tokens: 300}",
            says:
                "Every report's prompt is the whole context of its turn (gemini-2.0-flash-live-001 adds 300 hidden tokens to each): the 2 prompts sum to 813 tokens, though the last one alone was 410."
        ),
        Case(
            provider: "gemini-live", options: "{}",
            says: "1.0 s of user silence has no transcript, so it adds nothing to the reported prompts.",
            neverSays: "billed like speech"),
        Case(
            provider: "gemini-live", options: "{user_audio_in_prompt: audio_tokens}",
            says: "1.0 s of user silence is streamed and billed like speech.", neverSays: "has no transcript"),
        // Replies as TEXT: 6 + 1 = 7 tokens; at 25/s the 5.0 s generated would be 100 + 25 = 125.
        Case(
            provider: "gemini-live", options: "{}",
            says:
                "Its 5.0 s of spoken replies are reported as 7 TEXT tokens (their transcripts) and 0 output audio tokens; at the 25/s native-audio models report, that audio would be 125 tokens.",
            neverSays: "Barge-ins cut"),
        Case(
            provider: "gemini-live", options: "{response_audio: true}",
            says:
                "Barge-ins cut 3.0 s of reply audio that the user never heard, but the whole reply was generated and sent, so all 5.0 s are billed as output audio (125 tokens) and stay in later prompts.",
            neverSays: "TEXT tokens (their transcripts)"),
        // The AUDIO entry is the response index, 0 + 1; one pass over the 4.0 s user track (silence billed) at 32/s is
        // floor(2.0 × 32) + floor(1.0 × 32) + floor(1.0 × 32) = 128.
        Case(
            provider: "gemini-live", options: "{input_audio_tokens_per_second: 32}",
            says:
                "gemini-2.0-flash-live-001 labels audio as TEXT: its AUDIO entry is the turn index, so 2 turns sum to 0+1 = 1 input audio tokens, although one pass over the 4.0 s user track is 128 tokens at 32/s."
        ),
        // 10 thoughts tokens on each of the 2 replies: in Gemini's total, never read by LiveKit.
        Case(
            provider: "gemini-live", options: "{thoughts_tokens: 10}",
            says:
                "total_tokens exceeds input + output by 20: thoughts and tool-use prompt tokens are in Gemini's total, but LiveKit never reads them."
        ),
    ]

    @Test(arguments: cases) func explanationFollowsTheKnob(_ c: Case) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("knobs.yaml")
        try Self.scenario(c).write(to: file, atomically: true, encoding: .utf8)
        let result = try TestSupport.agentsim("compare", file.path, "--providers", c.provider, "--format", "json")
        try #require(result.status == 0, "\(result.stderr)")
        let sentences = try #require(
            try JSONValue.parse(result.stdout)["providers"]?.arrayValue?.first?["explanations"]?.arrayValue
        ).compactMap(\.stringValue)
        #expect(sentences.contains(c.says), "\(sentences.joined(separator: "\n"))")
        if let never = c.neverSays {
            #expect(!sentences.contains { $0.contains(never) }, "\(sentences.joined(separator: "\n"))")
        }
    }
}
