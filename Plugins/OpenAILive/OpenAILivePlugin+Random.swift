import AgentSimCore

extension OpenAILivePlugin {
    /// The one model (no draw), and every knob either left at its default or drawn as its row in the options table
    /// says.
    public func randomSetup(using rng: inout SeededGenerator) -> RandomSetup {
        var sampler = OptionSampler(rng: rng)
        OpenAILiveOptions.knobs.draw(&sampler)
        rng = sampler.rng
        return RandomSetup(model: documentation.models.defaultName, options: sampler.json)
    }
}
