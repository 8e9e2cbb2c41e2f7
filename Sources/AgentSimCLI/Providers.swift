import AgentSimCore
import ArgumentParser

extension AgentSim {
    /// `agentsim providers [ID]`.
    struct Providers: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the provider plugins, or document one: its models, session.options knobs, reporting rules and sources.")

        @Argument(help: "A provider id to document in full.")
        var provider: String?

        func run() throws {
            if let provider {
                print(ProviderText.full(try AgentSim.plugin(provider, at: nil).documentation), terminator: "")
                return
            }
            for plugin in AgentSim.plugins {
                let doc = plugin.documentation
                print("\(doc.id) — \(doc.title)")
                print("  \(doc.summary)")
                print("  models: " + doc.models.map { $0.isDefault ? "\($0.name) (default)" : $0.name }.joined(separator: ", "))
                print("  knobs:  " + doc.options.map(\.key).joined(separator: ", "))
                print("")
            }
            print("`agentsim providers ID` documents one provider in full.")
        }
    }

    /// `agentsim explain ID`: a walk-through of a small live example (the reference for plugins without one).
    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk through a small live example of one provider: native payload, LiveKit event, summary, each rule with its source.",
            discussion: """
                The example runs now, on the plugin itself: every figure shown is the one the session produced. For a plugin \
                without an example this prints the reference, as `providers ID` does.
                """)

        @Argument(help: "The provider id.")
        var provider: String

        func run() async throws {
            let plugin = try AgentSim.plugin(provider, at: nil)
            guard let walkthrough = plugin as? any ProviderWalkthrough else {
                print(ProviderText.full(plugin.documentation), terminator: "")
                return
            }
            print(try await WalkthroughText.make(plugin: plugin, walkthrough: walkthrough), terminator: "")
        }
    }
}

enum ProviderText {
    static func full(_ doc: PluginDocumentation) -> String {
        var out = "\(doc.id) — \(doc.title)\n\(doc.summary)\n\nModels (session.model):\n"
        for m in doc.models { out += "  \(m.name)\(m.isDefault ? " (default)" : "")\n      \(m.summary)\n" }
        out += "\nKnobs (session.options):\n"
        for o in doc.options {
            out += "  \(o.key): \(o.form), default \(o.defaultValue)\n      \(o.summary)\n"
        }
        out += "\nRules:\n"
        for r in doc.rules { out += "  - \(r)\n" }
        out += "\nSources:\n"
        for s in doc.sources { out += "  - \(s)\n" }
        return out
    }
}
