import AgentSimCore

/// One Cartesia TTS WebSocket as LiveKit 1.8.9's `SynthesizeStream` drives it through its connection pool: a context
/// per segment, the server's chunk, timestamps and done messages, and the `TTSMetrics` LiveKit's core emits when a
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
    private var stream: SynthesizeStreamBill

    init(model: String, options: CartesiaOptions, seed: UInt64, startTime: Double) {
        self.model = model
        self.options = options
        self.startTime = startTime
        ids = SeededGenerator(seed: seed, salt: "cartesia")
        stream = SynthesizeStreamBill(provider: "cartesia", model: model)
    }

    var modelName: String { model }
    var bill: ServiceBill { stream.bill }

    mutating func synthesize(_ segment: TTSSegment) -> [ProviderOutput] {
        // SynthesizeStream._run draws the emitter's request_id first, then the Cartesia context_id.
        let requestID = ids.hex(count: 12)
        let contextID = ids.hex(count: 12)
        let reused = pooled && segment.textAt - refreshedAt <= Self.maxSessionDuration
        refreshedAt = segment.textAt
        pooled = true
        let options = options
        let answers = RequestRef(index: segment.index, id: contextID)
        let delivery = stream.deliver(segment, request: answers, usage: Self.usageRecord) { chunk in
            [Self.chunkMessage(chunk, contextID: contextID, options: options)]
                + (options.wordTimestamps ? [Self.timestampsMessage(chunk, contextID: contextID)] : [])
        }
        let delivered = delivery.outputs
        guard delivery.completed else {
            // The stream is cancelled inside the pool's connection() block: no done, no final frame, no TTSMetrics
            // (unlike ElevenLabs, the plugin never ends the segment on cancellation, flushed text or not), and the
            // socket is removed from the pool.
            pooled = false
            return delivered
        }
        let done = ProviderPayload(
            type: "done",
            json: .object([
                ("type", "done"), ("done", true), ("status_code", .int(200)), ("context_id", .string(contextID)),
            ]))
        let metrics = SynthesizeStreamBill.finalMetrics(
            segment, label: Self.label, requestID: requestID, segmentID: contextID, startTime: startTime,
            acquireTime: options.acquireTime, reused: reused, model: model, provider: "Cartesia")
        return delivered + [
            ProviderOutput(
                time: segment.lastFrameAt, turn: segment.turn, payload: done, metrics: [.tts(metrics)],
                request: answers, usage: Self.usageRecord(done))
        ]
    }

    func explain(_ facts: ServiceFacts) -> [String] {
        var out: [String] = []
        let chars = facts.bill.characters
        if options.creditsPerCharacter != 1, chars > 0 {
            out.append(
                "Cartesia charges credits, not characters: \(Figures.number(options.creditsPerCharacter)) per "
                    + "character as configured, so the \(chars) characters billed cost "
                    + "\(Figures.number(Double(chars) * options.creditsPerCharacter)) credits; LiveKit reports "
                    + "characters only."
            )
        }
        if let sentence = stream.unreportedSentence(facts, provider: "Cartesia") { out.append(sentence) }
        return out
    }

    // MARK: Native messages

    typealias Chunk = SpeechChunk

    private static func chunkMessage(_ chunk: Chunk, contextID: String, options: CartesiaOptions) -> ProviderPayload {
        let bytes = Int(chunk.durationMs) * options.bytesPerSecond / 1000
        let placeholder = Base64.encode(
            Array("agentsim placeholder: \(bytes) bytes of pcm_s16le at \(options.sampleRate) Hz".utf8))
        let json = JSONValue.object([
            ("type", "chunk"), ("data", .string(placeholder)), ("done", false), ("status_code", .int(206)),
            ("context_id", .string(contextID)),
        ])
        return ProviderPayload(type: "chunk", json: json)
    }

    /// The sentence's words, each starting after the characters before it (spaces excluded) and ending where the next
    /// starts, over the chunk's audio, in seconds to the millisecond, offset from the segment's start.
    private static func timestampsMessage(_ chunk: Chunk, contextID: String) -> ProviderPayload {
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
            (
                "word_timestamps",
                .object([
                    ("words", .array(words.map { .string($0) })), ("start", .array(starts)), ("end", .array(ends)),
                ])
            ),
        ])
        return ProviderPayload(type: "timestamps", json: json)
    }
}
