import AgentSimCore

/// The `session.options` knobs of `openai-realtime`, validated.
struct OpenAIRealtimeOptions: Sendable {
    enum Schema: String, Sendable { case ga, beta }
    enum Transcription: String, Sendable, CaseIterable {
        case whisper1 = "whisper-1"
        case gpt4oTranscribe = "gpt-4o-transcribe"
        case gpt4oMiniTranscribe = "gpt-4o-mini-transcribe"

        /// whisper-1 reports `{type: "duration", seconds}`; the gpt-4o family reports tokens.
        var reportsDuration: Bool { self == .whisper1 }
    }
    enum TranscriptionTiming: String, Sendable {
        case beforeResponse = "before_response", afterResponse = "after_response"
    }
    enum InterruptedBilling: String, Sendable { case generated, played }
    enum CacheScope: String, Sendable { case organisation, session }
    /// What earlier sessions of the organisation sent, as a scenario states it for a single run.
    enum EarlierSessions: String, Sendable {
        case none, sameInstructions = "same_instructions", sameConversation = "same_conversation"
    }
    enum ReasoningEffort: String, Sendable, CaseIterable { case none, low, medium, high }

    /// The models that reason before they answer (openai-python commits, 2026-05 and 2026-07).
    static let reasoningModels: Set<String> = ["gpt-realtime-2", "gpt-realtime-2.1", "gpt-realtime-2.1-mini"]
    /// Reasoning tokens per response when the scenario gives none: the one published figure (BerriAI/litellm#39850,
    /// gpt-realtime-2.1-mini: completion 29 tokens, of which reasoning 19).
    static let observedReasoningTokens = 19

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

    init(_ value: ScenarioValue, model: String) throws(ScenarioError) {
        var r = try MapReader(value, path: "session.options")
        let reasons = Self.reasoningModels.contains(model)
        if reasons {
            reasoningEffort = .medium
            reasoningTokens = Self.observedReasoningTokens
        }
        for key in ["reasoning_effort", "reasoning_tokens"] where !reasons {
            if let v = r.value(key) {
                throw ScenarioError(
                    "session.options.\(key): \(model) does not reason; expected this knob only on \(Self.reasoningModels.sorted().joined(separator: ", "))",
                    at: v.location)
            }
        }
        if let e = try r.choice("reasoning_effort", among: ReasoningEffort.allCases.map(\.rawValue)) {
            reasoningEffort = ReasoningEffort(rawValue: e)!
        }
        reasoningTokens = try r.int("reasoning_tokens", in: 0...100_000) ?? reasoningTokens
        if let c = try r.choice("cache_scope", among: ["organisation", "session"]) {
            cacheScope = CacheScope(rawValue: c)!
        }
        if let e = try r.choice("earlier_sessions", among: ["none", "same_instructions", "same_conversation"]) {
            earlierSessions = EarlierSessions(rawValue: e)!
        }
        discardedPerInterruption = try r.int("discarded_per_interruption", in: 0...10) ?? discardedPerInterruption
        inputAudioTokensPerSecond =
            try r.double("input_audio_tokens_per_second", in: 0...10_000) ?? inputAudioTokensPerSecond
        outputAudioTokensPerSecond =
            try r.double("output_audio_tokens_per_second", in: 0...10_000) ?? outputAudioTokensPerSecond
        caching = try r.bool("caching") ?? caching
        cacheMinimumTokens = try r.int("cache_min_tokens", in: 1...10_000_000) ?? cacheMinimumTokens
        cacheStepTokens = try r.int("cache_step_tokens", in: 1...10_000_000) ?? cacheStepTokens
        itemOverheadTokens = try r.int("item_overhead_tokens", in: 0...1000) ?? itemOverheadTokens
        charactersPerToken = try r.int("characters_per_token", in: 1...100) ?? charactersPerToken
        truncationThreshold = try r.int("truncation_threshold", in: 1...10_000_000) ?? truncationThreshold
        if let t = try r.choice("truncation", among: ["auto", "disabled"]) { truncation = t == "auto" }
        if let b = try r.choice("interrupted_billing", among: ["generated", "played"]) {
            interruptedBilling = InterruptedBilling(rawValue: b)!
        }
        if let t = try r.choice("input_audio_transcription", among: ["none"] + Transcription.allCases.map(\.rawValue)) {
            transcription = Transcription(rawValue: t)
        }
        if let t = try r.choice("transcription_timing", among: ["before_response", "after_response"]) {
            transcriptionTiming = TranscriptionTiming(rawValue: t)!
        }
        if let s = try r.choice("schema", among: ["ga", "beta"]) { schema = Schema(rawValue: s)! }
        connectionEvent = try r.bool("connection_event") ?? connectionEvent
        host = try r.string("host") ?? host
        try r.finish()
    }

