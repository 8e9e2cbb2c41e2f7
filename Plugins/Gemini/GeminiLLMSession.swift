import AgentSimCore

/// One pipeline session's Gemini LLM: each request streams `GenerateContentResponse` chunks whose usageMetadata
/// follows the options parsed at start, and LiveKit's `LLMMetrics` is built the way livekit-plugins-google 1.8.9
/// and the core's metrics monitor build it (the last usage chunk wins).
struct GeminiLLMSession: LLMSession {
    /// LiveKit's label: `type(self).__module__ + "." + type(self).__name__` of the plugin's LLM class.
    static let label = "livekit.plugins.google.llm.LLM"

    /// The usageMetadata of one chunk, as the server computes it.
    struct Usage: Sendable, Equatable {
        var prompt = 0
        var cached = 0
        var candidates = 0
        var thoughts = 0
        var toolUsePrompt = 0

        /// Gemini's own rule: prompt + candidates + thoughts + tool-use prompt (cached is inside prompt).
        var total: Int { prompt + candidates + thoughts + toolUsePrompt }

        /// The wire form: camelCase, proto3 JSON (zero counts and empty lists left out); the modality lists hold
        /// TEXT only, the pipeline's context being text.
        func json(vertex: Bool) -> JSONValue {
            var pairs: [(String, JSONValue)] = []
            func count(_ key: String, _ n: Int) { if n != 0 { pairs.append((key, .int(n))) } }
            func text(_ key: String, _ n: Int) {
                if n != 0 { pairs.append((key, .array([.object([("modality", "TEXT"), ("tokenCount", .int(n))])]))) }
            }
            count("promptTokenCount", prompt)
            count("candidatesTokenCount", candidates)
            count("cachedContentTokenCount", cached)
            count("toolUsePromptTokenCount", toolUsePrompt)
            count("thoughtsTokenCount", thoughts)
            count("totalTokenCount", total)
            text("promptTokensDetails", prompt)
            text("cacheTokensDetails", cached)
            text("toolUsePromptTokensDetails", toolUsePrompt)
            if vertex {
                text("candidatesTokensDetails", candidates)
                pairs.append(("trafficType", "ON_DEMAND"))
            }
            return .object(pairs)
        }
    }

    /// One chunk of a stream: the reply tokens it closes with (1-based, cumulative) and when it arrives.
    struct Chunk: Sendable, Equatable {
        var throughToken: Int
        var time: Double
    }

    let model: GeminiModel
    /// The name the session reports (`metadata.model_name`, the bill): the one the scenario gave (a dated snapshot
    /// runs on its family's profile).
    let reportedModel: String
    let options: GeminiOptions
    let startTime: Double
    private var requestIDs: SeededGenerator
    private var responseIDs: SeededGenerator
    private(set) var bill: ServiceBill
    /// The previous request's context and prompt size, for implicit caching.
    private var previous: (context: [ContextItem], prompt: Int)?

    /// What explanations need, counted as requests go.
    struct Tally: Sendable, Equatable {
        var thinkingRequests = 0
        var thoughtsBilled = 0
        var toolUseBilled = 0
        /// Cut streams whose LiveKit report still carried usage (every_chunk): the candidates it saw, and what
        /// Gemini billed as reply tokens for them.
        var cutWithUsage = 0
        var cutSeenCandidates = 0
        var cutGeneratedCandidates = 0
        /// Cut streams LiveKit reported with no usage (final_chunk): what Gemini billed for them.
        var cutWithoutUsage = 0
        var cutUnseenPrompt = 0
        var cutUnseenOutput = 0
        /// Streams cut before their first chunk: no LLMMetrics at all.
        var cutBeforeFirstChunk = 0
        var unreportedPrompt = 0
    }
    private(set) var tally = Tally()

    init(
        model: GeminiModel, options: GeminiOptions, seed: UInt64, startTime: Double, reportedModel: String? = nil
    ) {
        self.model = model
        self.reportedModel = reportedModel ?? model.name
        self.options = options
        self.startTime = startTime
        requestIDs = SeededGenerator(seed: seed, salt: "gemini/request")
        responseIDs = SeededGenerator(seed: seed, salt: "gemini/response")
        bill = ServiceBill(role: .llm, provider: "gemini", model: self.reportedModel)
    }

