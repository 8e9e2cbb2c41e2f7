import AgentSimCore

/// The `session.options` knobs of `openai-live`, validated once at session start; every knob is a row of ``knobs``.
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

    // The defaults (what `agentsim providers` prints).
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

    init() {}

    init(_ value: ScenarioValue) throws(ScenarioError) {
        try Self.knobs.read(value, path: "session.options", into: &self)
    }

    /// Every knob, as `agentsim providers openai-live` lists it.
    static var knobs: OptionTable<Self> {
        [
            .choice(
                "delegation", \.delegation,
                summary: """
                    Where delegated work (the scenario's tool calls) goes (livekit-agents 1.8.9 \
                    GPTLiveModel(delegation=)): responses runs it on a backend Responses model, whose usage arrives \
                    in response.event envelopes and becomes LLMMetrics; client hands it to the application as \
                    session.delegation.created, and no backend tokens are reported.
                    """,
                draw: ["responses", "client"]),
            .string(
                "backend_model", \.backendModel, nonEmpty: "a Responses model name",
                summary: """
                    The backend model (DEFAULT_BACKEND_MODEL in livekit-agents 1.8.9 llm/_realtime/gpt_live.py); it \
                    names the LLMMetrics and its ModelUsage entry.
                    """,
                draw: ["gpt-5.6-luna", "responses-deployment"]),
            .int(
                "backend_instructions_tokens", \.backendInstructionsTokens, in: 0...1_000_000, shown: .atLeast,
                summary: """
                    Tokens of responses_options.instructions, the backend model's own instructions (distinct from the \
                    voice model's); at the start of every backend input. Unset in LiveKit leaves the service's \
                    default, whose size is not published.
                    """,
                draw: [0, 200, 1500]),
            .int(
                "backend_reasoning_tokens", \.backendReasoningTokens, in: 0...1_000_000, shown: .atLeast,
                summary: """
                    output_tokens_details.reasoning_tokens of every backend response (responses_options.reasoning \
                    sets the effort); counted inside output_tokens, as Responses usage does (PROVIDERS.md: Responses \
                    output_tokens includes reasoning_tokens).
                    """,
                draw: [0, 19, 64]),
            .bool(
                "backend_caching", \.backendCaching,
                summary: """
                    Responses prompt caching on the backend input: automatic, best effort; a prefix shared with the \
                    previous backend request is cached from cache_min_tokens on, in steps of cache_step_tokens \
                    (general prompt-caching guide).
                    """,
                draw: [true, false]),
            .int(
                "cache_min_tokens", \.cacheMinimumTokens, in: 1...10_000_000, shown: .atLeast,
                summary: "Smallest cached prefix (prompt-caching guide).", draw: [512, 1024]),
            .int(
                "cache_step_tokens", \.cacheStepTokens, in: 1...10_000_000, shown: .atLeast,
                summary: "Cached prefixes grow in steps of this many tokens (prompt-caching guide).", draw: [64, 128]),
            .int(
                "characters_per_token", \.charactersPerToken, in: 1...100, shown: .atLeast,
                summary: "Text-token estimate for text without an exact count: ceil(characters / this).", draw: [3, 4]),
            .number(
                "usage_update_interval", \.usageUpdateInterval, in: 0...86_400, form: "0, or seconds ≥ 0.1",
                summary: """
                    When session.usage.updated arrives; the cadence is not documented. 0: once after every spoken \
                    reply; S: every S seconds of the session timeline (at S, 2S, …). session.closed always follows at \
                    the end with the final figure.
                    """,
                draw: [0, 0.7, 2.5, 10]
            ) { seconds, _ in
                seconds > 0 && seconds < 0.1
                    ? "expected 0 (after every reply) or at least 0.1 seconds, got \(seconds)" : nil
            },
            .int(
                "context_window_tokens", \.contextWindowTokens, in: 1...100_000_000, shown: .atLeast,
                default: "not set",
                summary: """
                    The voice model's context limit, which is not published: when set, every session.usage.updated \
                    carries context_window.usage_ratio = the active context's tokens (instructions + every transcript \
                    and tool item so far, as text tokens) / this, rounded to 4 decimals; when not set, context_window \
                    is omitted (\"Omitted when the context limit is unknown\", openai SDK 3.54). LiveKit only logs it.
                    """,
                draw: [8192, 32768]),
            .choice(
                "close_reason", \.closeReason, among: closeReasons,
                summary: """
                    session.closed.reason (openai SDK 3.54 SessionClosedEvent); the final usage comes with it \
                    whatever the reason.
                    """,
                draw: .oneOf(closeReasons.map { .string($0) })),
            .string(
                "host", \.host, nonEmpty: "a host name",
                summary: "LiveKit's model_provider: the host of the base URL (GPTLiveModel.provider)."),
        ]
    }
}
