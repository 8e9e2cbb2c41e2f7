/// One usage report: the provider's native payload and the LiveKit metrics built from it.
public struct ProviderOutput: Sendable {
    /// Session-clock seconds when the report arrives.
    public var time: Double
    /// The scenario turn it reports on, if any (the connection event has none).
    public var turn: Int?
    /// The message as the provider's API sends it (`response.done`, a `LiveServerMessage`, …), or nil
    /// when the report is LiveKit's own (the zero-usage connection event).
    public var payload: ProviderPayload?
    /// The metrics events LiveKit's plugin emits for it, in order.
    public var metrics: [AgentMetrics]

    public init(time: Double, turn: Int?, payload: ProviderPayload?, metrics: [AgentMetrics]) {
        self.time = time
        self.turn = turn
        self.payload = payload
        self.metrics = metrics
    }
}

/// A provider-native wire message.
public struct ProviderPayload: Sendable, Equatable {
    /// The message type (`response.done`, `conversation.item.input_audio_transcription.completed`, `LiveServerMessage`).
    public var type: String
    public var json: JSONValue

    public init(type: String, json: JSONValue) {
        self.type = type
        self.json = json
    }
}
