import AgentSimCore

/// One Cartesia TTS WebSocket as LiveKit 1.8.9's `SynthesizeStream` drives it through its connection pool: a context per
/// segment, the server's chunk, timestamps and done messages, and the `TTSMetrics` LiveKit's core emits when a
/// segment's final frame arrives. Cartesia bills the characters it was sent, whether or not the segment was heard.
struct CartesiaSession: TTSSession {
    static let label = "livekit.plugins.cartesia.tts.TTS"
    /// ConnectionPool(max_session_duration=300, mark_refreshed_on_get=True).
    static let maxSessionDuration = 300.0

    let model: String
    let options: CartesiaOptions
    let startTime: Double
    private var ids: SeededGenerator
    /// The pooled socket: prewarmed at session start, refreshed each time a segment takes it, removed when a segment is
    /// cancelled inside the pool's connection() block.
    private var pooled = true
    private var refreshedAt = 0.0
    private var billed: ServiceBill
    private(set) var unreportedSegments = 0
    private(set) var unreportedCharacters = 0
    private(set) var unreportedSeconds = 0.0

    init(model: String, options: CartesiaOptions, seed: UInt64, startTime: Double) {
        self.model = model
        self.options = options
        self.startTime = startTime
        ids = SeededGenerator(seed: seed, salt: "cartesia")
        billed = ServiceBill(role: .tts, provider: "cartesia", model: model)
    }

    var modelName: String { model }
    var bill: ServiceBill { billed }

    mutating func synthesize(_ segment: TTSSegment) -> [ProviderOutput] {
        // SynthesizeStream._run draws the emitter's request_id first, then the Cartesia context_id.
        let requestID = ids.hex(count: 12)
        let contextID = ids.hex(count: 12)
        let reused = pooled && segment.textAt - refreshedAt <= Self.maxSessionDuration
        refreshedAt = segment.textAt
        pooled = true
        let sentences = SpeechText.sentences(segment.text)
        let plan = SpeechText.audioPlan(sentences, generatedMs: Int64((segment.generatedSeconds * 1000).rounded()),
                                  firstFrame: segment.firstFrameAt, lastFrame: segment.lastFrameAt)
        let cut = segment.cutBeforeLastFrame
        var outputs: [ProviderOutput] = []
        var deliveredMs: Int64 = 0
        for chunk in plan {
            if cut, let cutAt = segment.cutAt, chunk.time >= cutAt { break }
            deliveredMs += chunk.durationMs
            outputs.append(ProviderOutput(time: chunk.time, turn: segment.turn, payload: chunkMessage(chunk, contextID: contextID), metrics: []))
            if options.wordTimestamps {
                outputs.append(ProviderOutput(time: chunk.time, turn: segment.turn, payload: timestampsMessage(chunk, contextID: contextID), metrics: []))
            }
        }
        billed.requests += 1
        billed.characters += segment.characters
        if cut {
            // The stream is cancelled inside the pool's connection() block: no done, no final frame, no TTSMetrics, and
            // the socket is removed from the pool.
            pooled = false
            let delivered = Double(deliveredMs) / 1000
            billed.audioSeconds = SessionClock.microseconds(billed.audioSeconds + delivered)
            unreportedSegments += 1
            unreportedCharacters += segment.characters
            unreportedSeconds = SessionClock.microseconds(unreportedSeconds + delivered)
            return outputs
        }
        billed.audioSeconds = SessionClock.microseconds(billed.audioSeconds + segment.generatedSeconds)
        let done = JSONValue.object([("type", "done"), ("done", true), ("status_code", .int(200)), ("context_id", .string(contextID))])
        let metrics = TTSMetrics(
            label: Self.label, requestId: requestID, timestamp: SessionClock.microseconds(startTime + segment.lastFrameAt),
            ttfb: SessionClock.interval(from: segment.textAt, to: segment.firstFrameAt),
            duration: SessionClock.interval(from: segment.textAt, to: segment.lastFrameAt),
            audioDuration: segment.generatedSeconds, cancelled: false, charactersCount: segment.characters, streamed: true,
            acquireTime: reused ? 0 : options.acquireTime, connectionReused: reused, segmentId: contextID, speechId: segment.speechID,
            metadata: Metadata(modelName: model, modelProvider: "Cartesia"))
        outputs.append(ProviderOutput(
            time: segment.lastFrameAt, turn: segment.turn, payload: ProviderPayload(type: "done", json: done), metrics: [.tts(metrics)]))
        return outputs
    }

    func explain(_ facts: ServiceFacts) -> [String] {
        var out: [String] = []
        let chars = facts.bill.characters
        if options.creditsPerCharacter != 1, chars > 0 {
            out.append(
                "Cartesia charges credits, not characters: \(Figures.number(options.creditsPerCharacter)) per character as configured, so the \(chars) characters billed cost \(Figures.number(Double(chars) * options.creditsPerCharacter)) credits; LiveKit reports characters only.")
        }
        let reported = facts.metrics.reduce(0) { sum, m in
            if case let .tts(t) = m { return sum + t.charactersCount }
            return sum
        }
        if chars > reported {
            let segments = unreportedSegments == 1 ? "1 segment" : "\(unreportedSegments) segments"
            out.append(
                "Cartesia billed \(chars) characters but LiveKit's TTSMetrics count \(reported): \(segments) cut by a barge-in before the last frame (\(chars - reported) characters, \(Figures.fixed(unreportedSeconds, decimals: 2)) s of audio delivered) \(unreportedSegments == 1 ? "reports" : "report") nothing, since SynthesizeStream emits TTSMetrics only when a segment's final frame arrives, yet the text was sent and billed.")
        }
        return out
    }

    // MARK: Native messages

    typealias Chunk = SpeechChunk


    private func chunkMessage(_ chunk: Chunk, contextID: String) -> ProviderPayload {
        let bytes = Int(chunk.durationMs) * options.bytesPerSecond / 1000
        let placeholder = Base64.encode(Array("agentsim placeholder: \(bytes) bytes of pcm_s16le at \(options.sampleRate) Hz".utf8))
        let json = JSONValue.object([
            ("type", "chunk"), ("data", .string(placeholder)), ("done", false), ("status_code", .int(206)), ("context_id", .string(contextID)),
        ])
        return ProviderPayload(type: "chunk", json: json)
    }

    /// The sentence's words, each starting after the characters before it (spaces excluded) and ending where the next
    /// starts, over the chunk's audio, in seconds to the millisecond, offset from the segment's start.
    private func timestampsMessage(_ chunk: Chunk, contextID: String) -> ProviderPayload {
        let words = chunk.text.split(whereSeparator: \.isWhitespace).map(String.init)
        let counts = words.map { Int64($0.unicodeScalars.count) }
        let total = max(counts.reduce(0, +), 1)
        var starts: [JSONValue] = [], ends: [JSONValue] = [], before: Int64 = 0
        for n in counts {
            starts.append(.double(Double(chunk.startMs + chunk.durationMs * before / total) / 1000))
            before += n
            ends.append(.double(Double(chunk.startMs + chunk.durationMs * before / total) / 1000))
        }
        let json = JSONValue.object([
            ("type", "timestamps"), ("done", false), ("status_code", .int(206)), ("context_id", .string(contextID)),
            ("word_timestamps", .object([("words", .array(words.map { .string($0) })), ("start", .array(starts)), ("end", .array(ends))])),
        ])
        return ProviderPayload(type: "timestamps", json: json)
    }
}

