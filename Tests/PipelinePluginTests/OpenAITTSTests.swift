import AgentSimAudio
import AgentSimCore
import AgentSimJSON
import Foundation
import Deepgram
import LiveKitMetrics
import OpenAIChat
import OpenAITTS
import Testing

/// OpenAI TTS through LiveKit's ChunkedStream: characters on tts-1, tokens on gpt-4o-mini-tts, segments built by hand.
@Suite struct OpenAITTSTests {
    private func tts(_ model: String?, _ options: ScenarioValue = SpeechTestSupport.options([])) throws -> any TTSSession {
        try OpenAITTSPlugin().makeTTS(SpeechTestSupport.setup(model: model, options: options, role: "tts"))
    }

    private func ttsMetrics(_ outputs: [ProviderOutput]) -> [TTSMetrics] {
        outputs.flatMap(\.metrics).compactMap { if case let .tts(m) = $0 { return m } else { return nil } }
    }

    /// "Sure. I can help with that.": 27 code points, ceil(27 / 4) = 7 text tokens. Request at 1.0 s, first frame 1.2 s,
    /// last frame 3.0 s, 2.4 s generated in 120 Opus packets of 20 ms.
    private func segment(cutAt: Double? = nil) -> TTSSegment {
        TTSSegment(
            index: 0, turn: 1, speechID: "speech_abc", text: "Sure. I can help with that.", textAt: 1.0, firstFrameAt: 1.2,
            lastFrameAt: 3.0, generatedSeconds: 2.4, packets: 120, playedSeconds: cutAt.map { $0 - 1.2 } ?? 2.4, cutAt: cutAt)
    }

    @Test func miniTTSReportsTheUsageOfSpeechAudioDone() throws {
        var s = try tts(nil)
        let out = s.synthesize(segment())
        // Sentences "Sure." (5) and "I can help with that." (21): deltas of floor(2400 × 5 / 26) = 461 ms at 1.2 s and
        // 1,939 ms at 1.2 + 1.8 × 5/26 = 1.546154 s; speech.audio.done at the last frame, 3.0 s.
        #expect(out.map { $0.payload?.type } == ["speech.audio.delta", "speech.audio.delta", "speech.audio.done"])
        #expect(out.map(\.time) == [1.2, 1.546154, 3.0])
        let audio = try #require(out[0].payload?.json["audio"]?.stringValue)
        #expect(String(decoding: try #require(Data(base64Encoded: audio)), as: UTF8.self) == "agentsim placeholder: 461 ms of mp3")
        // Output tokens: 2.4 s × 1,250 / 60 = 50; input 7; total 57.
        #expect(out[2].payload?.json.compactString() == "{\"type\":\"speech.audio.done\",\"usage\":{\"input_tokens\":7,\"output_tokens\":50,\"total_tokens\":57}}")
        let m = try #require(ttsMetrics(out).first)
        #expect(ttsMetrics(out).count == 1)
        #expect(m.inputTokens == 7 && m.outputTokens == 50)
        #expect(m.charactersCount == 27)
        #expect(m.audioDuration == 2.4)
        // ttfb 1.2 − 1.0, duration 3.0 − 1.0, emitted at 1,700,000,000 + 3.0.
        #expect(m.ttfb == 0.2 && m.duration == 2.0)
        #expect(m.timestamp == 1_700_000_003)
        #expect(!m.cancelled && !m.streamed)
        #expect(m.segmentId == nil && m.acquireTime == 0 && !m.connectionReused)
        #expect(m.requestId.hasPrefix("req_") && m.requestId.count == 36)
        #expect(m.label == "livekit.plugins.openai.tts.TTS")
        #expect(m.speechId == "speech_abc")
        // The default model is LiveKit's, gpt-4o-mini-tts; the provider is the client's base URL host.
        #expect(m.metadata == Metadata(modelName: "gpt-4o-mini-tts", modelProvider: "api.openai.com"))
        #expect(s.bill.characters == 27 && s.bill.inputTokens == 7 && s.bill.outputTokens == 50)
        #expect(s.bill.audioSeconds == 2.4)
        #expect(s.explain(ServiceFacts(bill: s.bill, metrics: [.tts(m)], truth: SpeechTestSupport.truth)).isEmpty)
    }

