import Foundation
import Testing

/// `compare`'s sentences for openai-live follow the session's knobs: each knob that changes what is billed or
/// reported, at two values.
struct GPTLiveExplanationKnobTests {
    /// The gpt-live.yaml conversation: user 0.0–2.0 s (5 tokens); a tool call (name 3 + arguments 3 = 6 tokens,
    /// result 6) done at 2.4 s; reply 3.0–4.6 s (6 tokens); user 4.6–5.6 s (4); reply 6.2–7.2 s (3); end 7.2 s.
    static func scenario(_ options: String) -> String {
        """
        version: 1
        name: knobs
        seed: 61
        session:
          provider: openai-live
          instructions_tokens: 40
          options: \(options)
        turns:
          - user: {say: "Where is my order?", seconds: 2.0, text_tokens: 5}
          - agent: {tool_call: {name: lookup_order, arguments: '{"id": 4417}', result: '{"status": "shipped"}'}}
          - agent: {say: "It shipped yesterday.", seconds: 1.6, text_tokens: 6}
          - user: {say: "Thanks, bye.", seconds: 1.0, text_tokens: 4}
          - agent: {say: "Goodbye!", seconds: 1.0, text_tokens: 3}

        """
    }

    static let pairs: [KnobPair] = [
        // After every reply: 4.6, 7.2, closed 7.2 → summed 19.0, 11.8 too many. Every 2.5 s: 2.5, 5.0, closed 7.2 →
        // summed 14.7, 7.5 too many. LiveKit's deltas add up to 7.2 either way.
        KnobPair(
            "usage_update_interval",
            "{}",
            says:
                "usage.seconds is cumulative: the 3 snapshots sent after every spoken reply and at the close read 4.600, 7.200, 7.200 s. LiveKit emits each one's increase as session_duration, so it reports 7.200 s, the final figure and the session's billed voice time; a collector that sums the snapshots themselves reports 19.000 s, 11.800 s too many (the openai SDK: \"Do not sum this value across usage events\").",
            "{usage_update_interval: 2.5}",
            says:
                "usage.seconds is cumulative: the 3 snapshots sent every 2.5 s (usage_update_interval) and at the close read 2.500, 5.000, 7.200 s. LiveKit emits each one's increase as session_duration, so it reports 7.200 s, the final figure and the session's billed voice time; a collector that sums the snapshots themselves reports 14.700 s, 7.500 s too many (the openai SDK: \"Do not sum this value across usage events\")."
        ),
        // Backend inputs 5 and 5 + 6 + 6 = 17 (22), outputs 6 and 6 (12); under client no backend runs.
        KnobPair(
            "delegation",
            "{delegation: responses}",
            says:
                "All the tokens come from the backend model gpt-5.6-luna: 2 Responses runs for 1 delegated tool call reported 22 input tokens (0 cached, cache_min_tokens 1024 in steps of 128) and 12 output tokens, as LLMMetrics under gpt-5.6-luna, not gpt-live-1.",
            "{delegation: client}",
            says:
                "Under delegation: client the 1 tool call went to the application, so no backend model ran and no tokens were reported at all."
        ),
        // 19 reasoning tokens on each of the 2 runs: outputs 6 + 19 and 6 + 19 = 50, of which 38 reasoning.
        KnobPair(
            "backend_reasoning_tokens",
            "{backend_reasoning_tokens: 19}",
            says:
                "38 of the 50 backend output tokens are reasoning (2 runs × 19, backend_reasoning_tokens): inside completion_tokens, and only 1.8.9's ModelUsageCollector shows them apart, as output_reasoning_tokens.",
            "{backend_reasoning_tokens: 7}",
            says:
                "14 of the 26 backend output tokens are reasoning (2 runs × 7, backend_reasoning_tokens): inside completion_tokens, and only 1.8.9's ModelUsageCollector shows them apart, as output_reasoning_tokens."
        ),
        // Inputs 1100 + 5 = 1105 and 1100 + 17 = 1117 (2222); run 2 shares 1105: 1024 + floor(81 / 128) × 128 = 1024.
        KnobPair(
            "backend_caching",
            "{backend_instructions_tokens: 1100}",
            says:
                "All the tokens come from the backend model gpt-5.6-luna: 2 Responses runs for 1 delegated tool call reported 2222 input tokens (1024 cached, cache_min_tokens 1024 in steps of 128) and 12 output tokens, as LLMMetrics under gpt-5.6-luna, not gpt-live-1.",
            "{backend_instructions_tokens: 1100, backend_caching: false}",
            says:
                "All the tokens come from the backend model gpt-5.6-luna: 2 Responses runs for 1 delegated tool call reported 2222 input tokens (0 cached: backend_caching is off) and 12 output tokens, as LLMMetrics under gpt-5.6-luna, not gpt-live-1."
        ),
        // 512 + floor((1105 − 512) / 64) × 64 = 512 + 9 × 64 = 1088.
        KnobPair(
            "cache_min_tokens, cache_step_tokens",
            "{backend_instructions_tokens: 1100, cache_min_tokens: 1024, cache_step_tokens: 128}",
            says:
                "All the tokens come from the backend model gpt-5.6-luna: 2 Responses runs for 1 delegated tool call reported 2222 input tokens (1024 cached, cache_min_tokens 1024 in steps of 128) and 12 output tokens, as LLMMetrics under gpt-5.6-luna, not gpt-live-1.",
            "{backend_instructions_tokens: 1100, cache_min_tokens: 512, cache_step_tokens: 64}",
            says:
                "All the tokens come from the backend model gpt-5.6-luna: 2 Responses runs for 1 delegated tool call reported 2222 input tokens (1088 cached, cache_min_tokens 512 in steps of 64) and 12 output tokens, as LLMMetrics under gpt-5.6-luna, not gpt-live-1."
        ),
        // Active context at the 7.2 s snapshot: 40 + 5 + 6 + 6 + 6 + 4 + 3 = 70; 70 / 8192 = 0.008545 → 0.0085,
        // 70 / 4096 = 0.01709 → 0.0171 (the peak; the 4.6 s snapshot has 63).
        KnobPair(
            "context_window_tokens",
            "{context_window_tokens: 8192}",
            says:
                "context_window.usage_ratio reached 0.0085 of the 8192-token limit (context_window_tokens); LiveKit only logs it at debug level, so no metric carries it.",
            "{context_window_tokens: 4096}",
            says:
                "context_window.usage_ratio reached 0.0171 of the 4096-token limit (context_window_tokens); LiveKit only logs it at debug level, so no metric carries it."
        ),
    ]

    @Test(arguments: pairs) func explanationFollowsTheKnob(_ pair: KnobPair) throws {
        try pair.check(provider: "openai-live", Self.scenario)
    }
}
