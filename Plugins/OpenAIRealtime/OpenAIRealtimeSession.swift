import AgentSimCore

/// One OpenAI Realtime session: the context it re-bills, its prefix cache, pending transcriptions.
struct OpenAIRealtimeSession: RealtimeSession {
    /// LiveKit 1.2.18's label for its OpenAI realtime model (`type(self).__module__ + "." + __name__`).
    static let label = "livekit.plugins.openai.realtime.realtime_model.RealtimeModel"

    /// The model's profile (its family, for a dated snapshot).
    let model: String
    /// The name the session reports (`metadata.model_name`): the one the scenario gave.
    let reportedModel: String
    let options: OpenAIRealtimeOptions
    let startTime: Double
    private var ids: SeededGenerator
    private var context: RealtimeContext
    private var pendingTranscriptions: [(turn: Int?, audio: UserAudio)] = []
    private var conversationID = ""
    /// The context item each spoken reply left, by response index (for a later truncation).
    private var replyItems: [Int: Int] = [:]
    /// What the organisation's cache holds from earlier sessions, as this session uses it: the scenario's
    /// `earlier_sessions` or the run's order, whichever says more; nothing under `cache_scope: session`.
    let warmth: OpenAIRealtimeOptions.EarlierSessions
    /// What this session billed, for its explanations.
    private(set) var tally = Tally()

    struct Tally: Sendable {
        var discarded = 0
        var discardedInput = 0
        var discardedCached = 0
        var discardedAudio = 0
        var reasoning = 0
        var responses = 0
        var specialTokens = 0
        var firstCached = 0
        var firstInput = 0
        var largestContext = 0
        var droppedItems = 0
        var transcriptions = 0
        var transcriptionTokens = 0
        var transcriptionSeconds = 0.0
    }

    init(
        model: String, options: OpenAIRealtimeOptions, seed: UInt64, startTime: Double,
        organisation: OrganisationHistory = .none, reportedModel: String? = nil
    ) {
        self.model = model
        self.reportedModel = reportedModel ?? model
        self.options = options
        self.startTime = startTime
        ids = SeededGenerator(seed: seed, salt: "openai-realtime")
        context = RealtimeContext(instructionsTokens: 0)
        let fromRun: OpenAIRealtimeOptions.EarlierSessions =
            organisation.sameConversation
            ? .sameConversation : organisation.sameInstructions ? .sameInstructions : .none
        let strongest = [options.earlierSessions, fromRun].max { Self.rank($0) < Self.rank($1) } ?? .none
        warmth = options.cacheScope == .session ? .none : strongest
    }

    private static func rank(_ e: OpenAIRealtimeOptions.EarlierSessions) -> Int {
        switch e {
        case .none: return 0
        case .sameInstructions: return 1
        case .sameConversation: return 2
        }
    }

    var modelName: String { reportedModel }

    var audioTokenRates: AudioTokenRates {
        AudioTokenRates(
            inputPerSecond: options.inputAudioTokensPerSecond, outputPerSecond: options.outputAudioTokensPerSecond,
            billsSilence: false)
    }

    private var metadata: Metadata { Metadata(modelName: reportedModel, modelProvider: options.host) }

    private func textTokens(_ text: String, exact: Int?) -> Int {
        exact ?? TextTokens.estimate(text, charactersPerToken: options.charactersPerToken)
    }

    mutating func start(_ input: RealtimeStart) -> [ProviderOutput] {
        conversationID = "conv_" + ids.identifier(count: 22)
        let tokens = textTokens(input.instructions.text, exact: input.instructions.tokens)
        context = RealtimeContext(
            instructionsTokens: tokens + options.itemOverheadTokens, overhead: options.itemOverheadTokens)
        context.warm(instructions: warmth != .none, everything: warmth == .sameConversation)
        return options.connectionEvent ? [connectionAcquired(at: input.time)] : []
    }

    mutating func updateInstructions(_ input: RealtimeInstructions) -> [ProviderOutput] {
        context.replaceInstructions(
            tokens: textTokens(input.instructions.text, exact: input.instructions.tokens) + options.itemOverheadTokens,
            overhead: options.itemOverheadTokens)
        return []
    }