    var modelName: String { reportedModel }

    private var isVertex: Bool { options.api == .vertex }

    /// One context item's tokens: the scenario's count, else the estimate.
    static func tokens(_ item: ContextItem) -> Int { item.tokens ?? TextTokens.estimate(item.text) }

    /// Where a context item's tokens come from, for the report's charts.
    static func source(_ role: ContextItem.Role) -> InputPart.Source {
        switch role {
        case .system: .instructions
        case .user: .userTranscript
        case .assistant: .agentTranscript
        case .toolCall, .toolResult: .toolItems
        }
    }

    /// The chunks of a reply of `tokens` tokens: the first token alone, then `chunk_tokens` at a time; each
    /// arrives with its last token. A tool call arrives whole, in one chunk, with the stream's last token.
    func chunks(_ request: LLMRequest) -> [Chunk] {
        let n = max(request.replyTokens, 1)
        func at(_ token: Int) -> Double {
            SessionClock.microseconds(request.firstTokenAt + Double(token - 1) / request.tokensPerSecond)
        }
        if case .toolCall = request.reply {
            return [Chunk(throughToken: request.replyTokens, time: request.lastTokenAt)]
        }
        var out = [Chunk(throughToken: 1, time: at(1))]
        var through = 1
        // At most about 1,024 chunks a stream, so a hostile text_tokens cannot make millions of payloads.
        let step = max(options.chunkTokens, (n + 1023) / 1024)
        while through < n {
            through = min(n, through + step)
            out.append(Chunk(throughToken: through, time: at(through)))
        }
        if request.replyTokens == 0 { out[0].throughToken = 0 }
        return out
    }

