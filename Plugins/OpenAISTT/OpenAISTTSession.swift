import AgentSimCore

/// OpenAI speech-to-text as LiveKit 1.8.9's openai plugin drives it, on one of its two paths:
/// - batch (`use_realtime: false`, LiveKit's default for these models): a VAD cuts the user's track into segments, each
///   is posted to /v1/audio/transcriptions, and LiveKit's core emits one STTMetrics per request with the segment's
///   duration and no tokens, ignoring the response's `usage`;
/// - realtime (`use_realtime: true`): the whole track streams over the realtime transcription WebSocket, the server VAD
///   cuts it, and each `conversation.item.input_audio_transcription.completed` becomes one STTMetrics with its tokens
///   and the VAD segment's duration (audio_end_ms − audio_start_ms).
/// The bill is every segment's usage: audio and text tokens on the gpt-4o models, whole seconds on whisper-1.
struct OpenAISTTSession: STTSession {
    static let label = "livekit.plugins.openai.stt.STT"
    /// STT.provider: the OpenAI client's base URL host.
    static let provider = "api.openai.com"
    /// openai/stt.py `_max_session_duration`: after a completed transcription on a connection older than this, LiveKit
    /// drops the socket and opens a new one.
    static let maxSessionMicroseconds: Int64 = 600_000_000

    /// One stretch of the track the VAD cut: the speech with its padding before and its closing silence after.
    struct Segment: Equatable {
        /// 0 for the first segment the VAD cut, then 1, 2, … (the transcription request it becomes).
        var index: Int
        var turn: Int
        var itemID: String
        /// Session clock, microseconds.
        var start: Int64
        var end: Int64
        /// The realtime API's figures: milliseconds since the connection's audio began.
        var startMs: Int
        var endMs: Int
    }

    let model: String
    /// whisper-1 bills duration (`usage.type` "duration"); the gpt-4o models bill tokens.
    let billsDuration: Bool
    let options: OpenAISTTOptions
    let startTime: Double
    private var ids: SeededGenerator
    private var billed: ServiceBill

    /// When the user's track (and, on the realtime path, the current connection) began, and when it ended.
    private var trackStart: Int64?
    private var connectedAt: Int64 = 0
    private var closedAt: Int64?
    private var latest: Int64 = 0
    /// The end of the last segment: the next one's padding cannot reach before it (the buffer was committed).
    private var segmentFloor: Int64 = 0
    private var previousItemID: String?
    /// Segments cut so far.
    private var segmentsCut = 0
    /// Segments heard whose transcript has not come yet, by turn.
    private var pending: [Int: Segment] = [:]
    /// Segments transcribed, and their exact seconds (what LiveKit's audio_duration adds up).
    private(set) var segments = 0
    private(set) var segmentSeconds = 0.0

    /// - Parameters:
    ///   - model: the name the session reports (the scenario's, a dated snapshot included).
    ///   - family: the listed model whose rules it follows, when `model` is a snapshot of it.
    init(model: String, family: String? = nil, options: OpenAISTTOptions, seed: UInt64, startTime: Double) {
        self.model = model
        billsDuration = (family ?? model) == "whisper-1"
        self.options = options
        self.startTime = startTime
        ids = SeededGenerator(seed: seed, salt: "openai-stt")
        billed = ServiceBill(role: .stt, provider: "openai-stt", model: model)
    }

    var modelName: String { model }
    var bill: ServiceBill { billed }

    private var metadata: Metadata { Metadata(modelName: model, modelProvider: Self.provider) }

    // MARK: Events

    mutating func connect(_ event: STTConnect) -> [ProviderOutput] {
        guard trackStart == nil else { return [] }
        let t = Self.micro(event.time)
        trackStart = t
        latest = t
        segmentFloor = t
        guard options.useRealtime else { return [] }
        return [openConnection(at: t)]
    }