    static let documentation: [OptionDocumentation] = [
        .init(
            key: "input_audio_tokens_per_second", form: "number ≥ 0", defaultValue: "10",
            summary: "User audio: 1 token per 100 ms (realtime-costs guide). Whole tokens, floor, per audio item."),
        .init(
            key: "output_audio_tokens_per_second", form: "number ≥ 0", defaultValue: "20",
            summary: "Assistant audio: 1 token per 50 ms (realtime-costs guide)."),
        .init(
            key: "caching", form: "true | false", defaultValue: "true",
            summary: "Automatic prefix caching of the previous request's context."),
        .init(
            key: "cache_min_tokens", form: "whole number ≥ 1", defaultValue: "128",
            summary:
                "Shortest prefix that is cached. The general prompt-caching guide says 1,024, but OpenAI documents no Realtime figure and two observed Realtime reports cache less than 1,024 (640 on one response; 1,408 over a session whose requests are all under 1,024 tokens, see the rules): one 128-token block."
        ),
        .init(
            key: "cache_step_tokens", form: "whole number ≥ 1", defaultValue: "128",
            summary: "Cached prefixes grow in steps of this many tokens above the minimum."),
        .init(
            key: "item_overhead_tokens", form: "whole number ≥ 0", defaultValue: "2",
            summary:
                "Special text tokens every context item (and the instructions) adds (the guide: '10 text tokens of content may count as 12')."
        ),
        .init(
            key: "characters_per_token", form: "whole number ≥ 1", defaultValue: "4",
            summary: "Text-token estimate for text without an exact count: ceil(characters / this)."),
        .init(
            key: "truncation", form: "auto | disabled", defaultValue: "auto",
            summary: "Drop the oldest items when the context passes truncation_threshold; that breaks the cache."),
        .init(
            key: "truncation_threshold", form: "whole number ≥ 1", defaultValue: "28224",
            summary: "Context size at which truncation starts (a 32k model with 4,096 max output tokens)."),
        .init(
            key: "interrupted_billing", form: "generated | played", defaultValue: "generated",
            summary:
                "What an interrupted response bills as output audio: everything generated (generation outruns playback) or only what was played."
        ),
        .init(
            key: "input_audio_transcription", form: "none | whisper-1 | gpt-4o-transcribe | gpt-4o-mini-transcribe",
            defaultValue: "none",
            summary:
                "Input transcription; its usage becomes an STTMetrics event (duration shape for whisper-1, tokens shape otherwise)."
        ),
        .init(
            key: "transcription_timing", form: "before_response | after_response", defaultValue: "before_response",
            summary:
                "Whether transcription.completed arrives before the response it precedes or after its response.done."),
        .init(
            key: "schema", form: "ga | beta", defaultValue: "ga",
            summary: "Wire schema of response.usage: GA has image_tokens and cached_tokens_details; beta has neither."),
        .init(
            key: "connection_event", form: "true | false", defaultValue: "true",
            summary:
                "LiveKit 1.8.9 emits a zero-usage RealtimeModelMetrics with request_id \"\" when the connection is acquired."
        ),
        .init(
            key: "host", form: "string", defaultValue: "api.openai.com",
            summary: "Base-URL host; LiveKit reports it as metadata.model_provider."),
        .init(
            key: "cache_scope", form: "organisation | session", defaultValue: "organisation",
            summary:
                "Whose requests the prompt cache holds: the organisation's (a prefix an earlier session sent is served from cache, openai/openai-dotnet#1045) or this session's only."
        ),
        .init(
            key: "earlier_sessions", form: "none | same_instructions | same_conversation", defaultValue: "none",
            summary:
                "For a single run: what earlier sessions of the organisation already sent (the same instructions and tools, or this very conversation). agentsim load and check --random add what the sessions before this one in their order send."
        ),
        .init(
            key: "discarded_per_interruption", form: "whole number 0…10", defaultValue: "0",
            summary:
                "Responses per barge-in that the server creates after LiveKit gave up on them (a generate_reply interrupted or timed out before response.created, cancelled by id; or a response.done with no current generation). OpenAI bills each, the whole context as input and no output; LiveKit 1.8.9 reports none (PR #6244)."
        ),
        .init(
            key: "reasoning_effort", form: "none | low | medium | high",
            defaultValue: "medium on gpt-realtime-2, gpt-realtime-2.1, gpt-realtime-2.1-mini",
            summary:
                "Only on the models that reason (an error elsewhere). none: no reasoning tokens; OpenAI publishes no token figure per level, so any other level bills reasoning_tokens."
        ),
        .init(
            key: "reasoning_tokens", form: "whole number ≥ 0", defaultValue: "19 on the reasoning models",
            summary:
                "Reasoning tokens per response, billed inside output_token_details.text_tokens (no separate field); the default is the one published figure (BerriAI/litellm#39850: completion 29, of which reasoning 19). Reasoning does not stay in later contexts."
        ),
    ]
}
