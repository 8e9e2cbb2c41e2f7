import AgentSimCore

extension OpenAILiveSession {
    /// The usage record of one GPT-Live event, read back from the event as built. `session.usage.updated` and
    /// `session.closed` carry the seconds of the whole session so far (GPT-Live bills time, not tokens), the closing
    /// one ending the session's stream; a backend run (`response.event` wrapping `response.completed`) carries that
    /// response's usage in the Responses API's accounting.
    static func usageRecord(_ event: JSONValue) -> UsageRecord {
        switch event["type"]?.stringValue {
        case "session.usage.updated", "session.closed":
            return UsageRecord(
                api: .gptLive, reading: .cumulative, seconds: event["usage"]?["seconds"]?.doubleValue,
                endsStream: event["type"]?.stringValue == "session.closed")
        case "response.event":
            var record = UsageRecord(api: .responses)
            let inner = event["event"]
            record.endsStream = inner?["type"]?.stringValue == "response.completed"
            if let usage = inner?["response"]?["usage"], !usage.isNull {
                let input = usage["input_tokens_details"], output = usage["output_tokens_details"]
                record.reading = .final
                record.tokens = UsageRecord.Tokens(
                    input: usage["input_tokens"]?.intValue, cacheRead: input?["cached_tokens"]?.intValue,
                    cacheWrite: input?["cache_write_tokens"]?.intValue, output: usage["output_tokens"]?.intValue,
                    reasoning: output?["reasoning_tokens"]?.intValue, total: usage["total_tokens"]?.intValue)
            }
            return record
        default:
            return UsageRecord(api: .gptLive)
        }
    }
}
