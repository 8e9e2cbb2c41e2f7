import AgentSimAudio
import AgentSimCore
import ArgumentParser
import Foundation

extension AgentSim {
    /// `agentsim check`: agentsim's collectors against LiveKit's real ones.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check agentsim's usage summaries against LiveKit's real collectors (livekit-agents from PyPI).",
            discussion: """
                Runs each scenario, pipes its metrics events through Collectors/livekit/bridge.py in the venv of each \
                livekit-agents version (made by `make setup`), and compares every summary field with agentsim's own \
                collectors: integers exactly, floats to 1e-9, model_usage entries in order.

                Exit status: 0 when everything matches, 1 on any mismatch (or an event LiveKit rejects), 2 on bad \
                input or a missing or broken Python environment.
                """)

        @Argument(help: "Scenario files, or directories whose .yaml/.yml/.json files are all checked.")
        var paths: [String] = []

        @OptionGroup
        var livekit: LiveKitOption

        @OptionGroup
        var output: FormatOption

        @Option(
            parsing: .unconditional,
            help:
                ArgumentHelp(
                    "Also generate and check this many random valid scenarios (every provider, model and knob), at "
                        + "most 10000.")
        )
        var random: Int?

        @Option(parsing: .unconditional, help: "Seed for --random (0 to 2^63 − 1).", transform: Seed.init(parsing:))
        var seed = Seed(1)

        @Option(
            help:
                ArgumentHelp(
                    "Check a file of metrics events (JSON lines, e.g. recorded from a real LiveKit session) instead of "
                        + "scenarios.")
        )
        var events: String?

        @Flag(
            help: ArgumentHelp(
                "Serve the scenarios to livekit-agents 1.8.9's real AgentSession (drive.py for OpenAI Realtime, "
                    + "drive_pipeline.py for pipelines) and compare its metrics with agentsim's prediction."))
        var serve = false

        @Option(
            parsing: .unconditional, help: "With --serve: the room clock's speed (real time x SPEED), 0.1 to 100.",
            transform: BoundedFlag.decimal("--speed", 0.1...100, what: "a speed"))
        var speed: Double = 8

        func validate() throws {
            if serve, paths.isEmpty || events != nil || random != nil {
                throw ValidationError(
                    "--serve checks scenario files or directories; give them, without --events or --random")
            }
            if events != nil, !paths.isEmpty || random != nil {
                throw ValidationError(
                    "--events checks one events file; give it alone, without scenario paths or --random")
            }
            if events == nil, paths.isEmpty, random == nil {
                throw ValidationError("give scenario files or directories, --random N, or --events FILE")
            }
            if let random, !(1...RandomLimits.maxCount).contains(random) {
                throw ValidationError("--random takes a count from 1 to \(RandomLimits.maxCount), got \(random)")
            }
        }

        func run() async throws {
            signal(SIGPIPE, SIG_IGN)  // a bridge that dies must give EPIPE on write, not kill us
            if serve {
                if try await !ServeCheck(paths: paths, speed: speed, json: output.format == .json).run() {
                    throw DifferenceFound()
                }
                return
            }
            let environment = try CollectorBridge.Environment.locate()
            let versions = livekit.livekit.versions
            if let events {
                let check = EventsCheck(
                    file: events, versions: versions, environment: environment, format: output.format)
                try await check.run()
                return
            }
            let items = try CheckItem.collect(paths: paths, random: random, seed: seed.value)
            let outcome = try await CollectorBridge.with(versions: versions, environment: environment) { bridges in
                try await ScenarioCheck(items: items, bridges: bridges).run()
            }
            let text = output.format == .json ? outcome.json.prettyString() + "\n" : outcome.text
            print(text, terminator: "")
            if !outcome.allMatch { throw DifferenceFound() }
        }
    }
}

/// Most scenarios `check --random N` generates (they are all generated before the first is checked).
enum RandomLimits {
    static let maxCount = 10_000
}
