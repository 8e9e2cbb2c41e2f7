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
                guard let plugin = AgentSim.plugins.first(where: { $0.id == provider }) else {
                    throw BadInput(
                        "providers: unknown provider '\(provider)'; expected one of "
                            + AgentSim.plugins.map(\.id).joined(separator: ", ") + ", or pipeline")
                }
                print(ProviderText.full(plugin), terminator: "")
                return
            }
            for plugin in AgentSim.plugins {
                let doc = plugin.documentation
                print("\(doc.id) — \(doc.title) (\(ProviderText.role(of: plugin)))")
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
            print("A dated snapshot of a listed model runs on its family's figures and reports the name given:")
            print("  " + ModelSnapshot.forms + ".")
            print("")
            print(
                "`agentsim providers ID` documents one provider in full; `agentsim providers pipeline` the pipeline's "
                    + "timeline;"
            )
            print("`agentsim explain ID[:MODEL]` walks through a small live example of any of them.")
        }
    }
}

enum ProviderText {
    /// `agentsim providers pipeline`: the scenario form, the timeline knobs and the pipeline's own rules.
    static var pipeline: String {
        func ids(_ role: ServiceRole) -> String {
            AgentSim.plugins.filter { $0.roles.contains(role) }.map(\.id).joined(separator: ", ")
        }
        var out = "pipeline — a speech-to-text service, a text LLM and a text-to-speech service (session.pipeline)\n"
        out +=
            "In short: each billed on its own terms and reported by its own LiveKit plugin (livekit-agents 1.8.9 and "
            + "1.2.18).\n"
        out += "Services: stt \(ids(.stt)); llm \(ids(.llm)); tts \(ids(.tts)).\n"
        out +=
            "Knobs: \(PipelineTiming.keys.count) timeline knobs in session.pipeline.timing, each optional; "
            + "rules: \(PipelineSession.rules.count) (below).\n"
        out += "Try: agentsim explain pipeline (a small example through deepgram, openai-chat and elevenlabs)\n\n"
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

    /// What a plugin is: a realtime model, or the pipeline roles it plays.
    static func role(of plugin: any ProviderPlugin) -> String {
        plugin.roles == [.realtime]
            ? "realtime model" : "pipeline " + plugin.roles.map(\.rawValue).joined(separator: "/") + " service"
    }

    /// `agentsim providers ID`: five lines to start with, then the reference.
    static func full(_ plugin: any ProviderPlugin) -> String {
        let doc = plugin.documentation
        let form =
            plugin.roles == [.realtime]
            ? "session.provider: \(doc.id)"
            : "session.pipeline.\(plugin.roles.map(\.rawValue).joined(separator: "/")): \(doc.id)[:MODEL]"
        var out = "\(doc.id) — \(doc.title), a \(role(of: plugin)) (\(form))\n"
        out += "In short: \(doc.summary)\n"
        out +=
            "Models: \(doc.models.count), default \(doc.models.defaultName); a dated snapshot of one runs on its "
            + "figures.\n"
        let knobs = plugin.roles == [.realtime] ? "session.options" : "the service's options"
        out +=
            "Knobs: \(doc.options.count) in \(knobs), each optional; rules: \(doc.rules.count), "
            + "with \(doc.sources.count) sources (below).\n"
        out += "Try: agentsim explain \(doc.id) (a small example, every figure shown as the API and LiveKit send it)\n"
        out += "\nModels (session.model):\n"
        for m in doc.models { out += "  \(m.name)\(m.isDefault ? " (default)" : "")\n      \(m.summary)\n" }
        out +=
            "\nA dated snapshot of a listed model runs on that model's figures and reports the name given "
            + "(LiveKit's metadata.model_name):\n  \(ModelSnapshot.forms).\n"
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
