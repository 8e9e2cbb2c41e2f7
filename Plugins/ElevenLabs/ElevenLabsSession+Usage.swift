import AgentSimCore

extension ElevenLabsSession {
    /// The usage record of one WebSocket message, read back from the message as built: ElevenLabs reports no usage on
    /// the stream (it bills the characters it was sent); an audio message carries the characters of its alignment,
    /// and the final message (`isFinal`) ends the context's stream.
    static func usageRecord(_ message: ProviderPayload) -> UsageRecord {
        var record = UsageRecord(api: .elevenLabs)
        if let chars = message.json["alignment"]?["chars"]?.arrayValue {
            record.text = chars.compactMap(\.stringValue).joined()
        }
        record.endsStream = message.json["isFinal"]?.boolValue == true
        return record
    }
}
