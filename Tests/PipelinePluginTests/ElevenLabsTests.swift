import AgentSimCore
import AgentSimJSON
import ElevenLabs
import Foundation
import LiveKitMetrics
import Testing

/// ElevenLabs' bill (characters, in credits by model) beside LiveKit's per-segment TTSMetrics, segments built by hand.
@Suite struct ElevenLabsTests {
    private func tts(
        _ model: String?, _ options: ScenarioValue = SpeechTestSupport.options([])
    ) throws -> any TTSSession {
        try ElevenLabsPlugin().makeTTS(SpeechTestSupport.setup(model: model, options: options, role: "tts"))
    }

    private func ttsMetrics(_ outputs: [ProviderOutput]) -> [TTSMetrics] {
        outputs.flatMap(\.metrics).compactMap { if case let .tts(m) = $0 { return m } else { return nil } }
    }

    /// "Sure. I can help with that.": 5 + 1 + 21 = 27 code points. Text at 1.0 s, first frame 1.2 s, last frame 3.0 s,
    /// 2.4 s generated in 120 Opus packets of 20 ms.
    private func segment(cutAt: Double? = nil, textAt: Double = 1.0, index: Int = 0) -> TTSSegment {
        TTSSegment(
            index: index, turn: 1, speechID: "speech_abc", text: "Sure. I can help with that.", textAt: textAt,
            firstFrameAt: textAt + 0.2,
            lastFrameAt: textAt + 2.0, generatedSeconds: 2.4, packets: 120,
            playedSeconds: cutAt.map { $0 - textAt - 0.2 } ?? 2.4, cutAt: cutAt)
    }

    @Test func aSegmentReportsItsCharactersAndFramesAtTheFinalFrame() throws {
        var s = try tts("eleven_flash_v2_5")
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
        #expect(m.label == "livekit.plugins.elevenlabs.tts.TTS")
        #expect(m.speechId == "speech_abc")
        #expect(m.requestId == m.segmentId && m.requestId.count == 12)
        #expect(m.metadata == Metadata(modelName: "eleven_flash_v2_5", modelProvider: "ElevenLabs"))
        // The socket was prewarmed at session start, 1.0 s before: reused, no acquire time.
        #expect(m.connectionReused && m.acquireTime == 0)
        #expect(s.bill.characters == 27)
        #expect(s.bill.requests == 1)
        #expect(s.bill.audioSeconds == 2.4)
    }

    @Test func nativeMessagesComeOnePerSentenceThenIsFinal() throws {
        var s = try tts("eleven_flash_v2_5")
        let out = s.synthesize(segment())
        #expect(out.map { $0.payload?.type } == ["audio", "audio", "isFinal"])
        // Sentences "Sure." (5) and "I can help with that." (21): 26 characters share 2,400 ms: floor(2400 × 5 / 26) =
        // 461 ms, then 2400 − 461 = 1,939 ms. The second arrives when 5/26 of the 1.8 s of frames have: 1.2 + 0.346154.
        #expect(out.map(\.time) == [1.2, 1.546154, 3.0])
        let first = try #require(out[0].payload?.json)
        let alignment = try #require(first["normalizedAlignment"])
        #expect(alignment["chars"]?.arrayValue?.compactMap(\.stringValue) == ["S", "u", "r", "e", "."])
        // 461 ms over 5 characters: starts floor(461 × j / 5) = 0, 92, 184, 276, 368; durations to the next start.
        #expect(alignment["charStartTimesMs"]?.arrayValue?.compactMap(\.intValue) == [0, 92, 184, 276, 368])
        #expect(alignment["charDurationsMs"]?.arrayValue?.compactMap(\.intValue) == [92, 92, 92, 92, 93])
        // mp3_22050_32 is 32 kbit/s = 4,000 bytes/s: 461 ms stand for 1,844 bytes; the placeholder says so in base64.
        let audio = try #require(first["audio"]?.stringValue)
        let decoded = try #require(Data(base64Encoded: audio))
        #expect(String(decoding: decoded, as: UTF8.self) == "agentsim placeholder: 1844 bytes of mp3_22050_32")
        let final = try #require(out[2].payload?.json)
        #expect(final.compactString() == "{\"isFinal\":true,\"contextId\":\"\(ttsMetrics(out)[0].requestId)\"}")
    }

