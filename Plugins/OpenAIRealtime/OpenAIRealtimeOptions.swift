import AgentSimCore

/// The `session.options` knobs of `openai-realtime`, validated; every knob is a row of ``knobs(model:)``.
struct OpenAIRealtimeOptions: Sendable {
    enum Schema: String, Sendable, CaseIterable { case ga, beta }
    enum Transcription: String, Sendable, CaseIterable {
        case whisper1 = "whisper-1"
        case gpt4oTranscribe = "gpt-4o-transcribe"
        case gpt4oMiniTranscribe = "gpt-4o-mini-transcribe"

        /// whisper-1 reports `{type: "duration", seconds}`; the gpt-4o family reports tokens.
        var reportsDuration: Bool { self == .whisper1 }
    }
    enum TranscriptionTiming: String, Sendable, CaseIterable {
        case beforeResponse = "before_response", afterResponse = "after_response"
    }
    enum InterruptedBilling: String, Sendable, CaseIterable { case generated, played }
    enum CacheScope: String, Sendable, CaseIterable { case organisation, session }
    /// What earlier sessions of the organisation sent, as a scenario states it for a single run.
    enum EarlierSessions: String, Sendable, CaseIterable {
        case none, sameInstructions = "same_instructions", sameConversation = "same_conversation"
    }
    enum ReasoningEffort: String, Sendable, CaseIterable { case none, low, medium, high }

    /// The models that reason before they answer (openai-python commits, 2026-05 and 2026-07).
    static let reasoningModels: Set<String> = ["gpt-realtime-2", "gpt-realtime-2.1", "gpt-realtime-2.1-mini"]
    /// Reasoning tokens per response when the scenario gives none: the one published figure (BerriAI/litellm#39850,
    /// gpt-realtime-2.1-mini: completion 29 tokens, of which reasoning 19).
    static let observedReasoningTokens = 19

    // The defaults (what `agentsim providers` prints).
    var inputAudioTokensPerSecond = 10.0
    var outputAudioTokensPerSecond = 20.0
    var caching = true
    var cacheMinimumTokens = 128
    var cacheStepTokens = 128
    var itemOverheadTokens = 2
    var charactersPerToken = 4
    var truncationThreshold = 28_224
    var truncation = true
    var interruptedBilling = InterruptedBilling.generated
    var transcription: Transcription?
    var transcriptionTiming = TranscriptionTiming.beforeResponse
    var schema = Schema.ga
    var connectionEvent = true
    var host = "api.openai.com"
    var cacheScope = CacheScope.organisation
    var earlierSessions = EarlierSessions.none
    var discardedPerInterruption = 0
    var reasoningEffort = ReasoningEffort.none
    var reasoningTokens = 0

    /// Reasoning tokens each response bills inside its output text tokens.
    var reasoningTokensPerResponse: Int { reasoningEffort == .none ? 0 : reasoningTokens }

    /// The defaults for `model`: a reasoning model reasons at medium effort and bills the observed count.
    init(model: String) {
        if Self.reasoningModels.contains(model) {
            reasoningEffort = .medium
            reasoningTokens = Self.observedReasoningTokens
        }
    }

    /// Reads `session.options` for `model`.
    init(_ value: ScenarioValue, model: String) throws(ScenarioError) {
        self.init(model: model)
        try Self.knobs(model: model).read(value, path: "session.options", into: &self)
    }

