import AgentSimCore
import ArgumentParser

extension AgentSim {
    /// `agentsim providers [ID]`.
    struct Providers: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "List the provider plugins, or document one: its models, session.options knobs, reporting rules and "
                + "sources."
        )

        @Argument(help: "A provider id to document in full.")
        var provider: String?

        func run() throws {
            if provider == PipelineConfig.providerID {
                print(ProviderText.pipeline, terminator: "")
                return
            }
            if let provider {
                print(ProviderText.full(try AgentSim.plugin(provider, at: nil).documentation), terminator: "")
                return
            }
            for plugin in AgentSim.plugins {
                let doc = plugin.documentation
                let role =
                    plugin.roles == [.realtime]
                    ? "realtime model" : "pipeline " + plugin.roles.map(\.rawValue).joined(separator: "/") + " service"
                print("\(doc.id) — \(doc.title) (\(role))")
                print("  \(doc.summary)")
                print(
                    "  models: "
                        + doc.models.map { $0.isDefault ? "\($0.name) (default)" : $0.name }.joined(separator: ", "))
                print("  knobs:  " + doc.options.map(\.key).joined(separator: ", "))
                print("")
            }
            print("pipeline — a session.pipeline of one stt, one llm and one tts service above")
            print("  knobs:  " + PipelineTiming.keys.map { "timing." + $0.key }.joined(separator: ", "))
            print("")
            print(
                "`agentsim providers ID` documents one provider in full; `agentsim providers pipeline` the pipeline's "
                    + "timeline."
            )
        }
    }

    /// `agentsim explain ID`: a walk-through of a small live example (the reference for plugins without one).
    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Walk through a small live example of one provider: native payload, LiveKit event, summary, each rule "
                + "with its source.",
            discussion: """
                The example runs now, on the plugin itself: every figure shown is the one the session produced. For a \
                plugin without an example this prints the reference, as `providers ID` does.
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
    /// `agentsim providers pipeline`: the scenario form, the timeline knobs and the pipeline's own rules.
    static var pipeline: String {
        var out = "pipeline — a speech-to-text service, a text LLM and a text-to-speech service\n"
        out +=
            "Each billed on its own terms and reported by its own LiveKit plugin (livekit-agents 1.8.9 and 1.2.18).\n\n"
        out += "Scenario form (instead of session.provider):\n"
        out +=
            "  session:\n    pipeline:\n      stt: ID[:MODEL]          # or {provider: ID, model: MODEL, options: "
            + "{...}}\n"
        out += "      llm: ID[:MODEL]\n      tts: ID[:MODEL]\n      timing: {...}            # optional, below\n"
        out += "On the command line: --provider pipeline:STT+LLM+TTS (each ID[:MODEL]).\n\n"
        out += "Services:\n"
        for role in [ServiceRole.stt, .llm, .tts] {
            out +=
                "  \(role.rawValue): "
                + AgentSim.plugins.filter { $0.roles.contains(role) }.map(\.id).joined(separator: ", ") + "\n"
        }
        out += "\nTimeline knobs (session.pipeline.timing, seconds unless noted):\n"
        for key in PipelineTiming.keys { out += "  \(key.key): \(key.summary)\n" }
        out += "\nRules:\n"
        for rule in PipelineSession.rules { out += "  - \(rule)\n" }
        out +=
            "\nSources:\n  - livekit-agents 1.8.9 voice/agent_activity.py (eou_metrics, interruptions), llm/llm.py, "
            + "stt/stt.py, tts/tts.py\n"
        out += "  - docs/PIPELINE.md\n"
        return out
    }

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
