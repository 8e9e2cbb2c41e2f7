import AgentSimCore

/// Gemini Live (`BidiGenerateContent`). Placeholder while the plugin is written.
public struct GeminiLivePlugin: ProviderPlugin {
    public init() {}
    public var id: String { "gemini-live" }
    public var documentation: PluginDocumentation {
        PluginDocumentation(id: id, title: "Gemini Live", summary: "", models: [], options: [], rules: [], sources: [])
    }
    public func makeSession(_ setup: SessionSetup) throws(ScenarioError) -> any ProviderSession {
        throw ScenarioError("gemini-live is not built yet", at: setup.modelLocation)
    }
}
