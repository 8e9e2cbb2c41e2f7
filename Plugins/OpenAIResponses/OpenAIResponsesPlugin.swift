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
        return OpenAIResponsesSession(model: model, options: options, seed: setup.idSeed, startTime: setup.startTime)
    }

    /// Any model, each knob at its default or drawn from its valid range (reasoning knobs only where valid).
    public func randomSetup(using rng: inout SeededGenerator) -> RandomSetup {
        var s = OptionSampler(rng: rng)
        let model = s.pick(OpenAIResponsesModels.all)
        s.maybe("characters_per_token", [3, 4, 5])
        s.maybe("message_overhead_tokens", [0, 3])
        s.maybe("caching", [true, false])
        s.maybe("cache_min_tokens", [128, 1024])
        s.maybe("max_output_tokens", [16, 40, 4096])
        if let reasoning = model.reasoning {
            s.maybe("reasoning_effort", reasoning.efforts.map { .string($0) })
            s.maybe("reasoning_tokens", [0, 20, 300])
        }
        s.maybe("host", ["api.openai.com", "example-resource.openai.azure.com"])
        rng = s.rng
        return RandomSetup(model: model.name, options: s.json)
    }
}
