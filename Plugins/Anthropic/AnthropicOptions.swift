import AgentSimCore

/// The `options` knobs of `anthropic` as a pipeline LLM, validated once when the session starts.
struct AnthropicOptions: Sendable, Equatable {
    /// Where `cache_control` breakpoints go.
    enum Breakpoints: String, Sendable, CaseIterable {
        /// No breakpoint: LiveKit's default (`caching` not given).
        case none
        /// One breakpoint on the last system block (an app that marks only its instructions).
        case instructions
        /// LiveKit's `caching="ephemeral"`: the last system block, the last assistant message and the last user
        /// message before it.
        case conversation
    }

    /// The cache entries' lifetime (`cache_control.ttl`).
    enum TTL: String, Sendable, CaseIterable {
        case fiveMinutes = "5m"
        case oneHour = "1h"

        var seconds: Double { self == .fiveMinutes ? 300 : 3600 }
    }

    var breakpoints = Breakpoints.none
    var ttl = TTL.fiveMinutes
    /// The model's minimum unless the scenario overrides it.
    var minimumCacheableTokens: Int
    var startOutputTokens = 1
    var charactersPerToken = 4
    var host = "api.anthropic.com"

    init(_ value: ScenarioValue, path: String, model: AnthropicModel) throws(ScenarioError) {
        minimumCacheableTokens = model.minimumCacheableTokens
        var r = try MapReader(value, path: path)
        if let b = try r.choice("cache_breakpoints", among: Breakpoints.allCases.map(\.rawValue)) {
            breakpoints = Breakpoints(rawValue: b)!
        }
        if let t = try r.choice("cache_ttl", among: TTL.allCases.map(\.rawValue)) { ttl = TTL(rawValue: t)! }
        minimumCacheableTokens = try r.int("min_cacheable_tokens", in: 1...10_000_000) ?? minimumCacheableTokens
        startOutputTokens = try r.int("start_output_tokens", in: 0...100) ?? startOutputTokens
        charactersPerToken = try r.int("characters_per_token", in: 1...100) ?? charactersPerToken
        host = try r.string("host") ?? host
        try r.finish()
    }

    static let documentation: [OptionDocumentation] = [
        .init(
            key: "cache_breakpoints", form: "none | instructions | conversation", defaultValue: "none",
            summary: "Where cache_control breakpoints go. none: LiveKit's default (caching not given). conversation: "
                + "LiveKit's caching=\"ephemeral\" (llm.py l.264-284: the last system block, the last assistant "
                + "message, the last user message before it). instructions: only the last system block."),
        .init(
            key: "cache_ttl", form: "5m | 1h", defaultValue: "5m",
            summary: "Cache lifetime, refreshed on each read. LiveKit's CACHE_CONTROL_EPHEMERAL sends no ttl, so "
                + "Anthropic's default 5m applies; 1h writes go to cache_creation.ephemeral_1h_input_tokens."),
        .init(
            key: "min_cacheable_tokens", form: "whole number ≥ 1", defaultValue: "the model's (1024, 2048 or 4096)",
            summary: "Shortest prefix a breakpoint caches (Anthropic's prompt-caching docs, by model); below it the "
                + "request is processed without caching."),
        .init(
            key: "start_output_tokens", form: "whole number from 0 to 100", defaultValue: "1",
            summary: "message_start.message.usage.output_tokens (Anthropic's streaming example shows 1). LiveKit adds "
                + "it to message_delta's cumulative count."),
        .init(
            key: "characters_per_token", form: "whole number ≥ 1", defaultValue: "4",
            summary:
                "Text-token estimate for context items and replies without an exact count: ceil(characters / this)."),
        .init(
            key: "host", form: "string", defaultValue: "api.anthropic.com",
            summary: "Base-URL host; LiveKit reports it as metadata.model_provider (llm.py `provider`)."),
    ]
}
