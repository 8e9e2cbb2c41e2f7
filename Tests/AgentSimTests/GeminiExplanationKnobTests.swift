import Foundation
import Testing

/// `compare`'s sentences for gemini-live follow the session's knobs: the quirk knobs, media, the caching detail
/// knobs, per-turn vs cumulative, thinking and the service tier, each at two values.
struct GeminiExplanationKnobTests {
    /// ExplanationKnobTests' conversation: user 2.0 s (3 tokens), a 4.0 s reply (6) cut after 1.0 s, 1.0 s of
    /// silence, user 1.0 s (1), a 1.0 s reply (1). On gemini-2.0-flash-live-001 (transcripts, silence adds none):
    /// r0 = 508 + instructions + 3; r1 = r0 + 6 + 1.
    static func scenario(model: String?, instructionsTokens: Int) -> (String) -> String {
        { options in
            """
            version: 1
            name: knobs
            seed: 3
            session:
              provider: gemini-live
            \(model.map { "  model: \($0)\n" } ?? "")  instructions_tokens: \(instructionsTokens)
              options: \(options)
            turns:
              - user: {say: "Hello there", seconds: 2.0, text_tokens: 3}
              - agent: {say: "Let me tell you everything", seconds: 4.0, interrupted_after: 1.0, text_tokens: 6}
              - user: {silence: 1.0}
              - user: {say: "Stop", seconds: 1.0, text_tokens: 1}
              - agent: {say: "Okay", seconds: 1.0, text_tokens: 1}

            """
        }
    }

