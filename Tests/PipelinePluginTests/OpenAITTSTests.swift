import AgentSimAudio
import AgentSimCore
import AgentSimJSON
import Deepgram
import Foundation
import LiveKitMetrics
import OpenAIChat
import OpenAITTS
import Testing

/// OpenAI TTS through LiveKit's StreamAdapter and ChunkedStream: one request per sentence, characters on tts-1, tokens
/// on gpt-4o-mini-tts, segments built by hand.
@Suite struct OpenAITTSTests {
    private func tts(
        _ model: String?, _ options: ScenarioValue = SpeechTestSupport.options([])
    ) throws -> any TTSSession {
        try OpenAITTSPlugin().makeTTS(SpeechTestSupport.setup(model: model, options: options, role: "tts"))
    }

    private func ttsMetrics(_ outputs: [ProviderOutput]) -> [TTSMetrics] {
        outputs.flatMap(\.metrics).compactMap { if case let .tts(m) = $0 { return m } else { return nil } }
    }

    /// "Sure. I can help with that.": 27 code points, ceil(27 / 4) = 7 text tokens; "Sure." is under 20 characters, so
    /// StreamAdapter sends it with the next sentence: one request. Request at 1.0 s, first frame 1.2 s, last frame
    /// 3.0 s, 2.4 s generated in 120 Opus packets of 20 ms.
    private func segment(cutAt: Double? = nil) -> TTSSegment {
        TTSSegment(
            index: 0, turn: 1, speechID: "speech_abc", text: "Sure. I can help with that.", textAt: 1.0,
            firstFrameAt: 1.2,
            lastFrameAt: 3.0, generatedSeconds: 2.4, packets: 120, playedSeconds: cutAt.map { $0 - 1.2 } ?? 2.4,
            cutAt: cutAt)
    }

    /// Two StreamAdapter requests: "Thanks, I found your booking." (29) and "Which date would you like instead?" (34),
    /// 63 characters over 2.52 s (126 packets): A 2520 × 29/63 = 1,160 ms at 1.2 s, B 1,360 ms at 1.2 + 2.52 × 29/63
    /// = 2.36 s. A is sent at 1.0 and ends 0.2 s (the segment's 1.2 − 1.0) before B's chunk, at 2.16, when B is sent;
    /// B ends at the last frame, 1.2 + 2.52 = 3.72.
    private func twoSentences(cutAt: Double? = nil) -> TTSSegment {
        TTSSegment(
            index: 0, turn: 1, speechID: "speech_abc",
            text: "Thanks, I found your booking. Which date would you like instead?",
            textAt: 1.0, firstFrameAt: 1.2, lastFrameAt: 3.72, generatedSeconds: 2.52, packets: 126,
            playedSeconds: cutAt.map { $0 - 1.2 } ?? 2.52, cutAt: cutAt)
    }

