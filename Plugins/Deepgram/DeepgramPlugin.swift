import AgentSimCore

/// Deepgram as a pipeline stt service (being built: see issue 8).
public struct DeepgramPlugin: ProviderPlugin {
    public init() {}

    public var id: String { "deepgram" }
    public var roles: [ServiceRole] { [.stt] }

    public var documentation: PluginDocumentation {
        PluginDocumentation(id: id, title: "Deepgram", summary: "", models: [], options: [], rules: [], sources: [])
    }
}
