import AgentSimCore

extension OpenAITTSSession {
    /// The usage record of one speech event (gpt-4o-mini-tts's SSE stream), read back from the event as built: a
    /// `speech.audio.delta` carries audio only; `speech.audio.done` ends the stream with the request's usage, input
    /// (text) and output (audio) tokens.
    static func usageRecord(_ event: ProviderPayload) -> UsageRecord {
        var record = UsageRecord(api: .openAISpeech)
        if event.json["type"]?.stringValue == "speech.audio.done" {
            record.endsStream = true
            if let usage = event.json["usage"], !usage.isNull {
                record.reading = .final
                record.tokens = UsageRecord.Tokens(
                    input: usage["input_tokens"]?.intValue, output: usage["output_tokens"]?.intValue,
                    total: usage["total_tokens"]?.intValue)
            }
        }
        return record
    }
}
