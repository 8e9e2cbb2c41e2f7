import AgentSimCore

extension CartesiaSession {
    /// The usage record of one WebSocket message, read back from the message as built: Cartesia reports no usage on
    /// the stream (it bills the characters it was sent); the `done` message ends the context's stream.
    static func usageRecord(_ message: ProviderPayload) -> UsageRecord {
        UsageRecord(api: .cartesia, endsStream: message.json["done"]?.boolValue == true)
    }
}
