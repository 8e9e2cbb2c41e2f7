import AgentSimAudio
import AgentSimCore
import AgentSimJSON
import Cartesia
import Deepgram
import Foundation
import LiveKitMetrics
import OpenAIChat
import Testing

/// Cartesia's bill (characters, about 1 credit each) beside LiveKit's per-segment TTSMetrics, segments built by hand.
@Suite struct CartesiaTests {
    private func tts(
        _ model: String?, _ options: ScenarioValue = SpeechTestSupport.options([])
    ) throws -> any TTSSession {
        try CartesiaPlugin().makeTTS(SpeechTestSupport.setup(model: model, options: options, role: "tts"))
    }

    private func ttsMetrics(_ outputs: [ProviderOutput]) -> [TTSMetrics] {
        outputs.flatMap(\.metrics).compactMap { if case let .tts(m) = $0 { return m } else { return nil } }
    }

    /// "Sure. I can help with that.": 5 + 1 + 21 = 27 code points. Text at `textAt`, first frame 0.2 s later, last frame
    /// 2.0 s later, 2.4 s generated in 120 Opus packets of 20 ms.
    private func segment(cutAt: Double? = nil, textAt: Double = 1.0, index: Int = 0) -> TTSSegment {
        TTSSegment(
            index: index, turn: 1, speechID: "speech_abc", text: "Sure. I can help with that.", textAt: textAt,
            firstFrameAt: textAt + 0.2,
            lastFrameAt: textAt + 2.0, generatedSeconds: 2.4, packets: 120,
            playedSeconds: cutAt.map { $0 - textAt - 0.2 } ?? 2.4, cutAt: cutAt)
    }

    @Test func aSegmentReportsItsCharactersAndFramesAtTheFinalFrame() throws {
        var s = try tts("sonic-2")
        let out = s.synthesize(segment())
        let m = try #require(ttsMetrics(out).first)
        #expect(ttsMetrics(out).count == 1)
        #expect(m.charactersCount == 27)
        #expect(m.audioDuration == 2.4)
        // ttfb = 1.2 − 1.0; duration = 3.0 − 1.0; emitted at the final frame, 1,700,000,000 + 3.0.
        #expect(m.ttfb == 0.2)
        #expect(m.duration == 2.0)
        #expect(m.timestamp == 1_700_000_003)
        #expect(!m.cancelled && m.streamed)
        #expect(m.label == "livekit.plugins.cartesia.tts.TTS")
        #expect(m.speechId == "speech_abc")
        // request_id is the emitter's shortuuid, segment_id the Cartesia context_id: two different 12-digit ids.
        #expect(m.requestId.count == 12 && m.segmentId?.count == 12)
        #expect(m.requestId != m.segmentId)
        #expect(m.metadata == Metadata(modelName: "sonic-2", modelProvider: "Cartesia"))
        // The socket was prewarmed at session start, 1.0 s before (≤ 300 s): reused, no acquire time.
        #expect(m.connectionReused && m.acquireTime == 0)
        #expect(s.bill.characters == 27)
        #expect(s.bill.requests == 1)
        #expect(s.bill.audioSeconds == 2.4)
        #expect(s.bill.model == "sonic-2")
    }

