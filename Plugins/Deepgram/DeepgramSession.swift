import AgentSimCore

/// One Deepgram streaming connection as LiveKit 1.8.9's plugin drives it: the audio it pushes in fixed chunks, the
/// PeriodicCollector that turns pushed audio into `RECOGNITION_USAGE` events (one `STTMetrics` each), Deepgram's own
/// messages, and the connection's lifetime, which is what Deepgram bills.
struct DeepgramSession: STTSession {
    let model: String
    let api: DeepgramAPI
    let options: DeepgramOptions
    let startTime: Double
    /// The Opus frame the user's track arrives in: a chunk is complete when the frame that fills it arrives.
    let frameMicroseconds: Int64
    private var ids: SeededGenerator

    /// Deepgram's id for the connection (`request_id` in its messages).
    private var deepgramRequestID = ""
    /// What LiveKit puts in `request_id`: stt.py learns it from the first Results message, stt_v2.py from any
    /// message that carries one (Connected is the first).
    private var livekitRequestID = ""
    private var sequenceID = 0

    private var connectedAt: Int64?
    private var closedAt: Int64?
    private var latest: Int64 = 0
    /// Audio waiting in the AudioByteStream for a whole chunk.
    private var buffered: Int64 = 0
    /// The collector's running total and its last flush.
    private var collected: Int64 = 0
    private var lastFlush: Int64 = 0
    /// Seconds already reported (stt.py's `_reported_duration`), in microseconds.
    private var reported: Int64 = 0
    private var turnIndex = 0

    /// - Parameters:
    ///   - model: the name the session reports (the scenario's, a dated snapshot included).
    ///   - family: the listed model whose API it uses, when `model` is a snapshot of it.
    init(
        model: String, family: String? = nil, options: DeepgramOptions, seed: UInt64, startTime: Double,
        frameMilliseconds: Int
    ) {
        self.model = model
        api = DeepgramAPI(model: family ?? model)
        self.options = options
        self.startTime = startTime
        frameMicroseconds = Int64(max(frameMilliseconds, 1)) * 1000
        ids = SeededGenerator(seed: seed, salt: "deepgram")
    }

    var modelName: String { model }

    private var metadata: Metadata { Metadata(modelName: model, modelProvider: "Deepgram") }

    // MARK: Events

    mutating func connect(_ event: STTConnect) -> [ProviderOutput] {
        let t = Micro.of(event.time)
        connectedAt = t
        latest = t
        lastFlush = t
        deepgramRequestID = ids.uuid()
        switch api {
        case .v1:
            // stt.py: `_report_connection_acquired` right after ws_connect returns.
            let m = STTMetrics(
                label: api.label, requestId: "", timestamp: stamp(t), duration: 0, audioDuration: 0, streamed: true,
                acquireTime: options.acquireTime, connectionReused: false, metadata: metadata)
            return [ProviderOutput(time: Micro.seconds(t), turn: nil, payload: nil, metrics: [.stt(m)])]
        case .flux:
            // stt_v2.py never calls `_report_connection_acquired`; Flux greets with Connected, and LiveKit takes its
            // request_id.
            livekitRequestID = deepgramRequestID
            let payload = JSONValue.object([
                ("type", "Connected"), ("request_id", .string(deepgramRequestID)),
                ("sequence_id", .int(nextSequence())),
            ])
            return [
                ProviderOutput(
                    time: Micro.seconds(t), turn: nil, payload: ProviderPayload(type: "Connected", json: payload),
                    metrics: [], request: connection, usage: Self.usageRecord(payload))
            ]
        }
    }

