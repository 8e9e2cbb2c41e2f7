import AgentSimCore

/// The `options` knobs of `example-flat-rate`: each is one row of ``knobs``, which gives the parser, the
/// `agentsim providers` rows and the random draws. A default is the property's initial value.
struct ExampleFlatRateOptions: Sendable, Equatable {
    var inputAudioTokensPerSecond = 10.0
    var outputAudioTokensPerSecond = 20.0
    var charactersPerToken = 4

    init() {}

    init(_ value: ScenarioValue, path: String) throws(ScenarioError) {
        try Self.knobs.read(value, path: path, into: &self)
    }

    static var knobs: OptionTable<Self> {
        [
            .number(
                "input_audio_tokens_per_second", \.inputAudioTokensPerSecond, in: 0...10_000,
                summary: "Audio tokens per second of committed user speech (whole tokens, floor).", draw: [10, 25]),
            .number(
                "output_audio_tokens_per_second", \.outputAudioTokensPerSecond, in: 0...10_000,
                summary: "Audio tokens per second of a reply's generated audio (whole tokens, floor).", draw: [20, 25]),
            .int(
                "characters_per_token", \.charactersPerToken, in: 1...100,
                summary: "Text tokens are ceil(characters / this) when the scenario gives no count.", draw: [3, 4]),
        ]
    }
}
