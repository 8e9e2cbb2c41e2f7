import AgentSimJSON

/// Why a JSON object could not be read as a LiveKit metrics event.
///
/// ``path`` names the offending field with dots between nesting levels
/// (for example `input_token_details.audio_tokens`); it is empty when the value itself is
/// not an object. ``description`` reads `path: message`, e.g.
/// `input_token_details.audio_tokens: expected an integer, got 3.5`.
///
/// Pydantic collects every error of a model; this type reports only the first one found,
/// walking the fields in their declaration order.
public struct MetricsDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Dotted path of the field that failed (empty for the top-level value).
    public let path: String
    /// What was wrong with it, e.g. `field required` or `expected an integer, got 3.5`.
    public let message: String

    /// Creates an error for the field at `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`, or just `message` when the path is empty.
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
