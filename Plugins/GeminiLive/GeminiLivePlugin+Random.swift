import AgentSimCore

extension GeminiLivePlugin {
    /// Any model, and every knob either left at its default or drawn as its row in the options table says.
    public func randomSetup(using rng: inout SeededGenerator) -> RandomSetup {
        RandomSetup.draw(models: GeminiLiveProfile.all.map(\.name), using: &rng) { name in
            GeminiLiveOptions.knobs(GeminiLiveProfile.named(name)!)
        }
    }
}
