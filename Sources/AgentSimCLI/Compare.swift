import AgentSimAudio
import AgentSimCore
import ArgumentParser
import Foundation

extension AgentSim {
    /// `agentsim compare FILE --providers A,B[:MODEL],…`.
    struct Compare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Run one conversation on several providers and set their reported usage beside the ground truth.",
            discussion: """
                Each provider is ID or ID:MODEL (for example \
                gemini-live:gemini-2.5-flash-native-audio-preview-12-2025). The file's own provider keeps the file's \
                model and session.options unless a model is given; other providers run with their defaults. Under the \
                table, one sentence per discrepancy says where it comes from.
                """)

        @OptionGroup
        var scenario: ScenarioOptions

        @Option(help: "Comma-separated providers, each ID or ID:MODEL.")
        var providers: String

        @OptionGroup
        var output: FormatOption

        func run() async throws {
            let specs = try ComparisonColumn.specs(providers)
            let clips = ClipCache()
            var columns: [ComparisonColumn] = []
            for spec in specs {
                columns.append(try await ComparisonColumn.run(scenario, spec: spec, clips: clips))
            }
            let comparison = Comparison(file: scenario.file, columns: columns)
            let json = output.format == .json
            print(json ? comparison.json.prettyString() : comparison.text, terminator: json ? "\n" : "")
        }
    }
}