    @Test func aCutStreamReportsAllItsCharactersButNoTokens() throws {
        // Barge-in at 1.4 s: only the first delta (461 ms, at 1.2 s) arrived; the task is cancelled and the metric
        // emitted at the cut: characters_count len(text) = 27, audio 0.461 s, cancelled true, tokens 0 and 0 (no
        // speech.audio.done). OpenAI bills 7 input tokens and round(0.461 × 1,250 / 60) = round(9.60) = 10 output.
        var s = try tts("gpt-4o-mini-tts")
        let out = s.synthesize(segment(cutAt: 1.4))
        #expect(out.map { $0.payload?.type } == ["speech.audio.delta", nil])
        let m = try #require(ttsMetrics(out).first)
        #expect(m.cancelled)
        #expect(m.charactersCount == 27)
        #expect(m.audioDuration == 0.461)
        #expect(m.inputTokens == 0 && m.outputTokens == 0)
        #expect(m.duration == 0.4 && m.ttfb == 0.2)
        #expect(m.timestamp == 1_700_000_001.4)
        #expect(s.bill.inputTokens == 7 && s.bill.outputTokens == 10 && s.bill.characters == 27)
        let sentences = s.explain(ServiceFacts(bill: s.bill, metrics: [.tts(m)], truth: SpeechTestSupport.truth))
        #expect(sentences.count == 1)
        #expect(sentences.first?.contains("OpenAI billed 7 input and 10 output tokens on gpt-4o-mini-tts but LiveKit's TTSMetrics count 0 and 0: 1 segment cut by a barge-in before speech.audio.done (7 input, 10 output tokens)") == true)
    }

    @Test func aStreamCutAfterItsLastFrameReportsWhole() throws {
        var s = try tts("gpt-4o-mini-tts")
        let m = ttsMetrics(s.synthesize(segment(cutAt: 3.2)))
        #expect(m.map(\.cancelled) == [false])
        #expect(m.map(\.outputTokens) == [50])
    }

    @Test func tts1StreamsRawAudioWithNoUsage() throws {
        // tts-1: no JSON messages, one metric at 3.0 s with 27 characters and no tokens; billed by characters only.
        var s = try tts("tts-1-hd", SpeechTestSupport.options([("instructions_tokens", .int(40))]))
        let out = s.synthesize(segment())
        #expect(out.count == 1)
        #expect(out[0].payload == nil)
        let m = try #require(ttsMetrics(out).first)
        #expect(m.charactersCount == 27 && m.inputTokens == 0 && m.outputTokens == 0)
        #expect(m.audioDuration == 2.4 && !m.cancelled)
        #expect(m.metadata == Metadata(modelName: "tts-1-hd", modelProvider: "api.openai.com"))
        #expect(s.bill.characters == 27 && s.bill.inputTokens == 0 && s.bill.outputTokens == 0)
        // A cut tts-1 stream still reports its 27 characters: nothing differs from the character bill.
        var cut = try tts("tts-1")
        let c = ttsMetrics(cut.synthesize(segment(cutAt: 1.4)))
        #expect(c.map(\.charactersCount) == [27] && c.map(\.cancelled) == [true])
        #expect(cut.explain(ServiceFacts(bill: cut.bill, metrics: c.map { .tts($0) }, truth: SpeechTestSupport.truth)).isEmpty)
    }

    @Test func instructionsAndTheTokenRateAreBilled() throws {
        // 40 instruction tokens + 7 = 47 input; 2.4 s × 25 = 60 output; opus named in the placeholder.
        var s = try tts(nil, SpeechTestSupport.options([
            ("instructions_tokens", .int(40)), ("audio_tokens_per_second", .int(25)), ("response_format", .string("opus", quoted: false)),
        ]))
        let out = s.synthesize(segment())
        #expect(ttsMetrics(out).map(\.inputTokens) == [47])
        #expect(ttsMetrics(out).map(\.outputTokens) == [60])
        let audio = try #require(out[0].payload?.json["audio"]?.stringValue)
        #expect(String(decoding: try #require(Data(base64Encoded: audio)), as: UTF8.self) == "agentsim placeholder: 461 ms of opus")
    }

