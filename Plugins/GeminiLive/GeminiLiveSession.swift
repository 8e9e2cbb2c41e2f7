import AgentSimCore

/// One Gemini Live session: the context the server re-bills every turn, the model profile's
/// accounting, the quirks switched on, and LiveKit's generation tracking.
struct GeminiLiveSession: RealtimeSession {
    /// LiveKit's label for its Gemini realtime model (`type(self).__module__ + "." + __name__`).
    static let label = "livekit.plugins.google.realtime.realtime_api.RealtimeModel"

    /// LiveKit's `_ResponseGeneration`, as far as metrics need it.
    struct Generation: Sendable {
        /// 0 for the session's first generation, then 1, 2, …
        var index: Int
        var id: String
        var createdAt: Double
        var firstAudioAt: Double?
    }

    let profile: GeminiLiveProfile
    /// The name the session reports (`metadata.model_name`): the one the scenario gave (a dated snapshot runs on its
    /// family's profile).
    let reportedModel: String
    let options: GeminiLiveOptions
    let startTime: Double
    private var generationIDs: SeededGenerator
    private var functionCallIDs: SeededGenerator

    /// Instructions' text tokens (replaced by an instructions update).
    private var instructionsTokens = 0
    /// Everything said since the session started, by modality: user items, replies, tool calls and results.
    private var conversation = ModalityCounts()
    /// The same, by source (for the report's charts).
    private var conversationParts: [InputPart] = []
    /// The previous prompt (its size and its reported entries), for implicit caching.
    private var previousPrompt: (total: Int, reported: ModalityCounts)?
    private var instructionsChanged = false
    /// A tool result arrived since the last response.
    private var toolResultPending = false
    /// LiveKit's current generation; nil until the first response starts.
    private var generation: Generation?
    /// Every response's own usage summed (what the session billed); the wire form under `usage_reporting: cumulative`.
    private(set) var billed = GeminiUsage()
    /// Spoken replies so far (each bills `thoughts_tokens`).
    private(set) var spokenReplies = 0
    /// The setup's prompt, when its usage arrived before any generation (LiveKit drops it).
    private(set) var droppedSetupPrompt: Int?

    init(
        profile: GeminiLiveProfile, options: GeminiLiveOptions, seed: UInt64, startTime: Double,
        reportedModel: String? = nil
    ) {
        self.profile = profile
        self.reportedModel = reportedModel ?? profile.name
        self.options = options
        self.startTime = startTime
        generationIDs = SeededGenerator(seed: seed, salt: "gemini-live/generation")
        functionCallIDs = SeededGenerator(seed: seed, salt: "gemini-live/function-call")
    }

    var modelName: String { reportedModel }

    /// Input at the documented rate, silence billed; output only where the model reports output AUDIO.
    var audioTokenRates: AudioTokenRates {
        AudioTokenRates(
            inputPerSecond: options.inputAudioTokensPerSecond,
            outputPerSecond: options.responseAudio ? options.outputAudioTokensPerSecond : 0,
            billsSilence: true)
    }

    private var isVertex: Bool { options.api == .vertex }

    private var metadata: Metadata {
        Metadata(modelName: reportedModel, modelProvider: isVertex ? "Vertex AI" : "Gemini")
    }

    private func textTokens(_ text: String, exact: Int?) -> Int {
        exact ?? TextTokens.estimate(text, charactersPerToken: options.charactersPerToken)
    }

    mutating func start(_ input: RealtimeStart) -> [ProviderOutput] {
        instructionsTokens = textTokens(input.instructions.text, exact: input.instructions.tokens)
        guard options.usageBeforeFirstResponse else { return [] }
        // The setup's prompt, reported before any generation exists: LiveKit drops it.
        var usage = GeminiUsage()
        (usage.prompt, usage.promptDetails) = prompt(responseIndex: 0)
        usage.serviceTier = options.serviceTier
        droppedSetupPrompt = usage.prompt
        return [message([("usageMetadata", usage.json(vertex: isVertex))], usage: usage, turn: nil, at: input.time)]
    }