    @Test func nativeMessagesComePerSentenceThenDone() throws {
        var s = try tts("sonic-3")
        let out = s.synthesize(segment())
        #expect(out.map { $0.payload?.type } == ["chunk", "timestamps", "chunk", "timestamps", "done"])
        // Sentences "Sure." (5) and "I can help with that." (21): 26 characters share 2,400 ms: floor(2400 × 5 / 26) =
        // 461 ms, then 2400 − 461 = 1,939 ms. The second arrives when 5/26 of the 1.8 s of frames have: 1.2 + 0.346154.
        #expect(out.map(\.time) == [1.2, 1.2, 1.546154, 1.546154, 3.0])
        let first = try #require(out[0].payload?.json)
        #expect(first["type"]?.stringValue == "chunk")
        #expect(first["status_code"]?.intValue == 206)
        #expect(first["done"] == .bool(false))
        // pcm_s16le at 24,000 Hz is 48,000 bytes/s: 461 ms stand for 22,128 bytes; the placeholder says so in base64.
        let data = try #require(first["data"]?.stringValue)
        let decoded = try #require(Data(base64Encoded: data))
        #expect(
            String(decoding: decoded, as: UTF8.self) == "agentsim placeholder: 22128 bytes of pcm_s16le at 24000 Hz")
        // Words of the second sentence by letters: I 1, can 3, help 4, with 4, that. 5 = 17 over 1,939 ms from 461 ms:
        // starts 461 + floor(1939 × {0, 1, 4, 8, 12} / 17) = 461, 575, 917, 1373, 1829; ends at the next start, then 2400.
        let words = try #require(out[3].payload?.json["word_timestamps"])
        #expect(words["words"]?.arrayValue?.compactMap(\.stringValue) == ["I", "can", "help", "with", "that."])
        #expect(
            words["start"] == .array([.double(0.461), .double(0.575), .double(0.917), .double(1.373), .double(1.829)]))
        #expect(words["end"] == .array([.double(0.575), .double(0.917), .double(1.373), .double(1.829), .double(2.4)]))
        let done = try #require(out[4].payload?.json)
        let contextID = try #require(ttsMetrics(out).first?.segmentId)
        #expect(
            done.compactString()
                == "{\"type\":\"done\",\"done\":true,\"status_code\":200,\"context_id\":\"\(contextID)\"}")
        // Every message names the segment's context.
        #expect(out.allSatisfy { $0.payload?.json["context_id"]?.stringValue == contextID })
    }

    @Test func withoutWordTimestampsOnlyChunksAndDone() throws {
        // word_timestamps false at 16 kHz: no timestamps messages; 461 ms × 32,000 bytes/s = 14,752 bytes.
        var s = try tts(
            nil, SpeechTestSupport.options([("word_timestamps", .bool(false)), ("sample_rate", .int(16000))]))
        let out = s.synthesize(segment())
        #expect(out.map { $0.payload?.type } == ["chunk", "chunk", "done"])
        let decoded = try #require(Data(base64Encoded: out[0].payload?.json["data"]?.stringValue ?? ""))
        #expect(
            String(decoding: decoded, as: UTF8.self) == "agentsim placeholder: 14752 bytes of pcm_s16le at 16000 Hz")
        // The default model is LiveKit's, sonic-3.
        #expect(s.bill.model == "sonic-3")
        #expect(ttsMetrics(out).first?.metadata == Metadata(modelName: "sonic-3", modelProvider: "Cartesia"))
    }

    @Test func aCutSegmentReportsNothingEvenWhenItsTextWasFlushed() throws {
        // The text was flushed at 1.5 s, before the barge-in at 2.0 s, and both chunks had arrived; unlike
        // ElevenLabs, LiveKit's Cartesia plugin ends a segment only on the server's done, so no final frame, no
        // TTSMetrics; the 27 characters are billed and counted unreported.
        var s = try tts("sonic-3")
        var cut = segment(cutAt: 2.0)
        cut.flushedAt = 1.5
        let out = s.synthesize(cut)
        #expect(ttsMetrics(out).isEmpty)
        #expect(s.bill.characters == 27)
        let sentences = s.explain(ServiceFacts(bill: s.bill, metrics: [], truth: SpeechTestSupport.truth))
        #expect(sentences.contains { $0.contains("billed 27 characters but LiveKit's TTSMetrics count 0") })
    }

    @Test func aSegmentCutBeforeItsLastFrameReportsNothingButIsBilled() throws {
        // Barge-in at 2.0 s, before the last frame (3.0 s): no TTSMetrics, no done; both chunks (1.2 s and 1.546 s) had
        // arrived, 461 + 1,939 ms = 2.4 s delivered. Cartesia still bills the 27 characters, 40.5 credits at 1.5.
        var s = try tts("sonic-3", SpeechTestSupport.options([("credits_per_character", .double(1.5))]))
        let out = s.synthesize(segment(cutAt: 2.0))
        #expect(ttsMetrics(out).isEmpty)
        #expect(out.map { $0.payload?.type } == ["chunk", "timestamps", "chunk", "timestamps"])
        #expect(s.bill.characters == 27)
        let sentences = s.explain(ServiceFacts(bill: s.bill, metrics: [], truth: SpeechTestSupport.truth))
        #expect(sentences.count == 2)
        #expect(sentences[0].contains("1.5 per character as configured, so the 27 characters billed cost 40.5 credits"))
        #expect(
            sentences[1].contains(
                "Cartesia billed 27 characters but LiveKit's TTSMetrics count 0: 1 segment cut by a barge-in before the last frame (27 characters, 2.40 s of audio delivered)"
            ))
        // A cut at 1.4 s keeps only the first chunk and its timestamps.
        var early = try tts("sonic-3")
        #expect(early.synthesize(segment(cutAt: 1.4)).count == 2)
    }

    @Test func aSegmentCutAfterItsLastFrameStillReports() throws {
        // Barge-in at 3.2 s, after the last frame at 3.0 s: the final frame arrived, so LiveKit reported it.
        var s = try tts("sonic-turbo")
        let m = ttsMetrics(s.synthesize(segment(cutAt: 3.2)))
        #expect(m.map(\.charactersCount) == [27])
        #expect(m.map(\.cancelled) == [false])
        // 1 credit per character and nothing went unreported: nothing to explain.
        #expect(
            s.explain(ServiceFacts(bill: s.bill, metrics: m.map { .tts($0) }, truth: SpeechTestSupport.truth)).isEmpty)
    }

    @Test func theConnectionPoolReusesRemovesAndExpires() throws {
        // a at 1 s: the prewarmed socket (1 − 0 ≤ 300) is reused. b at 10 s, reused, is cut at 11.5 s before its last
        // frame (12.0 s): cancelled inside connection(), the socket is removed. c at 20 s opens a new one (acquire 0.12).
        // d at 320 s: 320 − 20 = 300 ≤ 300, reused. e at 620.5 s: 300.5 > 300, a new one.
        var s = try tts(nil, SpeechTestSupport.options([("acquire_time", .double(0.12))]))
        let a = ttsMetrics(s.synthesize(segment()))
        let b = ttsMetrics(s.synthesize(segment(cutAt: 11.5, textAt: 10, index: 1)))
        let c = ttsMetrics(s.synthesize(segment(textAt: 20, index: 2)))
        let d = ttsMetrics(s.synthesize(segment(textAt: 320, index: 3)))
        let e = ttsMetrics(s.synthesize(segment(textAt: 620.5, index: 4)))
        #expect(a.map(\.connectionReused) == [true] && a.map(\.acquireTime) == [0])
        #expect(b.isEmpty)
        #expect(c.map(\.connectionReused) == [false] && c.map(\.acquireTime) == [0.12])
        #expect(d.map(\.connectionReused) == [true] && d.map(\.acquireTime) == [0])
        #expect(e.map(\.connectionReused) == [false] && e.map(\.acquireTime) == [0.12])
        // Five segments of 27 characters billed, four reported.
        #expect(s.bill.characters == 135)
        #expect(s.bill.requests == 5)
        #expect(Set([a, c, d, e].map { $0[0].requestId }).count == 4)
    }

    @Test func theSameSeedGivesTheSameBytes() throws {
        var a = try tts("sonic-3"), b = try tts("sonic-3")
        let x = a.synthesize(segment()).compactMap { $0.payload?.json.compactString() }
        let y = b.synthesize(segment()).compactMap { $0.payload?.json.compactString() }
        #expect(x == y)
        #expect(x.count == 5)
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
        let rate = message(nil, [("sample_rate", .int(96000))])
        #expect(rate?.contains("test.yaml:10:20") == true)
        #expect(
            rate?.contains("session.pipeline.tts.options.sample_rate: expected a whole number from 8000 to 48000")
                == true)
        #expect(
            message(nil, [("credits_per_character", .int(-1))])?.contains(
                "credits_per_character: expected a number from 0.0 to 100.0") == true)
        #expect(message(nil, [("word_timestamps", .string("yes", quoted: true))])?.contains("word_timestamps") == true)
        #expect(message(nil, [("voice", .string("x", quoted: true))])?.contains("unknown key 'voice'") == true)
        #expect(message("sonic-9", [])?.contains("session.pipeline.tts.model: unknown model 'sonic-9'") == true)
    }
}

