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
        return OpenAIChatSession(model: model, options: options, seed: setup.idSeed, startTime: setup.startTime)
    }

    /// Any model, and each knob left at its default or drawn from its valid range (the reasoning knobs only on a
    /// reasoning model, where they are valid).
    public func randomSetup(using rng: inout SeededGenerator) -> RandomSetup {
        var s = OptionSampler(rng: rng)
        let model = s.pick(OpenAIChatModels.all)
        s.maybe("characters_per_token", [3, 4, 5])
        s.maybe("message_overhead_tokens", [0, 3, 4])
        s.maybe("reply_priming_tokens", [0, 3])
        s.maybe("caching", [true, false])
        s.maybe("cache_min_tokens", [128, 256, 1024])
        s.maybe("cache_step_tokens", [64, 128])
        if let reasoning = model.reasoning {
            s.maybe("reasoning_effort", reasoning.efforts.map { .string($0) })
            s.maybe("reasoning_tokens", [0, 40, 300])
        }
        s.maybe("host", ["api.openai.com", "example-resource.openai.azure.com"])
        rng = s.rng
        return RandomSetup(model: model.name, options: s.json)
    }
}
