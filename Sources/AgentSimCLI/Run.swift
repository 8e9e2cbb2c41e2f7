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
                (ModelUsageCollector.flatten()), turns, truth, provider_payloads (native usage messages in order), \
                metrics.
                  jsonl  the LiveKit metrics events, one JSON object per line as they happen, every field present, so \
                each line validates as its pydantic class in livekit-agents 1.2.18 and 1.8.9.
                """)

        @OptionGroup
        var scenario: ScenarioOptions

        @Option(
            help:
                ArgumentHelp(
                    "Run on this provider instead of the file's, as ID or ID:MODEL (the file's model and options are "
                        + "then not used).")
        )
        var provider: String?

        @Option(help: "Output format: text, json or jsonl.")
        var format: OutputFormat = .text

        @Option(
            name: .customLong("audio-out"),
            help: "Write the user's and the agent's tracks as Ogg Opus files into this directory.")
        var audioOut: String?

        func run() async throws {
            let prepared = try scenario.prepare(provider: provider)
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
            case .json: print(RunReport(report: report).json.prettyString())
            case .text: print(ReportText.make(report), terminator: "")
            }
        }
    }

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, jsonl
    }
}