    mutating func complete(_ request: LLMRequest) -> [ProviderOutput] {
        // The prompt: every context item; the cache holds the previous request's prompt when this context starts
        // with that one's and it reaches the minimum.
        let prompt = request.context.reduce(0) { $0 + Self.tokens($1) }
        var cached = 0
        if options.implicitCaching, let previous, previous.prompt >= options.cacheMinTokens,
            request.context.count >= previous.context.count,
            Array(request.context.prefix(previous.context.count)) == previous.context
        {
            cached = previous.prompt
        }
        previous = (request.context, prompt)
        let parts = InputPart.combined(request.context.map { InputPart(Self.source($0.role), Self.tokens($0)) })

        let thoughts = options.thoughtsPerRequest
        let all = chunks(request)
        let cut = request.cutAt.flatMap { $0 < all[all.count - 1].time ? $0 : nil }
        let received = cut.map { c in all.filter { $0.time <= c } } ?? all
        let generated = cut.map { request.tokensGenerated(by: $0) } ?? request.replyTokens

        // The bill: the whole prompt, the tool-use prompt, the thoughts and every reply token generated.
        bill.requests += 1
        bill.inputTokens += prompt + options.toolUsePromptTokens
        bill.cachedInputTokens += cached
        bill.outputTokens += generated + thoughts
        bill.reasoningTokens += thoughts
        if thoughts > 0 { tally.thinkingRequests += 1 }
        tally.thoughtsBilled += thoughts
        tally.toolUseBilled += options.toolUsePromptTokens

        // The stream as the API sends it.
        let responseID = responseIDs.identifier(count: 23)
        let answers = RequestRef(index: request.index, id: responseID)
        let text = Array(request.reply.text.unicodeScalars)
        var outputs: [ProviderOutput] = []
        var lastUsage: Usage?
        var start = 0
        for (k, chunk) in all.enumerated() where k < received.count {
            let isLast = k == all.count - 1
            var usage: Usage?
            if options.usageOn == .everyChunk || isLast {
                usage = Usage(
                    prompt: prompt, cached: cached, candidates: chunk.throughToken, thoughts: thoughts,
                    toolUsePrompt: options.toolUsePromptTokens)
                lastUsage = usage
            }
            let part: JSONValue
            switch request.reply {
            case let .toolCall(call):
                part = .object([
                    ("functionCall", .object([("name", .string(call.name)), ("args", Self.arguments(call.arguments))]))
                ])
            case .text:
                // The reply's characters in proportion to the tokens this chunk closes with.
                let end = request.replyTokens == 0 ? 0 : text.count * chunk.throughToken / request.replyTokens
                part = .object([("text", .string(String(String.UnicodeScalarView(text[start..<max(start, end)]))))])
                start = max(start, end)
            }
            var candidate: [(String, JSONValue)] = [
                ("content", .object([("parts", .array([part])), ("role", "model")]))
            ]
            if isLast { candidate.append(("finishReason", "STOP")) }
            var fields: [(String, JSONValue)] = [("candidates", .array([.object(candidate)]))]
            if let usage { fields.append(("usageMetadata", usage.json(vertex: isVertex))) }
            fields += [("modelVersion", .string(reportedModel)), ("responseId", .string(responseID))]
            let json = JSONValue.object(fields)
            outputs.append(
                ProviderOutput(
                    time: chunk.time, turn: request.turn,
                    payload: ProviderPayload(type: "GenerateContentResponse", json: json), metrics: [],
                    request: answers, usage: Self.usageRecord(json)))
        }

        let requestID = Self.hex(&requestIDs, count: 12)
        guard let first = received.first else {
            // Cut before the first chunk: LiveKit's monitor saw nothing and reports nothing.
            tally.cutBeforeFirstChunk += 1
            tally.unreportedPrompt += prompt
            return outputs
        }
        if cut != nil {
            if let lastUsage {
                tally.cutWithUsage += 1
                tally.cutSeenCandidates += lastUsage.candidates
                tally.cutGeneratedCandidates += generated
            } else {
                tally.cutWithoutUsage += 1
                tally.cutUnseenPrompt += prompt
                tally.cutUnseenOutput += generated + thoughts
            }
        }
        let end = cut ?? all[all.count - 1].time
        let duration = SessionClock.interval(from: request.sentAt, to: end)
        // LiveKit's plugin reads the last usage_metadata that arrived: so are these figures, from the chunk as sent.
        let sent = outputs.compactMap(\.usage).last(where: \.hasUsage)?.tokens
        let completion = sent?.output ?? 0
        let metrics = LLMMetrics(
            label: Self.label, requestId: requestID, timestamp: SessionClock.microseconds(startTime + end),
            duration: duration,
            ttft: SessionClock.interval(from: request.sentAt, to: first.time), cancelled: cut != nil,
            completionTokens: completion, promptTokens: sent?.input ?? 0,
            promptCachedTokens: sent?.cacheRead ?? 0,
            totalTokens: sent?.total ?? 0,
            tokensPerSecond: sent != nil && duration > 0 ? Double(completion) / duration : 0,
            speechId: request.speechID,
            metadata: Metadata(modelName: reportedModel, modelProvider: isVertex ? "Vertex AI" : "Gemini"))
        if cut != nil {
            // The stream task is cancelled at the barge-in: the monitor reports what it has, then.
            outputs.append(
                ProviderOutput(
                    time: end, turn: request.turn, payload: nil, metrics: [.llm(metrics)],
                    inputParts: lastUsage == nil ? [] : parts, request: answers))
        } else {
            outputs[outputs.count - 1].metrics = [.llm(metrics)]
            outputs[outputs.count - 1].inputParts = parts
        }
        return outputs
    }

    /// A tool call's arguments as the JSON object Gemini's functionCall.args carries ({} when they are not one).
    static func arguments(_ text: String) -> JSONValue {
        if let parsed = try? JSONValue.parse(text), case .object = parsed { return parsed }
        return .object([])
    }

    /// `count` lowercase hex digits, like `uuid4().hex[:12]` in LiveKit's `shortuuid`.
    static func hex(_ rng: inout SeededGenerator, count: Int) -> String {
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

extension LLMReply {
    /// The reply's text (a tool call has none).
    var text: String {
        if case let .text(s, _) = self { return s }
        return ""
    }
}
