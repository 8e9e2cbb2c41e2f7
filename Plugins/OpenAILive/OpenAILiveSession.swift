import AgentSimCore

/// One GPT-Live session: cumulative voice seconds on the session timeline, reported in snapshots, and the backend
/// Responses model's token usage for delegated work, with the metrics LiveKit 1.8.9's GPTLiveSession builds.
struct OpenAILiveSession: RealtimeSession {
    /// LiveKit's label for its GPT-Live model (`type(self).__module__ + "." + __name__` of `GPTLiveModel`).
    static let label = "livekit.agents.llm._realtime.gpt_live.GPTLiveModel"

    /// One cumulative-seconds snapshot as the service sent it.
    struct Snapshot: Sendable, Equatable {
        var type: String
        var seconds: Double
        /// What LiveKit emitted for it: `max(0, seconds − previous)`.
        var delta: Double
    }

    /// One backend Responses run, as reported.
    struct BackendRun: Sendable, Equatable {
        var input: Int
        var cached: Int
        var output: Int
        var reasoning: Int
    }

    let model: String
    let options: OpenAILiveOptions
    let startTime: Double
    private var ids: SeededGenerator
    private var sessionID = ""
    private var instructionsTokens = 0
    /// Every transcript and tool item so far, as text tokens (the backend's conversation and the active context).
    private var conversationTokens = 0
    /// The previous backend input, for prefix caching.
    private var previousBackendInput: Int?
    /// A tool result is waiting for the continuation that answers it.
    private var continuationPending = false
    /// The delegation the current backend runs belong to.
    private var delegationID = ""
    /// The next multiple of `usage_update_interval` to report at.
    private var nextUpdate = 0.0
    private(set) var snapshots: [Snapshot] = []
    private(set) var backendRuns: [BackendRun] = []
    private(set) var toolCalls = 0
    private(set) var peakUsageRatio: Double?

    init(model: String, options: OpenAILiveOptions, seed: UInt64, startTime: Double) {
        self.model = model
        self.options = options
        self.startTime = startTime
        ids = SeededGenerator(seed: seed, salt: "openai-live")
        nextUpdate = options.usageUpdateInterval
    }

    var modelName: String { model }

    /// Billed by seconds, not audio tokens: no token rate applies, and the timeline runs through silence.
    var audioTokenRates: AudioTokenRates { AudioTokenRates(inputPerSecond: 0, outputPerSecond: 0, billsSilence: true) }

    private func textTokens(_ text: String, exact: Int?) -> Int {
        exact ?? TextTokens.estimate(text, charactersPerToken: options.charactersPerToken)
    }

    private var metadata: Metadata { Metadata(modelName: model, modelProvider: options.host) }

    /// The usage snapshots the service sends every `usage_update_interval` seconds, as the clock passes them.
    mutating func advance(_ input: RealtimeClock) -> [ProviderOutput] {
        options.usageUpdateInterval > 0 ? periodicUpdates(upTo: input.time) : []
    }

    mutating func start(_ input: RealtimeStart) -> [ProviderOutput] {
        sessionID = "sess_" + ids.identifier(count: 22)
        instructionsTokens = textTokens(input.instructions.text, exact: input.instructions.tokens)
        let payload = ProviderPayload(
            type: "session.started",
            json: .object([
                ("type", "session.started"), ("event_id", .string(eventID())),
                ("session", sessionResource),
            ]))
        return [
            ProviderOutput(
                time: input.time, turn: nil, payload: payload, metrics: [], role: .realtime, request: session,
                usage: Self.usageRecord(payload.json))
        ]
    }

    /// session.instructions.append: the startup instructions stay, the new ones are added.
    mutating func updateInstructions(_ input: RealtimeInstructions) -> [ProviderOutput] {
        instructionsTokens += textTokens(input.instructions.text, exact: input.instructions.tokens)
        return []
    }

    mutating func commit(_ input: RealtimeCommit) -> [ProviderOutput] {
        let audio = input.audio
        conversationTokens +=
            audio.textTokens ?? audio.text.map {
                TextTokens.estimate($0, charactersPerToken: options.charactersPerToken)
            } ?? 0
        return []
    }

