import AgentSimCore
import ArgumentParser

/// A `--seed` value: a whole number from 0 to 2^63 − 1, the range a scenario file's `seed` takes, wherever a
/// command accepts one.
struct Seed: Sendable, Equatable, CustomStringConvertible {
    var value: UInt64

    init(_ value: UInt64) { self.value = value }

    /// Parses `text`.
    /// - Throws: `ValidationError` with the expected form (argument-parser names the option and the value).
    init(parsing text: String) throws {
        guard let value = UInt64(text), value <= ScenarioLimits.maxSeed else {
            throw ValidationError("expected a whole number from 0 to \(ScenarioLimits.maxSeed) (2^63 − 1)")
        }
        self.value = value
    }

    var description: String { String(value) }
}

/// `--seed N` instead of the scenario file's: for every command that runs a scenario file.
///
/// The option is parsed unconditionally, so `--seed -1` reaches the range check instead of being taken for a
/// flag ("missing value").
struct SeedOverride: ParsableArguments {
    @Option(
        parsing: .unconditional, help: "Seed for every random choice, instead of the file's (0 to 2^63 − 1).",
        transform: Seed.init(parsing:))
    var seed: Seed?
}
