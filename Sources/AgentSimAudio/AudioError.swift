/// The single error type of the audio module.
///
/// The message is meant for people: when a file is involved it starts with the file's path,
/// e.g. `recordings/q.wav: not a WAV file (no RIFF header)`.
public struct AudioError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Human-readable explanation of what went wrong.
    public let message: String

    /// Creates an error carrying `message` verbatim.
    public init(_ message: String) {
        self.message = message
    }

    /// Creates an error about the file at `path`: the message reads `"<path>: <problem>"`.
    public init(path: String, _ problem: String) {
        self.message = "\(path): \(problem)"
    }

    public var description: String { message }
}
