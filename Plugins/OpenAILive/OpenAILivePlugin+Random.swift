import AgentSimCore

extension OpenAILivePlugin {
    /// The model, and every knob either left at its default or drawn from a few valid values.
    public func randomSetup(using rng: inout SeededGenerator) -> RandomSetup {
        var s = OptionSampler(rng: rng)
        s.maybe("delegation", ["responses", "client"])
        s.maybe("backend_model", ["gpt-5.6-luna", "responses-deployment"])
        s.maybe("backend_instructions_tokens", [0, 200, 1500])
        s.maybe("backend_reasoning_tokens", [0, 19, 64])
        s.maybe("backend_caching", [true, false])
        s.maybe("cache_min_tokens", [512, 1024])
        s.maybe("cache_step_tokens", [64, 128])
        s.maybe("characters_per_token", [3, 4])
        s.maybe("usage_update_interval", [0, 0.7, 2.5, 10])
        s.maybe("context_window_tokens", [8192, 32768])
        s.maybe("close_reason", OpenAILiveOptions.closeReasons.map { .string($0) })
        rng = s.rng
        return RandomSetup(model: "gpt-live-1", options: s.json)
    }
}
