/// A problem with a scenario file (or with what it names), reported as `file:line:column: message`.
///
/// The command line turns every `ScenarioError` into that one line on standard error and exit status 2.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ message: String, at location: SourceLocation) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): error: \(message)" }
}
