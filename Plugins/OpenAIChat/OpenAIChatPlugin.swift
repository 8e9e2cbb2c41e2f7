import AgentSimCore

/// OpenAI Chat Completions as a pipeline llm service (being built: see issue 8).
public struct OpenAIChatPlugin: ProviderPlugin {
    public init() {}

    public var id: String { "openai-chat" }
    public var roles: [ServiceRole] { [.llm] }

    public var documentation: PluginDocumentation {
        PluginDocumentation(id: id, title: "OpenAI Chat Completions", summary: "", models: [], options: [], rules: [], sources: [])
    }
}
