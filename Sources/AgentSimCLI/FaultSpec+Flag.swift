import AgentSimLoad
import ArgumentParser

extension FaultSpec {
    /// Parses `load --faults`, once, for argument-parser.
    /// - Throws: `ValidationError` with the parser's message (the fault refused and the form expected).
    static func flag(_ text: String) throws -> FaultSpec {
        do { return try FaultSpec(parsing: text) } catch { throw ValidationError(error.description) }
    }
}
