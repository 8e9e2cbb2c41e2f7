import AgentSimCore
import OpenAIText

/// OpenAI Chat Completions as a pipeline LLM: streamed `chat.completion.chunk`s whose last chunk alone carries the
/// request's usage (`stream_options.include_usage`), and the `LLMMetrics` livekit-plugins-openai builds from it.
public struct OpenAIChatPlugin: ProviderPlugin {
    public init() {}

    public var id: String { "openai-chat" }
    public var roles: [ServiceRole] { [.llm] }

    public func makeLLM(_ setup: SessionSetup) throws(ScenarioError) -> any LLMSession {
        let documented = try setup.resolveModel(from: documentation.models)
        guard let model = OpenAIChatModels.all.named(documented.name) else {
            throw ScenarioError("\(setup.modelPath): unknown model '\(documented.name)'", at: setup.modelLocation)
        }
        let options = try OpenAIChatOptions(setup.options, path: setup.optionsPath, model: model)
        return OpenAIChatSession(
            model: model, options: options, seed: setup.idSeed, startTime: setup.startTime,
            reportedModel: setup.reportedName(of: documented))
    }

    /// Any model, and each knob left at its default or drawn as its row in the options table says (the reasoning
    /// knobs only on a reasoning model, where they are valid).
    public func randomSetup(using rng: inout SeededGenerator) -> RandomSetup {
        RandomSetup.draw(models: OpenAIChatModels.all.map(\.name), using: &rng) { name in
            OpenAIChatOptions.knobs(model: OpenAIChatModels.all.named(name)!)
        }
    }
}
