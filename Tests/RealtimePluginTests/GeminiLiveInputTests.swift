import AgentSimCore
import AgentSimTesting
import GeminiLive
import LiveKitMetrics
import Testing

/// Gemini Live handed inputs built by hand. The default model, gemini-2.0-flash-live-001, is half-cascade: a hidden
/// prompt overhead of 508 tokens, user speech entering the prompt as transcript text (4 characters a token), the
/// spoken reply reported as TEXT the size of its transcript, and a prompt labelled TEXT but for an AUDIO entry equal
/// to the response's index (GeminiLivePlugin's docs; livekit/agents#2426).
struct GeminiLiveInputTests {
    static func metrics(_ outputs: [ProviderOutput]) -> [RealtimeModelMetrics] {
        outputs.flatMap(\.metrics).compactMap { if case let .realtime(m) = $0 { m } else { nil } }
    }

    @Test func theSecondResponseLabelsOneAudioTokenAsThePromptGrows() throws {
        var script = RealtimeScript(instructions: Instructions(text: "Be brief.", tokens: 20))
        script.user("Hi there, what time is it?", seconds: 2.0)
        script.silence(seconds: 1.0)
        script.reply("It is noon.", seconds: 1.0, textTokens: 4)
        script.user("And tomorrow?", seconds: 1.0)
        script.reply("Noon again.", seconds: 1.0, textTokens: 3)
        script.end()
        var session = try GeminiLivePlugin().makeRealtime(try TestSetup.make())
        let metrics = Self.metrics(script.inputs.send(to: &session))
        try #require(metrics.count == 2)
        // Response 0: 508 overhead + 20 instructions + ceil(26 / 4) = 7 for the transcript (silence adds nothing as
        // text) = 535, all labelled TEXT (index 0); output the reply's 4 text tokens, no audio.
        #expect(metrics[0].inputTokens == 535)
        #expect(metrics[0].inputTokenDetails.textTokens == 535)
        #expect(metrics[0].inputTokenDetails.audioTokens == 0)
        #expect(metrics[0].outputTokens == 4)
        #expect(metrics[0].outputTokenDetails.audioTokens == 0)
        // Response 1: + the reply as reported (4) + ceil(13 / 4) = 4 for "And tomorrow?" = 543; the AUDIO entry is
        // the response index, 1, and TEXT the other 542.
        #expect(metrics[1].inputTokens == 543)
        #expect(metrics[1].inputTokenDetails.audioTokens == 1)
        #expect(metrics[1].inputTokenDetails.textTokens == 542)
        // No usage before a generation exists: the first response's generation starts at its startResponse.
        #expect(metrics.allSatisfy { $0.requestId.hasPrefix("GR_") })
    }

    @Test func aNativeAudioModelBillsSilenceAsAudio() throws {
        var script = RealtimeScript(instructions: Instructions(text: "", tokens: 0))
        script.user("Hello", seconds: 2.0)
        script.silence(seconds: 1.0)
        script.reply("Hi.", seconds: 1.0, textTokens: 2)
        var session = try GeminiLivePlugin().makeRealtime(
            try TestSetup.make(model: "gemini-2.5-flash-native-audio-preview-12-2025"))
        let metrics = Self.metrics(script.inputs.send(to: &session))
        try #require(metrics.count == 1)
        // Speech and silence both enter as audio at 25 tokens/s: floor(2.0 × 25) + floor(1.0 × 25) = 75; the reply's
        // 1.0 s of audio is floor(1.0 × 25) = 25 output audio tokens.
        #expect(metrics[0].inputTokenDetails.audioTokens == 75)
        #expect(metrics[0].outputTokenDetails.audioTokens == 25)
    }
}
