import AgentSimCore

/// OpenAI's /v1/audio/speech as LiveKit 1.8.9's ChunkedStream drives it: one request per segment text, its audio
/// (raw on tts-1 and tts-1-hd, SSE events on gpt-4o-mini-tts) and the `TTSMetrics` LiveKit's core emits when the
/// stream ends, whether it finished or was cut.
struct OpenAITTSSession: TTSSession {
    static let label = "livekit.plugins.openai.tts.TTS"
    /// TTS.provider: the OpenAI client's base URL host.
    static let provider = "api.openai.com"

    let model: String
    /// gpt-4o-mini-tts streams SSE with usage; tts-1 and tts-1-hd stream raw audio.
    let sse: Bool
    let options: OpenAITTSOptions
    let startTime: Double
    private var ids: SeededGenerator
    private var billed: ServiceBill
    /// Tokens billed on streams cut before their speech.audio.done (LiveKit reports 0 for them).
    private(set) var unreportedInputTokens = 0
    private(set) var unreportedOutputTokens = 0
    private(set) var cutSegments = 0

    init(model: String, sse: Bool, options: OpenAITTSOptions, seed: UInt64, startTime: Double) {
        self.model = model
        self.sse = sse
        self.options = options
        self.startTime = startTime
        ids = SeededGenerator(seed: seed, salt: "openai-tts")
        billed = ServiceBill(role: .tts, provider: "openai-tts", model: model)
    }

    var modelName: String { model }
    var bill: ServiceBill { billed }

    /// Audio output tokens for `seconds` of speech.
    func audioTokens(_ seconds: Double) -> Int { Int((seconds * options.audioTokensPerSecond).rounded()) }

    mutating func synthesize(_ segment: TTSSegment) -> [ProviderOutput] {
        let requestID = "req_" + ids.hex(count: 32)
        let plan = SpeechText.audioPlan(SpeechText.sentences(segment.text), generatedMs: Int64((segment.generatedSeconds * 1000).rounded()),
                                  firstFrame: segment.firstFrameAt, lastFrame: segment.lastFrameAt)
        let cut = segment.cutBeforeLastFrame
        let end = cut ? (segment.cutAt ?? segment.lastFrameAt) : segment.lastFrameAt
        var outputs: [ProviderOutput] = []
        var deliveredMs: Int64 = 0, chunks = 0
        for chunk in plan {
            if cut, chunk.time >= end { break }
            deliveredMs += chunk.durationMs
            chunks += 1
            if sse { outputs.append(ProviderOutput(time: chunk.time, turn: segment.turn, payload: delta(chunk), metrics: [])) }
        }
        let audio = cut ? Double(deliveredMs) / 1000 : segment.generatedSeconds
        let inputTokens = TextTokens.estimate(segment.text) + options.instructionsTokens
        let outputTokens = audioTokens(audio)
        billed.requests += 1
        billed.characters += segment.characters
        billed.audioSeconds = SessionClock.microseconds(billed.audioSeconds + audio)
        if sse {
            billed.inputTokens += inputTokens
            billed.outputTokens += outputTokens
        }
        var payload: ProviderPayload?
        var reported = (input: 0, output: 0)
        if cut {
            cutSegments += 1
            if sse {
                unreportedInputTokens += inputTokens
                unreportedOutputTokens += outputTokens
            }
        } else if sse {
            let usage = JSONValue.object([
                ("input_tokens", .int(inputTokens)), ("output_tokens", .int(outputTokens)), ("total_tokens", .int(inputTokens + outputTokens)),
            ])
            payload = ProviderPayload(type: "speech.audio.done", json: .object([("type", "speech.audio.done"), ("usage", usage)]))
            reported = (inputTokens, outputTokens)
        }
        let metrics = TTSMetrics(
            label: Self.label, requestId: requestID, timestamp: SessionClock.microseconds(startTime + end),
            ttfb: chunks > 0 ? SessionClock.interval(from: segment.textAt, to: segment.firstFrameAt) : -1,
            duration: SessionClock.interval(from: segment.textAt, to: end),
            audioDuration: audio, cancelled: cut, charactersCount: segment.characters,
            inputTokens: reported.input, outputTokens: reported.output, streamed: false, speechId: segment.speechID,
            metadata: Metadata(modelName: model, modelProvider: Self.provider))
        outputs.append(ProviderOutput(time: end, turn: segment.turn, payload: payload, metrics: [.tts(metrics)]))
        return outputs
    }

    func explain(_ facts: ServiceFacts) -> [String] {
        var out: [String] = []
        var reportedInput = 0, reportedOutput = 0
        for m in facts.metrics {
            if case let .tts(t) = m {
                reportedInput += t.inputTokens
                reportedOutput += t.outputTokens
            }
        }
        if sse {
            let input = facts.bill.inputTokens, output = facts.bill.outputTokens
            if input > reportedInput || output > reportedOutput {
                let segments = cutSegments == 1 ? "1 segment" : "\(cutSegments) segments"
                out.append(
                    "OpenAI billed \(input) input and \(output) output tokens on \(model) but LiveKit's TTSMetrics count \(reportedInput) and \(reportedOutput): \(segments) cut by a barge-in before speech.audio.done (\(input - reportedInput) input, \(output - reportedOutput) output tokens) \(cutSegments == 1 ? "reports" : "report") 0 tokens, since the usage comes only in that last event; \(cutSegments == 1 ? "its" : "their") characters are still counted.")
            }
        }
        return out
    }

    // MARK: Native messages

    typealias Chunk = SpeechChunk


    private func delta(_ chunk: Chunk) -> ProviderPayload {
        let placeholder = Base64.encode(Array("agentsim placeholder: \(chunk.durationMs) ms of \(options.responseFormat)".utf8))
        return ProviderPayload(type: "speech.audio.delta", json: .object([("type", "speech.audio.delta"), ("audio", .string(placeholder))]))
    }
}

