import AgentSimCore

extension GeminiPlugin {
    /// Any model, and every knob either left at its default or drawn from values valid for that model.
    public func randomSetup(using rng: inout SeededGenerator) -> RandomSetup {
        var s = OptionSampler(rng: rng)
        let model = s.pick(GeminiModel.all)
        s.maybe("api", ["google", "vertex"])
        s.maybe("usage_on", ["every_chunk", "final_chunk"])
        s.maybe("chunk_tokens", [1, 5, 10, 40])
        var thinks = false
        switch model.thinking {
        case .none:
            break
        case let .budget(range):
            let budgets: [JSONValue] = range.lowerBound == 0 ? [-1, 0, 512] : [-1, 128, 1_024]
            let budget = s.pick(budgets)
            s.maybe("thinking_budget", [budget])
            thinks = s.options.first { $0.0 == "thinking_budget" }.map { $0.1 != 0 } ?? true
        case let .level(levels):
            s.maybe("thinking_level", levels.map { .string($0) })
            thinks = s.options.first { $0.0 == "thinking_level" }.map { $0.1 != "minimal" } ?? true
        }
        if thinks { s.maybe("thoughts_tokens", [0, 38, 600]) }
        if model.cacheMinTokens != nil {
            s.maybe("implicit_caching", [true, false])
            s.maybe("cache_min_tokens", [256, 1_024, 4_096])
        }
        s.maybe("tool_use_prompt_tokens", [0, 30])
        rng = s.rng
        return RandomSetup(model: model.name, options: s.json)
    }
}
