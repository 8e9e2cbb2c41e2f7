import AgentSimCore
import ArgumentParser

/// The scenario a command runs: the file, and the seed that replaces the file's.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "The scenario file (YAML or JSON).")
    var file: String

    @OptionGroup
    var seed: SeedOverride

    /// Loads the file with the seed applied, on `provider` (ID or ID:MODEL; nil for the file's own).
    /// - Parameter option: the command-line option `provider` came from, for messages.
    func prepare(provider: String? = nil, option: String = "--provider") throws -> ScenarioSelection.Prepared {
        try ScenarioSelection.prepare(file: file, provider: provider, seed: seed.seed, option: option)
    }
}
