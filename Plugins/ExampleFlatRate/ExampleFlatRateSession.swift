import AgentSimCore

/// One session of the example model: the conversation it re-bills, in tokens, and the ids it draws.
struct ExampleFlatRateSession: RealtimeSession {
    static let label = "example.FlatRateModel"
    static let api = UsageRecord.API("Example flat rate")

    let model: String
    let options: ExampleFlatRateOptions
    let startTime: Double
    private var ids: SeededGenerator
    /// What the next response re-bills: the instructions' text tokens, the replies' transcripts and tool items (text),
    /// and the user's and agent's audio.
    private var instructions = 0
    private var said = 0
    private var userAudio = 0
    private var agentAudio = 0

    init(model: String, options: ExampleFlatRateOptions, seed: UInt64, startTime: Double) {
        self.model = model
        self.options = options
        self.startTime = startTime
        ids = SeededGenerator(seed: seed, salt: "example-flat-rate")
    }

    var modelName: String { model }

    var audioTokenRates: AudioTokenRates {
        AudioTokenRates(
            inputPerSecond: options.inputAudioTokensPerSecond, outputPerSecond: options.outputAudioTokensPerSecond,
            billsSilence: false)
    }

    private func text(_ text: String, exact: Int?) -> Int {
        exact ?? TextTokens.estimate(text, charactersPerToken: options.charactersPerToken)
    }

    // The inputs this model bills; every other input keeps the protocol's default (nothing reported).

    mutating func start(_ input: RealtimeStart) -> [ProviderOutput] {
        instructions = text(input.instructions.text, exact: input.instructions.tokens)
        return []
    }

    mutating func updateInstructions(_ input: RealtimeInstructions) -> [ProviderOutput] {
        instructions = text(input.instructions.text, exact: input.instructions.tokens)
        return []
    }

    mutating func commit(_ input: RealtimeCommit) -> [ProviderOutput] {
        userAudio += AudioTokenRates.tokens(seconds: input.audio.seconds, perSecond: options.inputAudioTokensPerSecond)
        return []
    }

    mutating func toolResult(_ input: RealtimeToolResult) -> [ProviderOutput] {
        said += text(input.call.result, exact: input.call.resultTokens)
        return []
    }

    mutating func finishResponse(_ input: RealtimeResponseDone) -> [ProviderOutput] {
        let inputText = instructions + said, inputAudio = userAudio + agentAudio
        let parts = InputPart.combined([
            InputPart(.instructions, instructions), InputPart(.agentTranscript, said), InputPart(.userAudio, userAudio),
            InputPart(.agentAudio, agentAudio),
        ])
        var outputText = 0, outputAudio = 0
        switch input.done.content {
        case let .speech(reply):
            outputText = text(reply.text, exact: reply.textTokens)
            outputAudio = AudioTokenRates.tokens(
                seconds: reply.generatedSeconds, perSecond: options.outputAudioTokensPerSecond)
        case let .toolCall(call):
            outputText = call.argumentsTokens ?? text(call.name, exact: nil) + text(call.arguments, exact: nil)
        }
        // What was said joins the conversation the next response re-bills.
        said += outputText
        agentAudio += outputAudio
        let id = "resp_" + ids.identifier(count: 16)
        let payload = JSONValue.object([
            ("type", "response.usage"), ("response_id", .string(id)),
            ("input_tokens", .int(inputText + inputAudio)), ("input_text_tokens", .int(inputText)),
            ("input_audio_tokens", .int(inputAudio)), ("output_tokens", .int(outputText + outputAudio)),
            ("output_text_tokens", .int(outputText)), ("output_audio_tokens", .int(outputAudio)),
        ])
        let done = input.done
        let duration = SessionClock.interval(from: done.start.createdAt, to: done.doneAt)
        let ttft = done.firstAudioAt.map { SessionClock.interval(from: done.start.createdAt, to: $0) } ?? -1
        return [
            ProviderOutput(
                time: input.time, turn: input.turn, payload: ProviderPayload(type: "response.usage", json: payload),
                metrics: [
                    .realtime(Self.metrics(payload, at: startTime + done.start.createdAt, duration, ttft, model))
                ],
                inputParts: parts,
                role: .realtime, request: RequestRef(index: done.start.index, id: id), usage: Self.usage(payload))
        ]
    }

    /// LiveKit's metrics, read off the usage message (so the two cannot drift).
    static func metrics(
        _ payload: JSONValue, at timestamp: Double, _ duration: Double, _ ttft: Double, _ model: String
    ) -> RealtimeModelMetrics {
        func int(_ key: String) -> Int { payload[key]?.intValue ?? 0 }
        return RealtimeModelMetrics(
            label: label, requestId: payload["response_id"]?.stringValue ?? "", timestamp: timestamp,
            duration: duration, ttft: ttft, cancelled: false, inputTokens: int("input_tokens"),
            outputTokens: int("output_tokens"), totalTokens: int("input_tokens") + int("output_tokens"),
            tokensPerSecond: duration > 0 ? Double(int("output_tokens")) / duration : 0,
            inputTokenDetails: .init(
                audioTokens: int("input_audio_tokens"), textTokens: int("input_text_tokens"), imageTokens: 0,
                cachedTokens: 0, cachedTokensDetails: nil),
            outputTokenDetails: .init(
                textTokens: int("output_text_tokens"), audioTokens: int("output_audio_tokens"), imageTokens: 0),
            metadata: Metadata(modelName: model, modelProvider: "example.invalid"))
    }

    /// The typed usage record views read, also read off the message.
    static func usage(_ payload: JSONValue) -> UsageRecord {
        UsageRecord(
            api: api, reading: .final,
            tokens: UsageRecord.Tokens(
                input: payload["input_tokens"]?.intValue, output: payload["output_tokens"]?.intValue,
                inputText: payload["input_text_tokens"]?.intValue, inputAudio: payload["input_audio_tokens"]?.intValue,
                outputText: payload["output_text_tokens"]?.intValue,
                outputAudio: payload["output_audio_tokens"]?.intValue),
            endsStream: true)
    }
}
