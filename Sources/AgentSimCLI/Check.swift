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

        @Option(help: "Comma-separated livekit-agents versions to check against (installed venvs).")
        var livekit: String = "1.2.18,1.8.9"

        @Option(help: "Output format: text or json.")
        var format: CheckFormat = .text

        @Option(
            parsing: .unconditional,
            help:
                "Also generate and check this many random valid scenarios (every provider, model and knob), at most 10000."
        )
        var random: Int?

        @Option(parsing: .unconditional, help: "Seed for --random (0 to 2^63 − 1).", transform: SeedArgument.parse)
        var seed: UInt64 = 1

        @Option(
            help:
                "Check a file of metrics events (JSON lines, e.g. recorded from a real LiveKit session) instead of scenarios."
        )
        var events: String?

        @Flag(
            help: ArgumentHelp(
                "Serve the OpenAI Realtime scenarios to livekit-agents 1.8.9's real AgentSession (drive.py) "
                    + "and compare its metrics with agentsim's prediction."))
        var serve = false

        @Option(help: "With --serve: the room clock's speed (real time x SPEED).")
        var speed: Double = 8

        enum CheckFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

        static let knownVersions = ["1.2.18", "1.8.9"]

        func validate() throws {
            if serve, paths.isEmpty || events != nil || random != nil {
                throw ValidationError(
                    "--serve checks scenario files or directories; give them, without --events or --random")
            }
            guard speed > 0, speed <= 100 else { throw ValidationError("--speed takes a number from 0 to 100") }
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
            for v in versions where !Self.knownVersions.contains(v) {
                throw ValidationError(
                    "--livekit: unknown version '\(v)'; expected some of \(Self.knownVersions.joined(separator: ","))")
            }
        }

        var versions: [String] { livekit.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

        func run() async throws {
            signal(SIGPIPE, SIG_IGN)  // a bridge that dies must give EPIPE on write, not kill us
            if serve {
                if try await !ServeCheck(paths: paths, speed: speed, json: format == .json).run() { throw ExitCode(1) }
                return
            }
            let environment = try CollectorBridge.Environment.locate()
            if let events {
                try EventsCheck(file: events, versions: versions, environment: environment, format: format).run()
                return
            }
            let items = try CheckItem.collect(paths: paths, random: random, seed: seed)
            let bridges = try versions.map { try CollectorBridge(version: $0, environment: environment) }
            let outcome = try await ScenarioCheck(items: items, bridges: bridges).run()
            let text = format == .json ? outcome.json.prettyString() + "\n" : outcome.text
            print(text, terminator: "")
            if !outcome.allMatch { throw ExitCode(1) }
        }
    }
}

/// A scenario to check: a file, or a generated one with its YAML.
struct CheckItem: Sendable {
    var label: String
    var scenario: Scenario
    var yaml: String?
    /// For a random scenario: what the random scenarios before it in the sequence send (the organisation's cache).
    var organisation = OrganisationHistory.none

    static func collect(paths: [String], random: Int?, seed: UInt64) throws -> [CheckItem] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ScenarioError("no such file or directory", at: SourceLocation(file: path))
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                let found = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }
                    .sorted()
                guard !found.isEmpty else {
                    throw ScenarioError(
                        "no .yaml, .yml or .json scenario files in this directory", at: SourceLocation(file: path))
                }
                files += found.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        // Every file is loaded (and so validated) before anything runs.
        var items = try files.map { file in
            let scenario = try ScenarioLoader.load(path: file)
            _ = try scenario.session.plugin(from: AgentSim.plugins)
            return CheckItem(label: file, scenario: scenario, yaml: nil)
        }
        var seen = OrganisationHistory.FirstSeen()
        for index in 0..<(random ?? 0) {
            let generated = RandomScenario.make(index: index, seed: seed, plugins: AgentSim.plugins)
            let scenario = try ScenarioLoader.parse(generated.yaml, file: "\(generated.name).yaml")
            seen.record(scenario, at: index)
            items.append(
                CheckItem(
                    label: generated.name, scenario: scenario, yaml: generated.yaml,
                    organisation: seen.history(of: scenario, at: index)))
        }
        return items
    }
}
