import AgentSimCore

extension GeminiLiveSession {
    /// The usage record of one `LiveServerMessage`, read back from the message as built, in Gemini Live's own
    /// accounting (not LiveKit's reading of it): `promptTokenCount` including the cached tokens, the response count
    /// (`responseTokenCount`, Vertex's `candidatesTokenCount`) leaving thoughts and the tool-use prompt out, the TEXT
    /// and AUDIO entries of the details lists. Each usageMetadata covers its own turn, or under cumulative reporting
    /// the session so far; `turnComplete` ends the generation's stream.
    static func usageRecord(_ message: JSONValue, vertex: Bool, cumulative: Bool) -> UsageRecord {
        var record = UsageRecord(api: .geminiLive)
        record.endsStream = message["serverContent"]?["turnComplete"]?.boolValue == true
        if let call = message["toolCall"]?["functionCalls"]?.arrayValue?.first?["args"] {
            record.toolInput = call.compactString()
        }
        guard let usage = message["usageMetadata"] else { return record }
        func modality(_ key: String, _ name: String) -> Int? {
            usage[key]?.arrayValue?.first { $0["modality"]?.stringValue == name }?["tokenCount"]?.intValue
        }
        let response = vertex ? "candidates" : "response"
        record.reading = cumulative ? .cumulative : .final
        record.tokens = UsageRecord.Tokens(
            input: usage["promptTokenCount"]?.intValue, cacheRead: usage["cachedContentTokenCount"]?.intValue,
            output: usage[response + "TokenCount"]?.intValue, reasoning: usage["thoughtsTokenCount"]?.intValue,
            outputIncludesReasoning: false, toolUsePrompt: usage["toolUsePromptTokenCount"]?.intValue,
            total: usage["totalTokenCount"]?.intValue, inputText: modality("promptTokensDetails", "TEXT"),
            inputAudio: modality("promptTokensDetails", "AUDIO"),
            outputText: modality(response + "TokensDetails", "TEXT"),
            outputAudio: modality(response + "TokensDetails", "AUDIO"))
        return record
    }
}
