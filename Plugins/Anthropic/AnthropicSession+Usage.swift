import AgentSimCore

extension AnthropicSession {
    /// The usage record of one stream event, read back from the event as built: `message_start`'s usage is a partial
    /// reading (`message_delta`'s non-null fields replace it), `message_delta`'s the final one; `input_tokens` leaves
    /// the cache reads and writes out; a `content_block_delta` carries text or `partial_json`; `message_stop` ends the
    /// stream.
    static func usageRecord(_ event: JSONValue) -> UsageRecord {
        var record = UsageRecord(api: .anthropicMessages)
        func tokens(_ u: JSONValue) -> UsageRecord.Tokens {
            UsageRecord.Tokens(
                input: u["input_tokens"]?.intValue, inputIncludesCache: false,
                cacheRead: u["cache_read_input_tokens"]?.intValue,
                cacheWrite: u["cache_creation_input_tokens"]?.intValue, output: u["output_tokens"]?.intValue,
                reasoning: u["output_tokens_details"]?["thinking_tokens"]?.intValue)
        }
        switch event["type"]?.stringValue {
        case "message_start":
            if let usage = event["message"]?["usage"] {
                record.reading = .partial
                record.tokens = tokens(usage)
            }
        case "message_delta":
            if let usage = event["usage"] {
                record.reading = .final
                record.tokens = tokens(usage)
            }
        case "content_block_delta":
            record.text = event["delta"]?["text"]?.stringValue
            record.toolInput = event["delta"]?["partial_json"]?.stringValue
        case "message_stop":
            record.endsStream = true
        default:
            break
        }
        return record
    }
}