    mutating func hear(_ event: STTHeard) -> [ProviderOutput] {
        guard trackStart != nil, closedAt == nil else { return [] }
        let end = Self.micro(event.time)
        latest = max(latest, end)
        guard let turn = event.turn, !event.audio.isSilence else { return [] }
        let start = Self.micro(event.start)
        let segment = cut(turn: turn, speechStart: start, speechEnd: start + Self.micro(event.audio.seconds))
        pending[turn] = segment
        guard options.useRealtime else { return [] }
        // The server VAD: speech_started when the speech begins, speech_stopped and the commit once silence_duration_ms
        // of silence has followed it.
        let started = JSONValue.object([
            ("type", "input_audio_buffer.speech_started"), ("event_id", .string(eventID())),
            ("audio_start_ms", .int(segment.startMs)), ("item_id", .string(segment.itemID)),
        ])
        let stopped = JSONValue.object([
            ("type", "input_audio_buffer.speech_stopped"), ("event_id", .string(eventID())),
            ("audio_end_ms", .int(segment.endMs)), ("item_id", .string(segment.itemID)),
        ])
        let committed = JSONValue.object([
            ("type", "input_audio_buffer.committed"), ("event_id", .string(eventID())),
            ("previous_item_id", previousItemID.map { .string($0) } ?? .null), ("item_id", .string(segment.itemID)),
        ])
        previousItemID = segment.itemID
        return [
            output(start, segment, "input_audio_buffer.speech_started", started),
            output(segment.end, segment, "input_audio_buffer.speech_stopped", stopped),
            output(segment.end, segment, "input_audio_buffer.committed", committed),
        ]
    }

    mutating func transcribe(_ event: STTTranscript) -> [ProviderOutput] {
        guard trackStart != nil, closedAt == nil else { return [] }
        let segment =
            pending.removeValue(forKey: event.turn)
            ?? cut(turn: event.turn, speechStart: Self.micro(event.speechStart), speechEnd: Self.micro(event.speechEnd))
        // The transcript comes when the pipeline's timeline says, but never before the VAD closed the segment.
        let at = max(Self.micro(event.time), segment.end)
        latest = max(latest, at)
        let text = event.text ?? ""
        let outputTokens = event.textTokens ?? TextTokens.estimate(text)
        let seconds =
            options.useRealtime
            ? Double(segment.endMs - segment.startMs) / 1000 : Self.seconds(segment.end - segment.start)
        let audioTokens =
            billsDuration ? 0 : AudioTokenRates.tokens(seconds: seconds, perSecond: options.inputAudioTokensPerSecond)
        let textTokens = billsDuration ? 0 : options.promptTokens
        let billedSeconds = Self.wholeSecondsUp(seconds)

        segments += 1
        segmentSeconds = SessionClock.microseconds(segmentSeconds + seconds)
        if billsDuration {
            billed.audioSeconds = SessionClock.microseconds(billed.audioSeconds + Double(billedSeconds))
        } else {
            billed.audioSeconds = SessionClock.microseconds(billed.audioSeconds + seconds)
            billed.inputTokens += audioTokens + textTokens
            billed.outputTokens += outputTokens
        }
        let usage: JSONValue =
            billsDuration
            ? .object([("type", "duration"), ("seconds", .int(billedSeconds))])
            : .object([
                ("type", "tokens"), ("input_tokens", .int(audioTokens + textTokens)),
                (
                    "input_token_details",
                    .object([("text_tokens", .int(textTokens)), ("audio_tokens", .int(audioTokens))])
                ),
                ("output_tokens", .int(outputTokens)), ("total_tokens", .int(audioTokens + textTokens + outputTokens)),
            ])
        if options.useRealtime {
            return streamed(segment, text: text, usage: usage, seconds: seconds, at: at)
        }
        return batch(segment, text: text, usage: usage, seconds: seconds, at: at)
    }

    mutating func close(_ event: STTClose) -> [ProviderOutput] {
        guard trackStart != nil, closedAt == nil else { return [] }
        let t = Self.micro(event.time)
        closedAt = max(t, latest)
        return []
    }

    // MARK: The two paths