    mutating func hear(_ event: STTHeard) -> [ProviderOutput] {
        guard let connectedAt, closedAt == nil else { return [] }
        let start = max(Micro.of(event.start), connectedAt), end = Micro.of(event.time)
        latest = max(latest, end)
        var out: [ProviderOutput] = []
        if event.turn != nil, !event.audio.isSilence {
            out += speechStarted(at: start, turn: event.turn)
        }
        // Audio arrives frame by frame in real time; the AudioByteStream cuts it into chunks, and each chunk is pushed
        // to the collector when the frame that completes it arrives. The user's track is one stream of frames from the
        // connection's start, so frames end on one grid (every frame_ms from connect), whatever the stretches are.
        let content = Micro.of(event.audio.seconds)
        var consumed: Int64 = 0
        while consumed + (options.chunkMicroseconds - buffered) <= content {
            consumed += options.chunkMicroseconds - buffered
            buffered = 0
            let streamed = start + consumed - connectedAt
            let frames = (streamed + frameMicroseconds - 1) / frameMicroseconds
            let t = min(connectedAt + frames * frameMicroseconds, end)
            collected += options.chunkMicroseconds
            if t - lastFlush >= options.reportIntervalMicroseconds {
                out.append(flush(at: t, turn: event.turn))
            }
        }
        buffered += content - consumed
        return out
    }

    mutating func transcribe(_ event: STTTranscript) -> [ProviderOutput] {
        guard let connectedAt, closedAt == nil else { return [] }
        let t = Micro.of(event.time)
        latest = max(latest, t)
        let text = event.text ?? ""
        // Deepgram's clock is the audio stream's: seconds since the connection opened.
        let windowStart = Micro.of(event.speechStart) - connectedAt
        let windowLength = max(Micro.of(event.speechEnd) - Micro.of(event.speechStart), 0)
        let words = Self.words(text, from: windowStart, length: windowLength)
        switch api {
        case .v1:
            livekitRequestID = deepgramRequestID
            let wordsJSON = words.map { w in
                JSONValue.object([
                    ("word", .string(w.plain)), ("start", .double(Micro.seconds(w.start))),
                    ("end", .double(Micro.seconds(w.end))),
                    ("confidence", 1.0), ("punctuated_word", .string(w.text)),
                ])
            }
            let payload = JSONValue.object([
                ("type", "Results"), ("channel_index", [0, 1]),
                ("duration", .double(Micro.seconds(windowLength))), ("start", .double(Micro.seconds(windowStart))),
                ("is_final", true), ("speech_final", true),
                (
                    "channel",
                    .object([
                        (
                            "alternatives",
                            .array([
                                .object([
                                    ("transcript", .string(text)), ("confidence", 1.0), ("words", .array(wordsJSON)),
                                ])
                            ])
                        )
                    ])
                ),
                (
                    "metadata",
                    .object([("request_id", .string(deepgramRequestID)), ("model_uuid", .string(modelUUID))])
                ),
                ("from_finalize", false),
            ])
            return [
                ProviderOutput(
                    time: Micro.seconds(t), turn: event.turn, payload: ProviderPayload(type: "Results", json: payload),
                    metrics: [], request: connection, usage: Self.usageRecord(payload))
            ]
        case .flux:
            let wordsJSON = words.map { w in JSONValue.object([("word", .string(w.text)), ("confidence", 1.0)]) }
            let payload = JSONValue.object([
                ("type", "TurnInfo"), ("request_id", .string(deepgramRequestID)), ("sequence_id", .int(nextSequence())),
                ("event", "EndOfTurn"), ("turn_index", .int(turnIndex)),
                ("audio_window_start", .double(Micro.seconds(windowStart))),
                ("audio_window_end", .double(Micro.seconds(windowStart + windowLength))),
                ("transcript", .string(text)), ("words", .array(wordsJSON)), ("end_of_turn_confidence", 1.0),
            ])
            turnIndex += 1
            return [
                ProviderOutput(
                    time: Micro.seconds(t), turn: event.turn, payload: ProviderPayload(type: "TurnInfo", json: payload),
                    metrics: [], request: connection, usage: Self.usageRecord(payload))
            ]
        }
    }

