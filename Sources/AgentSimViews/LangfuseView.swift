import AgentSimCore
import AgentSimJSON
import LiveKitMetrics

/// Langfuse, fed the OpenTelemetry spans of a LiveKit 1.8.9 agent (`livekit-agents` scope, so its generic GenAI
/// mapping): the usage details it stores for each generation, its total (the sum of every detail) and the cost it
/// computes (each detail times its model's price for that key).
public struct LangfuseView: UsageNormaliser {
    /// Which of Langfuse's two mappings: the one in Langfuse since 2026-04-13 (PR #13110), or the one before it.
    public enum Mapping: Sendable {
        case current
        case legacy
    }

    public var mapping: Mapping
    public init(_ mapping: Mapping = .current) { self.mapping = mapping }

    public var id: String { mapping == .current ? "langfuse" : "langfuse-legacy" }
    public var title: String { mapping == .current ? "Langfuse" : "Langfuse <04-2026" }

    public var rules: [String] {
        let common = [
            "Input is LiveKit 1.8.9's OTel GenAI span attributes (the `otel` view), one generation per LLM request.",
            "Langfuse's total is the sum of every usage detail it keeps, unless a total is given (LiveKit gives "
                + "none) (worker IngestionService, about l.1527).",
            "Its cost is each usage detail times the model's price for exactly that key, summed; a key without a "
                + "price costs nothing (IngestionService, about l.1655-1690). Prices: its default-model-prices.json.",
        ]
        switch mapping {
        case .current:
            return common + [
                "Since #13110 (2026-04-13) gen_ai.usage.input_tokens minus the cache reads (cache_read.input_tokens "
                    + "…) and cache writes it recognises (cache_creation.input_tokens, cache_creation_input_tokens, "
                    + "cache_write_tokens …) becomes `input`; the reads become `input_cached_tokens`, the writes "
                    + "`input_cache_creation` (OtelIngestionProcessor extractGenericGenAiUsageDetails).",
                "output_tokens minus reasoning.output_tokens becomes `output`, the reasoning "
                    + "`output_reasoning_tokens`.",
                "Every other gen_ai.usage.* attribute is kept under its own name. LiveKit's cache_write.input_tokens "
                    + "is not a spelling Langfuse recognises, so the writes stay inside `input` and are kept again "
                    + "as `cache_write.input_tokens`; LiveKit's unofficial reasoning_tokens is kept again as "
                    + "`reasoning_tokens`.",
            ]
        case .legacy:
            return common + [
                "Before #13110, input_tokens/prompt_tokens became `input` and output_tokens/completion_tokens "
                    + "`output` as they were, and every other gen_ai.usage.* attribute was kept under its own name, "
                    + "treated as a separate bucket.",
                "So cached tokens are in `input` and again in `input_cached_tokens` (priced at the cached price) and "
                    + "`cache_read.input_tokens`: the double count livekit/agents PR #5121 and langfuse#10592 report.",
            ]
        }
    }

    public var sources: [String] {
        [
            "langfuse/langfuse packages/shared/src/server/otel/OtelIngestionProcessor.ts "
                + "extractGenericGenAiUsageDetails at 62751446 (2026-08-22), added by #13110 (35e83770, 2026-04-13); "
                + "before it, the key mapping that commit removed",
            "langfuse/langfuse worker/src/services/IngestionService/index.ts (total = sum of usage details; cost = "
                + "sum of detail × price)",
            "langfuse/langfuse worker/src/constants/default-model-prices.json at 62751446",
            "livekit/agents PR #5121 (gpt-realtime costs in Langfuse near 2× the bill), langfuse/langfuse#10592 "
                + "(input tokens counted twice with cached tokens)",
        ]
    }

    /// The usage details Langfuse keeps for one span, in a fixed order.
    public func usageDetails(_ attrs: [(String, Int)]) -> [(String, Int)] {
        var raw: [(String, Int)] = attrs.map { (String($0.0.dropFirst("gen_ai.usage.".count)), $0.1) }
        func take(_ key: String) -> Int? {
            guard let i = raw.firstIndex(where: { $0.0 == key }) else { return nil }
            return raw.remove(at: i).1
        }
        switch mapping {
        case .legacy:
            return raw.map { key, value in
                (
                    [
                        "input_tokens": "input", "prompt_tokens": "input", "output_tokens": "output",
                        "completion_tokens": "output",
                    ][key] ?? key, value
                )
            }
        case .current:
            let input = take("input_tokens")
            let output = take("output_tokens")
            let cacheRead = take("cache_read.input_tokens")
            let alsoCached = take("input_cached_tokens")
            let reasoning = take("reasoning.output_tokens")
            var details: [(String, Int)] = []
            if let input { details.append(("input", max(0, input - (cacheRead ?? alsoCached ?? 0)))) }
            if let output { details.append(("output", max(0, output - (reasoning ?? 0)))) }
            if let read = cacheRead ?? alsoCached { details.append(("input_cached_tokens", read)) }
            if let reasoning { details.append(("output_reasoning_tokens", reasoning)) }
            return details + raw
        }
    }

