import AgentSimJSON
import LiveKitMetrics
import OpenAISTT
import Testing

@testable import AgentSimCore

/// OpenAI's transcription bill (tokens or whole seconds per VAD segment) beside the STTMetrics LiveKit 1.8.9's openai
/// plugin builds on its batch and realtime paths, events handed in by hand.
@Suite struct OpenAISTTTests {
    private func stt(_ model: String?, _ pairs: [(String, ScenarioValue.Kind)] = []) throws -> any STTSession {
        try OpenAISTTPlugin().makeSTT(
            SpeechTestSupport.setup(model: model, options: SpeechTestSupport.options(pairs), role: "stt"))
    }

    private func sttMetrics(_ outputs: [ProviderOutput]) -> [STTMetrics] {
        outputs.flatMap(\.metrics).compactMap { if case let .stt(m) = $0 { return m } else { return nil } }
    }

    /// One user utterance `[start, end]` of turn `turn`, its transcript at `transcriptAt`.
    private func utterance(
        _ s: inout any STTSession, turn: Int, _ start: Double, _ end: Double, at transcriptAt: Double, text: String,
        tokens: Int? = nil
    ) -> [ProviderOutput] {
        var heard = SpeechTestSupport.heard(start, end, turn: turn, silence: false)
        heard.audio.text = text
        heard.audio.textTokens = tokens
        var out = s.hear(heard)
        out += s.transcribe(
            STTTranscript(
                time: transcriptAt, turn: turn, speechStart: start, speechEnd: end, text: text, textTokens: tokens,
                audio: heard.audio, speechID: "speech_\(turn)"))
        return out
    }

    private func explain(_ s: any STTSession, _ out: [ProviderOutput]) -> [String] {
        s.explain(ServiceFacts(bill: s.bill, metrics: sttMetrics(out).map { .stt($0) }, truth: SpeechTestSupport.truth))
    }

