import AgentSimCore
import AgentSimJSON
import AgentSimTesting
import LiveKitMetrics
import OpenAIRealtime
import Testing

/// OpenAI Realtime handed inputs built by hand (no engine, no Opus). The default model (gpt-4o-realtime-preview) and
/// options: input audio 10 tokens/s, output audio 20 tokens/s (floored), 2 special tokens per item, a prefix cache of
/// 128-token steps from 128 tokens, a barge-in billing the whole generated reply (OpenAIRealtimePlugin's docs).
struct OpenAIRealtimeInputTests {
    static func session() throws -> any RealtimeSession {
        try OpenAIRealtimePlugin().makeRealtime(try TestSetup.make())
    }

    /// `response.usage` of each `response.done`, in order.
    static func usages(_ outputs: [ProviderOutput]) -> [JSONValue] {
        outputs.compactMap { $0.payload?.type == "response.done" ? $0.payload?.json["response"]?["usage"] : nil }
    }

    static func int(_ usage: JSONValue, _ path: String...) -> Int? {
        var value: JSONValue? = usage
        for key in path { value = value?[key] }
        return value?.intValue
    }

    @Test func eachResponseRebillsTheWholeContextAndCachesItsPrefix() throws {
        var script = RealtimeScript(instructions: Instructions(text: "Be brief.", tokens: 200))
        script.user("Hi, is my order on its way?", seconds: 2.0)
        script.reply("Let me check.", seconds: 3.0, textTokens: 14)
        script.user("It's order 4417.", seconds: 1.5)
        script.reply("It has shipped.", seconds: 2.0, textTokens: 7)
        script.end()
        var session = try Self.session()
        let outputs = script.inputs.send(to: &session)
        let usages = Self.usages(outputs)
        try #require(usages.count == 2)
        // Response 0: instructions 200 + 2 special tokens, the user item 2 + floor(2.0 s × 10) = 20 audio:
        // input 204 text + 20 audio = 224, nothing cached before it; output 14 text + floor(3.0 s × 20) = 60 audio.
        #expect(Self.int(usages[0], "input_tokens") == 224)
        #expect(Self.int(usages[0], "input_token_details", "text_tokens") == 204)
        #expect(Self.int(usages[0], "input_token_details", "audio_tokens") == 20)
        #expect(Self.int(usages[0], "input_token_details", "cached_tokens") == 0)
        #expect(Self.int(usages[0], "output_tokens") == 74)
        #expect(Self.int(usages[0], "total_tokens") == 298)
        // Response 1 re-bills it all and adds the reply (14 + 2 text, 60 audio) and the second user item (2 text,
        // floor(1.5 × 10) = 15 audio): 224 + 76 + 17 = 317, of which text 204 + 16 + 2 = 222, audio 95. Its prefix
        // shared with response 0 is all of response 0's 224 tokens: cached 128 + floor(96 / 128) × 128 = 128, taken
        // from the instructions' text first.
        #expect(Self.int(usages[1], "input_tokens") == 317)
        #expect(Self.int(usages[1], "input_token_details", "text_tokens") == 222)
        #expect(Self.int(usages[1], "input_token_details", "audio_tokens") == 95)
        #expect(Self.int(usages[1], "input_token_details", "cached_tokens") == 128)
        #expect(Self.int(usages[1], "input_token_details", "cached_tokens_details", "text_tokens") == 128)
        #expect(Self.int(usages[1], "output_tokens") == 7 + 40)
        // LiveKit copies the usage into RealtimeModelMetrics; the connection event comes first, with zeros.
        let metrics = outputs.flatMap(\.metrics).compactMap { if case let .realtime(m) = $0 { m } else { nil } }
        #expect(metrics.map(\.inputTokens) == [0, 224, 317])
        #expect(metrics.map(\.inputTokenDetails.cachedTokens) == [0, 0, 128])
    }

