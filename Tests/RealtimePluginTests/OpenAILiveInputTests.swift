import AgentSimCore
import AgentSimTesting
import LiveKitMetrics
import OpenAILive
import Testing

/// GPT-Live handed inputs built by hand: voice billed by cumulative seconds on the session timeline, each snapshot
/// turned by LiveKit 1.8.9 into a session_duration delta; delegated tool work billed as backend Responses tokens.
struct OpenAILiveInputTests {
    static func snapshots(_ outputs: [ProviderOutput]) -> [(type: String, seconds: Double, delta: Double)] {
        outputs.compactMap { output in
            guard let payload = output.payload, let seconds = payload.json["usage"]?["seconds"]?.doubleValue,
                case let .realtime(m)? = output.metrics.first
            else { return nil }
            return (payload.type, seconds, m.sessionDuration)
        }
    }

    /// User 2.0 s (to 2.0), a reply of 3.0 s after 0.5 s (done at 5.5), user 2.0 s (to 7.5), the end.
    static var script: RealtimeScript {
        var script = RealtimeScript(instructions: Instructions(text: "Be brief.", tokens: 10))
        script.user("Hi there", seconds: 2.0)
        script.reply("Hello, how can I help?", seconds: 3.0)
        script.user("Never mind", seconds: 2.0)
        script.end()
        return script
    }

    @Test func snapshotsAfterEachReplyAndAtTheClose() throws {
        var session = try OpenAILivePlugin().makeRealtime(try TestSetup.make())
        let snapshots = Self.snapshots(Self.script.inputs.send(to: &session))
        // With no interval (the default), one snapshot when the reply ends (5.5 s), then session.closed at 7.5 s;
        // LiveKit emits the deltas 5.5 and 7.5 − 5.5 = 2.0, which sum to the session's 7.5 s.
        #expect(snapshots.map(\.type) == ["session.usage.updated", "session.closed"])
        #expect(snapshots.map(\.seconds) == [5.5, 7.5])
        #expect(snapshots.map(\.delta) == [5.5, 2.0])
    }

    @Test func anIntervalSendsSnapshotsAsTheClockPassesThem() throws {
        var session = try OpenAILivePlugin().makeRealtime(try TestSetup.make(options: "usage_update_interval: 2"))
        let snapshots = Self.snapshots(Self.script.inputs.send(to: &session))
        // Every 2 s as the clock passes it (2, 4, 6 before 7.5 s), then the close: deltas 2, 2, 2 and 1.5.
        #expect(snapshots.map(\.seconds) == [2, 4, 6, 7.5])
        #expect(snapshots.map(\.delta) == [2, 2, 2, 1.5])
    }

    @Test func aDelegatedToolCallBillsTheBackendModel() throws {
        var script = RealtimeScript(instructions: Instructions(text: "Be brief.", tokens: 10))
        script.user("Book it", seconds: 1.0, textTokens: 2)
        script.toolCall(ToolCall(name: "book", arguments: "{}", result: "done", argumentsTokens: 5, resultTokens: 1))
        script.reply("Booked.", seconds: 1.0, textTokens: 3)
        var session = try OpenAILivePlugin().makeRealtime(try TestSetup.make())
        let llm = script.inputs.send(to: &session).flatMap(\.metrics).compactMap {
            if case let .llm(m) = $0 { m } else { nil }
        }
        try #require(llm.count == 2)
        // The call: the backend reads the conversation so far (the user's 2 tokens; no backend instructions by
        // default) and outputs the call's 5 tokens. The continuation then reads 2 + 5 + 1 = 8 and outputs the
        // spoken reply's 3. Both below the 1,024-token cache minimum: nothing cached.
        #expect(llm.map(\.promptTokens) == [2, 8])
        #expect(llm.map(\.completionTokens) == [5, 3])
        #expect(llm.map(\.promptCachedTokens) == [0, 0])
        #expect(llm.allSatisfy { $0.metadata?.modelName == "gpt-5.6-luna" })
    }
}
