import AgentSimCore

extension DeepgramSession {
    /// The usage record of one Deepgram message, read back from the message as built: a `Results` or `TurnInfo`
    /// carries its transcript; the closing `Metadata` ends the connection's stream with its `duration`, the seconds of
    /// the whole connection so far (what Deepgram bills).
    static func usageRecord(_ message: JSONValue) -> UsageRecord {
        var record = UsageRecord(api: .deepgram)
        switch message["type"]?.stringValue {
        case "Results":
            record.text = message["channel"]?["alternatives"]?.arrayValue?.first?["transcript"]?.stringValue
        case "TurnInfo":
            record.text = message["transcript"]?.stringValue
        case "Metadata":
            record.reading = .cumulative
            record.seconds = message["duration"]?.doubleValue
            record.endsStream = true
        default:
            break
        }
        return record
    }
}