    mutating func close(_ event: STTClose) -> [ProviderOutput] {
        guard let connectedAt, closedAt == nil else { return [] }
        let t = max(Micro.of(event.time), connectedAt)
        closedAt = t
        latest = max(latest, t)
        let lifetime = t - connectedAt
        var out: [ProviderOutput] = []
        if api == .v1 {
            // CloseStream → Deepgram's closing Metadata (stt.py ignores it: "metadata is too noisy").
            let payload = JSONValue.object([
                ("type", "Metadata"), ("transaction_key", "deprecated"), ("request_id", .string(deepgramRequestID)),
                ("sha256", .string(ids.hex(count: 64))),
                ("created", .string(Micro.iso8601(startTime + Micro.seconds(connectedAt)))),
                ("duration", .double(Micro.seconds(lifetime))), ("channels", 1),
            ])
            out.append(
                ProviderOutput(
                    time: Micro.seconds(t), turn: nil, payload: ProviderPayload(type: "Metadata", json: payload),
                    metrics: [], request: connection, usage: Self.usageRecord(payload)))
        }
        guard options.closeReport else { return out }
        // stt.py's finally: flush what the collector holds, then report lifetime − reported when positive.
        if collected > 0 { out.append(flush(at: t, turn: nil)) }
        let remainder = lifetime - reported
        if remainder > 0 {
            reported += remainder
            out.append(usage(remainder, at: t, turn: nil))
        }
        return out
    }

    var bill: ServiceBill {
        var b = ServiceBill(role: .stt, provider: "deepgram", model: model)
        guard let connectedAt else { return b }
        b.requests = 1
        b.audioSeconds = Micro.seconds((closedAt ?? latest) - connectedAt)
        return b
    }

    func explain(_ facts: ServiceFacts) -> [String] {
        let reportedSeconds = facts.metrics.reduce(0.0) { sum, m in
            if case let .stt(s) = m { return sum + s.audioDuration }
            return sum
        }
        let billed = facts.bill.audioSeconds
        let missing = SessionClock.microseconds(billed - reportedSeconds)
        var out: [String] = []
        if missing > 0.0005 {
            let step = Figures.number(Micro.seconds(options.reportIntervalMicroseconds))
            let cause: String
            switch api {
            case .flux:
                cause =
                    "LiveKit's Flux plugin (stt_v2.py) reports pushed audio in \(step)-second steps and never flushes "
                    + "the last partial step when the connection closes"
            case .v1 where !options.closeReport:
                cause =
                    "with close_report: false (LiveKit before 1.5.7, PR #5506) the plugin reports pushed audio in "
                    + "\(step)-second steps and loses the last partial step at close"
            case .v1:
                cause = "the close report did not cover it"
            }
            out.append(
                "Deepgram billed \(Figures.fixed(billed, decimals: 2)) s of WebSocket connection on \(model) but "
                    + "LiveKit reported \(Figures.fixed(reportedSeconds, decimals: 2)) s: \(cause), so "
                    + "\(Figures.fixed(missing, decimals: 2)) s are missing."
            )
        }
        return out
    }

    // MARK: Parts

    private mutating func speechStarted(at t: Int64, turn: Int?) -> [ProviderOutput] {
        guard let connectedAt else { return [] }
        switch api {
        case .v1:
            guard options.vadEvents else { return [] }
            let payload = JSONValue.object([
                ("type", "SpeechStarted"), ("channel", [0, 1]), ("timestamp", .double(Micro.seconds(t - connectedAt))),
            ])
            return [
                ProviderOutput(
                    time: Micro.seconds(t), turn: turn, payload: ProviderPayload(type: "SpeechStarted", json: payload),
                    metrics: [], request: connection, usage: Self.usageRecord(payload))
            ]
        case .flux:
            let payload = JSONValue.object([
                ("type", "TurnInfo"), ("request_id", .string(deepgramRequestID)), ("sequence_id", .int(nextSequence())),
                ("event", "StartOfTurn"), ("turn_index", .int(turnIndex)),
                ("audio_window_start", .double(Micro.seconds(t - connectedAt))),
                ("audio_window_end", .double(Micro.seconds(t - connectedAt))),
                ("transcript", ""), ("words", []), ("end_of_turn_confidence", 0.0),
            ])
            return [
                ProviderOutput(
                    time: Micro.seconds(t), turn: turn, payload: ProviderPayload(type: "TurnInfo", json: payload),
                    metrics: [], request: connection, usage: Self.usageRecord(payload))
            ]
        }
    }

