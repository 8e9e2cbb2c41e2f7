import AgentSimAudio
import AgentSimCore
import AgentSimViews
import ArgumentParser
import Foundation

extension AgentSim {
    /// `agentsim report FILE [--providers A,B[:MODEL],…] --html OUT.html`.
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write one conversation on one or several providers as a self-contained HTML page of charts.",
            discussion: """
                The page needs no network: styles, script, SVG charts and both audio tracks (Ogg Opus, base64) are \
                inline. It shows per response the input each provider billed (one scale, cached tokens hatched), the \
                reports summed over the session beside the ground truth, the conversation on the session clock \
                (barge-ins and unheard audio marked), LiveKit's UsageSummary lines and compare's explanations. Hover \
                any bar, point or stretch of audio for its exact numbers. The same file and seed give the same bytes; \
                the file is written whole or not at all.
                """)

        @OptionGroup
        var scenario: ScenarioOptions

        @Option(help: "Comma-separated providers, each ID or ID:MODEL (default: the file's own).")
        var providers: String?

        @Option(help: "Where to write the page.")
        var html: String

        /// The line `report` prints once the page is written: where, how big, what it holds.
        static func written(_ path: String, bytes: Int, columns: [ComparisonColumn]) -> String {
            let name = columns.first?.report.scenario.name ?? path
            let providers = columns.map { "\($0.report.providerID) \($0.report.model) (\($0.costCell))" }
            return "wrote \(path) (\(Number.grouped(bytes)) bytes): \(name) on "
                + providers.joined(separator: ", ") + "; open it in a browser, no network needed"
        }

        func run() async throws {
            let specs: [String?] = try providers.map { try ComparisonColumn.specs($0) } ?? [nil]
            let clips = ClipCache()
            var columns: [ComparisonColumn] = []
            var timeline = SessionTimeline()
            for (i, spec) in specs.enumerated() {
                // The conversation and its audio are the same on every provider: the first run records them.
                let first = i == 0
                columns.append(
                    try await ComparisonColumn.run(
                        scenario, spec: spec, clips: clips, recordsTracks: first,
                        onStep: { step in if first { timeline.absorb(step) } }))
            }
            let page = ReportPage(
                file: scenario.file, columns: columns, timeline: timeline, tracks: columns.first?.report.tracks)
            let text: String
            do {
                text = try page.html()
            } catch {
                throw BadInput("report: \(error.description)")
            }
            let bytes = Array(text.utf8)
            do {
                try AtomicFile.write(bytes, to: html)
            } catch {
                throw BadInput("--html: \(error.description)")
            }
            print(Self.written(html, bytes: bytes.count, columns: columns))
        }
    }
}