    @Test func aBargeInBillsTheGeneratedReplyAndKeepsWhatWasHeard() throws {
        var script = RealtimeScript(instructions: Instructions(text: "Be brief.", tokens: 200))
        script.user("Hi", seconds: 2.0)
        script.reply("A long answer the user cuts short.", seconds: 3.0, textTokens: 14, interruptedAfter: 1.1)
        script.user("Stop.", seconds: 1.0)
        script.reply("Sure.", seconds: 1.0, textTokens: 2)
        var session = try Self.session()
        let outputs = script.inputs.send(to: &session)
        let responses = outputs.compactMap { $0.payload?.type == "response.done" ? $0.payload?.json["response"] : nil }
        try #require(responses.count == 2)
        // The cut response is cancelled by the turn detector and still bills every generated token:
        // 14 text + floor(3.0 s × 20) = 60 audio.
        #expect(responses[0]["status"]?.stringValue == "cancelled")
        #expect(responses[0]["status_details"]?["reason"]?.stringValue == "turn_detected")
        #expect(Self.int(responses[0]["usage"]!, "output_tokens") == 74)
        // The context keeps 1.1 s heard (55 whole 20 ms frames) as floor(1.1 × 20) = 22 audio tokens and 2 special
        // tokens, its transcript deleted: 224 + (2 + 22) + (2 + 10) = 260 input, audio 20 + 22 + 10 = 52.
        #expect(Self.int(responses[1]["usage"]!, "input_tokens") == 260)
        #expect(Self.int(responses[1]["usage"]!, "input_token_details", "audio_tokens") == 52)
    }

    @Test func aTruncationAfterTheResponseShortensTheItem() throws {
        var script = RealtimeScript(instructions: Instructions(text: "Be brief.", tokens: 200))
        script.user("Hi", seconds: 2.0)
        script.reply("An answer played to its end, then truncated.", seconds: 3.0, textTokens: 14)
        script.truncate(response: 0, playedSeconds: 1.0)
        script.user("Stop.", seconds: 1.5)
        script.reply("Sure.", seconds: 1.0, textTokens: 2)
        var session = try Self.session()
        let usages = Self.usages(script.inputs.send(to: &session))
        try #require(usages.count == 2)
        // conversation.item.truncate at 1.0 s leaves the reply's item 2 special tokens and floor(1.0 × 20) = 20
        // audio tokens: 224 + 22 + (2 + 15) = 263, audio 20 + 20 + 15 = 55. The item keeps its place, so the cached
        // prefix is still response 0's 224 tokens: 128.
        #expect(Self.int(usages[1], "input_tokens") == 263)
        #expect(Self.int(usages[1], "input_token_details", "audio_tokens") == 55)
        #expect(Self.int(usages[1], "input_token_details", "cached_tokens") == 128)
        // Truncating a response that never was changes nothing.
        var other = RealtimeScript(instructions: Instructions(text: "Be brief.", tokens: 200))
        other.user("Hi", seconds: 2.0)
        other.reply("An answer played to its end, then truncated.", seconds: 3.0, textTokens: 14)
        other.truncate(response: 9, playedSeconds: 1.0)
        other.user("Stop.", seconds: 1.5)
        other.reply("Sure.", seconds: 1.0, textTokens: 2)
        var untouched = try Self.session()
        // 224 + (14 + 2 + 60) + (2 + 15) = 317.
        #expect(Self.int(Self.usages(other.inputs.send(to: &untouched))[1], "input_tokens") == 317)
    }

    @Test func aToolCallBillsItsNameAndArgumentsAndItsResultJoinsTheContext() throws {
        var script = RealtimeScript(instructions: Instructions(text: "Be brief.", tokens: 200))
        script.user("Where is order 4417?", seconds: 2.0)
        // Output: ceil(12 / 4) = 3 tokens for "lookup_order", ceil(15 / 4) = 4 for {"order": 4417}.
        script.toolCall(ToolCall(name: "lookup_order", arguments: #"{"order": 4417}"#, result: "shipped"))
        script.reply("It shipped.", seconds: 1.0, textTokens: 3)
        var session = try Self.session()
        let outputs = script.inputs.send(to: &session)
        let usages = Self.usages(outputs)
        try #require(usages.count == 2)
        #expect(Self.int(usages[0], "output_tokens") == 7)
        #expect(Self.int(usages[0], "output_token_details", "audio_tokens") == 0)
        // Then the call (7 + 2) and its result (ceil(7 / 4) = 2, + 2) join the context: 224 + 9 + 4 = 237.
        #expect(Self.int(usages[1], "input_tokens") == 237)
        let item = outputs.compactMap { $0.payload?.json["response"]?["output"]?.arrayValue?.first }.first
        #expect(item?["type"]?.stringValue == "function_call")
        #expect(item?["name"]?.stringValue == "lookup_order")
    }
}
