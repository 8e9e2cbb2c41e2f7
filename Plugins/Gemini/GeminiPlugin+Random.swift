import AgentSimCore

extension GeminiPlugin {
    /// Any model, and every knob either left at its default or drawn as its row in the options table says (values
    /// valid for that model).
    public func randomSetup(using rng: inout SeededGenerator) -> RandomSetup {
        RandomSetup.draw(models: GeminiModel.all.map(\.name), using: &rng) { name in
            GeminiOptions.knobs(model: GeminiModel.named(name)!)
        }
    }
}
