import AgentSimCore
import AgentSimJSON
import Deepgram
import LiveKitMetrics
import Testing

/// Deepgram's bill (the connection's lifetime) beside LiveKit's 5-second STTMetrics, events handed in by hand.
@Suite struct DeepgramTests {
    private func stt(
        _ model: String?, _ options: ScenarioValue = SpeechTestSupport.options([])
    ) throws -> any STTSession {
        try DeepgramPlugin().makeSTT(SpeechTestSupport.setup(model: model, options: options, role: "stt"))
    }

    private func sttMetrics(_ outputs: [ProviderOutput]) -> [STTMetrics] {
        outputs.flatMap(\.metrics).compactMap { if case let .stt(m) = $0 { return m } else { return nil } }
    }

    /// Connect at 0, hear 0…end in one stretch, close at end.
    private func run(
        _ model: String, seconds: Double, _ options: ScenarioValue = SpeechTestSupport.options([])
    ) throws -> (outputs: [ProviderOutput], session: any STTSession) {
        var s = try stt(model, options)
        var out = s.connect(STTConnect(time: 0))
        out += s.hear(SpeechTestSupport.heard(0, seconds))
        out += s.close(STTClose(time: seconds))
        return (out, s)
    }

    @Test func novaReportsFiveSecondStepsThenTheRestAtClose() throws {
        // 23.4 s of connection, all of it streamed (silence too) in 50 ms chunks: 468 chunks. The collector flushes
        // when a chunk is pushed 5 s after its last flush: at 5, 10, 15 and 20 s, 100 chunks (5.0 s) each. At close it
        // flushes the 68 chunks since 20 s (3.4 s); lifetime − reported = 23.4 − 23.4 = 0, so no further report.
        // Before all that, the zero-usage connection event. Total 4 × 5 + 3.4 = 23.4 s = the bill.
        let (out, session) = try run("nova-3", seconds: 23.4)
        let m = sttMetrics(out)
        #expect(m.map(\.audioDuration) == [0, 5, 5, 5, 5, 3.4])
        #expect(out.filter { !$0.metrics.isEmpty }.map(\.time) == [0, 5, 10, 15, 20, 23.4])
        #expect(m.allSatisfy { $0.streamed && $0.duration == 0 && $0.label == "livekit.plugins.deepgram.stt.STT" })
        #expect(m.allSatisfy { $0.metadata == Metadata(modelName: "nova-3", modelProvider: "Deepgram") })
        // 1,700,000,000 + 5 s.
        #expect(m[1].timestamp == 1_700_000_005)
        #expect(session.bill.audioSeconds == 23.4)
        #expect(session.bill.requests == 1)
        let reported = m.map(\.audioDuration).reduce(0, +)
        #expect(abs(reported - 23.4) < 1e-9, "nova's close report makes LiveKit's figure the bill")
    }

    @Test func theConnectionEventCarriesNoUsage() throws {
        // stt.py's _report_connection_acquired: request_id "", every figure 0, connection_reused false, acquire_time as set.
        var s = try stt("nova-3", SpeechTestSupport.options([("acquire_time", .double(0.12))]))
        let out = s.connect(STTConnect(time: 0))
        #expect(out.count == 1)
        #expect(out[0].payload == nil)
        let m = try #require(sttMetrics(out).first)
        #expect(m.requestId == "")
        #expect(m.audioDuration == 0 && m.inputTokens == 0 && m.outputTokens == 0)
        #expect(m.acquireTime == 0.12)
        #expect(!m.connectionReused)
    }

    @Test func theRemainderCoversTheTailShortOfAChunk() throws {
        // 23.42 s: 468 whole chunks (23.40 s) and 20 ms left in the byte stream, never pushed. Close: flush 3.4 s, then
        // lifetime − reported = 23.42 − 23.40 = 0.02 s as its own report.
        let (out, session) = try run("nova-3", seconds: 23.42)
        let m = sttMetrics(out)
        #expect(m.map(\.audioDuration) == [0, 5, 5, 5, 5, 3.4, 0.02])
        #expect(session.bill.audioSeconds == 23.42)
    }

    @Test func fluxLosesThePartialStepAtClose() throws {
        // stt_v2.py: same 5 s steps, no connection event, no flush and no remainder at close: 4 × 5 = 20 s reported of
        // 23.4 s billed, short by exactly the 3.4 s nova reports at close.
        let (out, session) = try run("flux-general-en", seconds: 23.4)
        let m = sttMetrics(out)
        #expect(m.map(\.audioDuration) == [5, 5, 5, 5])
        #expect(m.allSatisfy { $0.label == "livekit.plugins.deepgram.stt_v2.STTv2" })
        #expect(session.bill.audioSeconds == 23.4)
        // Flux greets with Connected, and LiveKit takes its request_id for every report.
        let connected = try #require(out.first?.payload)
        #expect(connected.type == "Connected")
        let id = try #require(connected.json["request_id"]?.stringValue)
        #expect(m.allSatisfy { $0.requestId == id })
        let facts = ServiceFacts(bill: session.bill, metrics: m.map { .stt($0) }, truth: SpeechTestSupport.truth)
        let sentences = session.explain(facts)
        #expect(sentences.count == 1)
        #expect(sentences.first?.contains("billed 23.40 s") == true)
        #expect(sentences.first?.contains("reported 20.00 s") == true)
        #expect(sentences.first?.contains("3.40 s are missing") == true)
    }

