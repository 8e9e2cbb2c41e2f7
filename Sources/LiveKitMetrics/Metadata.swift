import AgentSimJSON

/// LiveKit's `Metadata` model: which model and provider produced a metrics event.
///
/// Both fields are optional in every LiveKit version. The usage collectors of 1.8.9 bucket
/// by `(model_provider or "", model_name or "")`.
public struct Metadata: Sendable, Equatable, Hashable {
    /// `model_name`, e.g. `gpt-realtime`.
    public var modelName: String?
    /// `model_provider`, e.g. `api.openai.com` or `Gemini`.
    public var modelProvider: String?

    /// Creates metadata; both fields default to nil.
    public init(modelName: String? = nil, modelProvider: String? = nil) {
        self.modelName = modelName
        self.modelProvider = modelProvider
    }

    /// `{"model_name": …, "model_provider": …}` with nil written as null.
    public func json() -> JSONValue {
        .object([
            ("model_name", modelName.map(JSONValue.string) ?? .null),
            ("model_provider", modelProvider.map(JSONValue.string) ?? .null),
        ])
    }
}

extension Optional where Wrapped == Metadata {
    /// The metadata's JSON, or null.
    func json() -> JSONValue { self?.json() ?? .null }
}

extension Optional where Wrapped == String {
    /// A string or JSON null.
    func json() -> JSONValue { map(JSONValue.string) ?? .null }
}