    /// Every knob, as `agentsim providers openai-realtime` lists it; the reasoning knobs only on a reasoning model.
    static func knobs(model: String) -> OptionTable<Self> {
        let reasons = reasoningModels.contains(model)
        let reasoners = reasoningModels.sorted().joined(separator: ", ")
        return [
            .number(
                "input_audio_tokens_per_second", \.inputAudioTokensPerSecond, in: 0...10_000, shown: .atLeast,
                summary: "User audio: 1 token per 100 ms (realtime-costs guide). Whole tokens, floor, per audio item.",
                draw: [8, 10, 12]),
            .number(
                "output_audio_tokens_per_second", \.outputAudioTokensPerSecond, in: 0...10_000, shown: .atLeast,
                summary: "Assistant audio: 1 token per 50 ms (realtime-costs guide).", draw: [20, 24]),
            .bool(
                "caching", \.caching, summary: "Automatic prefix caching of the previous request's context.",
                draw: [true, false]),
            .int(
                "cache_min_tokens", \.cacheMinimumTokens, in: 1...10_000_000, shown: .atLeast,
                summary: """
                    Shortest prefix that is cached. The general prompt-caching guide says 1,024, but OpenAI documents \
                    no Realtime figure and two observed Realtime reports cache less than 1,024 (640 on one response; \
                    1,408 over a session whose requests are all under 1,024 tokens, see the rules): one 128-token block.
                    """,
                draw: [128, 256, 512, 1024]),
            .int(
                "cache_step_tokens", \.cacheStepTokens, in: 1...10_000_000, shown: .atLeast,
                summary: "Cached prefixes grow in steps of this many tokens above the minimum.", draw: [64, 128]),
            .int(
                "item_overhead_tokens", \.itemOverheadTokens, in: 0...1000, shown: .atLeast,
                summary: """
                    Special text tokens every context item (and the instructions) adds (the guide: '10 text tokens of \
                    content may count as 12').
                    """,
                draw: [0, 2, 4]),
            .int(
                "characters_per_token", \.charactersPerToken, in: 1...100, shown: .atLeast,
                summary: "Text-token estimate for text without an exact count: ceil(characters / this)."),
            .choice(
                "truncation", \.truncation, [("auto", true), ("disabled", false)],
                summary: "Drop the oldest items when the context passes truncation_threshold; that breaks the cache.",
                draw: ["auto", "disabled"]),
            .int(
                "truncation_threshold", \.truncationThreshold, in: 1...10_000_000, shown: .atLeast,
                summary: "Context size at which truncation starts (a 32k model with 4,096 max output tokens).",
                draw: [400, 1500, 28_224]),
            .choice(
                "interrupted_billing", \.interruptedBilling,
                summary: """
                    What an interrupted response bills as output audio: everything generated (generation outruns \
                    playback) or only what was played.
                    """,
                draw: ["generated", "played"]),
            .choice(
                "input_audio_transcription", \.transcription,
                [("none", nil)] + Transcription.allCases.map { ($0.rawValue, $0) },
                summary: """
                    Input transcription; its usage becomes an STTMetrics event (duration shape for whisper-1, tokens \
                    shape otherwise).
                    """,
                draw: ["none", "whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe"]),
            .choice(
                "transcription_timing", \.transcriptionTiming,
                summary: """
                    Whether transcription.completed arrives before the response it precedes or after its response.done.
                    """,
                draw: ["before_response", "after_response"]),
            .choice(
                "schema", \.schema,
                summary: """
                    Wire schema of response.usage: GA has image_tokens and cached_tokens_details; beta has neither.
                    """,
                draw: ["ga", "beta"]),
            .bool(
                "connection_event", \.connectionEvent,
                summary: """
                    LiveKit 1.8.9 emits a zero-usage RealtimeModelMetrics with request_id \"\" when the connection is \
                    acquired.
                    """,
                draw: [true, false]),
            .string("host", \.host, summary: "Base-URL host; LiveKit reports it as metadata.model_provider."),
            .choice(
                "cache_scope", \.cacheScope,
                summary: """
                    Whose requests the prompt cache holds: the organisation's (a prefix an earlier session sent is \
                    served from cache, openai/openai-dotnet#1045) or this session's only.
                    """,
                draw: ["organisation", "session"]),
            .choice(
                "earlier_sessions", \.earlierSessions,
                summary: """
                    For a single run: what earlier sessions of the organisation already sent (the same instructions \
                    and tools, or this very conversation). agentsim load and check --random add what the sessions \
                    before this one in their order send.
                    """,
                draw: ["none", "same_instructions", "same_conversation"]),
            .int(
                "discarded_per_interruption", \.discardedPerInterruption, in: 0...10, form: "whole number 0…10",
                summary: """
                    Responses per barge-in that the server creates after LiveKit gave up on them (a generate_reply \
                    interrupted or timed out before response.created, cancelled by id; or a response.done with no \
                    current generation). OpenAI bills each, the whole context as input and no output; LiveKit 1.8.9 \
                    reports none (PR #6244).
                    """,
                draw: [0, 1, 2]),
            .choice(
                "reasoning_effort", \.reasoningEffort, default: "medium on \(reasoners)",
                summary: """
                    Only on the models that reason (an error elsewhere). none: no reasoning tokens; OpenAI publishes \
                    no token figure per level, so any other level bills reasoning_tokens.
                    """,
                draw: ["none", "low", "medium", "high"]
            ).only(where: reasons, otherwise: "\(model) does not reason; expected this knob only on \(reasoners)"),
            .int(
                "reasoning_tokens", \.reasoningTokens, in: 0...100_000, shown: .atLeast,
                default: "\(observedReasoningTokens) on the reasoning models",
                summary: """
                    Reasoning tokens per response, billed inside output_token_details.text_tokens (no separate \
                    field); the default is the one published figure (BerriAI/litellm#39850: completion 29, of which \
                    reasoning 19). Reasoning does not stay in later contexts.
                    """,
                draw: [0, 19, 120]
            ).only(where: reasons, otherwise: "\(model) does not reason; expected this knob only on \(reasoners)"),
        ]
    }
}
