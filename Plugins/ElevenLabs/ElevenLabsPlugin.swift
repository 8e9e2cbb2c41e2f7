import AgentSimCore

/// ElevenLabs as a pipeline tts service (being built: see issue 8).
public struct ElevenLabsPlugin: ProviderPlugin {
    public init() {}

    public var id: String { "elevenlabs" }
    public var roles: [ServiceRole] { [.tts] }

    public var documentation: PluginDocumentation {
        PluginDocumentation(id: id, title: "ElevenLabs", summary: "", models: [], options: [], rules: [], sources: [])
    }
}
