import AgentSimCore

extension OpenAIChatSession {
    /// The usage record of one `chat.completion.chunk`, read back from the chunk as built: the content or tool-call
    /// arguments its delta carries; the usage chunk (`stream_options.include_usage`, the stream's last) carries the
    /// request's final figures, `prompt_tokens` including the cached ones and `completion_tokens` the reasoning.
    static func usageRecord(_ chunk: JSONValue) -> UsageRecord {
        var record = UsageRecord(api: .chatCompletions)
        let delta = chunk["choices"]?.arrayValue?.first?["delta"]
        record.text = delta?["content"]?.stringValue
        record.toolInput = delta?["tool_calls"]?.arrayValue?.first?["function"]?["arguments"]?.stringValue
        if let usage = chunk["usage"], usage["prompt_tokens"] != nil {
            let prompt = usage["prompt_tokens_details"], completion = usage["completion_tokens_details"]
            record.reading = .final
            record.endsStream = true
            record.tokens = UsageRecord.Tokens(
                input: usage["prompt_tokens"]?.intValue, cacheRead: prompt?["cached_tokens"]?.intValue,
                cacheWrite: prompt?["cache_write_tokens"]?.intValue, output: usage["completion_tokens"]?.intValue,
                reasoning: completion?["reasoning_tokens"]?.intValue, total: usage["total_tokens"]?.intValue,
                inputAudio: prompt?["audio_tokens"]?.intValue, outputAudio: completion?["audio_tokens"]?.intValue)
        }
        return record
    }
}