    mutating func updateInstructions(_ input: RealtimeInstructions) -> [ProviderOutput] {
        instructionsTokens = textTokens(input.instructions.text, exact: input.instructions.tokens)
        instructionsChanged = true
        return []
    }

    /// Every stretch of the user's track joins the context, silence included (automatic activity detection streams
    /// it all).
    mutating func hear(_ input: RealtimeUserAudio) -> [ProviderOutput] {
        add(userAudio(input.audio), text: .userTranscript, audio: .userAudio)
        return []
    }

    /// The message that closes the user's turn (its input transcription, on by default in LiveKit) starts LiveKit's
    /// generation.
    mutating func startResponse(_ input: RealtimeResponseStart) -> [ProviderOutput] {
        generation = Generation(
            index: generation.map { $0.index + 1 } ?? 0, id: "GR_" + Self.hex(&generationIDs, count: 12),
            createdAt: input.response.createdAt)
        return []
    }

    mutating func responseAudio(_ input: RealtimeResponseAudio) -> [ProviderOutput] {
        if generation?.firstAudioAt == nil { generation?.firstAudioAt = input.time }
        return []
    }

    /// A barge-in changes nothing billed: generation outran playback, the whole reply was sent and stays in the
    /// context. A tool call is answered here too.
    mutating func finishResponse(_ input: RealtimeResponseDone) -> [ProviderOutput] {
        respond(input.done, turn: input.turn, at: input.time)
    }

    mutating func toolResult(_ input: RealtimeToolResult) -> [ProviderOutput] {
        let call = input.call
        add(
            ModalityCounts(
                text: call.resultTokens
                    ?? TextTokens.estimate(call.result, charactersPerToken: options.charactersPerToken)),
            text: .toolItems, audio: .toolItems)
        toolResultPending = true
        return []
    }

    // MARK: Accounting

    /// Adds `counts` to the context, remembering where they came from.
    private mutating func add(_ counts: ModalityCounts, text: InputPart.Source, audio: InputPart.Source) {
        conversation += counts
        conversationParts += [
            InputPart(text, counts.text), InputPart(audio, counts.audio),
            InputPart(.media, counts.image + counts.video + counts.document),
        ]
    }

    /// The prompt of any response by source: hidden overhead, instructions, the conversation, the media knobs.
    private var promptParts: [InputPart] {
        InputPart.combined(
            [InputPart(.hiddenOverhead, options.promptOverheadTokens), InputPart(.instructions, instructionsTokens)]
                + conversationParts
                + [InputPart(.media, options.imageTokens + options.videoTokens + options.documentTokens)])
    }

    /// What one stretch of the user's track adds to the context.
    private func userAudio(_ audio: UserAudio) -> ModalityCounts {
        switch options.userAudioInPrompt {
        case .audioTokens:
            return ModalityCounts(
                audio: AudioTokenRates.tokens(seconds: audio.seconds, perSecond: options.inputAudioTokensPerSecond))
        case .transcript:
            if audio.isSilence { return ModalityCounts() }
            if let exact = audio.textTokens { return ModalityCounts(text: exact) }
            if let text = audio.text {
                return ModalityCounts(text: TextTokens.estimate(text, charactersPerToken: options.charactersPerToken))
            }
            return ModalityCounts(
                text: AudioTokenRates.tokens(seconds: audio.seconds, perSecond: options.speechTextTokensPerSecond))
        }
    }

    /// The prompt of response `k`: promptTokenCount and the entries its details report.
    private func prompt(responseIndex k: Int) -> (total: Int, reported: ModalityCounts) {
        var content = conversation
        content.text += options.promptOverheadTokens + instructionsTokens
        content.image += options.imageTokens
        content.video += options.videoTokens
        content.document += options.documentTokens
        var details = content
        if profile.kind == .halfCascade {
            // Speech and text alike are labelled TEXT, but for an AUDIO entry equal to the response index.
            let spoken = content.text + content.audio
            details.audio = min(k, spoken)
            details.text = spoken - details.audio
        }
        return (content.total, details.scaled(by: options.labelledFraction))
    }

