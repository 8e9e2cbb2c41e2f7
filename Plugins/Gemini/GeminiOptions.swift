import AgentSimCore

/// The knobs of `gemini` as a pipeline LLM, validated once at session start against the model; every knob is a row of
/// ``knobs(model:)``.
struct GeminiOptions: Sendable, Equatable {
    enum API: String, Sendable, CaseIterable {
        /// The Gemini Developer API (generativelanguage.googleapis.com).
        case google
        /// Vertex AI.
        case vertex
    }

    enum UsageOn: String, Sendable, CaseIterable {
        /// usageMetadata on every chunk, restating the request so far.
        case everyChunk = "every_chunk"
        /// usageMetadata on the last chunk only.
        case finalChunk = "final_chunk"
    }

    // The defaults (what `agentsim providers` prints); the model sets those without a value here.
    var api = API.google
    var usageOn = UsageOn.everyChunk
    var chunkTokens = 10
    /// The thinking budget sent (2.5 models), nil where the model configures thinking by level or has none.
    var thinkingBudget: Int?
    /// The thinking level (3 models).
    var thinkingLevel: String?
    var thoughtsTokens = 0
    var implicitCaching: Bool
    var cacheMinTokens: Int
    var toolUsePromptTokens = 0

    /// True when the model thinks on this session's requests.
    var thinks: Bool {
        if let thinkingBudget { return thinkingBudget != 0 }
        if let thinkingLevel { return thinkingLevel != "minimal" }
        return false
    }

    /// Thinking tokens each request spends: `thoughts_tokens`, capped by a positive budget; 0 when thinking is off.
    var thoughtsPerRequest: Int {
        guard thinks else { return 0 }
        if let thinkingBudget, thinkingBudget > 0 { return min(thoughtsTokens, thinkingBudget) }
        return thoughtsTokens
    }

    /// The defaults for `model`: dynamic thinking on a budget model, level high on a level model, implicit caching
    /// from the model's minimum where it has one.
    init(model: GeminiModel) {
        implicitCaching = model.cacheMinTokens != nil
        cacheMinTokens = model.cacheMinTokens ?? 1_024
        switch model.thinking {
        case .none: break
        case .budget: thinkingBudget = -1
        case .level: thinkingLevel = "high"
        }
    }

    /// Reads `value` (the role's `options` map at `path`) for `model`.
    init(_ value: ScenarioValue, path: String, model: GeminiModel) throws(ScenarioError) {
        self.init(model: model)
        try Self.knobs(model: model).read(value, path: path, into: &self)
    }

    /// Every knob, as `agentsim providers gemini` lists it, for `model` (its thinking and caching decide which
    /// thinking knob it takes and what a random scenario draws).
    static func knobs(model: GeminiModel) -> OptionTable<Self> {
        let caches = model.cacheMinTokens != nil
        return [
            .choice(
                "api", \.api,
                summary: """
                    The Gemini Developer API or Vertex AI (LiveKit's vertexai=True). The stream's JSON is the same \
                    (camelCase usageMetadata); Vertex adds trafficType ON_DEMAND to it. LiveKit's model_provider is \
                    \"Gemini\" or \"Vertex AI\" (google/llm.py l.328-333).
                    """,
                draw: ["google", "vertex"]),
            .choice(
                "usage_on", \.usageOn,
                summary: """
                    Which chunks carry usageMetadata. every_chunk: each chunk restates the request so far (prompt, \
                    thoughts, candidates up to that chunk), as streamGenerateContent sends it (hermes-agent#17786, \
                    hydra PR #858: running totals on every chunk, the first one the length of the opening fragment); \
                    LiveKit's comment says the same (\"the counters restate the whole request\", google/llm.py \
                    l.679). final_chunk: only the last chunk, as seed 004 (\"typically in the final chunk\") and \
                    hermes-agent#15493 describe it. The last usage is authoritative either way; the knob decides what \
                    a cut stream leaves LiveKit.
                    """,
                draw: ["every_chunk", "final_chunk"]),
            .int(
                "chunk_tokens", \.chunkTokens, in: 1...10_000,
                summary: """
                    Reply tokens per stream chunk after the first (the first chunk is the first token alone, so \
                    LiveKit's ttft is the timeline's llm_ttft). Gemini streams text in multi-token pieces whose size \
                    it does not document; the size decides how often usage is restated and how much of a cut stream \
                    LiveKit last saw.
                    """,
                draw: [1, 5, 10, 40]),
            thinkingBudget(model),
            thinkingLevel(model),
            .int(
                "thoughts_tokens", \.thoughtsTokens, in: 0...1_000_000,
                summary: """
                    Thinking tokens the model spends on each request while thinking is on (no rule predicts how long \
                    a model thinks: give the figure the scenario assumes). Reported as thoughtsTokenCount, billed as \
                    output, not inside candidatesTokenCount; capped by a positive thinking_budget. Refused when \
                    thinking is off.
                    """,
                draw: OptionDraw { sampler, key in
                    // Only where thinking is on: the model thinks and the draws above did not turn it off.
                    let thinks: Bool
                    switch model.thinking {
                    case .none: thinks = false
                    case .budget: thinks = sampler.drawn("thinking_budget").map { $0 != 0 } ?? true
                    case .level: thinks = sampler.drawn("thinking_level").map { $0 != "minimal" } ?? true
                    }
                    if thinks { sampler.maybe(key, [0, 38, 600]) }
                }
            ) { thoughts, options in
                thoughts > 0 && !options.thinks
                    ? "thinking is off for \(model.name) with these options (no thinking, thinking_budget 0 or "
                        + "thinking_level minimal); expected 0 or thinking on" : nil
            },
            .bool(
                "implicit_caching", \.implicitCaching,
                default: "true on 2.5 and newer models (\"enabled by default\", caching page), false on 2.0",
                summary: """
                    Implicit caching: a request whose context starts with the previous request's whole context, of at \
                    least cache_min_tokens, reads that prefix from the cache (cachedContentTokenCount, \
                    cacheTokensDetails TEXT). Google calls hits probabilistic; here every eligible request hits.
                    """,
                draw: caches ? [true, false] : .never
            ) { on, _ in
                on && !caches ? "\(model.name) has no implicit caching (Gemini 2.5 and newer only)" : nil
            },
            .int(
                "cache_min_tokens", \.cacheMinTokens, in: 1...10_000_000,
                default: "the model's minimum (1,024, 2,048 or 4,096: see the models)",
                summary: """
                    The smallest prefix implicit caching serves; the caching page has listed 1,024, 2,048 and 4,096 \
                    by model and date.
                    """,
                draw: caches ? [256, 1_024, 4_096] : .never),
            .int(
                "tool_use_prompt_tokens", \.toolUsePromptTokens, in: 0...10_000_000,
                summary: """
                    toolUsePromptTokenCount on every request: what a built-in tool (Google Search grounding, code \
                    execution) fed the model inside the request. Billed as input and counted in totalTokenCount; \
                    LiveKit never reads it, so it is missing from prompt_tokens.
                    """,
                draw: [0, 30]),
        ]
    }

