import AgentSimCore
import AgentSimJSON
import AgentSimTesting
import ExampleFlatRate
import LiveKitMetrics
import Testing

/// docs/PLUGINS.md's example plugin, fed inputs built by hand (the test the page shows).
struct ExampleFlatRateTests {
    @Test func eachResponseRebillsTheConversation() throws {
        var script = RealtimeScript(instructions: Instructions(text: "Be brief.", tokens: 50))
        script.user("Hi", seconds: 2.0)
        script.reply("Hello there!", seconds: 1.5, textTokens: 4)
        script.user("Bye", seconds: 1.0)
        script.reply("Goodbye.", seconds: 1.0, textTokens: 3)
        var session = try ExampleFlatRatePlugin().makeRealtime(try TestSetup.make())
        let metrics = script.inputs.send(to: &session).flatMap(\.metrics).compactMap {
            if case let .realtime(m) = $0 { m } else { nil }
        }
        try #require(metrics.count == 2)
        // Response 0: instructions 50 text + floor(2.0 s × 10) = 20 user audio = 70; output 4 text + floor(1.5 × 20)
        // = 30 audio = 34.
        #expect(metrics[0].inputTokens == 70)
        #expect(metrics[0].outputTokens == 34)
        // Response 1 re-bills it all, the reply included, and the second user turn: 50 + 4 text, 20 + 30 + 10 audio.
        #expect(metrics[1].inputTokens == 114)
        #expect(metrics[1].inputTokenDetails.textTokens == 54)
        #expect(metrics[1].inputTokenDetails.audioTokens == 60)
        #expect(metrics[1].outputTokens == 3 + 20)
    }
}
