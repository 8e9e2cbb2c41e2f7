import AgentSimAudio
import AgentSimCore
import AgentSimInspect
import ArgumentParser

extension AgentSim {
    /// `agentsim inspect EVENTS.jsonl`: what a recorded session's numbers mean.
    public struct Inspect: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract:
                "Explain a recorded session's usage: its totals per model, the quirks its events show, a scenario.",
            discussion: """
                EVENTS is a JSON-lines file of LiveKit metrics events as a real agent records them \
                (ev.metrics.model_dump() from metrics_collected, ev.model_dump() from session_usage_updated), or \
                as `agentsim run --format jsonl` and `agentsim load` write them (bare or in {"id", "session", "seq", \
                "metrics"|"event"} envelopes); `-` reads standard input. Per session it prints the totals \
                livekit-agents 1.8.9's ModelUsageCollector holds, each known quirk the events show with the \
                sentence that explains its figures and its source, and a scenario skeleton that `agentsim run` \
                turns back into the same figures where the rules allow.

                Lines of other event types are counted and skipped; a line that is not a readable metrics event \
                stops the run with its line number and exit status 2.
                """)

        public init() {}

        @Argument(help: "The recorded events (JSON lines), or - for standard input.")
        var events: String

        @OptionGroup
        var output: FormatOption

        public func run() async throws {
            let input = try EventsInput(file: events, option: "inspect")
            defer { input.close() }
            var recording = Recording()
            let lines = try LineReader(input: input, file: events, option: "inspect").forEachLine { line, number in
                do {
                    try recording.read(line: line, number: number)
                } catch let error as RecordingError {
                    throw BadInput("inspect: \(events):\(error.line): \(error.message)")
                }
            }
            guard lines > 0, !recording.sessions.isEmpty else {
                throw BadInput("inspect: \(events): no metrics events; expected JSON lines of LiveKit metrics events")
            }
            var inspection = Inspection(recording)
            for index in inspection.sessions.indices {
                inspection.sessions[index].skeleton = await Self.calibrated(inspection.sessions[index].skeleton)
            }
            switch output.format {
            case .text: print(inspection.text, terminator: "")
            case .json: print(inspection.json.prettyString())
            }
        }

        /// The skeleton with its instructions' tokens set by running it once on its plugin (every response re-bills
        /// them, so response 0's difference from the recording is theirs); unchanged when it cannot run.
        public static func calibrated(_ skeleton: Skeleton) async -> Skeleton {
            var skeleton = skeleton
            guard let scenario = try? ScenarioLoader.parse(skeleton.yaml, file: "skeleton.yaml"),
                let plugin = try? scenario.session.plugin(from: AgentSim.plugins),
                let report = try? await SessionReport.collect(
                    SessionRun(scenario: scenario, plugin: plugin, clips: ClipCache())),
                let first = report.metrics.lazy.compactMap({ metric -> Int? in
                    if case let .realtime(m) = metric, !m.requestId.isEmpty { return m.inputTokens }
                    return nil
                }).first
            else { return skeleton }
            _ = skeleton.calibrate(produced: first)
            return skeleton
        }
    }
}
