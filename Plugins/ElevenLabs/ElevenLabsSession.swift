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
    private var stream: SynthesizeStreamBill

    init(model: String, modelRate: Double, options: ElevenLabsOptions, seed: UInt64, startTime: Double) {
        self.model = model
        self.options = options
        creditsPerCharacter = options.creditsPerCharacter ?? modelRate
        self.startTime = startTime
        ids = SeededGenerator(seed: seed, salt: "elevenlabs")
        stream = SynthesizeStreamBill(provider: "elevenlabs", model: model)
    }

    var modelName: String { model }
    var bill: ServiceBill { stream.bill }

    mutating func synthesize(_ segment: TTSSegment) -> [ProviderOutput] {
        let contextID = ids.hex(count: 12)
        let reused = segment.textAt - lastActivity < options.inactivityTimeout
        let options = options
        let answers = RequestRef(index: segment.index, id: contextID)
        let delivery = stream.deliver(
            segment, request: answers, endsSegmentWhenCancelled: true, usage: Self.usageRecord
        ) {
            [Self.audioMessage($0, contextID: contextID, options: options)]
        }
        let delivered = delivery.outputs
        let end = delivery.completed ? segment.lastFrameAt : (segment.cutAt ?? segment.lastFrameAt)
        lastActivity = max(lastActivity, end)
        // Cut: LiveKit cancels the stream; the plugin's `_run` still ends the segment in its `finally`, so when the
        // text was flushed before the barge-in (the LLM's stream had ended) and audio had arrived, the held-back
        // tail goes out as the final frame and LiveKit emits TTSMetrics for the pending text; otherwise nothing.
        guard delivery.completed else {
            guard delivery.reportsCut, let cutAt = segment.cutAt else { return delivered }
            let metrics = SynthesizeStreamBill.cutMetrics(
                segment, deliveredSeconds: delivery.deliveredSeconds, label: Self.label, requestID: contextID,
                segmentID: contextID, startTime: startTime, acquireTime: options.acquireTime, reused: reused,
                model: model, provider: "ElevenLabs")
            return delivered + [
                ProviderOutput(
                    time: cutAt, turn: segment.turn, payload: nil, metrics: [.tts(metrics)], request: answers)
            ]
        }
        let final = ProviderPayload(
            type: "isFinal",
            json: .object([("isFinal", true), (options.contextIDField.rawValue, .string(contextID))]))
        let metrics = SynthesizeStreamBill.finalMetrics(
            segment, label: Self.label, requestID: contextID, segmentID: contextID, startTime: startTime,
            acquireTime: options.acquireTime, reused: reused, model: model, provider: "ElevenLabs")
        return delivered + [
            ProviderOutput(
                time: segment.lastFrameAt, turn: segment.turn, payload: final, metrics: [.tts(metrics)],
                request: answers, usage: Self.usageRecord(final))
        ]
    }

    func explain(_ facts: ServiceFacts) -> [String] {
        var out: [String] = []
        let chars = facts.bill.characters
        if creditsPerCharacter != 1, chars > 0 {
            out.append(
                "ElevenLabs charges credits, not characters: \(Figures.number(creditsPerCharacter)) per character on "
                    + "\(model), so the \(chars) characters billed cost "
                    + "\(Figures.number(Double(chars) * creditsPerCharacter)) credits; LiveKit reports characters only."
            )
        }
        if let sentence = stream.unreportedSentence(facts, provider: "ElevenLabs") { out.append(sentence) }
        return out
    }

    // MARK: Native messages

    typealias Chunk = SpeechChunk

    private static func audioMessage(_ chunk: Chunk, contextID: String, options: ElevenLabsOptions) -> ProviderPayload {
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
