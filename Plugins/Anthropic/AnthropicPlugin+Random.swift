import AgentSimCore

extension AnthropicPlugin {
    /// Any model, and every knob either left at its default or drawn from its valid values.
    public func randomSetup(using rng: inout SeededGenerator) -> RandomSetup {
        var s = OptionSampler(rng: rng)
        let model = s.pick(documentation.models.map(\.name))
        s.maybe("cache_breakpoints", ["none", "instructions", "conversation"])
        s.maybe("cache_ttl", ["5m", "1h"])
        s.maybe("min_cacheable_tokens", [64, 256, 1024, 2048])
        s.maybe("start_output_tokens", [0, 1, 3])
        s.maybe("characters_per_token", [3, 4])
        rng = s.rng
        return RandomSetup(model: model, options: s.json)
    }
}