    /// `thinking_budget`: -1 or a whole number in the model's range on a budget model; refused elsewhere.
    private static func thinkingBudget(_ model: GeminiModel) -> OptionRow<Self> {
        var draw = OptionDraw.never
        if case let .budget(range) = model.thinking {
            draw = OptionDraw { sampler, key in
                let budgets: [JSONValue] = range.lowerBound == 0 ? [-1, 0, 512] : [-1, 128, 1_024]
                let budget = sampler.pick(budgets)
                sampler.maybe(key, [budget])
            }
        }
        return OptionRow(
            "thinking_budget", form: "-1 or a whole number in the model's range (2.5 models)",
            default: "-1 (dynamic, the API's default when LiveKit sends no thinking_config)",
            summary: """
                thinking_config.thinking_budget: 0 turns thinking off (2.5 Flash; 2.5 Pro cannot, 128 minimum); a \
                positive budget caps thoughts_tokens. Refused on Gemini 3 models, where LiveKit drops it with a \
                warning (google/llm.py l.480).
                """,
            draw: draw
        ) { value, reader, options throws(ScenarioError) in
            let path = reader.path(of: "thinking_budget")
            switch model.thinking {
            case .none:
                throw noThinking(model, reader, value)
            case let .level(levels):
                throw ScenarioError(
                    "\(path): LiveKit drops thinking_budget on Gemini 3 models (google/llm.py l.480); use "
                        + "thinking_level, one of \(levels.joined(separator: ", "))",
                    at: value.location)
            case let .budget(range):
                let n = try MapReader.int(value, path: path, in: -1...Int.max)
                guard n == -1 || range.contains(n) else {
                    throw ScenarioError(
                        "\(path): expected -1 (dynamic) or a whole number from \(range.lowerBound) to "
                            + "\(range.upperBound) for \(model.name), got \(n)",
                        at: value.location)
                }
                options.thinkingBudget = n
            }
        }
    }

    /// `thinking_level`: one of the model's levels on a level model; refused elsewhere.
    private static func thinkingLevel(_ model: GeminiModel) -> OptionRow<Self> {
        var draw = OptionDraw.never
        if case let .level(levels) = model.thinking { draw = .oneOf(levels.map { .string($0) }) }
        return OptionRow(
            "thinking_level", form: "minimal | low | medium | high (3 Flash), low | high (3 Pro)",
            default: "high (the API's default; LiveKit sends minimal on 3 Flash and low on 3 Pro only when a "
                + "thinking_config without a level is given, l.486)",
            summary: """
                thinking_config.thinking_level on Gemini 3 models; minimal counts as thinking off (\"no thinking for \
                most queries\"). Refused on 2.5 and earlier, where LiveKit raises (l.495).
                """,
            draw: draw
        ) { value, reader, options throws(ScenarioError) in
            let path = reader.path(of: "thinking_level")
            switch model.thinking {
            case .none:
                throw noThinking(model, reader, value)
            case .budget:
                throw ScenarioError(
                    "\(path): \(model.name) configures thinking with thinking_budget (LiveKit raises for "
                        + "thinking_level on Gemini 2.5 and earlier)",
                    at: value.location)
            case let .level(levels):
                let s = try MapReader.string(value, path: path)
                guard levels.contains(s) else {
                    throw ScenarioError(
                        "\(path): expected one of \(levels.joined(separator: ", ")) for \(model.name), got '\(s)'",
                        at: value.location)
                }
                options.thinkingLevel = s
            }
        }
    }

    private static func noThinking(_ model: GeminiModel, _ reader: MapReader, _ value: ScenarioValue) -> ScenarioError {
        ScenarioError(
            "\(reader.path): \(model.name) has no thinking; leave out thinking_budget and thinking_level",
            at: value.location)
    }
}
