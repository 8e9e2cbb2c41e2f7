import AgentSimCore
import AgentSimJSON
import LiveKitMetrics

/// Anthropic Messages as a pipeline LLM: one streamed `messages.create` per request, its prompt cache across the
/// session, and the `LLMMetrics` LiveKit's anthropic plugin builds from the stream.
struct AnthropicSession: LLMSession {
    /// `type(self).__module__ + "." + type(self).__name__` of LiveKit's `livekit.plugins.anthropic.LLM`.
    static let label = "livekit.plugins.anthropic.llm.LLM"

    /// What one request billed and what LiveKit reported for it, for `explain`.
    struct Record: Sendable, Equatable {
        var cut: Bool
        /// LiveKit emitted an `LLMMetrics` (a stream cut before its first chunk emits none).
        var reported: Bool
        var cache: CacheUse
        var billedOutput: Int
        var reportedCompletion: Int
        /// Tokens before the last breakpoint when that prefix was too short to cache (0 otherwise).
        var uncacheablePrefix: Int
    }

    let model: AnthropicModel
    /// The name the session reports (`metadata.model_name`, the bill): the one the scenario gave (a dated snapshot
    /// runs on its family's profile).
    let reportedModel: String
    let options: AnthropicOptions
    let startTime: Double
    private var ids: SeededGenerator
    private var cache = PromptCache()
    private(set) var bill: ServiceBill
    private(set) var records: [Record] = []

    init(
        model: AnthropicModel, options: AnthropicOptions, seed: UInt64, startTime: Double, reportedModel: String? = nil
    ) {
        self.model = model
        self.reportedModel = reportedModel ?? model.name
        self.options = options
        self.startTime = startTime
        ids = SeededGenerator(seed: seed, salt: "anthropic")
        bill = ServiceBill(role: .llm, provider: "anthropic", model: self.reportedModel)
    }

    var modelName: String { reportedModel }

    private var metadata: Metadata { Metadata(modelName: reportedModel, modelProvider: options.host) }

    mutating func complete(_ request: LLMRequest) -> [ProviderOutput] {
        let layout = PromptLayout(context: request.context, model: model, options: options)
        let use = cache.use(
            layout, at: request.sentAt, minimum: options.minimumCacheableTokens, ttl: options.ttl.seconds)
        let messageID = "msg_01" + ids.identifier(count: 22)
        let toolID = "toolu_01" + ids.identifier(count: 22)

        // The stream: token k (from 1) at firstTokenAt + (k − 1) / tokensPerSecond; a cut keeps the tokens that
        // arrived by then and loses everything after (content_block_stop, message_delta, message_stop).
        let generated = request.cutAt.map { request.tokensGenerated(by: $0) } ?? request.replyTokens
        let finalOutput = max(request.replyTokens, options.startOutputTokens)
        let turn = request.turn
        let answers = RequestRef(index: request.index, id: messageID)
        var outputs: [ProviderOutput] = []
        func emit(_ time: Double, _ type: String, _ pairs: [(String, JSONValue)]) {
            let json = JSONValue.object([("type", .string(type))] + pairs)
            outputs.append(
                ProviderOutput(
                    time: time, turn: turn, payload: ProviderPayload(type: type, json: json), metrics: [],
                    request: answers, usage: Self.usageRecord(json)))
        }
        func tokenTime(_ k: Int) -> Double {
            SessionClock.microseconds(request.firstTokenAt + Double(k - 1) / request.tokensPerSecond)
        }

        let arrived = request.cutAt.map { request.firstTokenAt <= $0 } ?? true
        if arrived {
            emit(request.firstTokenAt, "message_start", [("message", startMessage(id: messageID, use: use))])
        }
        let pieces: [Unicode.Scalar]
        let isTool: Bool
        switch request.reply {
        case let .text(text, _):
            isTool = false
            pieces = Array(text.unicodeScalars)
            if arrived {
                emit(
                    request.firstTokenAt, "content_block_start",
                    [
                        ("index", .int(0)),
                        ("content_block", .object([("type", .string("text")), ("text", .string(""))])),
                    ])
            }
        case let .toolCall(call):
            isTool = true
            pieces = Array(call.arguments.unicodeScalars)
            if arrived {
                emit(
                    request.firstTokenAt, "content_block_start",
                    [
                        ("index", .int(0)),
                        (
                            "content_block",
                            .object([
                                ("type", .string("tool_use")), ("id", .string(toolID)), ("name", .string(call.name)),
                                ("input", .object([])),
                            ])
                        ),
                    ])
            }
        }
        if arrived { emit(request.firstTokenAt, "ping", []) }
        // LiveKit turns a text delta into a chat chunk at once; a tool call only at its content_block_stop.
        var firstChunkAt: Double?
        for tokens in Self.groups(generated, of: request.replyTokens) {
            let piece = Self.piece(pieces, tokens: tokens, of: request.replyTokens)
            guard !piece.isEmpty else { continue }
            let delta: JSONValue =
                isTool
                ? .object([("type", .string("input_json_delta")), ("partial_json", .string(piece))])
                : .object([("type", .string("text_delta")), ("text", .string(piece))])
            emit(tokenTime(tokens.upperBound), "content_block_delta", [("index", .int(0)), ("delta", delta)])
            if !isTool, firstChunkAt == nil { firstChunkAt = tokenTime(tokens.upperBound) }
        }

        let endsAt = request.endsAt
        let duration = SessionClock.interval(from: request.sentAt, to: endsAt)
        var completion = 0
        if !request.isCut {
            emit(endsAt, "content_block_stop", [("index", .int(0))])
            if isTool { firstChunkAt = endsAt }
            emit(
                endsAt, "message_delta",
                [
                    (
                        "delta",
                        .object([("stop_reason", .string(isTool ? "tool_use" : "end_turn")), ("stop_sequence", .null)])
                    ),
                    ("usage", .object([("output_tokens", .int(finalOutput))])),
                ])
            emit(endsAt, "message_stop", [])
        }
        // What LiveKit's plugin reads from the stream as sent: message_start's usage and message_delta's.
        let readings = outputs.compactMap(\.usage).filter(\.hasUsage)
        let start = readings.first { $0.reading == .partial }?.tokens ?? UsageRecord.Tokens()
        let final = readings.last { $0.reading == .final }?.tokens ?? UsageRecord.Tokens()
        if !request.isCut {
            // llm.py l.354-370 and l.386-393: start output_tokens plus message_delta's cumulative output_tokens.
            completion = (start.output ?? 0) + (final.output ?? 0)
        }

        // LiveKit's monitor (llm/llm.py l.401-452): no chunk at all, no metrics; no usage chunk, zeros and cancelled.
        if let firstChunkAt {
            let read = request.isCut ? 0 : start.cacheRead ?? 0, write = request.isCut ? 0 : start.cacheWrite ?? 0
            let prompt = request.isCut ? 0 : (start.input ?? 0) + write + read
            let metrics = LLMMetrics(
                label: Self.label, requestId: messageID, timestamp: startTime + endsAt, duration: duration,
                ttft: SessionClock.interval(from: request.sentAt, to: firstChunkAt), cancelled: request.isCut,
                completionTokens: completion, promptTokens: prompt, promptCachedTokens: read,
                cacheCreationTokens: write, totalTokens: prompt + completion,
                tokensPerSecond: request.isCut || duration <= 0 ? 0 : Double(completion) / duration,
                speechId: request.speechID, metadata: metadata)
            let parts = request.isCut ? [] : InputPart.combined(layout.blocks.map { InputPart($0.source, $0.tokens) })
            outputs.append(
                ProviderOutput(
                    time: endsAt, turn: turn, payload: nil, metrics: [.llm(metrics)], inputParts: parts,
                    request: answers))
        }

        // Anthropic bills the whole prompt (input, cache writes, cache reads) and the output generated.
        let billedOutput = request.isCut ? generated : finalOutput
        bill.requests += 1
        bill.inputTokens += use.input + use.creation + use.read
        bill.cachedInputTokens += use.read
        bill.cacheCreationTokens += use.creation
        bill.outputTokens += billedOutput
        let lastMark = layout.breakpoints.last ?? 0
        let short = use.read == 0 && use.creation == 0 && lastMark > 0 ? layout.tokens(through: lastMark) : 0
        records.append(
            Record(
                cut: request.isCut, reported: firstChunkAt != nil, cache: use, billedOutput: billedOutput,
                reportedCompletion: completion, uncacheablePrefix: short))
        return outputs
    }

