/// A model and `session.options` drawn at random for `agentsim check --random`.
public struct RandomSetup: Sendable {
    public var model: String
    /// A JSON object of knobs, written into the generated scenario's `session.options`.
    public var options: JSONValue

    public init(model: String, options: JSONValue) {
        self.model = model
        self.options = options
    }

    /// One of `models`, uniformly, then every knob of the table for that model (``OptionTable/draw(_:)``).
    public static func draw<Options>(
        models: [String], using rng: inout SeededGenerator, knobs: (_ model: String) -> OptionTable<Options>
    ) -> RandomSetup {
        var sampler = OptionSampler(rng: rng)
        let model = sampler.pick(models)
        knobs(model).draw(&sampler)
        rng = sampler.rng
        return RandomSetup(model: model, options: sampler.json)
    }
}