    /// The committed utterance becomes one input_audio item (silence is not sent under server VAD, so `hear` bills
    /// nothing by itself).
    mutating func commit(_ input: RealtimeCommit) -> [ProviderOutput] {
        let audio = input.audio
        let tokens = AudioTokenRates.tokens(seconds: audio.seconds, perSecond: options.inputAudioTokensPerSecond)
        context.append(
            textTokens: options.itemOverheadTokens, audioTokens: tokens, overhead: options.itemOverheadTokens)
        guard options.transcription != nil else { return [] }
        if options.transcriptionTiming == .beforeResponse {
            return [transcription(of: audio, turn: input.turn, at: input.time)]
        }
        pendingTranscriptions.append((input.turn, audio))
        return []
    }

    mutating func finishResponse(_ input: RealtimeResponseDone) -> [ProviderOutput] {
        let done = input.done
        var outputs = [respond(done, turn: input.turn, at: input.time)]
        if done.interrupted {
            for _ in 0..<options.discardedPerInterruption {
                outputs.append(discard(turn: input.turn, at: input.time))
            }
        }
        outputs += flushTranscriptions(at: input.time)
        return outputs
    }

    /// `conversation.item.truncate` on a reply whose response was already done: the item keeps the audio heard and
    /// loses its transcript, as a reply cut while it was running does.
    mutating func truncate(_ input: RealtimeTruncation) -> [ProviderOutput] {
        guard let item = replyItems[input.responseIndex] else { return [] }
        let played = AudioTokenRates.tokens(seconds: input.playedSeconds, perSecond: options.outputAudioTokensPerSecond)
        context.replace(
            item: item, textTokens: options.itemOverheadTokens, audioTokens: played,
            overhead: options.itemOverheadTokens, audioSource: .agentAudio)
        return []
    }

    mutating func toolResult(_ input: RealtimeToolResult) -> [ProviderOutput] {
        let call = input.call
        let tokens =
            call.resultTokens ?? TextTokens.estimate(call.result, charactersPerToken: options.charactersPerToken)
        context.append(
            textTokens: tokens + options.itemOverheadTokens, audioTokens: 0, overhead: options.itemOverheadTokens,
            textSource: .toolItems)
        return []
    }

    mutating func end(_ input: RealtimeEnd) -> [ProviderOutput] {
        flushTranscriptions(at: input.time)
    }

    private mutating func flushTranscriptions(at time: Double) -> [ProviderOutput] {
        let pending = pendingTranscriptions
        pendingTranscriptions = []
        return pending.map { transcription(of: $0.audio, turn: $0.turn, at: time) }
    }

    // MARK: Responses

    /// Truncates (when on) and bills one request over the current context, keeping the session's tally.
    private mutating func bill() -> RealtimeContext.Usage {
        if options.truncation { context.truncate(to: options.truncationThreshold) }
        let input = context.bill(
            caching: options.caching, minimum: options.cacheMinimumTokens, step: options.cacheStepTokens)
        if tally.responses + tally.discarded == 0 {
            (tally.firstInput, tally.firstCached) = (input.total, input.cached)
        }
        tally.specialTokens += input.parts.filter { $0.source == .specialTokens }.reduce(0) { $0 + $1.tokens }
        tally.largestContext = max(tally.largestContext, input.total)
        tally.droppedItems = context.droppedItems
        return input
    }

