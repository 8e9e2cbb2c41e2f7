import AgentSimCore

/// The worked example of docs/PLUGINS.md: a realtime model with the simplest billing that is still realistic. Each
/// response re-bills the whole conversation as input (instructions, every committed user utterance, every earlier
/// reply and tool item), with no cache; its output is the reply's transcript and audio. Not a real provider: copy it
/// to start one.
public struct ExampleFlatRatePlugin: ProviderPlugin {
    public init() {}

    public var id: String { "example-flat-rate" }

    public func makeRealtime(_ setup: SessionSetup) throws(ScenarioError) -> any RealtimeSession {
        let model = try setup.resolveModel(from: documentation.models)
        let options = try ExampleFlatRateOptions(setup.options, path: setup.optionsPath)
        return ExampleFlatRateSession(
            model: model.name, options: options, seed: setup.idSeed, startTime: setup.startTime)
    }

    public var documentation: PluginDocumentation {
        PluginDocumentation(
            id: id, title: "Example flat-rate realtime model (docs/PLUGINS.md)",
            summary: "One usage message per response over the whole conversation, no cache: the example plugin.",
            models: [ModelDocumentation(name: "flat-1", summary: "The only model.", isDefault: true)],
            options: ExampleFlatRateOptions.knobs.documentation(defaults: ExampleFlatRateOptions()),
            rules: [
                """
                Input, per response: the instructions' text tokens, then every committed user utterance \
                (floor(seconds × input_audio_tokens_per_second) audio tokens), every earlier reply (its transcript's \
                text tokens and floor(seconds × output_audio_tokens_per_second) audio tokens) and tool call and result \
                (text tokens); nothing is cached.
                """,
                """
                Output: the reply's transcript tokens and its audio tokens (a tool call: its name's and arguments' \
                text tokens). Text tokens are the scenario's, else ceil(characters / 4).
                """,
                "LiveKit's RealtimeModelMetrics copies the usage message's figures.",
            ],
            sources: ["docs/PLUGINS.md"])
    }

    public func randomSetup(using rng: inout SeededGenerator) -> RandomSetup {
        RandomSetup.draw(models: documentation.models.map(\.name), using: &rng) { _ in ExampleFlatRateOptions.knobs }
    }
}