    @Test func theSameSeedGivesTheSameBytes() throws {
        var a = try tts(nil), b = try tts(nil)
        let x = a.synthesize(segment()).map { $0.metrics.map { $0.json().compactString() } }
        let y = b.synthesize(segment()).map { $0.metrics.map { $0.json().compactString() } }
        #expect(x == y)
    }

    @Test func badOptionsNameTheKey() throws {
        func message(_ model: String?, _ pairs: [(String, ScenarioValue.Kind)]) -> String? {
            do {
                _ = try tts(model, SpeechTestSupport.options(pairs))
                return nil
            } catch let e as ScenarioError {
                return e.description
            } catch { return "\(error)" }
        }
        let format = message(nil, [("response_format", .string("ogg", quoted: false))])
        #expect(format?.contains("test.yaml:10:20") == true)
        #expect(format?.contains("session.pipeline.tts.options.response_format: expected one of mp3, opus, aac, flac, wav, pcm") == true)
        #expect(message(nil, [("audio_tokens_per_second", .int(-1))])?.contains("audio_tokens_per_second: expected a number from 0.0 to 1000.0") == true)
        #expect(message(nil, [("voice", .string("ash", quoted: true))])?.contains("unknown key 'voice'") == true)
        #expect(message("tts-2", [])?.contains("session.pipeline.tts.model: unknown model 'tts-2'") == true)
    }
}

/// Scenarios/pipeline-openai-tts.yaml through the real Deepgram, OpenAI Chat and OpenAI TTS plugins; the figures are
/// the ones the file's comments derive.
@Suite struct OpenAITTSScenarioTests {
    static let clips = ClipCache()
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Scenarios")

    static func run(_ name: String) async throws -> SessionReport {
        let scenario = try ScenarioLoader.load(path: scenarios.appendingPathComponent(name).path)
        let plugins: [any ProviderPlugin] = [DeepgramPlugin(), OpenAIChatPlugin(), OpenAITTSPlugin()]
        return try await SessionReport.collect(SessionRun(scenario: scenario, plugin: try scenario.session.plugin(from: plugins), clips: clips))
    }

    @Test func theCutStreamReportsItsCharactersButNotItsTokens() async throws {
        let report = try await Self.run("pipeline-openai-tts.yaml")
        let tts: [TTSMetrics] = report.metrics.compactMap { if case let .tts(m) = $0 { return m } else { return nil } }
        // Three ChunkedStreams, the cut one (turn 3) included: 37, 54 and 40 characters; 2.5, 4.0 and 3.0 s.
        #expect(tts.map(\.charactersCount) == [37, 54, 40])
        #expect(tts.map(\.audioDuration) == [2.5, 4.0, 3.0])
        #expect(tts.map(\.cancelled) == [false, true, false])
        // 6.55 − 3.85, 11.50 − 9.80, 17.15 − 13.95.
        #expect(tts.map(\.duration) == [2.7, 1.7, 3.2])
        // ceil(chars / 4) + 12 in, seconds × 20 out; the cut stream never got speech.audio.done: 0 and 0.
        #expect(tts.map(\.inputTokens) == [22, 0, 22])
        #expect(tts.map(\.outputTokens) == [50, 0, 60])
        let bill = try #require(report.bills.first { $0.role == .tts })
        #expect(bill.inputTokens == 22 + 26 + 22)
        #expect(bill.outputTokens == 50 + 80 + 60)
        #expect(bill.characters == 131)
        #expect(report.usageV1_2.summary.reprLine == "UsageSummary(llm_prompt_tokens=236, llm_prompt_cached_tokens=0, llm_input_audio_tokens=0, llm_completion_tokens=32, llm_output_audio_tokens=0, tts_characters_count=131, tts_audio_duration=9.5, stt_audio_duration=17.15)")
    }
}
