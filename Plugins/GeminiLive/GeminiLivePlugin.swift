import AgentSimCore

/// Gemini Live (`BidiGenerateContent`): one `usageMetadata` per turn over the whole context, in
/// each model's own modality accounting, and the `RealtimeModelMetrics` LiveKit's Google plugin
/// builds from every server message that carries usage.
public struct GeminiLivePlugin: ProviderPlugin {
    public init() {}

    public var id: String { "gemini-live" }

    public func makeRealtime(_ setup: SessionSetup) throws(ScenarioError) -> any RealtimeSession {
        let model = try setup.resolveModel(from: documentation.models)
        guard let profile = GeminiLiveProfile.named(model.name) else {
            throw ScenarioError("session.model: no accounting profile for '\(model.name)'", at: setup.modelLocation)
        }
        let options = try GeminiLiveOptions(setup.options, profile: profile, modelLocation: setup.modelLocation)
        return GeminiLiveSession(
            profile: profile, options: options, seed: setup.idSeed, startTime: setup.startTime,
            reportedModel: setup.reportedName(of: model))
    }
}