    public func read(_ session: ViewSession, prices: PriceTable) -> NormalisedUsage {
        guard let llm = session.service(.llm) else {
            return NormalisedUsage(services: [], native: .array([]), cost: nil)
        }
        let generations = OTelGenAIView.spans(session).map(usageDetails)
        func sum(_ key: String) -> Int { generations.reduce(0) { $0 + ($1.first { $0.0 == key }?.1 ?? 0) } }
        let total = generations.reduce(0) { $0 + $1.reduce(0) { $0 + $1.1 } }
        // Both mappings keep the reads under input_cached_tokens (the current one by normalising, the legacy one
        // because LiveKit sends that unofficial key too); the reasoning key differs.
        let cachedKey = "input_cached_tokens"
        let reasoningKey = mapping == .current ? "output_reasoning_tokens" : "reasoning.output_tokens"
        let figures = [
            Figure(.inputTokens, "input", sum("input")),
            Figure(.cachedTokens, cachedKey, sum(cachedKey)),
            Figure(.cacheWriteTokens, "cache_write.input_tokens", sum("cache_write.input_tokens")),
            Figure(.outputTokens, "output", sum("output")),
            Figure(.reasoningTokens, reasoningKey, sum(reasoningKey)),
            Figure(.totalTokens, "total", total),
        ]
        // Langfuse's own cost: every key at its price, unpriced keys free.
        var cost: ViewCost?
        if let price = prices.tokenPrice(llm.model) {
            var dollars = 0.0
            var free: Set<String> = []
            for g in generations {
                for (key, units) in g {
                    if let p = price.langfuseKeys[key] {
                        dollars += Double(units) * p
                    } else if units > 0 {
                        free.insert(key)
                    }
                }
            }
            cost = ViewCost(dollars: dollars, unpriced: free.sorted().map { "llm usage key \($0) (no price for it)" })
        } else {
            cost = ViewCost(dollars: 0, unpriced: ["llm \(llm.provider):\(llm.model) (no model price)"])
        }
        let native = JSONValue.array(
            generations.map { g in .object(g.map { ($0.0, .int($0.1)) } + [("total", .int(g.reduce(0) { $0 + $1.1 }))])
            })
        return NormalisedUsage(
            services: [ServiceFigures(role: .llm, provider: llm.provider, model: llm.model, figures: figures)],
            native: native, cost: cost)
    }

    public func explain(_ gaps: [ViewGap], role: ServiceRole, in session: ViewSession) -> [String] {
        let spans = OTelGenAIView.spans(session)
        func sum(_ key: String) -> Int { spans.reduce(0) { $0 + ($1.first { $0.0 == "gen_ai.usage." + key }?.1 ?? 0) } }
        let reads = sum("cache_read.input_tokens"), writes = sum("cache_write.input_tokens"),
            reasoning = sum("reasoning.output_tokens")
        var out: [String] = []
        for gap in gaps {
            switch (mapping, gap.measure) {
            case (.current, .inputTokens):
                out.append(
                    "\(title)'s input \(Number.grouped(Int(gap.view ?? 0))) is LiveKit's gen_ai.usage.input_tokens "
                        + "less the \(Number.grouped(reads)) cache reads"
                        + (writes > 0
                            ? "; the \(Number.grouped(writes)) cache writes stay in it, because LiveKit names them "
                                + "cache_write.input_tokens, which Langfuse does not recognise (it knows "
                                + "cache_creation.input_tokens)"
                            : "")
                        + ". The bill's \(Number.grouped(Int(gap.billed))) input tokens include every cached token.")
            case (.legacy, .inputTokens):
                out.append(
                    "\(title)'s input \(Number.grouped(Int(gap.view ?? 0))) is LiveKit's gen_ai.usage.input_tokens "
                        + "as it is, cached tokens included, and Langfuse prices all of it at the input price."
                )
            case (.legacy, .cachedTokens) where reads > 0:
                out.append(
                    "\(title) keeps the \(Number.grouped(reads)) cached tokens again as input_cached_tokens (priced "
                        + "at the cached price) and as cache_read.input_tokens: they are counted in input and twice "
                        + "more in the total, and paid for twice."
                )
            case (_, .cacheWriteTokens) where writes > 0:
                out.append(
                    "\(title) keeps the \(Number.grouped(writes)) cache writes under cache_write.input_tokens, a key "
                        + "its price list has no price for, while they are also in input: the total counts them "
                        + "twice and the cost prices them at the input price, not the cache-write price."
                )
            case (_, .totalTokens):
                out.append(
                    "\(title)'s total \(Number.grouped(Int(gap.view ?? 0))) is the sum of every usage detail it "
                        + "keeps, so each token it keeps under two keys counts twice; the bill's input plus output "
                        + "is \(Number.grouped(Int(gap.billed)))."
                )
            case (_, .reasoningTokens) where reasoning > 0:
                out.append(
                    "\(title) gets the \(Number.grouped(reasoning)) reasoning tokens twice, as "
                        + "reasoning.output_tokens and as LiveKit's unofficial reasoning_tokens, and keeps both: its "
                        + "total counts them twice, and a model priced per reasoning key (gpt-5-mini) pays for "
                        + "them twice."
                )
            default:
                out.append(gap.sentence(view: title))
            }
        }
        if gaps.contains(where: { [.inputTokens, .outputTokens].contains($0.measure) }) {
            out.append(LiveKitExplanations.seeAbove(role))
        }
        return out
    }
}