    mutating func finishResponse(_ input: RealtimeResponseDone) -> [ProviderOutput] {
        var outputs: [ProviderOutput] = []
        switch input.done.content {
        case let .toolCall(call):
            toolCalls += 1
            let tokens =
                call.argumentsTokens ?? TextTokens.estimate(call.name, charactersPerToken: options.charactersPerToken)
                + TextTokens.estimate(call.arguments, charactersPerToken: options.charactersPerToken)
            if options.delegation == .responses {
                // The voice model delegates (session.delegation.created) and the backend answers with the call.
                delegationID = "deleg_" + ids.identifier(count: 22)
                outputs.append(backendResponse(output: tokens, turn: input.turn, at: input.time))
            }
            conversationTokens += tokens
        case let .speech(reply):
            let tokens = textTokens(reply.text, exact: reply.textTokens)
            if continuationPending {
                // The continuation's text is what the voice model speaks.
                outputs.append(backendResponse(output: tokens, turn: input.turn, at: input.time))
                continuationPending = false
            }
            conversationTokens += tokens
            if options.usageUpdateInterval == 0 {
                outputs.append(
                    snapshot(type: "session.usage.updated", seconds: input.time, turn: input.turn, at: input.time))
            }
        }
        return outputs
    }

    mutating func toolResult(_ input: RealtimeToolResult) -> [ProviderOutput] {
        let call = input.call
        conversationTokens +=
            call.resultTokens ?? TextTokens.estimate(call.result, charactersPerToken: options.charactersPerToken)
        continuationPending = options.delegation == .responses
        return []
    }

    /// `session.closed` with the session's whole length.
    mutating func end(_ input: RealtimeEnd) -> [ProviderOutput] {
        [snapshot(type: "session.closed", seconds: input.time, turn: nil, at: input.time)]
    }

    /// The session snapshot `session.started` and `session.closed` carry: the openai SDK's `live.SessionResource`
    /// (3.54 on) requires `id`, `expires_at`, `model` and `status` (always `active`, the final snapshot too). No
    /// session limit is published, so `expires_at` is 0, as OpenAI's Realtime GA sessions send it.
    private var sessionResource: JSONValue {
        .object([
            ("id", .string(sessionID)), ("model", .string(model)), ("expires_at", 0), ("status", "active"),
        ])
    }

    /// The request the session's own events answer: the session, under its id.
    private var session: RequestRef { RequestRef(index: 0, id: sessionID) }

    private mutating func eventID() -> String { "event_" + ids.identifier(count: 22) }

    /// session.usage.updated at every multiple of the interval up to `time`.
    private mutating func periodicUpdates(upTo time: Double) -> [ProviderOutput] {
        var out: [ProviderOutput] = []
        while nextUpdate <= time + 1e-9 {
            out.append(snapshot(type: "session.usage.updated", seconds: nextUpdate, turn: nil, at: nextUpdate))
            nextUpdate = Double(snapshots.count + 1) * options.usageUpdateInterval
        }
        return out
    }

    /// A cumulative snapshot (`session.usage.updated` or `session.closed`) and LiveKit's delta metrics for it.
    private mutating func snapshot(type: String, seconds raw: Double, turn: Int?, at time: Double) -> ProviderOutput {
        // The timeline is kept in whole milliseconds (every span on it is in ms).
        let seconds = (raw * 1000).rounded() / 1000
        let previous = snapshots.last?.seconds ?? 0
        let delta = max(0, seconds - previous)
        snapshots.append(Snapshot(type: type, seconds: seconds, delta: delta))
        var fields: [(String, JSONValue)] = [("type", .string(type)), ("event_id", .string(eventID()))]
        if type == "session.closed" {
            fields += [
                ("reason", .string(options.closeReason)),
                ("session", sessionResource),
            ]
        }
        fields.append(("usage", .object([("seconds", .double(seconds))])))
        if type == "session.usage.updated", let limit = options.contextWindowTokens {
            let ratio = (Double(instructionsTokens + conversationTokens) / Double(limit) * 10_000).rounded() / 10_000
            peakUsageRatio = max(peakUsageRatio ?? 0, ratio)
            fields.append(("context_window", .object([("usage_ratio", .double(ratio))])))
        }
        let metrics = RealtimeModelMetrics(
            label: Self.label, requestId: sessionID, timestamp: SessionClock.microseconds(startTime + time),
            duration: 0,
            sessionDuration: delta, ttft: -1, cancelled: false, inputTokens: 0, outputTokens: 0, totalTokens: 0,
            tokensPerSecond: 0,
            inputTokenDetails: .init(
                audioTokens: 0, textTokens: 0, imageTokens: 0, cachedTokens: 0, cachedTokensDetails: nil),
            outputTokenDetails: .init(textTokens: 0, audioTokens: 0, imageTokens: 0),
            metadata: metadata)
        let json = JSONValue.object(fields)
        return ProviderOutput(
            time: time, turn: turn, payload: ProviderPayload(type: type, json: json), metrics: [.realtime(metrics)],
            role: .realtime, request: session, usage: Self.usageRecord(json))
    }

