import AgentSimCore

extension OpenAISTTSession {
    /// The usage record of one transcription message, read back from the message as built: a transcription delta
    /// carries its piece of text; the completed event (realtime) or the HTTP response (batch) ends the segment's
    /// request with its transcript and usage, tokens (input split into text and audio) on the gpt-4o models, whole
    /// seconds on whisper-1.
    static func usageRecord(_ message: JSONValue) -> UsageRecord {
        var record = UsageRecord(api: .openAITranscription)
        let type = message["type"]?.stringValue
        switch type {
        case "conversation.item.input_audio_transcription.delta":
            record.text = message["delta"]?.stringValue
            return record
        case nil, "conversation.item.input_audio_transcription.completed":
            break
        default:
            return record
        }
        record.text = message[type == nil ? "text" : "transcript"]?.stringValue
        record.endsStream = true
        guard let usage = message["usage"], !usage.isNull else { return record }
        record.reading = .final
        if usage["type"]?.stringValue == "duration" {
            record.seconds = usage["seconds"]?.doubleValue
        } else {
            let details = usage["input_token_details"]
            record.tokens = UsageRecord.Tokens(
                input: usage["input_tokens"]?.intValue, output: usage["output_tokens"]?.intValue,
                total: usage["total_tokens"]?.intValue, inputText: details?["text_tokens"]?.intValue,
                inputAudio: details?["audio_tokens"]?.intValue)
        }
        return record
    }
}