    /// `message_start.message`: the usage Anthropic knows when the stream opens.
    private func startMessage(id: String, use: CacheUse) -> JSONValue {
        let oneHour = options.ttl == .oneHour
        let usage: JSONValue = .object([
            ("input_tokens", .int(use.input)),
            ("cache_creation_input_tokens", .int(use.creation)),
            ("cache_read_input_tokens", .int(use.read)),
            (
                "cache_creation",
                .object([
                    ("ephemeral_5m_input_tokens", .int(oneHour ? 0 : use.creation)),
                    ("ephemeral_1h_input_tokens", .int(oneHour ? use.creation : 0)),
                ])
            ),
            ("output_tokens", .int(options.startOutputTokens)),
            ("service_tier", .string("standard")),
        ])
        return .object([
            ("id", .string(id)), ("type", .string("message")), ("role", .string("assistant")),
            ("model", .string(reportedModel)),
            ("content", .array([])), ("stop_reason", .null), ("stop_sequence", .null), ("usage", usage),
        ])
    }

    /// At most about this many deltas a stream: above it a delta carries several tokens, so a hostile `text_tokens`
    /// cannot make millions of payloads.
    static let maxDeltas = 1024

    /// Tokens 1…`count` of `total` in deltas (1-based, closed ranges): one token each while `total` ≤ ``maxDeltas``,
    /// else token 1 alone (the ttft) and then ceil(total / maxDeltas) tokens to a delta.
    static func groups(_ count: Int, of total: Int) -> [ClosedRange<Int>] {
        guard count > 0 else { return [] }
        let step = max(1, (total + maxDeltas - 1) / maxDeltas)
        var out = [1...1]
        var start = 2
        while start <= count {
            let end = min(start + step - 1, count)
            out.append(start...end)
            start = end + 1
        }
        return out
    }

    /// The text of `tokens` when `scalars` is cut into `total` consecutive pieces, piece k ending at
    /// ceil(k × n / total), so the first piece is never empty when the text is not; later pieces may be (more
    /// tokens than characters).
    static func piece(_ scalars: [Unicode.Scalar], tokens: ClosedRange<Int>, of total: Int) -> String {
        guard total > 0 else { return "" }
        let n = scalars.count
        func end(_ k: Int) -> Int { min(n, (k * n + total - 1) / total) }
        var piece = String.UnicodeScalarView()
        piece.append(contentsOf: scalars[end(tokens.lowerBound - 1)..<end(tokens.upperBound)])
        return String(piece)
    }
}
