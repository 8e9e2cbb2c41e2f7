import AgentSimCore

extension OpenAIRealtimeSession {
    /// The usage record of one server event, read back from the event as built. A `response.done` ends its response
    /// with the response's usage in OpenAI Realtime's accounting: input including the cached tokens, input and output
    /// split into text and audio, reasoning inside the output text (no field of its own); it carries the reply's
    /// transcript or the call's arguments. An input audio transcription's usage follows the transcription model's
    /// accounting: tokens (input split into text and audio) or seconds.
    static func usageRecord(_ event: JSONValue) -> UsageRecord {
        switch event["type"]?.stringValue {
        case "response.done":
            var record = UsageRecord(api: .openAIRealtime, endsStream: true)
            let item = event["response"]?["output"]?.arrayValue?.first
            record.text = item?["content"]?.arrayValue?.first?["transcript"]?.stringValue
            record.toolInput = item?["arguments"]?.stringValue
            if let usage = event["response"]?["usage"], !usage.isNull {
                let input = usage["input_token_details"], output = usage["output_token_details"]
                record.reading = .final
                record.tokens = UsageRecord.Tokens(
                    input: usage["input_tokens"]?.intValue, cacheRead: input?["cached_tokens"]?.intValue,
                    output: usage["output_tokens"]?.intValue, total: usage["total_tokens"]?.intValue,
                    inputText: input?["text_tokens"]?.intValue, inputAudio: input?["audio_tokens"]?.intValue,
                    outputText: output?["text_tokens"]?.intValue, outputAudio: output?["audio_tokens"]?.intValue)
            }
            return record
        case "conversation.item.input_audio_transcription.completed":
            var record = UsageRecord(
                api: .openAITranscription, text: event["transcript"]?.stringValue, endsStream: true)
            guard let usage = event["usage"], !usage.isNull else { return record }
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
        default:
            return UsageRecord(api: .openAIRealtime)
        }
    }
}
