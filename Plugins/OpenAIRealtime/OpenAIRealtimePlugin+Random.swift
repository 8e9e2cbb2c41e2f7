import AgentSimCore

extension OpenAIRealtimePlugin {
    /// Any model, and every knob either left at its default or drawn as its row in the options table says.
    public func randomSetup(using rng: inout SeededGenerator) -> RandomSetup {
        RandomSetup.draw(models: documentation.models.map(\.name), using: &rng, knobs: OpenAIRealtimeOptions.knobs)
    }
}