    /// Realtime: the item's deltas, its completed event with `usage`, and the STTMetrics LiveKit builds from it
    /// (RECOGNITION_USAGE: request_id "", tokens from usage, audio_duration from the VAD's timing).
    private mutating func streamed(
        _ segment: Segment, text: String, usage: JSONValue, seconds: Double, at: Int64
    ) -> [ProviderOutput] {
        var out: [ProviderOutput] = []
        // gpt-4o models stream the transcript a piece at a time (agentsim: a word per delta, spread from the commit to
        // the completed event); whisper-1's one delta holds the whole transcript.
        let pieces = billsDuration ? (text.isEmpty ? [] : [text]) : Self.words(text)
        for (k, piece) in pieces.enumerated() {
            let t = billsDuration ? at : segment.end + (at - segment.end) * Int64(k + 1) / Int64(pieces.count + 1)
            let delta = JSONValue.object([
                ("type", "conversation.item.input_audio_transcription.delta"), ("event_id", .string(eventID())),
                ("item_id", .string(segment.itemID)), ("content_index", 0), ("delta", .string(piece)),
            ])
            out.append(output(t, segment, "conversation.item.input_audio_transcription.delta", delta))
        }
        let completed = JSONValue.object([
            ("type", "conversation.item.input_audio_transcription.completed"), ("event_id", .string(eventID())),
            ("item_id", .string(segment.itemID)), ("content_index", 0), ("transcript", .string(text)), ("usage", usage),
        ])
        // LiveKit reads usage.get("input_tokens", 0) and ("output_tokens", 0) from the event as sent: the duration
        // shape gives 0 and 0.
        let sent = Self.usageRecord(completed).tokens
        let reported = (input: sent.input ?? 0, output: sent.output ?? 0)
        let metrics = STTMetrics(
            label: Self.label, requestId: "", timestamp: stamp(at), duration: 0,
            audioDuration: segment.endMs > segment.startMs ? seconds : 0, streamed: true,
            inputTokens: reported.input, outputTokens: reported.output, metadata: metadata)
        out.append(
            ProviderOutput(
                time: Self.seconds(at), turn: segment.turn,
                payload: ProviderPayload(
                    type: "conversation.item.input_audio_transcription.completed", json: completed),
                metrics: [.stt(metrics)], request: RequestRef(index: segment.index, id: segment.itemID),
                usage: Self.usageRecord(completed)))
        // recv_task: a connection older than _max_session_duration is dropped after a completed transcription and the
        // stream acquires a new one.
        if at - connectedAt > Self.maxSessionMicroseconds {
            out.append(openConnection(at: at))
        }
        return out
    }

    /// Batch: the /v1/audio/transcriptions response, and the STTMetrics LiveKit's `STT.recognize` emits for it (the
    /// segment's duration, the request's time, no tokens).
    private mutating func batch(
        _ segment: Segment, text: String, usage: JSONValue, seconds: Double, at: Int64
    ) -> [ProviderOutput] {
        billed.requests += 1
        let payload: ProviderPayload
        if billsDuration {
            // whisper-1: LiveKit asks for verbose_json. Its segments (Whisper's token ids, timings) are left out.
            payload = ProviderPayload(
                type: "TranscriptionVerbose",
                json: .object([
                    ("task", "transcribe"), ("language", "english"), ("duration", .double(seconds)),
                    ("text", .string(text)), ("usage", usage),
                ]))
        } else {
            payload = ProviderPayload(
                type: "Transcription", json: .object([("text", .string(text)), ("usage", usage)]))
        }
        let metrics = STTMetrics(
            label: Self.label, requestId: "", timestamp: stamp(at), duration: Self.seconds(at - segment.end),
            audioDuration: seconds, streamed: false, metadata: metadata)
        // The HTTP response names no id of its own.
        return [
            ProviderOutput(
                time: Self.seconds(at), turn: segment.turn, payload: payload, metrics: [.stt(metrics)],
                request: RequestRef(index: segment.index, id: nil), usage: Self.usageRecord(payload.json))
        ]
    }

    // MARK: Parts

    /// The segment the VAD cuts around one utterance.
    private mutating func cut(turn: Int, speechStart: Int64, speechEnd: Int64) -> Segment {
        let start = max(speechStart - Int64(options.prefixPaddingMs) * 1000, segmentFloor)
        let end = max(speechEnd, speechStart) + Int64(options.silenceDurationMs) * 1000
        segmentFloor = max(segmentFloor, end)
        let itemID = "item_" + ids.identifier(count: 22)
        segmentsCut += 1
        return Segment(
            index: segmentsCut - 1, turn: turn, itemID: itemID, start: start, end: end,
            startMs: Self.milliseconds(start - connectedAt), endMs: Self.milliseconds(end - connectedAt))
    }

    /// A new realtime WebSocket: LiveKit's zero-usage STTMetrics (`_report_connection_acquired`).
    private mutating func openConnection(at t: Int64) -> ProviderOutput {
        connectedAt = t
        segmentFloor = max(segmentFloor, t)
        previousItemID = nil
        billed.requests += 1
        let m = STTMetrics(
            label: Self.label, requestId: "", timestamp: stamp(t), duration: 0, audioDuration: 0, streamed: true,
            acquireTime: options.acquireTime, connectionReused: false, metadata: metadata)
        return ProviderOutput(time: Self.seconds(t), turn: nil, payload: nil, metrics: [.stt(m)])
    }

