import AgentSimCore

extension OpenAIResponsesSession {
    /// The usage record of one Responses event, read back from the event as built: a text or function-call arguments
    /// delta carries text; the terminal event (`response.completed`, `incomplete` or `failed`) ends the stream and
    /// carries the request's final usage, `input_tokens` including the cached ones and `output_tokens` the reasoning.
    static func usageRecord(_ event: JSONValue) -> UsageRecord {
        var record = UsageRecord(api: .responses)
        switch event["type"]?.stringValue {
        case "response.output_text.delta":
            record.text = event["delta"]?.stringValue
        case "response.function_call_arguments.delta":
            record.toolInput = event["delta"]?.stringValue
        case "response.completed", "response.incomplete", "response.failed":
            record.endsStream = true
            if let usage = event["response"]?["usage"], !usage.isNull {
                let input = usage["input_tokens_details"], output = usage["output_tokens_details"]
                record.reading = .final
                record.tokens = UsageRecord.Tokens(
                    input: usage["input_tokens"]?.intValue, cacheRead: input?["cached_tokens"]?.intValue,
                    cacheWrite: input?["cache_write_tokens"]?.intValue, output: usage["output_tokens"]?.intValue,
                    reasoning: output?["reasoning_tokens"]?.intValue, total: usage["total_tokens"]?.intValue)
            }
        default:
            break
        }
        return record
    }
}