    private mutating func respond(_ done: ResponseDone, turn: Int?, at time: Double) -> ProviderOutput {
        let input = bill()
        tally.responses += 1
        let reasoning = options.reasoningTokensPerResponse
        tally.reasoning += reasoning
        let responseID = "resp_" + ids.identifier(count: 22)
        let itemID = "item_" + ids.identifier(count: 22)
        let eventID = "event_" + ids.identifier(count: 22)

        var outputText = 0, outputAudio = 0
        var item: JSONValue
        switch done.content {
        case let .speech(reply):
            outputText = textTokens(reply.text, exact: reply.textTokens)
            let billedSeconds =
                reply.interruptedAfter != nil && options.interruptedBilling == .played
                ? reply.playedSeconds : reply.generatedSeconds
            outputAudio = AudioTokenRates.tokens(seconds: billedSeconds, perSecond: options.outputAudioTokensPerSecond)
            // What stays in the context: the whole reply, or after a barge-in the played audio only
            // (conversation.item.truncate also deletes the transcript the user did not hear).
            if reply.interruptedAfter != nil {
                let played = AudioTokenRates.tokens(
                    seconds: reply.playedSeconds, perSecond: options.outputAudioTokensPerSecond)
                replyItems[done.start.index] = context.append(
                    textTokens: options.itemOverheadTokens, audioTokens: played, overhead: options.itemOverheadTokens,
                    audioSource: .agentAudio)
            } else {
                replyItems[done.start.index] = context.append(
                    textTokens: outputText + options.itemOverheadTokens, audioTokens: outputAudio,
                    overhead: options.itemOverheadTokens,
                    textSource: .agentTranscript, audioSource: .agentAudio)
            }
            item = .object([
                ("id", .string(itemID)), ("type", "message"), ("object", "realtime.item"),
                ("status", .string(done.interrupted ? "incomplete" : "completed")), ("role", "assistant"),
                (
                    "content",
                    .array([
                        .object([
                            ("type", .string(options.schema == .ga ? "output_audio" : "audio")),
                            ("transcript", .string(reply.text)),
                        ])
                    ])
                ),
            ])
        case let .toolCall(call):
            outputText =
                call.argumentsTokens ?? TextTokens.estimate(call.name, charactersPerToken: options.charactersPerToken)
                + TextTokens.estimate(call.arguments, charactersPerToken: options.charactersPerToken)
            context.append(
                textTokens: outputText + options.itemOverheadTokens, audioTokens: 0,
                overhead: options.itemOverheadTokens, textSource: .toolItems)
            item = .object([
                ("id", .string(itemID)), ("type", "function_call"), ("object", "realtime.item"),
                ("status", "completed"),
                ("name", .string(call.name)), ("call_id", .string("call_" + ids.identifier(count: 16))),
                ("arguments", .string(call.arguments)),
            ])
        }

        // Reasoning is billed inside the output text tokens (the usage has no field of its own) and is not kept in
        // the context: what the context keeps was appended above from the transcript alone.
        outputText += reasoning
        let cancelled = done.interrupted
        let usage = usagePayload(input: input, outputText: outputText, outputAudio: outputAudio)
        var response: [(String, JSONValue)] = [
            ("object", "realtime.response"), ("id", .string(responseID)),
            ("status", .string(cancelled ? "cancelled" : "completed")),
            ("status_details", cancelled ? .object([("type", "cancelled"), ("reason", "turn_detected")]) : .null),
            ("output", .array([item])),
        ]
        if options.schema == .ga {
            response += [("conversation_id", .string(conversationID)), ("output_modalities", ["audio"])]
        } else {
            response += [("conversation_id", .string(conversationID)), ("modalities", ["audio", "text"])]
        }
        response += [("usage", usage), ("metadata", .null)]
        let payload = JSONValue.object([
            ("type", "response.done"), ("event_id", .string(eventID)), ("response", .object(response)),
        ])

        let duration = SessionClock.interval(from: done.start.createdAt, to: done.doneAt)
        let metrics = Self.livekitMetrics(
            fromResponseDone: payload, timestamp: SessionClock.microseconds(startTime + done.start.createdAt),
            duration: duration,
            ttft: done.firstAudioAt.map { SessionClock.interval(from: done.start.createdAt, to: $0) } ?? -1,
            metadata: metadata)
        return ProviderOutput(
            time: time, turn: turn, payload: ProviderPayload(type: "response.done", json: payload),
            metrics: [.realtime(metrics)], inputParts: input.parts, role: .realtime,
            request: RequestRef(index: tally.responses + tally.discarded - 1, id: responseID),
            usage: Self.usageRecord(payload))
    }