/// Scenarios/pipeline-cartesia.yaml through the real Deepgram, OpenAI Chat and Cartesia plugins; the figures are the
/// ones the file's comments derive.
@Suite struct CartesiaScenarioTests {
    static let clips = ClipCache()
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Scenarios")

    static func run(_ name: String) async throws -> SessionReport {
        let scenario = try ScenarioLoader.load(path: scenarios.appendingPathComponent(name).path)
        let plugins: [any ProviderPlugin] = [DeepgramPlugin(), OpenAIChatPlugin(), CartesiaPlugin()]
        return try await SessionReport.collect(
            SessionRun(scenario: scenario, plugin: try scenario.session.plugin(from: plugins), clips: clips))
    }

    @Test func theCutSegmentIsBilledNeverReportedAndCostsTheSocket() async throws {
        let report = try await Self.run("pipeline-cartesia.yaml")
        let tts: [TTSMetrics] = report.metrics.compactMap { if case let .tts(m) = $0 { return m } else { return nil } }
        // Turns 1 and 5 report 37 and 40 characters (2.5 and 3.0 s); turn 3, cut at 11.50 before its last frame at
        // 14.00, reports nothing.
        #expect(tts.map(\.charactersCount) == [37, 40])
        #expect(tts.map(\.audioDuration) == [2.5, 3.0])
        #expect(tts.map(\.ttfb) == [0.2, 0.2])
        // 6.55 − 3.85 and 17.15 − 13.95.
        #expect(tts.map(\.duration) == [2.7, 3.2])
        // The cut stream removed the pooled socket: turn 5 opens a new one with the scenario's acquire_time.
        #expect(tts.map(\.connectionReused) == [true, false])
        #expect(tts.map(\.acquireTime) == [0, 0.12])
        #expect(tts.allSatisfy { $0.metadata == Metadata(modelName: "sonic-3", modelProvider: "Cartesia") })
        let bill = try #require(report.bills.first { $0.role == .tts })
        #expect(bill.characters == 37 + 54 + 40)
        #expect(bill.audioSeconds == 9.5)
        #expect(
            report.usageV1_2.summary.reprLine
                == "UsageSummary(llm_prompt_tokens=236, llm_prompt_cached_tokens=0, llm_input_audio_tokens=0, llm_completion_tokens=32, llm_output_audio_tokens=0, tts_characters_count=77, tts_audio_duration=5.5, stt_audio_duration=17.15)"
        )
    }
}