    @Test func miniTTSReportsTheUsageOfSpeechAudioDone() throws {
        var s = try tts(nil)
        let out = s.synthesize(segment())
        // One request: one delta of all 2,400 ms at 1.2 s; speech.audio.done at the last frame, 3.0 s.
        #expect(out.map { $0.payload?.type } == ["speech.audio.delta", "speech.audio.done"])
        #expect(out.map(\.time) == [1.2, 3.0])
        let audio = try #require(out[0].payload?.json["audio"]?.stringValue)
        #expect(
            String(decoding: try #require(Data(base64Encoded: audio)), as: UTF8.self)
                == "agentsim placeholder: 2400 ms of mp3")
        // Output tokens: 2.4 s × 1,250 / 60 = 50; input 7; total 57.
        #expect(
            out[1].payload?.json.compactString()
                == "{\"type\":\"speech.audio.done\",\"usage\":{\"input_tokens\":7,\"output_tokens\":50,\"total_tokens\":57}}"
        )
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
        #expect(s.bill.requests == 1)
        #expect(s.bill.characters == 27 && s.bill.inputTokens == 7 && s.bill.outputTokens == 50)
        #expect(s.bill.audioSeconds == 2.4)
        #expect(s.explain(ServiceFacts(bill: s.bill, metrics: [.tts(m)], truth: SpeechTestSupport.truth)).isEmpty)
    }

    @Test func eachSentenceIsItsOwnRequestWithItsOwnMetric() throws {
        var s = try tts(nil)
        let out = s.synthesize(twoSentences())
        // Per request a delta at its first frame and speech.audio.done at its end: 1.2, 2.16, 2.36, 3.72.
        #expect(
            out.map { $0.payload?.type } == [
                "speech.audio.delta", "speech.audio.done", "speech.audio.delta", "speech.audio.done",
            ])
        #expect(out.map(\.time) == [1.2, 2.16, 2.36, 3.72])
        let second = try #require(out[2].payload?.json["audio"]?.stringValue)
        #expect(
            String(decoding: try #require(Data(base64Encoded: second)), as: UTF8.self)
                == "agentsim placeholder: 1360 ms of mp3")
        let m = ttsMetrics(out)
        #expect(m.map(\.charactersCount) == [29, 34])
        #expect(m.map(\.audioDuration) == [1.16, 1.36])
        // ttfb: 1.2 − 1.0 and 2.36 − 2.16; duration: 2.16 − 1.0 and 3.72 − 2.16.
        #expect(m.map(\.ttfb) == [0.2, 0.2])
        #expect(m.map(\.duration) == [1.16, 1.56])
        #expect(m.map(\.timestamp) == [1_700_000_002.16, 1_700_000_003.72])
        #expect(m.map(\.cancelled) == [false, false])
        // ceil(29/4) = 8 and ceil(34/4) = 9 in; round(1.16 × 1,250/60) = round(24.17) = 24 and
        // round(1.36 × 1,250/60) = round(28.33) = 28 out.
        #expect(m.map(\.inputTokens) == [8, 9])
        #expect(m.map(\.outputTokens) == [24, 28])
        #expect(Set(m.map(\.requestId)).count == 2)
        #expect(s.bill.requests == 2 && s.bill.characters == 63)
        #expect(s.bill.inputTokens == 17 && s.bill.outputTokens == 52)
        #expect(s.bill.audioSeconds == 2.52)
    }

    @Test func aBargeInCancelsTheRequestInFlight() throws {
        // Barge-in at 3.0 s: A ended at 2.16 and reports whole; B (sent 2.16, its chunk at 2.36) is cancelled: its
        // metric at the cut with all 34 characters, 1.36 s, ttfb 0.2, duration 3.0 − 2.16 = 0.84, tokens 0 and 0.
        // OpenAI bills both: 8 + 9 = 17 in, 24 + 28 = 52 out; LiveKit counts A's 8 and 24.
        var s = try tts("gpt-4o-mini-tts")
        let out = s.synthesize(twoSentences(cutAt: 3.0))
        #expect(out.map { $0.payload?.type } == ["speech.audio.delta", "speech.audio.done", "speech.audio.delta", nil])
        let m = ttsMetrics(out)
        #expect(m.map(\.cancelled) == [false, true])
        #expect(m.map(\.charactersCount) == [29, 34])
        #expect(m.map(\.audioDuration) == [1.16, 1.36])
        #expect(m.map(\.inputTokens) == [8, 0] && m.map(\.outputTokens) == [24, 0])
        #expect(m.last?.duration == 0.84 && m.last?.ttfb == 0.2)
        #expect(m.last?.timestamp == 1_700_000_003)
        #expect(
            s.bill.requests == 2 && s.bill.inputTokens == 17 && s.bill.outputTokens == 52 && s.bill.characters == 63)
        let sentences = s.explain(
            ServiceFacts(bill: s.bill, metrics: m.map { .tts($0) }, truth: SpeechTestSupport.truth))
        #expect(
            sentences == [
                "OpenAI billed 17 input and 52 output tokens on gpt-4o-mini-tts but LiveKit's TTSMetrics count 8 and 24: 1 request cut by a barge-in before speech.audio.done (9 input, 28 output tokens) reports 0 tokens, since the usage comes only in that last event; its characters are still counted."
            ])
    }

    @Test func sentencesNotYetRequestedAreNeverSent() throws {
        // Barge-in at 2.0 s: A (sent 1.0, ends 2.16) is in flight, its chunk came at 1.2: cancelled, 29 characters,
        // 1.16 s, duration 1.0; B would be sent at 2.16, after the cut: no metric, not billed.
        var s = try tts("gpt-4o-mini-tts")
        let out = s.synthesize(twoSentences(cutAt: 2.0))
        let m = ttsMetrics(out)
        #expect(m.map(\.charactersCount) == [29])
        #expect(m.map(\.cancelled) == [true])
        #expect(m.map(\.audioDuration) == [1.16])
        #expect(m.map(\.duration) == [1.0])
        #expect(s.bill.requests == 1 && s.bill.characters == 29)
        #expect(s.bill.inputTokens == 8 && s.bill.outputTokens == 24)
        let sentences = s.explain(
            ServiceFacts(bill: s.bill, metrics: m.map { .tts($0) }, truth: SpeechTestSupport.truth))
        #expect(sentences.count == 2)
        #expect(
            sentences.last
                == "LiveKit's StreamAdapter sends one request per sentence, each after the one before has finished: 1 sentence (34 characters) not yet requested at a barge-in was never sent, so neither OpenAI's bill nor LiveKit's TTSMetrics count it."
        )
    }

    @Test func aRequestCutBeforeItsFirstFrameReportsNoAudio() throws {
        // Barge-in at 2.3 s: B was sent at 2.16, its chunk would come at 2.36: characters 34, audio 0, ttfb -1,
        // duration 2.3 − 2.16 = 0.14; OpenAI bills its 9 input tokens and no audio (round(0 × 1,250/60) = 0).
        var s = try tts("gpt-4o-mini-tts")
        let out = s.synthesize(twoSentences(cutAt: 2.3))
        #expect(out.map { $0.payload?.type } == ["speech.audio.delta", "speech.audio.done", nil])
        let m = ttsMetrics(out)
        #expect(m.map(\.charactersCount) == [29, 34])
        #expect(m.map(\.audioDuration) == [1.16, 0])
        #expect(m.map(\.ttfb) == [0.2, -1])
        #expect(m.last?.duration == 0.14)
        #expect(s.bill.inputTokens == 17 && s.bill.outputTokens == 24)
    }

    @Test func aCutStreamReportsAllItsCharactersButNoTokens() throws {
        // Barge-in at 1.4 s: the one request's chunk (2,400 ms at 1.2 s) arrived; the task is cancelled and the metric
        // emitted at the cut: characters_count len(text) = 27, audio 2.4 s, cancelled true, tokens 0 and 0 (no
        // speech.audio.done). OpenAI bills 7 input tokens and 2.4 × 1,250 / 60 = 50 output.
        var s = try tts("gpt-4o-mini-tts")
        let out = s.synthesize(segment(cutAt: 1.4))
        #expect(out.map { $0.payload?.type } == ["speech.audio.delta", nil])
        let m = try #require(ttsMetrics(out).first)
        #expect(m.cancelled)
        #expect(m.charactersCount == 27)
        #expect(m.audioDuration == 2.4)
        #expect(m.inputTokens == 0 && m.outputTokens == 0)
        #expect(m.duration == 0.4 && m.ttfb == 0.2)
        #expect(m.timestamp == 1_700_000_001.4)
        #expect(s.bill.inputTokens == 7 && s.bill.outputTokens == 50 && s.bill.characters == 27)
        let sentences = s.explain(ServiceFacts(bill: s.bill, metrics: [.tts(m)], truth: SpeechTestSupport.truth))
        #expect(sentences.count == 1)
        #expect(
            sentences.first?.contains(
                "OpenAI billed 7 input and 50 output tokens on gpt-4o-mini-tts but LiveKit's TTSMetrics count 0 and 0: 1 request cut by a barge-in before speech.audio.done (7 input, 50 output tokens)"
            ) == true)
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
        #expect(
            cut.explain(ServiceFacts(bill: cut.bill, metrics: c.map { .tts($0) }, truth: SpeechTestSupport.truth))
                .isEmpty)
    }

    @Test func instructionsAndTheTokenRateAreBilled() throws {
        // 40 instruction tokens + 7 = 47 input; 2.4 s × 25 = 60 output; opus named in the placeholder.
        var s = try tts(
            nil,
            SpeechTestSupport.options([
                ("instructions_tokens", .int(40)), ("audio_tokens_per_second", .int(25)),
                ("response_format", .string("opus", quoted: false)),
            ]))
        let out = s.synthesize(segment())
        #expect(ttsMetrics(out).map(\.inputTokens) == [47])
        #expect(ttsMetrics(out).map(\.outputTokens) == [60])
        let audio = try #require(out[0].payload?.json["audio"]?.stringValue)
        #expect(
            String(decoding: try #require(Data(base64Encoded: audio)), as: UTF8.self)
                == "agentsim placeholder: 2400 ms of opus")
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
        #expect(
            format?.contains(
                "session.pipeline.tts.options.response_format: expected one of mp3, opus, aac, flac, wav, pcm") == true)
        #expect(
            message(nil, [("audio_tokens_per_second", .int(-1))])?.contains(
                "audio_tokens_per_second: expected a number from 0.0 to 1000.0") == true)
        #expect(message(nil, [("voice", .string("ash", quoted: true))])?.contains("unknown key 'voice'") == true)
        #expect(message("tts-2", [])?.contains("session.pipeline.tts.model: unknown model 'tts-2'") == true)
    }
}

