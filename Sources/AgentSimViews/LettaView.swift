import AgentSimCore
import AgentSimJSON

/// Letta 0.16.8's `LettaUsageStatistics` for the LLM steps of a run, on its default agent (`letta_v1_agent` →
/// LettaAgentV3 → SimpleLLMStreamAdapter and each provider's streaming interface).
public struct LettaView: UsageNormaliser {
    public init() {}
    public var id: String { "letta" }
    public var title: String { "Letta 0.16" }

    public var rules: [String] {
        [
            "LettaUsageStatistics: prompt_tokens gross (cache reads and writes included, for every provider), "
                + "completion_tokens, total_tokens = prompt + completion, step_count, and cached_input_tokens, "
                + "cache_write_tokens, reasoning_tokens where None means not reported (schemas/usage.py:93-134).",
            "Anthropic (SimpleAnthropicStreamingInterface): prompt = message_start's input_tokens + "
                + "cache_read_input_tokens + cache_creation_input_tokens (the cache added back, seed 004); completion "
                + "= the last message_delta's output_tokens, else message_start's; a zero cache figure is None; "
                + "reasoning None.",
            "OpenAI Chat (SimpleOpenAIStreamingInterface): the last usage chunk's prompt_tokens and completion_tokens; "
                + "cached_tokens and reasoning_tokens summed over usage chunks; total recomputed; no usage chunk gives "
                + "zeros.",
            "OpenAI Responses: the usage of response.completed or response.incomplete.",
            "Gemini (SimpleGeminiStreamingInterface): the last non-zero prompt_token_count and candidates_token_count, "
                + "the last cached_content_token_count and thoughts_token_count; total = prompt + candidates, thoughts "
                + "left out.",
            "A stream that ends early still counts as a step with what arrived (the adapter's finally); the run total "
                + "sums steps, the optional fields over steps that report them.",
            "Letta is an agent server, not a voice pipeline: this view covers the LLM only.",
            "Cost: prompt less cache reads and writes at the input price, each cache figure at its price, completion "
                + "at the output price.",
        ]
    }

    public var sources: [String] {
        [
            "letta 0.16.8 (the last server release on PyPI; 0.32.13+ is Letta Code) letta/schemas/usage.py:93-134",
            "letta/interfaces/anthropic_parallel_tool_call_streaming_interface.py:157-175, 502-535",
            "letta/interfaces/openai_streaming_interface.py:695-715, 846-872, 1515-1590",
            "letta/interfaces/gemini_streaming_interface.py:133-152, 208-249",
            "letta/adapters/simple_llm_stream_adapter.py:81-137, 199-229; letta/agents/letta_agent_v2.py:1036-1059",
            "seed 004_5a93e87e3047840e.txt (Letta's notes on Gemini usage)",
        ]
    }

    public struct Statistics: Sendable, Equatable {
        public var promptTokens = 0
        public var completionTokens = 0
        public var totalTokens = 0
        public var stepCount = 0
        public var cachedInputTokens: Int?
        public var cacheWriteTokens: Int?
        public var reasoningTokens: Int?

        var json: JSONValue {
            func opt(_ v: Int?) -> JSONValue { v.map { .int($0) } ?? .null }
            return .object([
                ("message_type", "usage_statistics"), ("completion_tokens", .int(completionTokens)),
                ("prompt_tokens", .int(promptTokens)), ("total_tokens", .int(totalTokens)),
                ("step_count", .int(stepCount)),
                ("cached_input_tokens", opt(cachedInputTokens)), ("cache_write_tokens", opt(cacheWriteTokens)),
                ("reasoning_tokens", opt(reasoningTokens)),
            ])
        }

        /// The run total: counts summed, optional fields over the steps that report them.
        mutating func add(_ s: Statistics) {
            func plus(_ a: Int?, _ b: Int?) -> Int? { a == nil && b == nil ? nil : (a ?? 0) + (b ?? 0) }
            promptTokens += s.promptTokens
            completionTokens += s.completionTokens
            totalTokens += s.totalTokens
            stepCount += s.stepCount
            cachedInputTokens = plus(cachedInputTokens, s.cachedInputTokens)
            cacheWriteTokens = plus(cacheWriteTokens, s.cacheWriteTokens)
            reasoningTokens = plus(reasoningTokens, s.reasoningTokens)
        }
    }

    /// The APIs Letta's streaming interfaces are written for here (the rules above).
    static let knownAPIs: Set<UsageRecord.API> = [
        .anthropicMessages, .chatCompletions, .responses, .geminiGenerateContent,
    ]

