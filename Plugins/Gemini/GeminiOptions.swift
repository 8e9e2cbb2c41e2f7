import AgentSimCore

/// The knobs of `gemini` as a pipeline LLM, validated once at session start against the model.
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

    /// Reads `value` (the role's `options` map at `path`) for `model`.
    init(_ value: ScenarioValue, path: String, model: GeminiModel) throws(ScenarioError) {
        implicitCaching = model.cacheMinTokens != nil
        cacheMinTokens = model.cacheMinTokens ?? 1_024
        var r = try MapReader(value, path: path)
        if let a = try r.choice("api", among: API.allCases.map(\.rawValue)) { api = API(rawValue: a)! }
        if let u = try r.choice("usage_on", among: UsageOn.allCases.map(\.rawValue)) { usageOn = UsageOn(rawValue: u)! }
        chunkTokens = try r.int("chunk_tokens", in: 1...10_000) ?? chunkTokens

        let budgetValue = r.value("thinking_budget")
        let levelValue = r.value("thinking_level")
        switch model.thinking {
        case .none:
            if let v = budgetValue ?? levelValue {
                throw ScenarioError(
                    "\(path): \(model.name) has no thinking; leave out thinking_budget and thinking_level",
                    at: v.location)
            }
        case let .budget(range):
            if let v = levelValue {
                throw ScenarioError(
                    "\(path).thinking_level: \(model.name) configures thinking with thinking_budget (LiveKit raises for thinking_level on Gemini 2.5 and earlier)",
                    at: v.location)
            }
            thinkingBudget = -1
            if let v = budgetValue {
                let n = try MapReader.int(v, path: "\(path).thinking_budget", in: -1...Int.max)
                guard n == -1 || range.contains(n) else {
                    throw ScenarioError(
                        "\(path).thinking_budget: expected -1 (dynamic) or a whole number from \(range.lowerBound) to \(range.upperBound) for \(model.name), got \(n)",
                        at: v.location)
                }
                thinkingBudget = n
            }
        case let .level(levels):
            if let v = budgetValue {
                throw ScenarioError(
                    "\(path).thinking_budget: LiveKit drops thinking_budget on Gemini 3 models (google/llm.py l.480); use thinking_level, one of \(levels.joined(separator: ", "))",
                    at: v.location)
            }
            thinkingLevel = "high"
            if let v = levelValue {
                let s = try MapReader.string(v, path: "\(path).thinking_level")
                guard levels.contains(s) else {
                    throw ScenarioError(
                        "\(path).thinking_level: expected one of \(levels.joined(separator: ", ")) for \(model.name), got '\(s)'",
                        at: v.location)
                }
                thinkingLevel = s
            }
        }

        if let v = r.value("thoughts_tokens") {
            thoughtsTokens = try MapReader.int(v, path: "\(path).thoughts_tokens", in: 0...1_000_000)
            if thoughtsTokens > 0, !thinks {
                throw ScenarioError(
                    "\(path).thoughts_tokens: thinking is off for \(model.name) with these options (no thinking, thinking_budget 0 or thinking_level minimal); expected 0 or thinking on",
                    at: v.location)
            }
        }

        let cachingLocation = r.value("implicit_caching")?.location
        if let b = try r.bool("implicit_caching") {
            if b, model.cacheMinTokens == nil, let cachingLocation {
                throw ScenarioError(
                    "\(path).implicit_caching: \(model.name) has no implicit caching (Gemini 2.5 and newer only)",
                    at: cachingLocation)
            }
            implicitCaching = b
        }
        cacheMinTokens = try r.int("cache_min_tokens", in: 1...10_000_000) ?? cacheMinTokens
        toolUsePromptTokens = try r.int("tool_use_prompt_tokens", in: 0...10_000_000) ?? toolUsePromptTokens
        try r.finish()
    }

    static let documentation: [OptionDocumentation] = [
        .init(
            key: "api", form: "google | vertex", defaultValue: "google",
            summary:
                "The Gemini Developer API or Vertex AI (LiveKit's vertexai=True). The stream's JSON is the same (camelCase usageMetadata); Vertex adds trafficType ON_DEMAND to it. LiveKit's model_provider is \"Gemini\" or \"Vertex AI\" (google/llm.py l.328-333)."
        ),
        .init(
            key: "usage_on", form: "every_chunk | final_chunk", defaultValue: "every_chunk",
            summary:
                "Which chunks carry usageMetadata. every_chunk: each chunk restates the request so far (prompt, thoughts, candidates up to that chunk), as streamGenerateContent sends it (hermes-agent#17786, hydra PR #858: running totals on every chunk, the first one the length of the opening fragment); LiveKit's comment says the same (\"the counters restate the whole request\", google/llm.py l.679). final_chunk: only the last chunk, as seed 004 (\"typically in the final chunk\") and hermes-agent#15493 describe it. The last usage is authoritative either way; the knob decides what a cut stream leaves LiveKit."
        ),
        .init(
            key: "chunk_tokens", form: "whole number from 1 to 10000", defaultValue: "10",
            summary:
                "Reply tokens per stream chunk after the first (the first chunk is the first token alone, so LiveKit's ttft is the timeline's llm_ttft). Gemini streams text in multi-token pieces whose size it does not document; the size decides how often usage is restated and how much of a cut stream LiveKit last saw."
        ),
        .init(
            key: "thinking_budget", form: "-1 or a whole number in the model's range (2.5 models)",
            defaultValue: "-1 (dynamic, the API's default when LiveKit sends no thinking_config)",
            summary:
                "thinking_config.thinking_budget: 0 turns thinking off (2.5 Flash; 2.5 Pro cannot, 128 minimum); a positive budget caps thoughts_tokens. Refused on Gemini 3 models, where LiveKit drops it with a warning (google/llm.py l.480)."
        ),
        .init(
            key: "thinking_level", form: "minimal | low | medium | high (3 Flash), low | high (3 Pro)",
            defaultValue:
                "high (the API's default; LiveKit sends minimal on 3 Flash and low on 3 Pro only when a thinking_config without a level is given, l.486)",
            summary:
                "thinking_config.thinking_level on Gemini 3 models; minimal counts as thinking off (\"no thinking for most queries\"). Refused on 2.5 and earlier, where LiveKit raises (l.495)."
        ),
        .init(
            key: "thoughts_tokens", form: "whole number from 0 to 1000000", defaultValue: "0",
            summary:
                "Thinking tokens the model spends on each request while thinking is on (no rule predicts how long a model thinks: give the figure the scenario assumes). Reported as thoughtsTokenCount, billed as output, not inside candidatesTokenCount; capped by a positive thinking_budget. Refused when thinking is off."
        ),
        .init(
            key: "implicit_caching", form: "true | false",
            defaultValue: "true on 2.5 and newer models (\"enabled by default\", caching page), false on 2.0",
            summary:
                "Implicit caching: a request whose context starts with the previous request's whole context, of at least cache_min_tokens, reads that prefix from the cache (cachedContentTokenCount, cacheTokensDetails TEXT). Google calls hits probabilistic; here every eligible request hits."
        ),
        .init(
            key: "cache_min_tokens", form: "whole number from 1 to 10000000",
            defaultValue: "the model's minimum (1,024, 2,048 or 4,096: see the models)",
            summary:
                "The smallest prefix implicit caching serves; the caching page has listed 1,024, 2,048 and 4,096 by model and date."
        ),
        .init(
            key: "tool_use_prompt_tokens", form: "whole number from 0 to 10000000", defaultValue: "0",
            summary:
                "toolUsePromptTokenCount on every request: what a built-in tool (Google Search grounding, code execution) fed the model inside the request. Billed as input and counted in totalTokenCount; LiveKit never reads it, so it is missing from prompt_tokens."
        ),
    ]
}
