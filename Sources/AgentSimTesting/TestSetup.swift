import AgentSimCore

/// A `SessionSetup` for a plugin under test: its default model unless `model` is given, options parsed from a YAML
/// map (`"caching: false"`), the scenario's seed.
public enum TestSetup {
    public static func make(
        model: String? = nil, options yaml: String = "{}", seed: UInt64 = 1, startTime: Double = 1_700_000_000,
        instructions: Instructions = Instructions(text: "You are a helpful voice assistant.", tokens: nil)
    ) throws -> SessionSetup {
        let file = "test-options.yaml"
        let options = try ScenarioValue.parseYAML(yaml, file: file)
        var setup = SessionSetup(
            model: model, modelLocation: SourceLocation(file: file), options: options, seed: seed,
            scenarioName: "test", startTime: startTime)
        setup.instructions = instructions
        return setup
    }
}
