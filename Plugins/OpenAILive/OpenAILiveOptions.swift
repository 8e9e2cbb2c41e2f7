import AgentSimCore

/// The `session.options` knobs of `openai-live`, validated once at session start.
struct OpenAILiveOptions: Sendable {
    /// Where delegated work (the scenario's tool calls) goes, fixed for the session.
    enum Delegation: String, Sendable, CaseIterable {
        /// A backend Responses model runs it and reports Responses usage.
        case responses
        /// The application gets a delegation event; no backend model runs, so no tokens are reported.
        case client
    }

    /// Why the session ended (openai SDK 3.54 `SessionClosedEvent.reason`).
    static let closeReasons = ["close_requested", "expired", "content", "remote_hangup", "connection_lost"]

    var delegation = Delegation.responses
    var backendModel = "gpt-5.6-luna"
    var backendInstructionsTokens = 0
    var backendReasoningTokens = 0
    var backendCaching = true
    var cacheMinimumTokens = 1024
    var cacheStepTokens = 128
    var charactersPerToken = 4
    /// 0: one session.usage.updated after every spoken reply; otherwise one every this many seconds.
    var usageUpdateInterval = 0.0
    /// nil: context_window is left out ("omitted when the context limit is unknown").
    var contextWindowTokens: Int?
    var closeReason = "close_requested"
    var host = "api.openai.com"

    init(_ value: ScenarioValue) throws(ScenarioError) {
        var r = try MapReader(value, path: "session.options")
        if let d = try r.choice("delegation", among: Delegation.allCases.map(\.rawValue)) {
            delegation = Delegation(rawValue: d)!
        }
        if let model = try r.string("backend_model") {
            guard !model.isEmpty else {
                throw ScenarioError(
                    "session.options.backend_model: expected a Responses model name, got an empty string",
                    at: r.value("backend_model")?.location ?? value.location)
            }
            backendModel = model
        }
        backendInstructionsTokens =
            try r.int("backend_instructions_tokens", in: 0...1_000_000) ?? backendInstructionsTokens
        backendReasoningTokens = try r.int("backend_reasoning_tokens", in: 0...1_000_000) ?? backendReasoningTokens
        backendCaching = try r.bool("backend_caching") ?? backendCaching
        cacheMinimumTokens = try r.int("cache_min_tokens", in: 1...10_000_000) ?? cacheMinimumTokens
        cacheStepTokens = try r.int("cache_step_tokens", in: 1...10_000_000) ?? cacheStepTokens
        charactersPerToken = try r.int("characters_per_token", in: 1...100) ?? charactersPerToken
        usageUpdateInterval = try r.double("usage_update_interval", in: 0...86_400) ?? usageUpdateInterval
        if usageUpdateInterval > 0, usageUpdateInterval < 0.1 {
            throw ScenarioError(
                "session.options.usage_update_interval: expected 0 (after every reply) or at least 0.1 seconds, got \(usageUpdateInterval)",
                at: r.value("usage_update_interval")?.location ?? value.location)
        }
        contextWindowTokens = try r.int("context_window_tokens", in: 1...100_000_000)
        closeReason = try r.choice("close_reason", among: Self.closeReasons) ?? closeReason
        if let h = try r.string("host") {
            guard !h.isEmpty else {
                throw ScenarioError(
                    "session.options.host: expected a host name, got an empty string",
                    at: r.value("host")?.location ?? value.location)
            }
            host = h
        }
        try r.finish()
    }

    static let documentation: [OptionDocumentation] = [
        .init(
            key: "delegation", form: "responses | client", defaultValue: "responses",
            summary:
                "Where delegated work (the scenario's tool calls) goes (livekit-agents 1.8.9 GPTLiveModel(delegation=)): responses runs it on a backend Responses model, whose usage arrives in response.event envelopes and becomes LLMMetrics; client hands it to the application as session.delegation.created, and no backend tokens are reported."
        ),
        .init(
            key: "backend_model", form: "a Responses model name", defaultValue: "gpt-5.6-luna",
            summary:
                "The backend model (DEFAULT_BACKEND_MODEL in livekit-agents 1.8.9 llm/_realtime/gpt_live.py); it names the LLMMetrics and its ModelUsage entry."
        ),
        .init(
            key: "backend_instructions_tokens", form: "whole number ≥ 0", defaultValue: "0",
            summary:
                "Tokens of responses_options.instructions, the backend model's own instructions (distinct from the voice model's); at the start of every backend input. Unset in LiveKit leaves the service's default, whose size is not published."
        ),
        .init(
            key: "backend_reasoning_tokens", form: "whole number ≥ 0", defaultValue: "0",
            summary:
                "output_tokens_details.reasoning_tokens of every backend response (responses_options.reasoning sets the effort); counted inside output_tokens, as Responses usage does (PROVIDERS.md: Responses output_tokens includes reasoning_tokens)."
        ),
        .init(
            key: "backend_caching", form: "true | false", defaultValue: "true",
            summary:
                "Responses prompt caching on the backend input: automatic, best effort; a prefix shared with the previous backend request is cached from cache_min_tokens on, in steps of cache_step_tokens (general prompt-caching guide)."
        ),
        .init(
            key: "cache_min_tokens", form: "whole number ≥ 1", defaultValue: "1024",
            summary: "Smallest cached prefix (prompt-caching guide)."),
        .init(
            key: "cache_step_tokens", form: "whole number ≥ 1", defaultValue: "128",
            summary: "Cached prefixes grow in steps of this many tokens (prompt-caching guide)."),
        .init(
            key: "characters_per_token", form: "whole number ≥ 1", defaultValue: "4",
            summary: "Text-token estimate for text without an exact count: ceil(characters / this)."),
        .init(
            key: "usage_update_interval", form: "0, or seconds ≥ 0.1", defaultValue: "0",
            summary:
                "When session.usage.updated arrives; the cadence is not documented. 0: once after every spoken reply; S: every S seconds of the session timeline (at S, 2S, …). session.closed always follows at the end with the final figure."
        ),
        .init(
            key: "context_window_tokens", form: "whole number ≥ 1", defaultValue: "not set",
            summary:
                "The voice model's context limit, which is not published: when set, every session.usage.updated carries context_window.usage_ratio = the active context's tokens (instructions + every transcript and tool item so far, as text tokens) / this, rounded to 4 decimals; when not set, context_window is omitted (\"Omitted when the context limit is unknown\", openai SDK 3.54). LiveKit only logs it."
        ),
        .init(
            key: "close_reason", form: "close_requested | expired | content | remote_hangup | connection_lost",
            defaultValue: "close_requested",
            summary:
                "session.closed.reason (openai SDK 3.54 SessionClosedEvent); the final usage comes with it whatever the reason."
        ),
        .init(
            key: "host", form: "a host name", defaultValue: "api.openai.com",
            summary: "LiveKit's model_provider: the host of the base URL (GPTLiveModel.provider)."),
    ]
}
