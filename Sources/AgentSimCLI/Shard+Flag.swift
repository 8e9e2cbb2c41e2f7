import AgentSimLoad
import ArgumentParser

extension Shard {
    /// The whole run: `--shard 0/1`.
    static let whole = Shard(index: 0, count: 1)

    /// Parses `load --shard`, once, for argument-parser.
    /// - Throws: `ValidationError` naming the form accepted.
    static func flag(_ text: String) throws -> Shard {
        guard let shard = Shard(parsing: text) else {
            throw ValidationError("--shard: '\(text)' is not i/N with 0 ≤ i < N (e.g. 0/3)")
        }
        return shard
    }
}
