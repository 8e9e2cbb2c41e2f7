import AgentSimLoad
import ArgumentParser

extension Pace {
    /// Parses `load --pace`, once, for argument-parser.
    /// - Throws: `ValidationError` naming the forms accepted.
    static func flag(_ text: String) throws -> Pace {
        guard let pace = Pace(parsing: text) else {
            throw ValidationError("--pace: '\(text)' is not max, realtime or Nx (N from 0.001 to 1000000, e.g. 10x)")
        }
        return pace
    }
}
