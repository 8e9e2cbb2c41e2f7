import AgentSimAudio
import AgentSimCore
import AgentSimViews
import ArgumentParser

extension AgentSim {
    /// `agentsim views FILE`: one session's usage through every normaliser users compare against: a pipeline's beside
    /// its bill, a realtime model's response by response.
    struct Views: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Show one session's usage the way each usage normaliser reads it: a pipeline's beside what the "
                + "providers billed, a realtime model's response by response.",
            discussion: """
                Columns: billed (what each service charged, agentsim's ground truth), LiveKit 1.2.18's UsageSummary, \
                LiveKit 1.8.9's ModelUsageCollector, the OpenTelemetry GenAI attributes LiveKit 1.8.9 puts on its LLM \
                spans, Langfuse fed those spans (its mapping since 2026-04-13, and the one before), Pipecat's \
                LLMTokenUsage / STTUsage / TTS characters and Letta's LettaUsageStatistics, each read from the same \
                native payloads. Under the table, one sentence for every place a view differs from the bill. Costs use \
                the price table in Sources/AgentSimViews/PriceTable.swift (sources and dates there and in the README); \
                a service without a price is listed as unpriced, never guessed. `--rules` prints each view's rules and \
                sources.

                A realtime scenario (OpenAI Realtime, Gemini Live, GPT-Live) has no itemised bill: its columns are \
                LiveKit 1.8.9's RealtimeModelMetrics and ModelUsageCollector, the OTel GenAI attributes LiveKit puts \
                on each realtime span, Langfuse fed them (both mappings; before 2026-04-13 it counts cached realtime \
                input twice) and Pipecat 1.14's realtime services' LLMTokenUsage, text and audio apart, then each \
                response's figures.
                """)

        @Argument(help: "The scenario file: a pipeline (session.pipeline) or a realtime model.")
        var file: String?

        @Option(
            help: ArgumentHelp(
                "Output format: text or json (json adds each view's native objects and a pipeline's LLM requests' "
                    + "payloads). (default: text)"))
        var format: TextOrJSON?

        @OptionGroup
        var seed: SeedOverride

        @Flag(help: "Print each view's rules and sources instead of running a scenario.")
        var rules = false

        func validate() throws {
            if !rules, file == nil { throw ValidationError("give a scenario file, or --rules") }
            if rules, let file {
                throw ValidationError(
                    "--rules prints every view's rules and runs no scenario; give it without the file '\(file)'")
            }
            if rules, format == .json {
                throw ValidationError("--rules prints the rules as text; give it without --format json")
            }
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
            let json = format == .json
            if report.bills.isEmpty {
                let realtime = RealtimeViewsReport(file: file, report: report)
                print(json ? realtime.json.prettyString() : realtime.text, terminator: json ? "\n" : "")
                return
            }
            let session: ViewSession
            do {
                session = try ViewSession(report)
            } catch {
                throw BadInput("\(file): \(error)")
            }
            let views_ = ViewsReport(file: file, session: session, views: views)
            print(json ? views_.json.prettyString() : views_.text, terminator: json ? "\n" : "")
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
            lines.append("Realtime scenarios (realtime)")
            for r in RealtimeViewsReport.rules { lines.append("  - " + r) }
            lines.append("  Sources:")
            for s in RealtimeViewsReport.sources { lines.append("    " + s) }
            lines.append("")
            lines += PriceTable.standard.listing
            lines.append("")
            return lines.joined(separator: "\n")
        }
    }
}