    /// The `RealtimeModelMetrics` LiveKit's plugin builds from a `response.done` (livekit-agents 1.8.9
    /// `llm/_realtime/openai.py`, `_handle_response_done`): every figure read from the payload's `usage`, a missing
    /// one 0 (`usage.get(…, 0)`; a beta payload has no `cached_tokens_details`, so LiveKit's are zeros), `cancelled`
    /// from the response's status, the request id from its id. Reading the payload, not the session's own tallies,
    /// keeps the two from drifting apart.
    static func livekitMetrics(
        fromResponseDone payload: JSONValue, timestamp: Double, duration: Double, ttft: Double, metadata: Metadata
    ) -> RealtimeModelMetrics {
        let response = payload["response"]
        let usage = response?["usage"]
        func int(_ value: JSONValue?) -> Int { value?.intValue ?? 0 }
        let inputDetails = usage?["input_token_details"], cachedDetails = inputDetails?["cached_tokens_details"]
        let outputDetails = usage?["output_token_details"]
        let outputTokens = int(usage?["output_tokens"])
        return RealtimeModelMetrics(
            label: label, requestId: response?["id"]?.stringValue ?? "", timestamp: timestamp, duration: duration,
            ttft: ttft,
            cancelled: response?["status"]?.stringValue == "cancelled",
            inputTokens: int(usage?["input_tokens"]), outputTokens: outputTokens,
            totalTokens: int(usage?["total_tokens"]),
            tokensPerSecond: duration > 0 ? Double(outputTokens) / duration : 0,
            inputTokenDetails: .init(
                audioTokens: int(inputDetails?["audio_tokens"]), textTokens: int(inputDetails?["text_tokens"]),
                imageTokens: int(inputDetails?["image_tokens"]), cachedTokens: int(inputDetails?["cached_tokens"]),
                cachedTokensDetails: .init(
                    audioTokens: int(cachedDetails?["audio_tokens"]), textTokens: int(cachedDetails?["text_tokens"]),
                    imageTokens: int(cachedDetails?["image_tokens"]))),
            outputTokenDetails: .init(
                textTokens: int(outputDetails?["text_tokens"]), audioTokens: int(outputDetails?["audio_tokens"]),
                imageTokens: int(outputDetails?["image_tokens"])),
            metadata: metadata)
    }

    /// A response the server created after LiveKit had given up on it (interrupted or timed out before its
    /// `response.created`): LiveKit cancels it by id on creation, so it bills the whole context and no output, and its
    /// `response.done` reaches no metrics (livekit-agents 1.8.9, PR #6244).
    private mutating func discard(turn: Int?, at time: Double) -> ProviderOutput {
        let input = bill()
        tally.discarded += 1
        tally.discardedInput += input.total
        tally.discardedCached += input.cached
        tally.discardedAudio += input.audio
        let responseID = "resp_" + ids.identifier(count: 22)
        let eventID = "event_" + ids.identifier(count: 22)
        let clientEventID = "response_create_" + ids.identifier(count: 12)
        var response: [(String, JSONValue)] = [
            ("object", "realtime.response"), ("id", .string(responseID)), ("status", "cancelled"),
            ("status_details", .object([("type", "cancelled"), ("reason", "client_cancelled")])),
            ("output", .array([])),
            ("conversation_id", .string(conversationID)),
        ]
        response.append(options.schema == .ga ? ("output_modalities", ["audio"]) : ("modalities", ["audio", "text"]))
        response += [
            ("usage", usagePayload(input: input, outputText: 0, outputAudio: 0)),
            ("metadata", .object([("client_event_id", .string(clientEventID))])),
        ]
        let payload = JSONValue.object([
            ("type", "response.done"), ("event_id", .string(eventID)), ("response", .object(response)),
        ])
        return ProviderOutput(
            time: time, turn: turn, payload: ProviderPayload(type: "response.done", json: payload), metrics: [],
            inputParts: input.parts, role: .realtime,
            request: RequestRef(index: tally.responses + tally.discarded - 1, id: responseID),
            usage: Self.usageRecord(payload))
    }