    static let pairs: [KnobPair] = [
        // r0 = 508 + 100 + 3 = 611, r1 = 618: 1229. Without r1's usage only r0 is summed.
        KnobPair(
            "usage_missing",
            "{}",
            says:
                "Every report's prompt is the whole context of its turn (gemini-2.0-flash-live-001 adds 508 hidden tokens to each): the 2 prompts sum to 1229 tokens, though the last one alone was 618.",
            "{usage_missing: [1]}",
            says:
                "1 of the 2 responses came without usageMetadata, so LiveKit emitted nothing for them and their tokens are missing from the summary."
        ),
        // r0 sent twice: 611 + 611 + 618 = 1840; r1 sent twice: 611 + 618 + 618 = 1847.
        KnobPair(
            "duplicate_usage",
            "{duplicate_usage: [0]}",
            says:
                "Every report's prompt is the whole context of its turn (gemini-2.0-flash-live-001 adds 508 hidden tokens to each): the 3 prompts sum to 1840 tokens, though the last one alone was 618.",
            "{duplicate_usage: [1]}",
            says:
                "Every report's prompt is the whole context of its turn (gemini-2.0-flash-live-001 adds 508 hidden tokens to each): the 3 prompts sum to 1847 tokens, though the last one alone was 618."
        ),
        // The setup's prompt: 508 hidden + 100 instructions = 608.
        KnobPair(
            "usage_before_first_response",
            "{usage_before_first_response: true}",
            says:
                "A usageMetadata for the setup's prompt (608 tokens: hidden overhead, instructions and media) arrived before the first generation; LiveKit dropped it with a warning, so it is in no summary.",
            "{usage_before_first_response: false}", says: nil),
        // An image in every prompt: 869 + 876 = 1745, all labelled (IMAGE is kept). A video: 874 + 881 = 1755, and
        // LiveKit drops the VIDEO entries: 2 × 263 = 526 unlabelled.
        KnobPair(
            "media_tokens",
            "{media_tokens: {image: 258}}",
            says:
                "Every report's prompt is the whole context of its turn (gemini-2.0-flash-live-001 adds 508 hidden tokens to each): the 2 prompts sum to 1745 tokens, though the last one alone was 876.",
            "{media_tokens: {video: 263}}",
            says:
                "526 prompt tokens carry no modality LiveKit reads (details that add up to less than the prompt, or VIDEO and DOCUMENT entries it drops)."
        ),
        // Instructions 1000: r0 = 508 + 1000 + 3 = 1511 ≥ 1024 is cached in r1 = 1518; 3029 in all.
        KnobPair(
            "cache_tokens_details", instructionsTokens: 1000,
            "{caching: true}",
            says:
                "1511 of the 3029 prompt tokens were reported as cached: implicit caching serves the previous prompt again once it reaches 1024 tokens (cache_min_tokens), and LiveKit sums cacheTokensDetails.",
            "{caching: true, cache_tokens_details: false}",
            says:
                "Cached tokens were reported as cachedContentTokenCount only; LiveKit sums cacheTokensDetails, so llm_prompt_cached_tokens stays 0."
        ),
        // 1511 < 2000: nothing is cached.
        KnobPair(
            "cache_min_tokens", instructionsTokens: 1000,
            "{caching: true, cache_min_tokens: 1024}",
            says:
                "1511 of the 3029 prompt tokens were reported as cached: implicit caching serves the previous prompt again once it reaches 1024 tokens (cache_min_tokens), and LiveKit sums cacheTokensDetails.",
            "{caching: true, cache_min_tokens: 2000}",
            says: "No prompt that a later one extends reached 2000 tokens (cache_min_tokens), so nothing was cached."),
        KnobPair(
            "caching", instructionsTokens: 1000,
            "{caching: true}",
            says:
                "1511 of the 3029 prompt tokens were reported as cached: implicit caching serves the previous prompt again once it reaches 1024 tokens (cache_min_tokens), and LiveKit sums cacheTokensDetails.",
            "{caching: false}", says: nil),
        // Cumulative: the reports are 611 and 611 + 618 = 1229, summed by LiveKit to 1840; the session billed 1229.
        KnobPair(
            "usage_reporting",
            "{usage_reporting: per_turn}",
            says:
                "Every report's prompt is the whole context of its turn (gemini-2.0-flash-live-001 adds 508 hidden tokens to each): the 2 prompts sum to 1229 tokens, though the last one alone was 618.",
            "{usage_reporting: cumulative}",
            says:
                "With usage_reporting: cumulative every usageMetadata is the session's running total, so the last one's promptTokenCount, 1229, is all the session billed; LiveKit adds all 2 reports as if each were one turn's, so llm_prompt_tokens is 1840 (every turn counted again in each later report)."
        ),
        // 2 spoken replies × 10 = 20; × 20 = 40.
        KnobPair(
            "thoughts_tokens",
            "{thoughts_tokens: 10}",
            says:
                "gemini-2.0-flash-live-001 thinks before it speaks: 2 replies × 10 thoughtsTokenCount = 20 thinking tokens billed as output, inside totalTokenCount but outside responseTokenCount, so LiveKit's output_tokens (and its output_reasoning_tokens) leave them out.",
            "{thoughts_tokens: 20}",
            says:
                "gemini-2.0-flash-live-001 thinks before it speaks: 2 replies × 20 thoughtsTokenCount = 40 thinking tokens billed as output, inside totalTokenCount but outside responseTokenCount, so LiveKit's output_tokens (and its output_reasoning_tokens) leave them out."
        ),
        // The extended-thinking model's default: 38 per reply (LiteLLM PR #38457), 2 × 38 = 76.
        KnobPair(
            "thoughts_tokens (model default)", model: "gemini-3.8-live-extended-thinking",
            "{}",
            says:
                "gemini-3.8-live-extended-thinking thinks before it speaks: 2 replies × 38 thoughtsTokenCount = 76 thinking tokens billed as output, inside totalTokenCount but outside responseTokenCount, so LiveKit's output_tokens (and its output_reasoning_tokens) leave them out.",
            "{thoughts_tokens: 0}", says: nil),
        KnobPair(
            "service_tier", model: "gemini-3.8-live",
            "{service_tier: flex}",
            says:
                "Every usageMetadata says serviceTier flex: Gemini prices these tokens at that tier's rates, but no LiveKit metric records the tier, so a cost built from LiveKit's summary has to take it from elsewhere.",
            "{service_tier: unspecified}",
            says:
                "Every usageMetadata says serviceTier unspecified, which google-genai documents as standard: Gemini prices these tokens at that tier's rates, but no LiveKit metric records the tier, so a cost built from LiveKit's summary has to take it from elsewhere."
        ),
    ]

    @Test(arguments: pairs) func explanationFollowsTheKnob(_ pair: KnobPair) throws {
        try pair.check(
            provider: "gemini-live", Self.scenario(model: pair.model, instructionsTokens: pair.instructionsTokens))
    }
}
