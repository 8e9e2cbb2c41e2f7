import AgentSimCore

/// The `options` knobs of `anthropic` as a pipeline LLM, validated once when the session starts; every knob is a row
/// of ``knobs``.
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

    // The defaults (what `agentsim providers` prints).
    var breakpoints = Breakpoints.none
    var ttl = TTL.fiveMinutes
    /// The model's minimum unless the scenario overrides it.
    var minimumCacheableTokens: Int
    var startOutputTokens = 1
    var charactersPerToken = 4
    var host = "api.anthropic.com"

    /// The defaults for `model`.
    init(model: AnthropicModel) { minimumCacheableTokens = model.minimumCacheableTokens }

    init(_ value: ScenarioValue, path: String, model: AnthropicModel) throws(ScenarioError) {
        self.init(model: model)
        try Self.knobs.read(value, path: path, into: &self)
    }

    /// Every knob, as `agentsim providers anthropic` lists it.
    static var knobs: OptionTable<Self> {
        [
            .choice(
                "cache_breakpoints", \.breakpoints,
                summary: """
                    Where cache_control breakpoints go. none: LiveKit's default (caching not given). conversation: \
                    LiveKit's caching=\"ephemeral\" (llm.py l.264-284: the last system block, the last assistant \
                    message, the last user message before it). instructions: only the last system block.
                    """,
                draw: ["none", "instructions", "conversation"]),
            .choice(
                "cache_ttl", \.ttl,
                summary: """
                    Cache lifetime, refreshed on each read. LiveKit's CACHE_CONTROL_EPHEMERAL sends no ttl, so \
                    Anthropic's default 5m applies; 1h writes go to cache_creation.ephemeral_1h_input_tokens.
                    """,
                draw: ["5m", "1h"]),
            .int(
                "min_cacheable_tokens", \.minimumCacheableTokens, in: 1...10_000_000, shown: .atLeast,
                default: "the model's (1024, 2048 or 4096)",
                summary: """
                    Shortest prefix a breakpoint caches (Anthropic's prompt-caching docs, by model); below it the \
                    request is processed without caching.
                    """,
                draw: [64, 256, 1024, 2048]),
            .int(
                "start_output_tokens", \.startOutputTokens, in: 0...100,
                summary: """
                    message_start.message.usage.output_tokens (Anthropic's streaming example shows 1). LiveKit adds \
                    it to message_delta's cumulative count.
                    """,
                draw: [0, 1, 3]),
            .int(
                "characters_per_token", \.charactersPerToken, in: 1...100, shown: .atLeast,
                summary: """
                    Text-token estimate for context items and replies without an exact count: ceil(characters / this).
                    """,
                draw: [3, 4]),
            .string(
                "host", \.host,
                summary: "Base-URL host; LiveKit reports it as metadata.model_provider (llm.py `provider`)."),
        ]
    }
}
