import AgentSimCore

/// Gemini generateContent (the Gemini Developer API or Vertex AI) as a pipeline LLM: streamed
/// `GenerateContentResponse` chunks with their usageMetadata, and the `LLMMetrics` livekit-plugins-google builds.
public struct GeminiPlugin: ProviderPlugin {
    public init() {}

    public var id: String { "gemini" }
    public var roles: [ServiceRole] { [.llm] }

    public func makeLLM(_ setup: SessionSetup) throws(ScenarioError) -> any LLMSession {
        let doc = try setup.resolveModel(from: documentation.models)
        guard let model = GeminiModel.named(doc.name) else {
            throw ScenarioError("\(setup.modelPath): no profile for '\(doc.name)'", at: setup.modelLocation)
        }
        let options = try GeminiOptions(setup.options, path: setup.optionsPath, model: model)
        return GeminiLLMSession(
            model: model, options: options, seed: setup.idSeed, startTime: setup.startTime,
            reportedModel: setup.reportedName(of: doc))
    }
}
