import AgentSimCore

/// OpenAI Realtime (`gpt-realtime`, `gpt-4o-realtime-preview`, `gpt-4o-mini-realtime-preview`):
/// one `response.done` usage report per response over the whole context, and the
/// `RealtimeModelMetrics` LiveKit's OpenAI plugin builds from it.
public struct OpenAIRealtimePlugin: ProviderPlugin {
    public init() {}

    public var id: String { "openai-realtime" }

    public func makeRealtime(_ setup: SessionSetup) throws(ScenarioError) -> any RealtimeSession {
        let model = try setup.resolveModel(from: documentation.models)
        let options = try OpenAIRealtimeOptions(setup.options, model: model.name)
        return OpenAIRealtimeSession(
            model: model.name, options: options, seed: setup.idSeed, startTime: setup.startTime,
            organisation: setup.organisation, reportedModel: setup.reportedName(of: model))
    }
}