    @Test func batchReportsTheSegmentAndNoTokens() throws {
        // LiveKit's default: gpt-4o-mini-transcribe, use_realtime false, Silero VAD (0.5 s padding, 0.55 s silence).
        // Speech 2.0–5.0 s: the segment runs 2.0 − 0.5 = 1.5 to 5.0 + 0.55 = 5.55 s, 4.05 s. The request goes at 5.55,
        // the transcript comes at 5.9: duration 0.35 s. Audio tokens floor(4.05 × 10) = 40; "Where is my parcel today?"
        // is 25 characters, ceil(25 / 4) = 7 output tokens; total 47.
        var s = try stt(nil)
        var out = s.connect(STTConnect(time: 0))
        #expect(out.isEmpty, "the batch path opens no WebSocket, so no connection event")
        out += s.hear(SpeechTestSupport.heard(0, 2.0))
        out += utterance(&s, turn: 0, 2.0, 5.0, at: 5.9, text: "Where is my parcel today?")
        out += s.hear(SpeechTestSupport.heard(5.0, 12.0))
        out += s.close(STTClose(time: 12.0))
        #expect(out.count == 1)
        let m = try #require(sttMetrics(out).first)
        #expect(m.audioDuration == 4.05)
        #expect(abs(m.duration - 0.35) < 1e-9)
        #expect(!m.streamed)
        #expect(m.inputTokens == 0 && m.outputTokens == 0 && m.totalTokens == 0)
        #expect(m.requestId == "")
        #expect(m.label == "livekit.plugins.openai.stt.STT")
        #expect(m.metadata == Metadata(modelName: "gpt-4o-mini-transcribe", modelProvider: "api.openai.com"))
        // 1,700,000,000 + 5.9 s.
        #expect(m.timestamp == 1_700_000_005.9)
        #expect(out[0].time == 5.9)
        #expect(out[0].payload?.type == "Transcription")
        #expect(
            out[0].payload?.json.compactString()
                == #"{"text":"Where is my parcel today?","usage":{"type":"tokens","input_tokens":40,"input_token_details":{"text_tokens":0,"audio_tokens":40},"output_tokens":7,"total_tokens":47}}"#
        )
        let bill = s.bill
        #expect(bill.requests == 1)
        #expect(bill.audioSeconds == 4.05)
        #expect(bill.inputTokens == 40 && bill.outputTokens == 7)
        // The track ran 12.0 s; 12.0 − 4.05 = 7.95 s were never sent.
        #expect(
            explain(s, out) == [
                "OpenAI billed 40 input tokens and 7 output tokens on gpt-4o-mini-transcribe but LiveKit's STTMetrics count 0 and 0: the batch path (use_realtime: false, LiveKit's default for gpt-4o-mini-transcribe) reports only each request's audio_duration (4.05 s over 1 segment) and ignores the usage in the response.",
                "LiveKit's audio_duration adds up the 1 segment Silero VAD cut (4.05 s, 500 ms of padding before and 550 ms of silence after each speech), not the 12.00 s of the user's track; OpenAI bills only the segments, so the other 7.95 s cost nothing, though a per-minute reading of the whole track would count them.",
            ])
    }

    @Test func realtimeReportsTheCompletedUsage() throws {
        // use_realtime with prompt_tokens 12 on gpt-4o-transcribe, server VAD 600 ms padding and 350 ms silence.
        // Speech 1.0–3.4 s: audio_start_ms = 1000 − 600 = 400, audio_end_ms = 3400 + 350 = 3750; 3.35 s.
        // Audio tokens floor(3.35 × 10) = 33, text (prompt) 12: input 45; output = the turn's text_tokens 6; total 51.
        // The transcript is due at 4.0 (after the commit at 3.75): 4 word deltas at 3.75 + 0.25 × k / 5, k = 1…4.
        var s = try stt("gpt-4o-transcribe", [("use_realtime", .bool(true)), ("prompt_tokens", .int(12))])
        var out = s.connect(STTConnect(time: 0))
        out += s.hear(SpeechTestSupport.heard(0, 1.0))
        out += utterance(&s, turn: 0, 1.0, 3.4, at: 4.0, text: "Cancel my order, please.", tokens: 6)
        out += s.hear(SpeechTestSupport.heard(3.4, 10.0))
        out += s.close(STTClose(time: 10.0))
        #expect(
            out.map { $0.payload?.type ?? "-" } == [
                "-", "input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped",
                "input_audio_buffer.committed",
                "conversation.item.input_audio_transcription.delta",
                "conversation.item.input_audio_transcription.delta",
                "conversation.item.input_audio_transcription.delta",
                "conversation.item.input_audio_transcription.delta",
                "conversation.item.input_audio_transcription.completed",
            ])
        #expect(out.map(\.time) == [0, 1.0, 3.75, 3.75, 3.8, 3.85, 3.9, 3.95, 4.0])
        #expect(out[1].payload?.json["audio_start_ms"]?.intValue == 400)
        #expect(out[2].payload?.json["audio_end_ms"]?.intValue == 3750)
        #expect(out[3].payload?.json["previous_item_id"] == .null)
        let item = try #require(out[1].payload?.json["item_id"]?.stringValue)
        #expect(item.hasPrefix("item_"))
        #expect(out[2...].allSatisfy { $0.payload?.json["item_id"]?.stringValue == item })
        #expect(out[4...7].map { $0.payload?.json["delta"]?.stringValue } == ["Cancel", " my", " order,", " please."])
        let completed = try #require(out[8].payload?.json)
        #expect(completed["transcript"]?.stringValue == "Cancel my order, please.")
        #expect(
            completed["usage"]?.compactString()
                == #"{"type":"tokens","input_tokens":45,"input_token_details":{"text_tokens":12,"audio_tokens":33},"output_tokens":6,"total_tokens":51}"#
        )
        let m = sttMetrics(out)
        // The connection event (all zeros), then the completed item's usage.
        #expect(m.count == 2)
        #expect(m[0].audioDuration == 0 && m[0].inputTokens == 0 && !m[0].connectionReused && m[0].acquireTime == 0)
        #expect(m[0].timestamp == 1_700_000_000)
        #expect(m[1].audioDuration == 3.35)
        #expect(m[1].inputTokens == 45 && m[1].outputTokens == 6 && m[1].totalTokens == 51)
        #expect(m[1].inputAudioTokens == 0, "LiveKit's RecognitionUsage carries no audio split")
        #expect(m.allSatisfy { $0.streamed && $0.duration == 0 && $0.requestId == "" })
        #expect(s.bill.requests == 1)
        #expect(s.bill.inputTokens == 45 && s.bill.outputTokens == 6)
        #expect(s.bill.audioSeconds == 3.35)
        // Tokens agree; only the track's silence (10.0 − 3.35 = 6.65 s) is left to explain.
        let sentences = explain(s, out)
        #expect(sentences.count == 1)
        #expect(
            sentences.first?.hasPrefix(
                "LiveKit's audio_duration adds up the 1 segment the server VAD cut (3.35 s, 600 ms of padding before and 350 ms of silence after each speech), not the 10.00 s"
            ) == true)
        #expect(sentences.first?.contains("the other 6.65 s cost nothing") == true)
    }

    @Test func whisperBillsWholeSecondsPerSegment() throws {
        // Batch whisper-1. Speech 0.0–2.0: padding cut at the track's start, segment 0–2.55 s, billed 3 s.
        // Speech 6.0–7.2: segment 5.5–7.75 s, 2.25 s, billed 3 s. Bill 6 s; LiveKit 2.55 + 2.25 = 4.80 s; 1.20 s short.
        var s = try stt("whisper-1")
        var out = s.connect(STTConnect(time: 0))
        out += utterance(&s, turn: 0, 0.0, 2.0, at: 2.8, text: "Hello.")
        out += s.hear(SpeechTestSupport.heard(2.0, 6.0))
        out += utterance(&s, turn: 2, 6.0, 7.2, at: 8.0, text: "Thanks.")
        out += s.close(STTClose(time: 8.0))
        let m = sttMetrics(out)
        #expect(m.map(\.audioDuration) == [2.55, 2.25])
        #expect(m.allSatisfy { $0.inputTokens == 0 && $0.outputTokens == 0 && !$0.streamed })
        #expect(out[0].payload?.type == "TranscriptionVerbose")
        #expect(
            out[0].payload?.json.compactString()
                == #"{"task":"transcribe","language":"english","duration":2.55,"text":"Hello.","usage":{"type":"duration","seconds":3}}"#
        )
        #expect(s.bill.audioSeconds == 6)
        #expect(s.bill.requests == 2)
        #expect(s.bill.inputTokens == 0 && s.bill.outputTokens == 0)
        let sentences = explain(s, out)
        #expect(
            sentences.first
                == "OpenAI billed 6 s on whisper-1 (2 segments, each rounded up to a whole second) but LiveKit reported 4.80 s of audio_duration on the batch path (use_realtime: false, LiveKit's default for whisper-1), so 1.20 billed seconds are missing."
        )
        // The track: 8.0 − 4.80 = 3.20 s of silence never sent.
        #expect(sentences.last?.contains("the other 3.20 s cost nothing") == true)
    }

    @Test func whisperOnTheRealtimePathReportsNoTokens() throws {
        // usage {type duration, seconds}: LiveKit's usage.get("input_tokens", 0) gives 0. Speech 2.0–3.0: 1400–3350 ms,
        // 1.95 s, billed 2 s; one delta holding the whole transcript, at the completed event's time (3.6).
        var s = try stt("whisper-1", [("use_realtime", .bool(true)), ("acquire_time", .double(0.12))])
        var out = s.connect(STTConnect(time: 0))
        out += utterance(&s, turn: 0, 2.0, 3.0, at: 3.6, text: "Yes, that is right.")
        let deltas = out.filter { $0.payload?.type == "conversation.item.input_audio_transcription.delta" }
        #expect(deltas.map { $0.payload?.json["delta"]?.stringValue } == ["Yes, that is right."])
        #expect(deltas.map(\.time) == [3.6])
        let completed = try #require(out.last?.payload?.json)
        #expect(completed["usage"]?.compactString() == #"{"type":"duration","seconds":2}"#)
        let m = sttMetrics(out)
        #expect(m.map(\.audioDuration) == [0, 1.95])
        #expect(m[0].acquireTime == 0.12)
        #expect(m.allSatisfy { $0.inputTokens == 0 && $0.outputTokens == 0 })
        #expect(s.bill.audioSeconds == 2)
    }

    @Test func thePromptIsBilledAsTextTokensOfEveryRequest() throws {
        // Batch gpt-4o-transcribe with prompt_tokens 12. Speech 1.0–2.0: segment 0.5–2.55 s, 2.05 s, floor(20.5) = 20
        // audio tokens + 12 text tokens = 32 input; "Okay." is 5 characters, ceil(5 / 4) = 2 output tokens.
        var s = try stt("gpt-4o-transcribe", [("prompt_tokens", .int(12))])
        var out = s.connect(STTConnect(time: 0))
        out += utterance(&s, turn: 0, 1.0, 2.0, at: 2.7, text: "Okay.")
        #expect(
            out.first?.payload?.json["usage"]?.compactString()
                == #"{"type":"tokens","input_tokens":32,"input_token_details":{"text_tokens":12,"audio_tokens":20},"output_tokens":2,"total_tokens":34}"#
        )
        #expect(
            explain(s, out).first
                == "OpenAI billed 32 input tokens, prompt_tokens 12 per segment included, and 2 output tokens on gpt-4o-transcribe but LiveKit's STTMetrics count 0 and 0: the batch path (use_realtime: false, LiveKit's default for gpt-4o-transcribe) reports only each request's audio_duration (2.05 s over 1 segment) and ignores the usage in the response."
        )
    }

    @Test func theTranscriptNeverPrecedesTheEndOfTheSegment() throws {
        // A transcript due at 3.3 (0.3 s after speech ending at 3.0) comes at the segment's end, 3.0 + 0.55 = 3.55, and
        // the request's duration is 0.
        var s = try stt(nil)
        var out = s.connect(STTConnect(time: 0))
        out += utterance(&s, turn: 0, 1.0, 3.0, at: 3.3, text: "Hi.")
        #expect(out.map(\.time) == [3.55])
        #expect(sttMetrics(out).first?.duration == 0)
    }

    @Test func paddingStopsAtThePreviousSegment() throws {
        // Batch: speech 0.0–1.0 → segment 0–1.55; speech 1.8–2.8 → padding would start at 1.3, but the first segment
        // ran to 1.55: 1.55–3.35, 1.80 s. Audio tokens floor(15.5) = 15 and floor(18.0) = 18.
        var s = try stt(nil)
        var out = s.connect(STTConnect(time: 0))
        out += utterance(&s, turn: 0, 0.0, 1.0, at: 1.6, text: "One.")
        out += utterance(&s, turn: 1, 1.8, 2.8, at: 3.4, text: "Two.")
        #expect(sttMetrics(out).map(\.audioDuration) == [1.55, 1.8])
        #expect(s.bill.inputTokens == 15 + 18)
    }

    @Test func aConnectionOlderThanTenMinutesIsReplacedAfterACompletedItem() throws {
        // Realtime: speech 601.0–602.0, transcript at 603.0 on a connection opened at 0: 603 − 0 > 600, so LiveKit
        // opens a new connection at 603.0 (a second zero-usage event). The next speech, 610.0–611.0, counts from it:
        // audio_start_ms = (610.0 − 0.6 − 603.0) × 1000 = 6400, audio_end_ms = (611.35 − 603.0) × 1000 = 8350.
        var s = try stt(nil, [("use_realtime", .bool(true))])
        var out = s.connect(STTConnect(time: 0))
        out += s.hear(SpeechTestSupport.heard(0, 601.0))
        out += utterance(&s, turn: 0, 601.0, 602.0, at: 603.0, text: "Still there?")
        out += s.hear(SpeechTestSupport.heard(602.0, 610.0))
        out += utterance(&s, turn: 2, 610.0, 611.0, at: 612.0, text: "Hello?")
        let connections = sttMetrics(out).filter { $0.audioDuration == 0 && $0.inputTokens == 0 }
        #expect(connections.map(\.timestamp) == [1_700_000_000, 1_700_000_603])
        #expect(s.bill.requests == 2)
        let started = out.filter { $0.payload?.type == "input_audio_buffer.speech_started" }
        #expect(started.map { $0.payload?.json["audio_start_ms"]?.intValue } == [600_400, 6400])
        let committed = out.filter { $0.payload?.type == "input_audio_buffer.committed" }
        #expect(committed.last?.payload?.json["previous_item_id"] == .null, "a new connection has no previous item")
        let stopped = out.filter { $0.payload?.type == "input_audio_buffer.speech_stopped" }
        #expect(stopped.last?.payload?.json["audio_end_ms"]?.intValue == 8350)
    }

    @Test func theSameSeedGivesTheSameBytes() throws {
        func run() throws -> [String] {
            var s = try stt(nil, [("use_realtime", .bool(true))])
            var out = s.connect(STTConnect(time: 0))
            out += utterance(&s, turn: 0, 1.0, 2.0, at: 2.5, text: "Same bytes.")
            return out.compactMap { $0.payload?.json.compactString() }
        }
        let a = try run(), b = try run()
        #expect(a == b)
        #expect(a.count == 6)
    }

    @Test func badOptionsNameTheKeyAndTheExpectedForm() throws {
        func message(_ model: String?, _ pairs: [(String, ScenarioValue.Kind)]) -> String? {
            do {
                _ = try stt(model, pairs)
                return nil
            } catch let e as ScenarioError {
                return e.description
            } catch { return "\(error)" }
        }
        let acquire = message(nil, [("acquire_time", .double(0.1))])
        #expect(acquire?.contains("test.yaml:10:20") == true)
        #expect(
            acquire?.contains("session.pipeline.stt.options.acquire_time: applies with use_realtime: true only") == true
        )
        #expect(
            message(nil, [("prefix_padding_ms", .int(20_000))])?.contains(
                "session.pipeline.stt.options.prefix_padding_ms: expected a whole number from 0 to 10000") == true)
        #expect(
            message(nil, [("use_realtime", .string("yes", quoted: true))])?.contains(
                "session.pipeline.stt.options.use_realtime: expected true or false") == true)
        #expect(message(nil, [("mode", .string("stream", quoted: false))])?.contains("unknown key 'mode'") == true)
        #expect(
            message("gpt-5-transcribe", [])?.contains(
                "session.pipeline.stt.model: unknown model 'gpt-5-transcribe'; expected one of gpt-4o-mini-transcribe, gpt-4o-transcribe, whisper-1"
            ) == true)
        #expect(message("whisper-1", [("use_realtime", .bool(true)), ("acquire_time", .double(0.1))]) == nil)
    }

    @Test func theDocumentationNamesTheDefaults() {
        let doc = OpenAISTTPlugin().documentation
        #expect(doc.models.first { $0.isDefault }?.name == "gpt-4o-mini-transcribe")
        #expect(doc.options.first { $0.key == "use_realtime" }?.defaultValue == "false")
        #expect(doc.options.first { $0.key == "input_audio_tokens_per_second" }?.defaultValue == "10")
        #expect(doc.rules.contains { $0.contains("1 token per 100 ms") })
    }

    @Test func randomSetupsAreValid() throws {
        var rng = SeededGenerator(seed: 11, salt: "openai-stt-random")
        var realtime = 0
        for _ in 0..<60 {
            let drawn = OpenAISTTPlugin().randomSetup(using: &rng)
            let options = try ScenarioValue.parseYAML(drawn.options.compactString(), file: "stt.yaml")
            _ = try OpenAISTTPlugin().makeSTT(
                SpeechTestSupport.setup(model: drawn.model, options: options, role: "stt"))
            if drawn.options["use_realtime"]?.boolValue == true { realtime += 1 }
        }
        #expect(realtime > 10 && realtime < 50, "both paths are drawn")
    }
}