    /// One step's statistics, by the rules above for the API the request's records follow (an API this view has no
    /// rules for counts a step of zeros, and is named in its output).
    public static func statistics(_ r: LLMExchange) -> Statistics {
        var s = Statistics(stepCount: 1)
        switch r.api {
        case .anthropicMessages?:
            // message_start's figures (partial), the cache added back; message_delta's output (final) replaces.
            var input = 0, read = 0, write = 0, output = 0
            for record in r.readings {
                let t = record.tokens
                if record.reading == .partial {
                    input += t.input ?? 0
                    output += t.output ?? 0
                    read += t.cacheRead ?? 0
                    write += t.cacheWrite ?? 0
                } else if let o = t.output {
                    output = o
                }
            }
            s.promptTokens = input + read + write
            s.completionTokens = output
            s.cachedInputTokens = read > 0 ? read : nil
            s.cacheWriteTokens = write > 0 ? write : nil
        case .geminiGenerateContent?:
            for record in r.readings {
                let t = record.tokens
                if let v = t.input, v != 0 { s.promptTokens = v }
                if let v = t.output, v != 0 { s.completionTokens = v }
                if let v = t.cacheRead { s.cachedInputTokens = v }
                if let v = t.reasoning { s.reasoningTokens = v }
            }
        case .responses?:
            if let last = r.records.last(where: \.endsStream), last.hasUsage {
                s.promptTokens = last.tokens.input ?? 0
                s.completionTokens = last.tokens.output ?? 0
                s.cachedInputTokens = last.tokens.cacheRead
                s.reasoningTokens = last.tokens.reasoning
            }
        case .chatCompletions?:
            for record in r.readings {
                let t = record.tokens
                s.promptTokens = t.input ?? 0
                s.completionTokens = t.output ?? 0
                if let c = t.cacheRead { s.cachedInputTokens = (s.cachedInputTokens ?? 0) + c }
                if let c = t.reasoning { s.reasoningTokens = (s.reasoningTokens ?? 0) + c }
            }
        default:
            break
        }
        s.totalTokens = s.promptTokens + s.completionTokens
        return s
    }

    public func read(_ session: ViewSession, prices: PriceTable) -> NormalisedUsage {
        guard let llm = session.service(.llm) else { return NormalisedUsage(services: [], native: .null, cost: nil) }
        let steps = session.requests.map(Self.statistics)
        var total = Statistics()
        for s in steps { total.add(s) }
        let services = [
            ServiceFigures(
                role: .llm, provider: llm.provider, model: llm.model,
                figures: [
                    Figure(.inputTokens, "prompt_tokens", total.promptTokens),
                    Figure(.cachedTokens, "cached_input_tokens", total.cachedInputTokens ?? 0),
                    Figure(.cacheWriteTokens, "cache_write_tokens", total.cacheWriteTokens ?? 0),
                    Figure(.outputTokens, "completion_tokens", total.completionTokens),
                    Figure(.reasoningTokens, "reasoning_tokens", total.reasoningTokens ?? 0),
                    Figure(.totalTokens, "total_tokens", total.totalTokens),
                ])
        ]
        let native = JSONValue.object([("steps", .array(steps.map(\.json))), ("total", total.json)])
        return NormalisedUsage(
            services: services, native: native, cost: FigurePricing.cost(services, prices: prices),
            notes: LLMExchange.unknownSentences(session.requests, view: title, known: Self.knownAPIs))
    }

    public func explain(_ gaps: [ViewGap], role: ServiceRole, in session: ViewSession) -> [String] {
        let api = session.requests.lazy.compactMap(\.api).first ?? UsageRecord.API("")
        let cut = session.requests.filter { !$0.complete }.count
        return gaps.map { gap in
            switch (api, gap.measure) {
            case (.anthropicMessages, .outputTokens) where cut > 0:
                return gap.sentence(view: title)
                    + " For the \(cut) stream\(cut == 1 ? "" : "s") cut before message_delta Letta keeps "
                    + "message_start's output_tokens (usually 1), where Anthropic billed every token generated "
                    + "before the cut."
            case (.geminiGenerateContent, .outputTokens), (.geminiGenerateContent, .totalTokens):
                return gap.sentence(view: title)
                    + " Letta's completion_tokens is candidates_token_count alone and its total prompt + completion: "
                    + "the thinking tokens, billed as output, are only in reasoning_tokens."
            case (.chatCompletions, _) where cut > 0:
                return gap.sentence(view: title)
                    + " \(cut) stream\(cut == 1 ? " was" : "s were") cut before the usage chunk, which OpenAI sends "
                    + "last, and Letta counts such a step as zeros."
            default:
                return gap.sentence(view: title)
            }
        }
    }
}