    /// `response.usage` exactly as the API sends it (GA or beta field set, in the API's order).
    private func usagePayload(input: RealtimeContext.Usage, outputText: Int, outputAudio: Int) -> JSONValue {
        var inputDetails: [(String, JSONValue)] = [
            ("text_tokens", .int(input.text)), ("audio_tokens", .int(input.audio)),
        ]
        if options.schema == .ga { inputDetails.append(("image_tokens", 0)) }
        inputDetails.append(("cached_tokens", .int(input.cached)))
        if options.schema == .ga {
            inputDetails.append(
                (
                    "cached_tokens_details",
                    .object([
                        ("text_tokens", .int(input.cachedText)), ("audio_tokens", .int(input.cachedAudio)),
                        ("image_tokens", 0),
                    ])
                ))
        }
        let outputTokens = outputText + outputAudio
        return .object([
            ("total_tokens", .int(input.total + outputTokens)), ("input_tokens", .int(input.total)),
            ("output_tokens", .int(outputTokens)),
            ("input_token_details", .object(inputDetails)),
            (
                "output_token_details",
                .object([("text_tokens", .int(outputText)), ("audio_tokens", .int(outputAudio))])
            ),
        ])
    }

    // MARK: LiveKit's own events

    /// The zero-usage event LiveKit 1.8.9 emits when the realtime connection is acquired.
    private func connectionAcquired(at time: Double) -> ProviderOutput {
        let metrics = RealtimeModelMetrics(
            label: Self.label, requestId: "", timestamp: SessionClock.microseconds(startTime + time), duration: 0,
            ttft: -1, cancelled: false,
            inputTokens: 0, outputTokens: 0, totalTokens: 0, tokensPerSecond: 0,
            inputTokenDetails: .init(
                audioTokens: 0, textTokens: 0, imageTokens: 0, cachedTokens: 0, cachedTokensDetails: nil),
            outputTokenDetails: .init(textTokens: 0, audioTokens: 0, imageTokens: 0),
            metadata: metadata)
        return ProviderOutput(time: time, turn: nil, payload: nil, metrics: [.realtime(metrics)], role: .realtime)
    }

    /// `conversation.item.input_audio_transcription.completed` and the STTMetrics LiveKit builds from its usage.
    private mutating func transcription(of audio: UserAudio, turn: Int?, at time: Double) -> ProviderOutput {
        let transcriptionModel = options.transcription ?? .whisper1
        let eventID = "event_" + ids.identifier(count: 22)
        let itemID = "item_" + ids.identifier(count: 22)
        let transcript = audio.text ?? ""
        let usage: JSONValue
        let metrics: STTMetrics
        let meta = Metadata(modelName: transcriptionModel.rawValue, modelProvider: options.host)
        tally.transcriptions += 1
        tally.transcriptionSeconds += audio.seconds
        if transcriptionModel.reportsDuration {
            usage = .object([("type", "duration"), ("seconds", .double(audio.seconds))])
            metrics = STTMetrics(
                label: Self.label, requestId: eventID, timestamp: SessionClock.microseconds(startTime + time),
                duration: 0, audioDuration: audio.seconds,
                streamed: true, metadata: meta)
        } else {
            let audioTokens = AudioTokenRates.tokens(
                seconds: audio.seconds, perSecond: options.inputAudioTokensPerSecond)
            let outputTokens = textTokens(transcript, exact: audio.textTokens)
            tally.transcriptionTokens += audioTokens + outputTokens
            usage = .object([
                ("type", "tokens"), ("input_tokens", .int(audioTokens)), ("output_tokens", .int(outputTokens)),
                ("total_tokens", .int(audioTokens + outputTokens)),
                ("input_token_details", .object([("text_tokens", 0), ("audio_tokens", .int(audioTokens))])),
            ])
            metrics = STTMetrics(
                label: Self.label, requestId: eventID, timestamp: SessionClock.microseconds(startTime + time),
                duration: 0, audioDuration: 0,
                streamed: true, inputTokens: audioTokens, outputTokens: outputTokens,
                totalTokens: audioTokens + outputTokens,
                inputAudioTokens: audioTokens, metadata: meta)
        }
        let payload = JSONValue.object([
            ("type", "conversation.item.input_audio_transcription.completed"), ("event_id", .string(eventID)),
            ("item_id", .string(itemID)), ("content_index", 0), ("transcript", .string(transcript)), ("usage", usage),
        ])
        return ProviderOutput(
            time: time, turn: turn,
            payload: ProviderPayload(type: "conversation.item.input_audio_transcription.completed", json: payload),
            metrics: [.stt(metrics)], role: .realtime,
            request: RequestRef(index: tally.transcriptions - 1, id: itemID), usage: Self.usageRecord(payload))
    }
}