    /// One backend run (`response.event` carrying `response.completed`) and the LLMMetrics LiveKit builds from it.
    private mutating func backendResponse(output: Int, turn: Int?, at time: Double) -> ProviderOutput {
        let input = options.backendInstructionsTokens + conversationTokens
        var cached = 0
        if options.backendCaching, let previous = previousBackendInput {
            let shared = min(previous, input)
            if shared >= options.cacheMinimumTokens {
                cached =
                    options.cacheMinimumTokens + (shared - options.cacheMinimumTokens) / options.cacheStepTokens
                    * options.cacheStepTokens
            }
        }
        previousBackendInput = input
        let reasoning = options.backendReasoningTokens
        let outputTokens = output + reasoning
        backendRuns.append(BackendRun(input: input, cached: cached, output: outputTokens, reasoning: reasoning))
        let responseID = "resp_" + ids.identifier(count: 22)
        let usage: JSONValue = .object([
            ("input_tokens", .int(input)),
            ("input_tokens_details", .object([("cached_tokens", .int(cached)), ("cache_write_tokens", 0)])),
            ("output_tokens", .int(outputTokens)),
            ("output_tokens_details", .object([("reasoning_tokens", .int(reasoning))])),
            ("total_tokens", .int(input + outputTokens)),
        ])
        let payload = ProviderPayload(
            type: "response.event",
            json: .object([
                ("type", "response.event"), ("event_id", .string(eventID())), ("delegation_id", .string(delegationID)),
                (
                    "event",
                    .object([
                        // The run's Responses stream: response.created (0), the output item's
                        // response.output_item.done (1, the call or the spoken text), response.completed (2).
                        ("type", "response.completed"), ("sequence_number", 2),
                        (
                            "response",
                            // A lifecycle snapshot (openai SDK 3.54 live.ResponseEvent: input omitted,
                            // instructions, tools and output cleared), with the fields the SDK's Response requires.
                            .object([
                                ("id", .string(responseID)), ("object", "response"),
                                ("created_at", .int(Int(startTime + time))), ("status", "completed"),
                                ("model", .string(options.backendModel)),
                                ("output", .array([])), ("parallel_tool_calls", true), ("tool_choice", "auto"),
                                ("tools", .array([])), ("usage", usage),
                            ])
                        ),
                    ])
                ),
            ]))
        // LiveKit reads the wrapped response.completed's usage: so are these figures, from the event as sent.
        let sent = Self.usageRecord(payload.json).tokens
        let metrics = LLMMetrics(
            label: Self.label, requestId: responseID, timestamp: SessionClock.microseconds(startTime + time),
            duration: 0, ttft: -1,
            cancelled: false, completionTokens: sent.output ?? 0, promptTokens: sent.input ?? 0,
            promptCachedTokens: sent.cacheRead ?? 0, cacheCreationTokens: 0,
            reasoningTokens: sent.reasoning ?? 0, totalTokens: sent.total ?? 0, tokensPerSecond: 0,
            metadata: Metadata(modelName: options.backendModel, modelProvider: options.host))
        return ProviderOutput(
            time: time, turn: turn, payload: payload, metrics: [.llm(metrics)], role: .realtime,
            request: RequestRef(index: backendRuns.count - 1, id: responseID), usage: Self.usageRecord(payload.json))
    }
}
