import AgentSimCore
import AgentSimJSON
import LiveKitMetrics

/// The OpenTelemetry GenAI usage attributes LiveKit 1.8.9 puts on each LLM request's span: what Datadog, Honeycomb,
/// Langfuse or any OTLP backend receives from a LiveKit agent.
public struct OTelGenAIView: UsageNormaliser {
    public init() {}
    public var id: String { "otel" }
    public var title: String { "OTel GenAI" }
    public var rules: [String] {
        [
            "One llm_request span per LLM request, with LiveKit's LLMMetrics for it (llm/llm.py, after the stream): "
                + "gen_ai.usage.input_tokens = prompt_tokens, gen_ai.usage.output_tokens = completion_tokens.",
            "Only when non-zero: gen_ai.usage.cache_read.input_tokens and the unofficial "
                + "gen_ai.usage.input_cached_tokens = prompt_cached_tokens; gen_ai.usage.cache_write.input_tokens = "
                + "cache_creation_tokens; gen_ai.usage.reasoning.output_tokens and the unofficial "
                + "gen_ai.usage.reasoning_tokens = reasoning_tokens.",
            "The convention counts cached and cache-write tokens inside input_tokens and reasoning inside "
                + "output_tokens (\"reported alongside, not added to\"). Its name for writes is "
                + "gen_ai.usage.cache_creation.input_tokens; LiveKit spells it cache_write.",
            "A stream cut before its usage gives a span with zeros (LiveKit's cancelled LLMMetrics); a request that "
                + "raised (Responses' response.incomplete) has no usage attributes.",
            "STT and TTS spans carry no gen_ai.usage attributes: this view covers the LLM only.",
            "Cost: input less cache reads and writes at the input price, each cache figure at its own price, output "
                + "at the output price.",
        ]
    }
    public var sources: [String] {
        [
            "livekit-agents 1.8.9 telemetry/gen_ai.py set_usage_attributes (about l.446-475), called from llm/llm.py "
                + "(about l.466)",
            "livekit-agents 1.8.9 telemetry/trace_types.py (gen_ai.usage.* names, about l.208-220 and l.398-406)",
            "OpenTelemetry semantic conventions, gen-ai registry: gen_ai.usage.input_tokens, "
                + "gen_ai.usage.cache_read.input_tokens, gen_ai.usage.cache_creation.input_tokens",
        ]
    }

    /// The usage attributes of one request's span, in the order LiveKit sets them.
    public static func attributes(_ m: LLMMetrics) -> [(String, Int)] {
        var attrs: [(String, Int)] = [
            ("gen_ai.usage.input_tokens", m.promptTokens), ("gen_ai.usage.output_tokens", m.completionTokens),
        ]
        if m.promptCachedTokens != 0 {
            attrs += [
                ("gen_ai.usage.cache_read.input_tokens", m.promptCachedTokens),
                ("gen_ai.usage.input_cached_tokens", m.promptCachedTokens),
            ]
        }
        if m.cacheCreationTokens != 0 { attrs.append(("gen_ai.usage.cache_write.input_tokens", m.cacheCreationTokens)) }
        if m.reasoningTokens != 0 {
            attrs += [
                ("gen_ai.usage.reasoning.output_tokens", m.reasoningTokens),
                ("gen_ai.usage.reasoning_tokens", m.reasoningTokens),
            ]
        }
        return attrs
    }

    /// Every LLM span's usage attributes, in request order.
    public static func spans(_ session: ViewSession) -> [[(String, Int)]] { session.llmMetrics.map(attributes) }

    public func read(_ session: ViewSession, prices: PriceTable) -> NormalisedUsage {
        let spans = Self.spans(session)
        func sum(_ key: String) -> Int { spans.reduce(0) { $0 + ($1.first { $0.0 == key }?.1 ?? 0) } }
        var services: [ServiceFigures] = []
        if let llm = session.service(.llm) {
            services.append(
                ServiceFigures(
                    role: .llm, provider: llm.provider, model: llm.model,
                    figures: [
                        Figure(.inputTokens, "gen_ai.usage.input_tokens", sum("gen_ai.usage.input_tokens")),
                        Figure(
                            .cachedTokens, "gen_ai.usage.cache_read.input_tokens",
                            sum("gen_ai.usage.cache_read.input_tokens")),
                        Figure(
                            .cacheWriteTokens, "gen_ai.usage.cache_write.input_tokens",
                            sum("gen_ai.usage.cache_write.input_tokens")),
                        Figure(.outputTokens, "gen_ai.usage.output_tokens", sum("gen_ai.usage.output_tokens")),
                        Figure(
                            .reasoningTokens, "gen_ai.usage.reasoning.output_tokens",
                            sum("gen_ai.usage.reasoning.output_tokens")),
                    ]))
        }
        let native = JSONValue.array(spans.map { .object($0.map { ($0.0, .int($0.1)) }) })
        return NormalisedUsage(services: services, native: native, cost: FigurePricing.cost(services, prices: prices))
    }

    public func explain(_ gaps: [ViewGap], role: ServiceRole, in session: ViewSession) -> [String] {
        gaps.map { $0.sentence(view: title) } + [LiveKitExplanations.seeAbove(role)]
    }
}