    @Test func novaWithoutCloseReportIsShortLikeOlderLiveKit() throws {
        // close_report: false (LiveKit before 1.5.7): connection event + 4 × 5 s = 20 s of 23.4 s.
        let (out, session) = try run(
            "nova-3", seconds: 23.4, SpeechTestSupport.options([("close_report", .bool(false))]))
        #expect(sttMetrics(out).map(\.audioDuration) == [0, 5, 5, 5, 5])
        let facts = ServiceFacts(
            bill: session.bill, metrics: sttMetrics(out).map { .stt($0) }, truth: SpeechTestSupport.truth)
        #expect(session.explain(facts).first?.contains("before 1.5.7") == true)
        // With the close report there is nothing to explain.
        let (full, fullSession) = try run("nova-3", seconds: 23.4)
        #expect(
            fullSession.explain(
                ServiceFacts(
                    bill: fullSession.bill, metrics: sttMetrics(full).map { .stt($0) }, truth: SpeechTestSupport.truth)
            ).isEmpty)
    }

    @Test func chunksCarryAcrossStretchesAndResultsSetTheRequestID() throws {
        // Speech 0–1.02 s (51 frames): 20 chunks, 20 ms left over. Transcript at 1.3 s. Silence 1.02–6.0 s (249 frames):
        // the first chunk needs 30 ms more, 2 frames (1.06 s); the chunk that brings the total to 5.00 s completes at
        // 1.02 + 3.98 = 5.00 s, 5 s after connect: report 5.0 there. The remaining 1.00 s is 20 chunks; close at 6.0 s
        // flushes 1.0 s; lifetime − reported = 6.0 − 6.0 = 0.
        var s = try stt("nova-3")
        var out = s.connect(STTConnect(time: 0))
        out += s.hear(SpeechTestSupport.heard(0, 1.02, turn: 0, silence: false))
        out += s.transcribe(
            STTTranscript(
                time: 1.3, turn: 0, speechStart: 0, speechEnd: 1.02, text: "Hello there, Deepgram!", textTokens: nil,
                audio: SpeechTestSupport.heard(0, 1.02, turn: 0, silence: false).audio, speechID: "speech_1"))
        out += s.hear(SpeechTestSupport.heard(1.02, 6.0))
        out += s.close(STTClose(time: 6.0))
        let m = sttMetrics(out)
        #expect(m.map(\.audioDuration) == [0, 5, 1])
        #expect(out.map { $0.payload?.type ?? "-" } == ["-", "SpeechStarted", "Results", "-", "Metadata", "-"])
        let results = try #require(out[2].payload?.json)
        let requestID = try #require(results["metadata"]?["request_id"]?.stringValue)
        // The report at 5 s comes after the Results message, so it carries Deepgram's id; the connection event does not.
        #expect(m[0].requestId == "")
        #expect(m[1].requestId == requestID)
        #expect(results["is_final"]?.boolValue == true && results["speech_final"]?.boolValue == true)
        let alt = try #require(results["channel"]?["alternatives"]?.arrayValue?.first)
        #expect(alt["transcript"]?.stringValue == "Hello there, Deepgram!")
        // Three words over 1.02 s: 0–0.34, 0.34–0.68, 0.68–1.02; `word` lowercased without punctuation.
        let words = try #require(alt["words"]?.arrayValue)
        #expect(words.map { $0["word"]?.stringValue } == ["hello", "there", "deepgram"])
        #expect(words.map { $0["punctuated_word"]?.stringValue } == ["Hello", "there,", "Deepgram!"])
        #expect(words.map { $0["end"]?.doubleValue } == [0.34, 0.68, 1.02])
        // The closing Metadata carries the billed lifetime.
        #expect(out[4].payload?.json["duration"]?.doubleValue == 6.0)
        #expect(out[4].payload?.json["request_id"]?.stringValue == requestID)
    }

    @Test func theSameSeedGivesTheSameBytes() throws {
        let a = try run("nova-3", seconds: 7.3).outputs.compactMap { $0.payload?.json.compactString() }
        let b = try run("nova-3", seconds: 7.3).outputs.compactMap { $0.payload?.json.compactString() }
        #expect(a == b)
        #expect(
            a.first?.contains("\"created\":\"2023-11-14T22:13:20.000Z\"") == true,
            "1,700,000,000 s is 2023-11-14 22:13:20 UTC")
    }

    @Test func badOptionsNameTheKeyAndTheModel() throws {
        func message(_ model: String, _ pairs: [(String, ScenarioValue.Kind)]) -> String? {
            do {
                _ = try stt(model, SpeechTestSupport.options(pairs))
                return nil
            } catch let e as ScenarioError {
                return e.description
            } catch { return "\(error)" }
        }
        let flux = message("flux-general-en", [("close_report", .bool(true))])
        #expect(flux?.contains("test.yaml:10:20") == true)
        #expect(flux?.contains("session.pipeline.stt.options.close_report: applies to a nova model") == true)
        #expect(message("nova-3", [("audio_chunk_duration_ms", .int(80))])?.contains("applies to a flux model") == true)
        #expect(
            message("nova-3", [("report_interval", .int(0))])?.contains(
                "session.pipeline.stt.options.report_interval: expected a number from 0.001 to 3600") == true)
        #expect(message("nova-3", [("endpointing", .int(25))])?.contains("unknown key 'endpointing'") == true)
        #expect(message("nova-9", [])?.contains("session.pipeline.stt.model: unknown model 'nova-9'") == true)
        #expect(message("flux-general-en", [("audio_chunk_duration_ms", .int(80))]) == nil)
    }
}
