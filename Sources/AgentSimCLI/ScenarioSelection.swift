import AgentSimCore
import ArgumentParser
import Foundation

/// Loads a scenario and picks its plugin, applying command-line overrides.
enum ScenarioSelection {
    struct Prepared {
        var scenario: Scenario
        var plugin: any ProviderPlugin
    }

    /// - Parameter option: the command-line option `provider` came from, for messages.
    static func prepare(
        file: String, provider: String?, seed: Seed?, option: String = "--provider"
    ) throws -> Prepared {
        var scenario = try ScenarioLoader.load(path: file)
        if let seed { scenario.seed = seed.value }
        if let provider {
            let parts = provider.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let id = parts[0]
            let model = parts.count > 1 ? parts[1] : nil
            guard !id.isEmpty, model?.isEmpty != true else {
                throw ValidationError(
                    "\(option): expected ID or ID:MODEL such as openai-realtime or "
                        + "gemini-live:gemini-2.0-flash-live-001, or pipeline:STT+LLM+TTS, got '\(provider)'")
            }
            if id == PipelineConfig.providerID {
                try choosePipeline(model ?? "", for: &scenario, file: file, option: option)
            } else {
                // An unknown id is the one message, before any note; a pipeline service gets the command-line form.
                let named = try AgentSim.plugin(id, at: SourceLocation(file: option))
                if !named.roles.contains(.realtime) {
                    let role = named.roles[0]
                    var services = ["deepgram", "openai-chat", "elevenlabs"]
                    services[[ServiceRole.stt, .llm, .tts].firstIndex(of: role) ?? 1] = provider
                    throw ScenarioError(
                        "\(id) is a pipeline \(named.roles.map(\.rawValue).joined(separator: "/")) service, "
                            + "not a realtime model; name a whole pipeline, such as pipeline:"
                            + services.joined(separator: "+") + " (STT+LLM+TTS, each ID[:MODEL])",
                        at: SourceLocation(file: option))
                }
                if id != scenario.session.provider || model != nil {
                    let commandLine = SourceLocation(file: option)
                    if id != scenario.session.provider {
                        // A model given on the command line replaces the file's: only what nothing replaces is noted.
                        let dropped = [
                            scenario.session.pipeline.map { "session.pipeline (\($0.label))" },
                            model == nil ? scenario.session.model.map { "session.model (\($0))" } : nil,
                            (scenario.session.options.mapEntries?.isEmpty ?? true) ? nil : "session.options",
                        ].compactMap { $0 }
                        if !dropped.isEmpty {
                            let instead =
                                model.map { "\($0) runs with \(id)'s default knobs" } ?? "the plugin's defaults apply"
                            Console.error(
                                "note: \(file) is written for \(scenario.session.provider); on \(id) its "
                                    + "\(dropped.joined(separator: " and ")) \(dropped.count == 1 ? "is" : "are") "
                                    + "not used: \(instead)\n")
                        }
                        scenario.session.options = .emptyMap(at: commandLine)
                        scenario.session.model = nil
                        scenario.session.pipeline = nil
                    }
                    scenario.session.provider = id
                    scenario.session.providerLocation = commandLine
                    if let model {
                        scenario.session.model = model
                        scenario.session.modelLocation = commandLine
                    }
                }
            }
        }
        let plugin = try scenario.session.plugin(from: AgentSim.plugins)
        return Prepared(scenario: scenario, plugin: plugin)
    }

    /// `pipeline:STT+LLM+TTS`, each `ID[:MODEL]`: the scenario's conversation on that pipeline. A service the file
    /// already names keeps its options (and its model unless one is given); the file's pipeline timing is kept.
    private static func choosePipeline(
        _ text: String, for scenario: inout Scenario, file: String, option: String
    ) throws {
        let services = text.split(separator: "+", omittingEmptySubsequences: false).map(String.init)
        let expected =
            "expected pipeline:STT+LLM+TTS with each ID or ID:MODEL, such as pipeline:deepgram+openai-chat+elevenlabs"
        guard services.count == 3 else { throw ValidationError("\(option): \(expected), got 'pipeline:\(text)'") }
        let commandLine = SourceLocation(file: option)
        let own = scenario.session.pipeline
        var specs: [ServiceSpec] = []
        for (index, (role, service)) in zip([ServiceRole.stt, .llm, .tts], services).enumerated() {
            let parts = service.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard !parts[0].isEmpty, parts.count == 1 || !parts[1].isEmpty else {
                throw ValidationError("\(option): \(expected), got '\(service)' as the \(role.rawValue) service")
            }
            let model = parts.count > 1 ? parts[1] : nil
            if let mine = own?.services[index].spec, mine.provider == parts[0] {
                var spec = mine
                if let model { spec.model = model; spec.modelLocation = commandLine }
                specs.append(spec)
            } else {
                specs.append(
                    ServiceSpec(
                        provider: parts[0], providerLocation: commandLine, model: model, modelLocation: commandLine,
                        options: .emptyMap(at: commandLine), path: "\(option) pipeline \(role.rawValue)"))
            }
        }
        if scenario.session.pipeline == nil {
            let dropped = [
                scenario.session.model.map { "session.model (\($0))" },
                (scenario.session.options.mapEntries?.isEmpty ?? true) ? nil : "session.options",
            ].compactMap { $0 }
            if !dropped.isEmpty {
                Console.error(
                    "note: \(file) is written for \(scenario.session.provider); on a pipeline its "
                        + "\(dropped.joined(separator: " and ")) \(dropped.count == 1 ? "is" : "are") not used: "
                        + "each service's defaults apply\n")
            }
            scenario.session.model = nil
            scenario.session.options = .emptyMap(at: commandLine)
        }
        scenario.session.pipeline = PipelineConfig(
            stt: specs[0], llm: specs[1], tts: specs[2], timing: own?.timing ?? PipelineTiming())
        scenario.session.provider = PipelineConfig.providerID
        scenario.session.providerLocation = commandLine
    }
}