    @Test func aSegmentCutBeforeItsLastFrameReportsNothingButIsBilled() throws {
        // Barge-in at 2.0 s, before the last frame (3.0 s): no TTSMetrics, no isFinal; both audio messages (1.2 s and
        // 1.546 s) had arrived. ElevenLabs still bills the 27 characters: 13.5 credits at 0.5 on Flash.
        var s = try tts("eleven_flash_v2_5")
        let out = s.synthesize(segment(cutAt: 2.0))
        #expect(ttsMetrics(out).isEmpty)
        #expect(out.map { $0.payload?.type } == ["audio", "audio"])
        #expect(s.bill.characters == 27)
        let sentences = s.explain(ServiceFacts(bill: s.bill, metrics: [], truth: SpeechTestSupport.truth))
        #expect(sentences.count == 2)
        #expect(
            sentences[0].contains(
                "0.5 per character on eleven_flash_v2_5, so the 27 characters billed cost 13.5 credits"))
        #expect(sentences[1].contains("billed 27 characters but LiveKit's TTSMetrics count 0: 1 segment cut"))
        // A cut at 1.4 s keeps only the first audio message.
        var early = try tts("eleven_flash_v2_5")
        #expect(early.synthesize(segment(cutAt: 1.4)).count == 1)
    }

    @Test func aCutSegmentWhoseTextWasFlushedReportsAtTheBargeIn() throws {
        // The text was flushed at 1.5 s (the LLM's stream ended), the barge-in comes at 2.0 s, before the last frame
        // (3.0 s): the plugin ends the cancelled segment, so LiveKit reports it at the barge-in with every flushed
        // character (27) and the audio that had arrived: both messages (1.2 and 1.546 s), 461 + 1,939 ms = 2.4 s.
        var s = try tts("eleven_flash_v2_5")
        var cut = segment(cutAt: 2.0)
        cut.flushedAt = 1.5
        let out = s.synthesize(cut)
        #expect(out.map { $0.payload?.type } == ["audio", "audio", nil])
        let m = try #require(ttsMetrics(out).first)
        #expect(ttsMetrics(out).count == 1)
        #expect(m.charactersCount == 27)
        #expect(m.audioDuration == 2.4)
        // Emitted at the barge-in, 1,700,000,000 + 2.0; duration 2.0 − 1.0; not cancelled (LiveKit reads the task's
        // state before the cancellation completes).
        #expect(m.timestamp == 1_700_000_002)
        #expect(m.duration == 1.0)
        #expect(!m.cancelled)
        // Nothing went unreported: only the credit sentence.
        let sentences = s.explain(ServiceFacts(bill: s.bill, metrics: [.tts(m)], truth: SpeechTestSupport.truth))
        #expect(sentences.count == 1)
        // Cut at 1.4 s: only the first message (461 ms) had arrived, and that is what is reported.
        var early = try tts("eleven_flash_v2_5")
        cut = segment(cutAt: 1.4)
        cut.flushedAt = 1.3
        #expect(ttsMetrics(early.synthesize(cut)).map(\.audioDuration) == [0.461])
        // Cut at 1.1 s, before any audio: no final frame, nothing reported, flushed or not.
        var none = try tts("eleven_flash_v2_5")
        cut = segment(cutAt: 1.1)
        cut.flushedAt = 1.05
        #expect(ttsMetrics(none.synthesize(cut)).isEmpty)
        // Flushed after the barge-in (the LLM still streamed at 2.0 s): no pending text, nothing reported.
        var late = try tts("eleven_flash_v2_5")
        cut = segment(cutAt: 2.0)
        cut.flushedAt = 2.5
        #expect(ttsMetrics(late.synthesize(cut)).isEmpty)
    }

    @Test func aSegmentCutAfterItsLastFrameStillReports() throws {
        // Barge-in at 3.2 s, after the last frame at 3.0 s: the final frame arrived, so LiveKit reported it.
        var s = try tts("eleven_multilingual_v2")
        let m = ttsMetrics(s.synthesize(segment(cutAt: 3.2)))
        #expect(m.map(\.charactersCount) == [27])
        #expect(m.map(\.cancelled) == [false])
        // Multilingual is 1 credit per character and nothing went unreported: nothing to explain.
        #expect(
            s.explain(ServiceFacts(bill: s.bill, metrics: m.map { .tts($0) }, truth: SpeechTestSupport.truth)).isEmpty)
    }

    @Test func anIdleSocketIsReopened() throws {
        // First segment ends at 3.0 s; the next text comes at 200 s, 197 s later ≥ the 180 s inactivity timeout: a new
        // connection, with the configured acquire_time. A third at 205 s reuses it (205 − 202 = 3 s).
        var s = try tts(
            nil,
            SpeechTestSupport.options([
                ("acquire_time", .double(0.15)), ("context_id_field", .string("context_id", quoted: false)),
            ]))
        let a = ttsMetrics(s.synthesize(segment()))
        let b = ttsMetrics(s.synthesize(segment(textAt: 200, index: 1)))
        let c = ttsMetrics(s.synthesize(segment(textAt: 205, index: 2)))
        #expect(a.map(\.connectionReused) == [true])
        #expect(b.map(\.connectionReused) == [false] && b.map(\.acquireTime) == [0.15])
        #expect(c.map(\.connectionReused) == [true] && c.map(\.acquireTime) == [0])
        // The default model is LiveKit's, eleven_turbo_v2_5; three segments of 27 characters.
        #expect(s.bill.model == "eleven_turbo_v2_5")
        #expect(s.bill.characters == 81)
        #expect(a[0].requestId != b[0].requestId)
    }

    @Test func theSameSeedGivesTheSameBytes() throws {
        var a = try tts("eleven_flash_v2_5"), b = try tts("eleven_flash_v2_5")
        let x = a.synthesize(segment()).compactMap { $0.payload?.json.compactString() }
        let y = b.synthesize(segment()).compactMap { $0.payload?.json.compactString() }
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
        let format = message(nil, [("output_format", .string("wav", quoted: false))])
        #expect(format?.contains("test.yaml:10:20") == true)
        #expect(format?.contains("session.pipeline.tts.options.output_format: expected one of mp3_22050_32") == true)
        #expect(
            message(nil, [("credits_per_character", .int(-1))])?.contains(
                "credits_per_character: expected a number from 0.0 to 100.0") == true)
        #expect(message(nil, [("voice", .string("x", quoted: true))])?.contains("unknown key 'voice'") == true)
        #expect(message("eleven_v9", [])?.contains("session.pipeline.tts.model: unknown model 'eleven_v9'") == true)
    }
}
