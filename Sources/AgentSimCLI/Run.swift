import AgentSimAudio
import AgentSimCore
import ArgumentParser
import Foundation

extension AgentSim {
    /// `agentsim run FILE`.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one scenario and print its usage.",
            discussion: """
                Formats:
                  text   a per-turn table (turn, speaker, audio seconds, context tokens, cached, input audio, output \
                tokens), the ground truth, and the summary line exactly as livekit-agents 1.2.18 prints it.
                  json   one object: usage_summary (1.8.9's 18 fields), usage_summary_v1_2 (1.2.18's 8), model_usage \
                (ModelUsageCollector.flatten()), turns, truth, provider_payloads (native usage messages in order), metrics.
                  jsonl  the LiveKit metrics events, one JSON object per line as they happen, every field present, so \
                each line validates as its pydantic class in livekit-agents 1.2.18 and 1.8.9.
                """)

        @Argument(help: "The scenario file (YAML or JSON).")
        var file: String

        @Option(
            help:
                "Run on this provider instead of the file's, as ID or ID:MODEL (the file's model and options are then not used)."
        )
        var provider: String?

        @Option(
            parsing: .unconditional, help: "Seed for every random choice, instead of the file's (0 to 2^63 − 1).",
            transform: SeedArgument.parse)
        var seed: UInt64?

        @Option(help: "Output format: text, json or jsonl.")
        var format: OutputFormat = .text

        @Option(
            name: .customLong("audio-out"),
            help: "Write the user's and the agent's tracks as Ogg Opus files into this directory.")
        var audioOut: String?

        func run() async throws {
            let prepared = try ScenarioSelection.prepare(file: file, provider: provider, seed: seed)
            let clips = ClipCache()
            let sessionRun = SessionRun(
                scenario: prepared.scenario, plugin: prepared.plugin, clips: clips, recordsTracks: audioOut != nil)
            let streamsLines = format == .jsonl
            var lines = JSONWriter()
            let report = try await SessionReport.collect(sessionRun) { step in
                guard streamsLines else { return }
                for output in step.outputs {
                    for metric in output.metrics { lines.line(metric.json()) }
                }
                lines.flushToStandardOutput()
            }
            if let audioOut, let tracks = report.tracks {
                try TrackFiles.write(tracks, name: prepared.scenario.name, directory: audioOut)
            }
            switch format {
            case .jsonl: break
            case .json: print(ReportJSON.make(report).prettyString())
            case .text: print(ReportText.make(report), terminator: "")
            }
        }
    }

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, jsonl
    }
}

/// Loads a scenario and picks its plugin, applying command-line overrides.
enum ScenarioSelection {
    struct Prepared {
        var scenario: Scenario
        var plugin: any ProviderPlugin
    }

    /// - Parameter option: the command-line option `provider` came from, for messages.
    static func prepare(
        file: String, provider: String?, seed: UInt64?, option: String = "--provider"
    ) throws -> Prepared {
        var scenario = try ScenarioLoader.load(path: file)
        if let seed { scenario.seed = seed }
        if let provider {
            let parts = provider.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let id = parts[0]
            let model = parts.count > 1 ? parts[1] : nil
            guard !id.isEmpty, model?.isEmpty != true else {
                throw ValidationError(
                    "\(option): expected ID or ID:MODEL such as openai-realtime or gemini-live:gemini-2.0-flash-live-001, or pipeline:STT+LLM+TTS, got '\(provider)'"
                )
            }
            if id == PipelineConfig.providerID {
                try choosePipeline(model ?? "", for: &scenario, file: file, option: option)
            } else {
                // An unknown id is the one message, before any note.
                _ = try AgentSim.plugin(id, at: SourceLocation(file: option))
                if id != scenario.session.provider || model != nil {
                    let commandLine = SourceLocation(file: option)
                    if id != scenario.session.provider {
                        let dropped = [
                            scenario.session.pipeline.map { "session.pipeline (\($0.label))" },
                            scenario.session.model.map { "session.model (\($0))" },
                            (scenario.session.options.mapEntries?.isEmpty ?? true) ? nil : "session.options",
                        ].compactMap { $0 }
                        if !dropped.isEmpty {
                            Console.error(
                                "note: \(file) is written for \(scenario.session.provider); on \(id) its \(dropped.joined(separator: " and ")) \(dropped.count == 1 ? "is" : "are") not used: the plugin's defaults apply\n"
                            )
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
                    "note: \(file) is written for \(scenario.session.provider); on a pipeline its \(dropped.joined(separator: " and ")) \(dropped.count == 1 ? "is" : "are") not used: each service's defaults apply\n"
                )
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

/// Writes a session's two tracks as `NAME.user.opus` and `NAME.agent.opus`.
enum TrackFiles {
    /// `NAME.ROLE.opus`, with characters other than letters, digits, `-`, `_` and `.` replaced by `_`.
    static func fileName(_ name: String, role: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
            + ".\(role).opus"
    }

    static func write(_ tracks: SessionTracks, name: String, directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure(
                message: "--audio-out: cannot create directory '\(directory)': \(error.localizedDescription)", status: 2
            )
        }
        let paths = ["user", "agent"].map { (directory as NSString).appendingPathComponent(fileName(name, role: $0)) }
        // Both or neither: the user track is removed again when the agent track cannot be written.
        for (index, track) in [tracks.user, tracks.agent].enumerated() {
            do {
                try track.writeOggOpus(to: paths[index])
            } catch {
                if index > 0 { unlink(paths[0]) }
                throw CommandFailure(
                    message:
                        "--audio-out: \(error.description)\(index > 0 ? " (\(paths[0]) removed: both tracks or neither)" : "")",
                    status: 2)
            }
        }
    }
}
