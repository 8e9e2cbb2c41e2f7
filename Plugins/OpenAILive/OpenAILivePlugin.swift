import AgentSimCore

/// OpenAI GPT-Live (`gpt-live-1`): full-duplex voice billed by cumulative session seconds
/// (`session.usage.updated`, `session.closed`), delegated work on a backend Responses model with its own token
/// usage; and the metrics livekit-agents 1.8.9's `GPTLiveSession` builds: a `RealtimeModelMetrics` per snapshot
/// with the `session_duration` delta and zero tokens, an `LLMMetrics` per backend response.
public struct OpenAILivePlugin: ProviderPlugin {
    public init() {}

    public var id: String { "openai-live" }

    /// GPTLiveModel first appears in livekit-agents 1.8.9 (`llm/_realtime/gpt_live.py`); 1.2.18 has no such model.
    public var requiredLiveKitVersion: String? { "1.8.9" }

    public func makeRealtime(_ setup: SessionSetup) throws(ScenarioError) -> any RealtimeSession {
        let model = try setup.resolveModel(from: documentation.models)
        let options = try OpenAILiveOptions(setup.options)
        return OpenAILiveSession(
            model: setup.reportedName(of: model), options: options, seed: setup.idSeed, startTime: setup.startTime)
    }
}
