import AgentSimCore
import ArgumentParser

/// The statuses `agentsim` exits with.
enum ExitStatus: Int32, Sendable {
    /// The command did what it was asked, and every check it made matched.
    case success = 0
    /// A check found a difference: `check` a mismatch, `load --verify` or `merge --verify` a collector that does
    /// not hold the oracle's totals.
    case difference = 1
    /// Bad input: a malformed scenario or events file, an unknown provider, a bad option, a missing Python
    /// environment, a destination that cannot take the output.
    case badInput = 2
    /// A failure agentsim did not anticipate (sysexits' `EX_SOFTWARE`): a bug, never an answer about the input.
    case internalError = 70
}

/// An error that ends the command with its own exit status and message: every failure agentsim anticipates.
protocol CommandError: Error {
    var status: ExitStatus { get }
    /// What standard error shows, whole; nil for nothing (the output already said it).
    var printedMessage: String? { get }
}

/// Bad input found while running (the file, option or environment named in the message): status 2.
struct BadInput: CommandError, CustomStringConvertible {
    var message: String

    init(_ message: String) { self.message = message }

    var status: ExitStatus { .badInput }
    var printedMessage: String? { "agentsim: \(message)" }
    var description: String { message }
}

/// A check found a difference, which the output already shows: status 1, nothing more on standard error.
struct DifferenceFound: CommandError {
    var status: ExitStatus { .difference }
    var printedMessage: String? { nil }
}

/// A problem in a scenario file: its one `file:line:column: error: …` line, status 2.
extension ScenarioError: CommandError {
    var status: ExitStatus { .badInput }
    var printedMessage: String? { description }
}

extension ExitStatus {
    /// The status and message for any error a command throws. argument-parser's own errors keep its messages; its
    /// usage errors are bad input (2, not its 64); anything no one anticipated is an internal error.
    static func of(_ error: any Error) -> (status: ExitStatus, message: String?) {
        if let error = error as? any CommandError { return (error.status, error.printedMessage) }
        let code = AgentSim.exitCode(for: error)
        let message = AgentSim.fullMessage(for: error)
        if code == .success { return (.success, message) }
        if code == .validationFailure { return (.badInput, brief(message)) }
        if let exit = error as? ExitCode, let status = ExitStatus(rawValue: exit.rawValue) { return (status, nil) }
        return (.internalError, "agentsim: internal error: \(message)")
    }

    /// argument-parser's usage error in two lines: the error and where the help is (its "Help:" and "Usage:" lines,
    /// which repeat what `--help` says, are left out).
    static func brief(_ message: String) -> String {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, let see = lines.last(where: { $0.hasPrefix("  See '") }) else { return message }
        return first + "\n" + see
    }
}
