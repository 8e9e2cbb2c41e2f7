import AgentSimAudio
import AgentSimCore
import AgentSimViews
import ArgumentParser

extension AgentSim {
    /// `agentsim views FILE`: one pipeline session's usage through every normaliser users compare against.
    struct Views: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Show one pipeline session's usage the way each usage normaliser reads it, beside what the providers "
                + "billed.",
            discussion: """
                Columns: billed (what each service charged, agentsim's ground truth), LiveKit 1.2.18's UsageSummary, \
                LiveKit 1.8.9's ModelUsageCollector, the OpenTelemetry GenAI attributes LiveKit 1.8.9 puts on its LLM \
                spans, Langfuse fed those spans (its mapping since 2026-04-13, and the one before), Pipecat's \
                LLMTokenUsage / STTUsage / TTS characters and Letta's LettaUsageStatistics, each read from the same \
                native payloads. Under the table, one sentence for every place a view differs from the bill. Costs use \
                the price table in Sources/AgentSimViews/PriceTable.swift (sources and dates there and in the README); \
                a service without a price is listed as unpriced, never guessed. `--rules` prints each view's rules and \
                sources. The scenario must be a pipeline (session.pipeline).
                """)

        @Argument(help: "The scenario file (a pipeline: session.pipeline).")
        var file: String?

        @Option(
            help: "Output format: text or json (json adds each view's native objects and the LLM requests' payloads).")
        var format: TextOrJSON = .text

        @OptionGroup
        var seed: SeedOverride

        @Flag(help: "Print each view's rules and sources instead of running a scenario.")
        var rules = false

        func validate() throws {
            if !rules, file == nil { throw ValidationError("give a scenario file, or --rules") }
        }

        func run() async throws {
            let views = ViewsReport.standardViews()
            if rules {
                print(Self.rulesText(views), terminator: "")
                return
            }
            guard let file else { return }
            let prepared = try ScenarioSelection.prepare(file: file, provider: nil, seed: seed.seed)
            let run = SessionRun(scenario: prepared.scenario, plugin: prepared.plugin, clips: ClipCache())
            let report = try await SessionReport.collect(run)
            let session: ViewSession
            do {
                session = try ViewSession(report)
            } catch {
                throw BadInput("\(file): \(error)")
            }
            let views_ = ViewsReport(file: file, session: session, views: views)
            print(format == .json ? views_.json.prettyString() : views_.text, terminator: format == .json ? "\n" : "")
        }

        static func rulesText(_ views: [any UsageNormaliser]) -> String {
            var lines: [String] = []
            for v in views {
                lines.append("\(v.title) (\(v.id))")
                for r in v.rules { lines.append("  - " + r) }
                lines.append("  Sources:")
                for s in v.sources { lines.append("    " + s) }
                lines.append("")
            }
            lines += PriceTable.standard.listing
            lines.append("")
            return lines.joined(separator: "\n")
        }
    }
}
