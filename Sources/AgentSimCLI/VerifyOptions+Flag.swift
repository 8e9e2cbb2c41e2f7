import AgentSimLoad
import ArgumentParser

extension VerifyOptions.Required {
    /// Parses `--require-fields`, once, for argument-parser.
    /// - Throws: `ValidationError` naming the field that is not one `--verify` compares.
    static func flag(_ text: String) throws -> Self {
        do { return try VerifyOptions.required(parsing: text) } catch { throw ValidationError(error.description) }
    }
}