    /// The collector's flush: its total becomes one usage event.
    private mutating func flush(at t: Int64, turn: Int?) -> ProviderOutput {
        let total = collected
        collected = 0
        lastFlush = t
        reported += total
        return usage(total, at: t, turn: turn)
    }

    /// One `RECOGNITION_USAGE` event, which LiveKit's metrics monitor turns into one STTMetrics.
    private func usage(_ duration: Int64, at t: Int64, turn: Int?) -> ProviderOutput {
        let m = STTMetrics(
            label: api.label, requestId: livekitRequestID, timestamp: stamp(t), duration: 0,
            audioDuration: Micro.seconds(duration),
            streamed: true, metadata: metadata)
        return ProviderOutput(time: Micro.seconds(t), turn: turn, payload: nil, metrics: [.stt(m)])
    }

    /// The request every message answers: the connection, under Deepgram's id for it.
    private var connection: RequestRef { RequestRef(index: 0, id: deepgramRequestID) }

    private func stamp(_ t: Int64) -> Double { SessionClock.microseconds(startTime + Micro.seconds(t)) }

    private mutating func nextSequence() -> Int {
        defer { sequenceID += 1 }
        return sequenceID
    }

    /// A stable id for the model in Results metadata, drawn from the seed and the model name.
    private var modelUUID: String {
        var g = SeededGenerator(seed: 0, salt: "deepgram-model:" + model)
        return g.uuid()
    }

    struct Word: Equatable {
        var text: String
        var plain: String
        var start: Int64
        var end: Int64
    }

    /// The transcript's words spread evenly over the speech window (the simulation knows no word timings).
    static func words(_ text: String, from start: Int64, length: Int64) -> [Word] {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
        guard !parts.isEmpty else { return [] }
        let n = Int64(parts.count)
        return parts.enumerated().map { i, word in
            let plain = String(word.lowercased().unicodeScalars.filter { !CharacterSetLite.isPunctuation($0) })
            return Word(
                text: word, plain: plain.isEmpty ? word.lowercased() : plain, start: start + Int64(i) * length / n,
                end: start + Int64(i + 1) * length / n)
        }
    }
}

/// Punctuation Deepgram strips from `word` (it keeps it in `punctuated_word`).
enum CharacterSetLite {
    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            return s != "'"
        default:
            return false
        }
    }
}

/// Session-clock arithmetic in whole microseconds, so the 5-second steps and the remainder add up exactly.
enum Micro {
    static func of(_ t: Double) -> Int64 { Int64((t * 1_000_000).rounded()) }
    static func seconds(_ u: Int64) -> Double { Double(u) / 1_000_000 }

    /// `2025-01-01T00:00:00.000Z` for Unix seconds (Deepgram's `created`).
    static func iso8601(_ unix: Double) -> String {
        let millis = Int64((unix * 1000).rounded(.down))
        var days = millis / 86_400_000
        var rest = millis % 86_400_000
        if rest < 0 { rest += 86_400_000; days -= 1 }
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func pad(_ v: Int64, _ w: Int) -> String {
            String(repeating: "0", count: max(0, w - String(v).count)) + String(v)
        }
        let h = rest / 3_600_000, mi = rest / 60_000 % 60, s = rest / 1000 % 60, ms = rest % 1000
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2)).\(pad(ms, 3))Z"
    }
}

extension SeededGenerator {
    /// A version-4 UUID (`xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`).
    mutating func uuid() -> String {
        let h = Array(hex(count: 32))
        var chars = h
        chars[12] = "4"
        chars[16] = Array("89ab")[Int(next() % 4)]
        let s = String(chars)
        func part(_ a: Int, _ b: Int) -> Substring {
            s[s.index(s.startIndex, offsetBy: a)..<s.index(s.startIndex, offsetBy: b)]
        }
        return "\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
    }
}