    /// One realtime event about `segment` (its item), with no metrics.
    private func output(_ t: Int64, _ segment: Segment, _ type: String, _ json: JSONValue) -> ProviderOutput {
        ProviderOutput(
            time: Self.seconds(t), turn: segment.turn, payload: ProviderPayload(type: type, json: json), metrics: [],
            request: RequestRef(index: segment.index, id: segment.itemID), usage: Self.usageRecord(json))
    }

    private mutating func eventID() -> String { "event_" + ids.identifier(count: 22) }

    private func stamp(_ t: Int64) -> Double { SessionClock.microseconds(startTime + Self.seconds(t)) }

    /// Seconds the user's track streamed (connect to close).
    var trackSeconds: Double {
        guard let trackStart else { return 0 }
        return Self.seconds((closedAt ?? latest) - trackStart)
    }

    /// The transcript as deltas: each word with the space before it.
    static func words(_ text: String) -> [String] {
        text.split(separator: " ", omittingEmptySubsequences: true).enumerated().map { k, w in
            k == 0 ? String(w) : " " + w
        }
    }

    /// whisper-1's billed seconds: the duration rounded up to a whole second (OpenAI's verbose_json example bills a
    /// duration of 8.47 s as `seconds: 9`).
    static func wholeSecondsUp(_ seconds: Double) -> Int {
        guard seconds > 0 else { return 0 }
        return Int((seconds - 1e-9).rounded(.up))
    }

    static func micro(_ t: Double) -> Int64 { Int64((t * 1_000_000).rounded()) }
    static func seconds(_ u: Int64) -> Double { Double(u) / 1_000_000 }
    static func milliseconds(_ u: Int64) -> Int { Int((Double(u) / 1000).rounded()) }
}

// MARK: - Explanations

extension OpenAISTTSession {
    /// One sentence per difference between OpenAI's bill and LiveKit's STTMetrics, from the options parsed at start.
    func explain(_ facts: ServiceFacts) -> [String] {
        var reportedSeconds = 0.0, reportedInput = 0, reportedOutput = 0
        for m in facts.metrics {
            guard case let .stt(s) = m else { continue }
            reportedSeconds += s.audioDuration
            reportedInput += s.inputTokens
            reportedOutput += s.outputTokens
        }
        reportedSeconds = SessionClock.microseconds(reportedSeconds)
        let bill = facts.bill
        let path =
            options.useRealtime
            ? "the realtime path" : "the batch path (use_realtime: false, LiveKit's default for \(model))"
        let count = segments == 1 ? "1 segment" : "\(segments) segments"
        var out: [String] = []
        if billsDuration {
            let missing = SessionClock.microseconds(bill.audioSeconds - reportedSeconds)
            if missing > 0.0005 {
                out.append(
                    "OpenAI billed \(Figures.number(bill.audioSeconds)) s on whisper-1 (\(count), each rounded up to a "
                        + "whole second) but LiveKit reported \(Figures.fixed(reportedSeconds, decimals: 2)) s of "
                        + "audio_duration on \(path), so \(Figures.fixed(missing, decimals: 2)) billed seconds are "
                        + "missing."
                )
            }
        } else if !options.useRealtime, bill.inputTokens > reportedInput || bill.outputTokens > reportedOutput {
            // The realtime path reports each completed item's usage as billed; only the batch path drops it.
            let prompt = options.promptTokens > 0 ? ", prompt_tokens \(options.promptTokens) per segment included," : ""
            out.append(
                "OpenAI billed \(bill.inputTokens) input tokens\(prompt) and \(bill.outputTokens) output tokens on "
                    + "\(model) but LiveKit's STTMetrics count \(reportedInput) and \(reportedOutput): \(path) reports "
                    + "only each request's audio_duration (\(Figures.fixed(reportedSeconds, decimals: 2)) s over "
                    + "\(count)) and ignores the usage in the response."
            )
        }
        let silence = SessionClock.microseconds(trackSeconds - segmentSeconds)
        if segments > 0, silence > 0.0005 {
            let vad = options.useRealtime ? "the server VAD" : "Silero VAD"
            out.append(
                "LiveKit's audio_duration adds up the \(count) \(vad) cut "
                    + "(\(Figures.fixed(segmentSeconds, decimals: 2)) s, \(options.prefixPaddingMs) ms of padding "
                    + "before and \(options.silenceDurationMs) ms of silence after each speech), not the "
                    + "\(Figures.fixed(trackSeconds, decimals: 2)) s of the user's track; OpenAI bills only the "
                    + "segments, so the other \(Figures.fixed(silence, decimals: 2)) s cost nothing, though a "
                    + "per-minute reading of the whole track would count them."
            )
        }
        return out
    }
}