    /// The full usage of response `k`, whose own output is `response`; updates the cache state.
    private mutating func usage(responseIndex k: Int, response: ModalityCounts, thoughts: Int) -> GeminiUsage {
        var usage = GeminiUsage()
        (usage.prompt, usage.promptDetails) = prompt(responseIndex: k)
        usage.parts = promptParts
        usage.serviceTier = options.serviceTier
        if options.caching, let previous = previousPrompt, !instructionsChanged,
            previous.total >= options.cacheMinTokens, previous.total <= usage.prompt
        {
            usage.cached = previous.total
            if options.cacheTokensDetails {
                // The cached prefix holds no more of a modality than the prompt reports.
                let p = previous.reported, now = usage.promptDetails
                usage.cacheDetails = ModalityCounts(
                    text: min(p.text, now.text), audio: min(p.audio, now.audio), image: min(p.image, now.image),
                    video: min(p.video, now.video), document: min(p.document, now.document))
            }
        }
        previousPrompt = (usage.prompt, usage.promptDetails)
        instructionsChanged = false
        usage.response = response.total
        usage.responseDetails = response
        usage.thoughts = thoughts
        if toolResultPending, options.toolUsePromptTokens > 0 {
            usage.toolUsePrompt = options.toolUsePromptTokens
            usage.toolUsePromptDetails = ModalityCounts(text: options.toolUsePromptTokens)
        }
        toolResultPending = false
        return usage
    }

    // MARK: Messages

    private mutating func respond(_ done: ResponseDone, turn: Int?, at time: Double) -> [ProviderOutput] {
        let k = done.start.index
        var outputs: [ProviderOutput] = []
        var usage: GeminiUsage
        var carrier: [(String, JSONValue)]
        switch done.content {
        case let .speech(reply):
            var response = ModalityCounts()
            if options.responseText { response.text = textTokens(reply.text, exact: reply.textTokens) }
            if options.responseAudio {
                response.audio = AudioTokenRates.tokens(
                    seconds: reply.generatedSeconds, perSecond: options.outputAudioTokensPerSecond)
            }
            usage = self.usage(responseIndex: k, response: response, thoughts: options.thoughtsTokens)
            spokenReplies += 1
            // The reply re-enters the context as it was reported.
            add(response, text: .agentTranscript, audio: .agentAudio)
            carrier = [turnComplete]
        case let .toolCall(call):
            let tokens =
                call.argumentsTokens
                ?? TextTokens.estimate(call.name, charactersPerToken: options.charactersPerToken)
                + TextTokens.estimate(call.arguments, charactersPerToken: options.charactersPerToken)
            usage = self.usage(responseIndex: k, response: ModalityCounts(text: tokens), thoughts: 0)
            add(ModalityCounts(text: tokens), text: .toolItems, audio: .toolItems)
            let arguments: JSONValue
            if let parsed = try? JSONValue.parse(call.arguments), case .object = parsed {
                arguments = parsed
            } else {
                arguments = .object([])
            }
            let toolCall: [(String, JSONValue)] = [
                (
                    "toolCall",
                    .object([
                        (
                            "functionCalls",
                            .array([
                                .object([
                                    (
                                        "id",
                                        .string("function-call-\(functionCallIDs.next() % 10_000_000_000_000_000_000)")
                                    ),
                                    ("name", .string(call.name)), ("args", arguments),
                                ])
                            ])
                        )
                    ])
                )
            ]
            if options.usageOnToolCall {
                carrier = toolCall
            } else {
                outputs.append(message(toolCall, usage: nil, turn: turn, at: time))
                carrier = [turnComplete]
            }
        }
        billed = billed + usage
        // Under the cumulative reading the server sends the running total instead of the turn's own usage.
        if options.usageReporting == .cumulative { usage = billed }

        let wire = usage.json(vertex: isVertex)
        let reported = !options.usageMissing.contains(k)
        let standalone = reported && options.standaloneUsage.contains(k)
        if reported && !standalone { carrier.append(("usageMetadata", wire)) }
        outputs.append(message(carrier, usage: reported && !standalone ? usage : nil, turn: turn, at: time))
        if standalone { outputs.append(message([("usageMetadata", wire)], usage: usage, turn: turn, at: time)) }
        if reported && options.duplicateUsage.contains(k) {
            outputs.append(message([("usageMetadata", wire)], usage: usage, turn: turn, at: time))
        }
        return outputs
    }

