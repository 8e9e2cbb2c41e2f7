import AgentSimCore

/// Gemini generateContent as a pipeline llm service (being built: see issue 8).
public struct GeminiPlugin: ProviderPlugin {
    public init() {}

    public var id: String { "gemini" }
    public var roles: [ServiceRole] { [.llm] }

    public var documentation: PluginDocumentation {
        PluginDocumentation(id: id, title: "Gemini generateContent", summary: "", models: [], options: [], rules: [], sources: [])
    }
}
