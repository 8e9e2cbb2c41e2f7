import AgentSimCore

/// OpenAI's /v1/audio/speech as LiveKit 1.8.9's StreamAdapter drives it: one ChunkedStream per sentence of the
/// segment, its audio (raw on tts-1 and tts-1-hd, SSE events on gpt-4o-mini-tts) and the `TTSMetrics` LiveKit's
/// core emits when each stream ends, whether it finished or was cut; sentences after a barge-in are never sent.
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
    /// Requests cancelled by a barge-in before their last frame.
    private(set) var cutRequests = 0
    /// Sentences a barge-in left unrequested, and their characters.
    private(set) var unsentRequests = 0
    private(set) var unsentCharacters = 0

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

    /// One StreamAdapter request on the segment's timeline.
    struct Request {
        var text: String
        var chunk: SpeechChunk
        /// When it is sent, and when its stream ends (its last frame and, on gpt-4o-mini-tts, speech.audio.done).
        var sentAt: Double
        var endAt: Double
    }

    /// The requests LiveKit's StreamAdapter makes for `segment`: one per sentence token
    /// (`SpeechText.streamAdapterRequests`), each sent when the one before has ended, since StreamAdapterWrapper reads
    /// each ChunkedStream to its end before it synthesizes the next sentence (tts/stream_adapter.py l.169-190). The
    /// segment's audio is shared by the tokens' characters (`SpeechText.audioPlan`); request i's first frame is its
    /// chunk's arrival; its stream ends tts_ttfb (the segment's first frame − text) before the next chunk arrives, so
    /// the next request has the same latency, or when its own chunk arrives if that is later; the last one ends at
    /// the segment's last frame.
    static func requests(for segment: TTSSegment) -> [Request] {
        let texts = SpeechText.streamAdapterRequests(segment.text)
        let plan = SpeechText.audioPlan(
            texts, generatedMs: Int64((segment.generatedSeconds * 1000).rounded()),
            firstFrame: segment.firstFrameAt, lastFrame: segment.lastFrameAt)
        let latency = segment.firstFrameAt - segment.textAt
        var out: [Request] = []
        var sentAt = segment.textAt
        for (i, chunk) in plan.enumerated() {
            let endAt =
                i + 1 < plan.count
                ? SessionClock.microseconds(max(chunk.time, plan[i + 1].time - latency)) : segment.lastFrameAt
            out.append(Request(text: chunk.text, chunk: chunk, sentAt: sentAt, endAt: endAt))
            sentAt = endAt
        }
        return out
    }

    mutating func synthesize(_ segment: TTSSegment) -> [ProviderOutput] {
        let cutAt = segment.cutBeforeLastFrame ? segment.cutAt : nil
        var outputs: [ProviderOutput] = []
        for request in Self.requests(for: segment) {
            // A sentence the adapter had not yet requested when the barge-in closed it is never sent: no bill, no
            // metric.
            if let cutAt, request.sentAt >= cutAt {
                unsentRequests += 1
                unsentCharacters += request.text.unicodeScalars.count
                continue
            }
            outputs += send(request, segment: segment, cutAt: cutAt.flatMap { $0 < request.endAt ? $0 : nil })
        }
        return outputs
    }

    /// One ChunkedStream: its delta and speech.audio.done on gpt-4o-mini-tts, and the TTSMetrics LiveKit emits when it
    /// ends, at `cutAt` when a barge-in cancels it first.
    private mutating func send(_ request: Request, segment: TTSSegment, cutAt: Double?) -> [ProviderOutput] {
        let requestID = "req_" + ids.hex(count: 32)
        let answers = RequestRef(index: billed.requests, id: requestID)
        let characters = request.text.unicodeScalars.count
        let end = cutAt ?? request.endAt
        // The frames pushed before the cut: the chunk, if it arrived.
        let received = cutAt.map { request.chunk.time < $0 } ?? true
        var outputs: [ProviderOutput] = []
        if sse, received {
            let message = delta(request.chunk)
            outputs.append(
                ProviderOutput(
                    time: request.chunk.time, turn: segment.turn, payload: message, metrics: [], request: answers,
                    usage: Self.usageRecord(message)))
        }
        let audio = received ? Double(request.chunk.durationMs) / 1000 : 0
        let inputTokens = TextTokens.estimate(request.text) + options.instructionsTokens
        let outputTokens = audioTokens(audio)
        billed.requests += 1
        billed.characters += characters
        billed.audioSeconds = SessionClock.microseconds(billed.audioSeconds + audio)
        if sse {
            billed.inputTokens += inputTokens
            billed.outputTokens += outputTokens
        }
        var payload: ProviderPayload?
        var reported = (input: 0, output: 0)
        if cutAt != nil {
            cutRequests += 1
            if sse {
                unreportedInputTokens += inputTokens
                unreportedOutputTokens += outputTokens
            }
        } else if sse {
            let usage = JSONValue.object([
                ("input_tokens", .int(inputTokens)), ("output_tokens", .int(outputTokens)),
                ("total_tokens", .int(inputTokens + outputTokens)),
            ])
            let done = ProviderPayload(
                type: "speech.audio.done", json: .object([("type", "speech.audio.done"), ("usage", usage)]))
            payload = done
            // LiveKit reads speech.audio.done's usage: so are these figures, from the event as sent.
            let sent = Self.usageRecord(done).tokens
            reported = (sent.input ?? 0, sent.output ?? 0)
        }
        let metrics = TTSMetrics(
            label: Self.label, requestId: requestID, timestamp: SessionClock.microseconds(startTime + end),
            ttfb: received ? SessionClock.interval(from: request.sentAt, to: request.chunk.time) : -1,
            duration: SessionClock.interval(from: request.sentAt, to: end),
            audioDuration: audio, cancelled: cutAt != nil, charactersCount: characters,
            inputTokens: reported.input, outputTokens: reported.output, streamed: false, speechId: segment.speechID,
            metadata: Metadata(modelName: model, modelProvider: Self.provider))
        outputs.append(
            ProviderOutput(
                time: end, turn: segment.turn, payload: payload, metrics: [.tts(metrics)], request: answers,
                usage: payload.map(Self.usageRecord)))
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
                let requests = cutRequests == 1 ? "1 request" : "\(cutRequests) requests"
                out.append(
                    "OpenAI billed \(input) input and \(output) output tokens on \(model) but LiveKit's TTSMetrics "
                        + "count \(reportedInput) and \(reportedOutput): \(requests) cut by a barge-in before "
                        + "speech.audio.done (\(input - reportedInput) input, \(output - reportedOutput) output "
                        + "tokens) \(cutRequests == 1 ? "reports" : "report") 0 tokens, since the usage comes only in "
                        + "that last event; \(cutRequests == 1 ? "its" : "their") characters are still counted."
                )
            }
        }
        if unsentRequests > 0 {
            let sentences = unsentRequests == 1 ? "1 sentence" : "\(unsentRequests) sentences"
            out.append(
                "LiveKit's StreamAdapter sends one request per sentence, each after the one before has finished: "
                    + "\(sentences) (\(unsentCharacters) characters) not yet requested at a barge-in "
                    + "\(unsentRequests == 1 ? "was" : "were") never sent, so neither OpenAI's bill nor LiveKit's "
                    + "TTSMetrics count \(unsentRequests == 1 ? "it" : "them")."
            )
        }
        return out
    }

    // MARK: Native messages

    private func delta(_ chunk: SpeechChunk) -> ProviderPayload {
        let placeholder = Base64.encode(
            Array("agentsim placeholder: \(chunk.durationMs) ms of \(options.responseFormat)".utf8))
        return ProviderPayload(
            type: "speech.audio.delta",
            json: .object([("type", "speech.audio.delta"), ("audio", .string(placeholder))]))
    }
}
