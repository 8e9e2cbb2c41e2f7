import AgentSimCore

extension GeminiLLMSession {
    /// The usage record of one `GenerateContentResponse` chunk, read back from the chunk as built: the text of its
    /// first candidate's parts; the chunk with a `finishReason` ends the stream. Its usageMetadata (proto3 JSON: a
    /// zero count is left out) is the final reading on that chunk and a partial one, which the next replaces, on an
    /// earlier chunk; `promptTokenCount` includes the cached tokens, `candidatesTokenCount` leaves the thoughts out.
    static func usageRecord(_ chunk: JSONValue) -> UsageRecord {
        var record = UsageRecord(api: .geminiGenerateContent)
        let candidate = chunk["candidates"]?.arrayValue?.first
        for part in candidate?["content"]?["parts"]?.arrayValue ?? [] {
            if let text = part["text"]?.stringValue { record.text = (record.text ?? "") + text }
            if let call = part["functionCall"]?["args"] { record.toolInput = call.compactString() }
        }
        record.endsStream = candidate?["finishReason"]?.stringValue != nil
        if let usage = chunk["usageMetadata"] {
            record.reading = record.endsStream ? .final : .partial
            record.tokens = UsageRecord.Tokens(
                input: usage["promptTokenCount"]?.intValue, cacheRead: usage["cachedContentTokenCount"]?.intValue,
                output: usage["candidatesTokenCount"]?.intValue, reasoning: usage["thoughtsTokenCount"]?.intValue,
                outputIncludesReasoning: false, toolUsePrompt: usage["toolUsePromptTokenCount"]?.intValue,
                total: usage["totalTokenCount"]?.intValue)
        }
        return record
    }
}