    /// `serverContent` of the message that ends a model turn, with `interactionStatus` where the model sends it.
    private var turnComplete: (String, JSONValue) {
        var content: [(String, JSONValue)] = [("turnComplete", true)]
        if options.interactionStatus { content.append(("interactionStatus", "IDLE")) }
        return ("serverContent", .object(content))
    }

    /// One `LiveServerMessage`, and the metrics LiveKit builds if it carries usage.
    private func message(
        _ fields: [(String, JSONValue)], usage: GeminiUsage?, turn: Int?, at time: Double
    ) -> ProviderOutput {
        let payload = ProviderPayload(type: "LiveServerMessage", json: .object(fields))
        let answers = generation.map { RequestRef(index: $0.index, id: $0.id) }
        let record = Self.usageRecord(
            payload.json, vertex: isVertex, cumulative: options.usageReporting == .cumulative)
        guard usage != nil, let wire = payload.json["usageMetadata"], let generation else {
            // No usage, or usage before the first generation: LiveKit logs a warning and emits nothing.
            return ProviderOutput(
                time: time, turn: turn, payload: payload, metrics: [], role: .realtime, request: answers,
                usage: record)
        }
        return ProviderOutput(
            time: time, turn: turn, payload: payload,
            metrics: [.realtime(metrics(wire, generation: generation, at: time))], inputParts: usage?.parts ?? [],
            role: .realtime, request: answers, usage: record)
    }

    /// LiveKit's `_handle_usage_metadata`, ported: reads the message as google-genai parses it.
    private func metrics(_ wire: JSONValue, generation: Generation, at time: Double) -> RealtimeModelMetrics {
        let read = LiveKitGoogleReading.read(wire, vertex: isVertex)
        let duration = SessionClock.interval(from: generation.createdAt, to: time)
        let ttft: Double
        switch options.ttft {
        case .minusOne: ttft = -1
        case .firstAudio:
            ttft = generation.firstAudioAt.map { SessionClock.interval(from: generation.createdAt, to: $0) } ?? -1
        }
        return RealtimeModelMetrics(
            label: Self.label, requestId: generation.id,
            timestamp: SessionClock.microseconds(startTime + generation.createdAt), duration: duration,
            ttft: ttft, cancelled: false,
            inputTokens: read.promptTokenCount, outputTokens: read.responseTokenCount,
            totalTokens: read.totalTokenCount,
            tokensPerSecond: duration > 0 ? Double(read.responseTokenCount) / duration : 0,
            inputTokenDetails: .init(
                audioTokens: read.prompt.audioTokens, textTokens: read.prompt.textTokens,
                imageTokens: read.prompt.imageTokens,
                cachedTokens: read.cachedSum, cachedTokensDetails: read.cached),
            outputTokenDetails: .init(
                textTokens: read.response.textTokens, audioTokens: read.response.audioTokens,
                imageTokens: read.response.imageTokens),
            metadata: metadata)
    }

    /// `count` lowercase hex digits, like `uuid4().hex[:12]` in LiveKit's `shortuuid`.
    private static func hex(_ rng: inout SeededGenerator, count: Int) -> String {
        let digits = Array("0123456789abcdef")
        var out = ""
        var bits = rng.next(), left = 16
        for _ in 0..<count {
            if left == 0 { bits = rng.next(); left = 16 }
            out.append(digits[Int(bits & 0xF)])
            bits >>= 4
            left -= 1
        }
        return out
    }
}
