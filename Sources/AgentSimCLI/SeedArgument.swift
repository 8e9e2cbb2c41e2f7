import AgentSimCore
import ArgumentParser

/// Reads `--seed N`: a whole number from 0 to 2^63 − 1, the same range a scenario file's `seed` takes.
///
/// The option is parsed unconditionally, so `--seed -1` reaches this check instead of being taken
/// for a flag ("missing value").
enum SeedArgument {
    static func parse(_ text: String) throws -> UInt64 {
        guard let value = UInt64(text), value <= ScenarioLimits.maxSeed else {
            throw ValidationError("expected a whole number from 0 to \(ScenarioLimits.maxSeed) (2^63 − 1)")
        }
        return value
    }
}

/// Most scenarios `check --random N` generates (they are all generated before the first is checked).
enum RandomLimits {
    static let maxCount = 10_000
}