/// Scenarios/pipeline-openai-tts.yaml through the real Deepgram, OpenAI Chat and OpenAI TTS plugins; the figures are
/// the ones the file's comments derive.
@Suite struct OpenAITTSScenarioTests {
    static let clips = ClipCache()
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Scenarios")

    static func run(_ name: String) async throws -> SessionReport {
        let scenario = try ScenarioLoader.load(path: scenarios.appendingPathComponent(name).path)
        let plugins: [any ProviderPlugin] = [DeepgramPlugin(), OpenAIChatPlugin(), OpenAITTSPlugin()]
        return try await SessionReport.collect(
            SessionRun(scenario: scenario, plugin: try scenario.session.plugin(from: plugins), clips: clips))
    }

    @Test func oneRequestPerSentenceAndNoneAfterTheBargeIn() async throws {
        let report = try await Self.run("pipeline-openai-tts.yaml")
        let tts: [TTSMetrics] = report.metrics.compactMap { if case let .tts(m) = $0 { return m } else { return nil } }
        // Five ChunkedStreams: turn 1's two sentences (27, 31), turn 3's first (29) and the one cut in flight (34),
        // turn 5's one (40); turn 3's third sentence (37) is never requested.
        #expect(tts.map(\.charactersCount) == [27, 31, 29, 34, 40])
        // 2,900 × 27/58 = 1,350 ms and 1,550 ms; 5,000 × 29/100 = 1,450 ms and × 34/100 = 1,700 ms; 3.0 s.
        #expect(tts.map(\.audioDuration) == [1.35, 1.55, 1.45, 1.7, 3.0])
        #expect(tts.map(\.cancelled) == [false, false, false, true, false])
        // Each first frame 0.2 s after its request.
        #expect(tts.map(\.ttfb) == [0.2, 0.2, 0.2, 0.2, 0.2])
        // 5.20 − 3.85, 6.95 − 5.20, 11.65 − 10.20, 12.40 − 11.65 (the cut), 18.05 − 14.85.
        #expect(tts.map(\.duration) == [1.35, 1.75, 1.45, 0.75, 3.2])
        // ceil(chars / 4) + 12 in, seconds × 20 out; the cut request never got speech.audio.done: 0 and 0.
        #expect(tts.map(\.inputTokens) == [19, 20, 20, 0, 22])
        #expect(tts.map(\.outputTokens) == [27, 31, 29, 0, 60])
        let bill = try #require(report.bills.first { $0.role == .tts })
        #expect(bill.requests == 5)
        #expect(bill.inputTokens == 19 + 20 + 20 + 21 + 22)
        #expect(bill.outputTokens == 27 + 31 + 29 + 34 + 60)
        #expect(bill.characters == 161)
        #expect(
            report.usageV1_2.summary.reprLine
                == "UsageSummary(llm_prompt_tokens=249, llm_prompt_cached_tokens=0, llm_input_audio_tokens=0, llm_completion_tokens=45, llm_output_audio_tokens=0, tts_characters_count=161, tts_audio_duration=9.05, stt_audio_duration=18.05)"
        )
    }
}
