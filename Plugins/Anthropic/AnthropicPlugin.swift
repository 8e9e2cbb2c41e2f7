import AgentSimCore

/// Anthropic Messages as a pipeline LLM: a streamed `message_start` … `message_stop` per request, with explicit
/// `cache_control` prompt caching, and the `LLMMetrics` LiveKit's anthropic plugin builds from the stream.
public struct AnthropicPlugin: ProviderPlugin {
    public init() {}

    public var id: String { "anthropic" }
    public var roles: [ServiceRole] { [.llm] }

    public func makeLLM(_ setup: SessionSetup) throws(ScenarioError) -> any LLMSession {
        let documented = try setup.resolveModel(from: documentation.models)
        guard let model = AnthropicModel.named(documented.name) else {
            throw ScenarioError(
                "\(setup.modelPath): model '\(documented.name)' has no profile", at: setup.modelLocation)
        }
        let options = try AnthropicOptions(setup.options, path: setup.optionsPath, model: model)
        return AnthropicSession(
            model: model, options: options, seed: setup.idSeed, startTime: setup.startTime,
            reportedModel: setup.reportedName(of: documented))
    }
}
