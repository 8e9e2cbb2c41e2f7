import AgentSimCore

/// Anthropic Messages as a pipeline llm service (being built: see issue 8).
public struct AnthropicPlugin: ProviderPlugin {
    public init() {}

    public var id: String { "anthropic" }
    public var roles: [ServiceRole] { [.llm] }

    public var documentation: PluginDocumentation {
        PluginDocumentation(id: id, title: "Anthropic Messages", summary: "", models: [], options: [], rules: [], sources: [])
    }
}
