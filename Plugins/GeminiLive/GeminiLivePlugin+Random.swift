import AgentSimCore

extension GeminiLivePlugin {
    /// Any model, and every knob either left at its default or drawn from its valid range.
    public func randomSetup(using rng: inout SeededGenerator) -> RandomSetup {
        var s = OptionSampler(rng: rng)
        let profile = s.pick(GeminiLiveProfile.all)
        s.maybe("api", profile.apis.map { .string($0.rawValue) })
        s.maybe("input_audio_tokens_per_second", [25, 32])
        s.maybe("output_audio_tokens_per_second", [25, 32])
        s.maybe("prompt_overhead_tokens", [0, 120, 300, 508])
        s.maybe("characters_per_token", [3, 4])
        s.maybe("speech_text_tokens_per_second", [2.5, 3])
        s.maybe("user_audio_in_prompt", ["transcript", "audio_tokens"])
        s.maybe("response_audio", [true, false])
        s.maybe("response_text", [true, false])
        s.maybe("labelled_fraction", [0.8177, 1])
        s.maybe("caching", [true, false])
        s.maybe("cache_min_tokens", [512, 1024])
        s.maybe("cache_tokens_details", [true, false])
        s.maybe("usage_missing", [[1], .object([("every", 3), ("from", 1)])])
        s.maybe("standalone_usage", ["all", [0]])
        s.maybe("duplicate_usage", [[0], .object([("every", 2)])])
        s.maybe("usage_on_tool_call", [true, false])
        s.maybe("usage_before_first_response", [true, false])
        s.maybe("thoughts_tokens", [0, 38])
        s.maybe("tool_use_prompt_tokens", [0, 30])
        s.maybe("media_tokens", [.object([("image", 258)]), .object([("video", 263), ("document", 120)])])
        s.maybe("livekit_ttft", ["minus_one", "first_audio"])
        if !s.options.contains(where: { $0.0 == "api" && $0.1 == "vertex" }), profile.apis[0] == .gemini {
            s.maybe("service_tier", GeminiLiveOptions.serviceTiers.map { .string($0) })
        }
        s.maybe("interaction_status", [true, false])
        s.maybe("usage_reporting", ["per_turn", "cumulative"])
        rng = s.rng
        return RandomSetup(model: profile.name, options: s.json)
    }
}
