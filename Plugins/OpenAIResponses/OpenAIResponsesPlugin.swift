import AgentSimCore
import OpenAIText

/// OpenAI's Responses API as a pipeline LLM: streamed Responses events whose `response.completed` alone carries
/// the request's usage, and the `LLMMetrics` livekit-plugins-openai's `responses.LLM` builds from it.
public struct OpenAIResponsesPlugin: ProviderPlugin {
    public init() {}

    public var id: String { "openai-responses" }
    public var roles: [ServiceRole] { [.llm] }

    public func makeLLM(_ setup: SessionSetup) throws(ScenarioError) -> any LLMSession {
        let documented = try setup.resolveModel(from: documentation.models)
        guard let model = OpenAIResponsesModels.all.named(documented.name) else {
            throw ScenarioError("\(setup.modelPath): unknown model '\(documented.name)'", at: setup.modelLocation)
        }
        let options = try OpenAIResponsesOptions(setup.options, path: setup.optionsPath, model: model)
        return OpenAIResponsesSession(
            model: model, options: options, seed: setup.idSeed, startTime: setup.startTime,
            reportedModel: setup.reportedName(of: documented))
    }

    /// Any model, and each knob left at its default or drawn as its row in the options table says (the reasoning
    /// knobs only on a reasoning model, where they are valid).
    public func randomSetup(using rng: inout SeededGenerator) -> RandomSetup {
        RandomSetup.draw(models: OpenAIResponsesModels.all.map(\.name), using: &rng) { name in
            OpenAIResponsesOptions.knobs(model: OpenAIResponsesModels.all.named(name)!)
        }
    }
}
