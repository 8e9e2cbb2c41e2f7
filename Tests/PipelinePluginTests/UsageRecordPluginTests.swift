import AgentSimCore
import AgentSimJSON
import Testing

/// The usage records pipeline plugins fill, read back from the payloads they build, by hand.
@Suite struct UsageRecordPluginTests {
    /// AnthropicTests' first request: instructions 300 + user 5 → message_start input_tokens 305, no cache,
    /// output_tokens 1 (a partial reading, input net of cache); message_delta output_tokens 8 (the final one);
    /// the text deltas join to "Sure thing."; message_stop ends the stream; every message answers request 0 under
    /// the message id.
    @Test func anthropicRecordsFollowTheStream() throws {
        var session = try AnthropicTests.llm()
        let outputs = session.complete(
            AnthropicTests.request(context: [AnthropicTests.system(300), AnthropicTests.user(5)]))
        let messages = outputs.filter { $0.payload != nil }
        let records = messages.compactMap(\.usage)
        #expect(records.count == messages.count)
        #expect(records.allSatisfy { $0.api == .anthropicMessages })
        let readings = records.filter(\.hasUsage)
        #expect(readings.map(\.reading) == [.partial, .final])
        #expect(readings[0].tokens.input == 305 && !readings[0].tokens.inputIncludesCache)
        #expect(readings[0].tokens.cacheRead == 0 && readings[0].tokens.cacheWrite == 0)
        #expect(readings.map(\.tokens.output) == [1, 8])
        #expect(readings[1].tokens.input == nil, "message_delta carries output_tokens only")
        #expect(records.compactMap(\.text).joined() == "Sure thing.")
        #expect(records.filter(\.endsStream).count == 1 && records.last?.endsStream == true)
        let id = try #require(AnthropicTests.payloads(outputs, "message_start").first?["message"]?["id"]?.stringValue)
        #expect(outputs.allSatisfy { $0.request == RequestRef(index: 0, id: id) })
    }

    /// OpenAIChatTests' cut request (sent 5.0 s, first token 5.35 s, 40 tokens at 50/s, cut at 5.75 s): the role
    /// chunk and 21 token chunks, no usage chunk, so no record carries usage or ends the stream; the same request
    /// uncut ends with the usage chunk: prompt 1,200 + 3 + 20 + 3 + 3 = 1,229, completion 40, total 1,269.
    @Test func chatRecordsEndWithTheUsageChunk() throws {
        let context = [
            OpenAIChatTests.instructions, ContextItem(role: .user, text: "Tell me everything.", tokens: 20, turn: 0),
        ]
        var cut = try OpenAIChatTests.session(model: "gpt-4o-mini")
        let records = cut.complete(
            OpenAIChatTests.request(context: context, sentAt: 5.0, firstTokenAt: 5.35, replyTokens: 40, cutAt: 5.75)
        ).compactMap(\.usage)
        #expect(records.count == 22)
        #expect(records.allSatisfy { $0.api == .chatCompletions && !$0.hasUsage && !$0.endsStream })
        var whole = try OpenAIChatTests.session(model: "gpt-4o-mini")
        let last = try #require(
            whole.complete(
                OpenAIChatTests.request(context: context, sentAt: 5.0, firstTokenAt: 5.35, replyTokens: 40)
            ).last?.usage)
        #expect(last.reading == .final && last.endsStream)
        #expect(last.tokens.input == 1229 && last.tokens.output == 40 && last.tokens.total == 1269)
        #expect(last.tokens.cacheRead == 0 && last.tokens.inputIncludesCache)
    }
}
