import AgentSimAudio
import AgentSimCore
import ArgumentParser

extension AgentSim {
    /// `agentsim explain ID[:MODEL]` and `agentsim explain pipeline`: a walk-through of a small live example.
    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Walk through a small live example of one provider or of a pipeline: native payload, LiveKit event, "
                + "bill and summary.",
            discussion: """
                The example runs now, on the plugin itself: every figure shown is the one the session produced, and \
                the example scenario is printed first so `agentsim run` reproduces it. ID is any provider id \
                (`agentsim providers` lists them), ID:MODEL runs it on another of its models, `pipeline` (or \
                pipeline:STT+LLM+TTS, each ID[:MODEL]) walks through a whole pipeline. openai-realtime and \
                gemini-live give every figure its rule and source; for the others the plugin's own sentences say \
                where LiveKit's figures part from the bill.
                """)

        @Argument(help: "A provider id, ID:MODEL, or pipeline[:STT+LLM+TTS].")
        var provider: String

        func run() async throws {
            let example = try ExplainExample.make(provider)
            print(try await WalkthroughText.make(example), terminator: "")
        }
    }
}

/// The example `explain` runs for a provider spec: the scenario, the plugin it documents, and which services'
/// messages the walk-through shows.
struct ExplainExample {
    /// What the walk-through is about: `openai-realtime`, `anthropic`, `pipeline`.
    var subject: String
    /// The provider plugin `subject` names, nil for a pipeline.
    var plugin: (any ProviderPlugin)?
    /// The example scenario, as YAML (version 1).
    var yaml: String
    /// The role whose messages are shown (a pipeline service's); nil for all (a realtime model, a pipeline).
    var role: ServiceRole?
    /// The rules behind each figure, for a plugin that has them.
    var walkthrough: (any ProviderWalkthrough)?

    /// The services a pipeline example uses for the roles it does not explain.
    static let defaultServices: [ServiceRole: String] = [.stt: "deepgram", .llm: "openai-chat", .tts: "elevenlabs"]

    /// Four turns, the first reply cut by a barge-in after 1 s: re-billing, truncation and a cut stream in one example.
    static let turns = """
        turns:
          - user: {say: "Hi, is my order on its way?", seconds: 2.0, text_tokens: 8}
          - agent: {say: "Let me check that for you, one moment while I look it up.", seconds: 3.0, \
        interrupted_after: 1.0, text_tokens: 14}
          - user: {say: "It's order 4417.", seconds: 1.5, text_tokens: 6}
          - agent: {say: "Order 4417 has shipped.", seconds: 2.0, text_tokens: 7}

        """

    /// The example for `spec` (ID, ID:MODEL, pipeline or pipeline:STT+LLM+TTS).
    /// - Throws: `BadInput` for an unknown provider or model, or a malformed pipeline spec.
    static func make(_ spec: String) throws -> ExplainExample {
        let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let id = parts[0], model = parts.count > 1 ? parts[1] : nil
        if id == PipelineConfig.providerID { return try pipeline(model) }
        guard let plugin = AgentSim.plugins.first(where: { $0.id == id }) else {
            throw BadInput(
                "explain: unknown provider '\(id)'; expected one of "
                    + AgentSim.plugins.map(\.id).joined(separator: ", ") + ", or pipeline (see `agentsim providers`)")
        }
        if let model { try check(model, of: plugin) }
        if plugin.roles.contains(.realtime) {
            let walkthrough = plugin as? any ProviderWalkthrough
            let base = walkthrough?.exampleScenario ?? realtimeScenario(id)
            return ExplainExample(
                subject: id, plugin: plugin, yaml: inserting(model: model, after: "  provider: \(id)\n", in: base),
                role: nil, walkthrough: walkthrough)
        }
        let served = plugin.roles[0]
        var services = defaultServices
        services[served] = model.map { "\(id):\($0)" } ?? id
        return ExplainExample(
            subject: id, plugin: plugin, yaml: pipelineScenario(name: "explain-\(id)", services: services),
            role: served, walkthrough: nil)
    }

    private static func pipeline(_ pipeline: String?) throws -> ExplainExample {
        var services = defaultServices
        if let pipeline {
            let given = pipeline.split(separator: "+", omittingEmptySubsequences: false).map(String.init)
            guard given.count == 3, given.allSatisfy({ !$0.isEmpty }) else {
                throw BadInput(
                    "explain: expected pipeline or pipeline:STT+LLM+TTS with each ID or ID:MODEL, such as "
                        + "pipeline:deepgram+anthropic+cartesia, got 'pipeline:\(pipeline)'")
            }
            for (role, service) in zip([ServiceRole.stt, .llm, .tts], given) {
                let parts = service.split(separator: ":", maxSplits: 1).map(String.init)
                let candidates = AgentSim.plugins.filter { $0.roles.contains(role) }
                guard let plugin = candidates.first(where: { $0.id == parts[0] }) else {
                    throw BadInput(
                        "explain: '\(parts[0])' is not a \(role.rawValue) service; expected one of "
                            + candidates.map(\.id).joined(separator: ", "))
                }
                if parts.count > 1 { try check(parts[1], of: plugin) }
                services[role] = service
            }
        }
        return ExplainExample(
            subject: PipelineConfig.providerID, plugin: nil,
            yaml: pipelineScenario(name: "explain-pipeline", services: services), role: nil, walkthrough: nil)
    }

    /// A model the plugin lists, or a dated snapshot of one.
    private static func check(_ model: String, of plugin: any ProviderPlugin) throws {
        let models = plugin.documentation.models
        guard models.contains(where: { $0.name == model }) || ModelSnapshot.family(of: model, in: models) != nil
        else {
            throw BadInput(
                "explain: unknown model '\(model)' for \(plugin.id); expected one of "
                    + models.map(\.name).joined(separator: ", ") + " (or a dated snapshot of one)")
        }
    }

    /// The example of a realtime plugin without a walk-through of its own, with a tool call (GPT-Live delegates it to
    /// its backend model, billed in tokens).
    private static func realtimeScenario(_ id: String) -> String {
        """
        version: 1
        name: explain-\(id)
        seed: 1
        session:
          provider: \(id)
          instructions: "You are a support agent. Keep answers short."
          instructions_tokens: 100

        """
            + turns.replacingOccurrences(
                of: "  - agent: {say: \"Order 4417",
                with: "  - agent: {tool_call: {name: lookup_order, arguments: '{\"id\": 4417}', "
                    + "result: '{\"status\": \"shipped\"}', arguments_tokens: 9, result_tokens: 6}}\n"
                    + "  - agent: {say: \"Order 4417")
    }

    /// A pipeline example with `services` (each ID or ID:MODEL) in its three roles.
    private static func pipelineScenario(name: String, services: [ServiceRole: String]) -> String {
        """
        version: 1
        name: \(name)
        seed: 1
        session:
          instructions: "You are a support agent. Keep answers short."
          instructions_tokens: 100
          pipeline:
            stt: \(services[.stt] ?? "")
            llm: \(services[.llm] ?? "")
            tts: \(services[.tts] ?? "")

        """ + turns
    }

    private static func inserting(model: String?, after line: String, in yaml: String) -> String {
        guard let model, let range = yaml.range(of: line) else { return yaml }
        return yaml.replacingCharacters(in: range, with: line + "  model: \(model)\n")
    }
}
