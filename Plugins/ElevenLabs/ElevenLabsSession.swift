import AgentSimCore

/// One ElevenLabs multi-context WebSocket as LiveKit 1.8.9's `SynthesizeStream` drives it: a context per segment, the
/// server's audio messages and final message, and the `TTSMetrics` LiveKit's core emits when a segment's final frame
/// arrives. ElevenLabs bills the characters it was sent, whether or not the segment was heard to the end.
struct ElevenLabsSession: TTSSession {
    static let label = "livekit.plugins.elevenlabs.tts.TTS"

    let model: String
    let options: ElevenLabsOptions
    /// Credits per character for this session (the knob, else the model's rate).
    let creditsPerCharacter: Double
    let startTime: Double
    private var ids: SeededGenerator
    /// When the socket last carried traffic: LiveKit prewarms it at session start.
    private var lastActivity = 0.0
    private var billed: ServiceBill
    /// Segments cut before their last frame, and their characters and delivered audio (LiveKit reports none of it).
    private(set) var unreportedSegments = 0
    private(set) var unreportedCharacters = 0
    private(set) var unreportedSeconds = 0.0

    init(model: String, modelRate: Double, options: ElevenLabsOptions, seed: UInt64, startTime: Double) {
        self.model = model
        self.options = options
        creditsPerCharacter = options.creditsPerCharacter ?? modelRate
        self.startTime = startTime
        ids = SeededGenerator(seed: seed, salt: "elevenlabs")
        billed = ServiceBill(role: .tts, provider: "elevenlabs", model: model)
    }

    var modelName: String { model }
    var bill: ServiceBill { billed }

    mutating func synthesize(_ segment: TTSSegment) -> [ProviderOutput] {
        let contextID = ids.hex(count: 12)
        let reused = segment.textAt - lastActivity < options.inactivityTimeout
        let sentences = SpeechText.sentences(segment.text)
        let plan = SpeechText.audioPlan(sentences, generatedMs: Int64((segment.generatedSeconds * 1000).rounded()),
                                  firstFrame: segment.firstFrameAt, lastFrame: segment.lastFrameAt)
        let cut = segment.cutBeforeLastFrame
        var outputs: [ProviderOutput] = []
        var deliveredMs: Int64 = 0
        for chunk in plan {
            if cut, let cutAt = segment.cutAt, chunk.time >= cutAt { break }
            deliveredMs += chunk.durationMs
            outputs.append(ProviderOutput(time: chunk.time, turn: segment.turn, payload: audioMessage(chunk, contextID: contextID), metrics: []))
        }
        billed.requests += 1
        billed.characters += segment.characters
        let end = cut ? (segment.cutAt ?? segment.lastFrameAt) : segment.lastFrameAt
        lastActivity = max(lastActivity, end)
        if cut {
            // LiveKit cancels the stream and unregisters the context: no final frame, so no TTSMetrics.
            let delivered = Double(deliveredMs) / 1000
            billed.audioSeconds = SessionClock.microseconds(billed.audioSeconds + delivered)
            unreportedSegments += 1
            unreportedCharacters += segment.characters
            unreportedSeconds = SessionClock.microseconds(unreportedSeconds + delivered)
            return outputs
        }
        billed.audioSeconds = SessionClock.microseconds(billed.audioSeconds + segment.generatedSeconds)
        let final = JSONValue.object([("isFinal", true), (options.contextIDField.rawValue, .string(contextID))])
        let metrics = TTSMetrics(
            label: Self.label, requestId: contextID, timestamp: SessionClock.microseconds(startTime + segment.lastFrameAt),
            ttfb: SessionClock.interval(from: segment.textAt, to: segment.firstFrameAt),
            duration: SessionClock.interval(from: segment.textAt, to: segment.lastFrameAt),
            audioDuration: segment.generatedSeconds, cancelled: false, charactersCount: segment.characters, streamed: true,
            acquireTime: reused ? 0 : options.acquireTime, connectionReused: reused, segmentId: contextID, speechId: segment.speechID,
            metadata: Metadata(modelName: model, modelProvider: "ElevenLabs"))
        outputs.append(ProviderOutput(
            time: segment.lastFrameAt, turn: segment.turn, payload: ProviderPayload(type: "isFinal", json: final), metrics: [.tts(metrics)]))
        return outputs
    }

    func explain(_ facts: ServiceFacts) -> [String] {
        var out: [String] = []
        let chars = facts.bill.characters
        if creditsPerCharacter != 1, chars > 0 {
            out.append(
                "ElevenLabs charges credits, not characters: \(Figures.number(creditsPerCharacter)) per character on \(model), so the \(chars) characters billed cost \(Figures.number(Double(chars) * creditsPerCharacter)) credits; LiveKit reports characters only.")
        }
        let reported = facts.metrics.reduce(0) { sum, m in
            if case let .tts(t) = m { return sum + t.charactersCount }
            return sum
        }
        if chars > reported {
            let segments = unreportedSegments == 1 ? "1 segment" : "\(unreportedSegments) segments"
            out.append(
                "ElevenLabs billed \(chars) characters but LiveKit's TTSMetrics count \(reported): \(segments) cut by a barge-in before the last frame (\(chars - reported) characters, \(Figures.fixed(unreportedSeconds, decimals: 2)) s of audio delivered) report nothing, since SynthesizeStream emits TTSMetrics only when a segment's final frame arrives, yet the text was sent and billed.")
        }
        return out
    }

    // MARK: Native messages

    typealias Chunk = SpeechChunk



    private func audioMessage(_ chunk: Chunk, contextID: String) -> ProviderPayload {
        let chars = chunk.text.unicodeScalars.map { String($0) }
        let n = Int64(chars.count)
        let starts = (0..<n).map { chunk.durationMs * $0 / n }
        let durations = (0..<n).map { chunk.durationMs * ($0 + 1) / n - chunk.durationMs * $0 / n }
        let alignment = JSONValue.object([
            ("charStartTimesMs", .array(starts.map { .int(Int($0)) })),
            ("charDurationsMs", .array(durations.map { .int(Int($0)) })),
            ("chars", .array(chars.map { .string($0) })),
        ])
        let bytes = Int(chunk.durationMs) * options.bytesPerSecond / 1000
        let placeholder = Base64.encode(Array("agentsim placeholder: \(bytes) bytes of \(options.outputFormat)".utf8))
        let json = JSONValue.object([
            ("audio", .string(placeholder)), ("normalizedAlignment", alignment), ("alignment", alignment),
            (options.contextIDField.rawValue, .string(contextID)),
        ])
        return ProviderPayload(type: "audio", json: json)
    }
}


