import AgentSimCore

/// The `session.options` knobs of `gemini-live`, validated; model-dependent defaults come from the profile.
struct GeminiLiveOptions: Sendable {
    enum PromptAudio: String, Sendable, CaseIterable {
        /// The utterance's transcript as text tokens (silence has none).
        case transcript
        /// floor(seconds × input_audio_tokens_per_second) per utterance or silence.
        case audioTokens = "audio_tokens"
    }

    enum TTFT: String, Sendable, CaseIterable {
        /// livekit-agents 1.8.9: always -1.
        case minusOne = "minus_one"
        /// livekit-plugins-google 1.2.18: first audio − generation start, -1 when no audio came.
        case firstAudio = "first_audio"
    }

    var api: GeminiLiveProfile.API
    var inputAudioTokensPerSecond = 25.0
    var outputAudioTokensPerSecond = 25.0
    var promptOverheadTokens: Int
    var charactersPerToken = 4
    var speechTextTokensPerSecond = 3.0
    var userAudioInPrompt: PromptAudio
    var responseAudio: Bool
    var responseText: Bool
    var labelledFraction: Double
    var caching = false
    var cacheMinTokens = 1024
    var cacheTokensDetails = true
    var usageMissing = ResponseSelector.none
    var standaloneUsage = ResponseSelector.none
    var duplicateUsage = ResponseSelector.none
    var usageOnToolCall = false
    var usageBeforeFirstResponse = false
    var thoughtsTokens = 0
    var toolUsePromptTokens = 0
    var imageTokens = 0
    var videoTokens = 0
    var documentTokens = 0
    var ttft = TTFT.minusOne
    /// `usageMetadata.serviceTier` (Gemini API only), nil when not sent.
    var serviceTier: String?
    var interactionStatus: Bool
    var usageReporting = UsageReporting.perTurn

    /// How each usageMetadata relates to the turns before it.
    enum UsageReporting: String, Sendable, CaseIterable {
        /// Each report covers its own turn (whose prompt is the whole context): pydantic-ai PR #7269.
        case perTurn = "per_turn"
        /// Each report is the session's running total so far: the reading of sierra-research/tau2-bench PR #454
        /// and straff2002/OpenGlasses PR #154.
        case cumulative
    }

    /// google-genai 3.6.1 `ServiceTier` values.
    static let serviceTiers = ["unspecified", "standard", "flex", "priority"]

    /// Reads the knobs for `profile`; `modelLocation` is where a model/API mismatch is reported.
    init(_ value: ScenarioValue, profile: GeminiLiveProfile, modelLocation: SourceLocation) throws(ScenarioError) {
        api = profile.apis[0]
        promptOverheadTokens = profile.promptOverheadTokens
        userAudioInPrompt = profile.userAudioInPrompt
        responseAudio = profile.responseAudio
        responseText = profile.responseText
        labelledFraction = profile.labelledFraction
        thoughtsTokens = profile.thoughtsTokens
        interactionStatus = profile.interactionStatus

        var r = try MapReader(value, path: "session.options")
        if let a = try r.choice("api", among: GeminiLiveProfile.API.allCases.map(\.rawValue)) {
            let chosen = GeminiLiveProfile.API(rawValue: a)!
            guard profile.apis.contains(chosen) else {
                let location = r.value("api")?.location ?? modelLocation
                throw ScenarioError(
                    "session.options.api: model '\(profile.name)' is served by \(profile.apis.map(\.rawValue).joined(separator: " and ")) only, got '\(a)'",
                    at: location)
            }
            api = chosen
        }
        inputAudioTokensPerSecond =
            try r.double("input_audio_tokens_per_second", in: 0...10_000) ?? inputAudioTokensPerSecond
        outputAudioTokensPerSecond =
            try r.double("output_audio_tokens_per_second", in: 0...10_000) ?? outputAudioTokensPerSecond
        promptOverheadTokens = try r.int("prompt_overhead_tokens", in: 0...1_000_000) ?? promptOverheadTokens
        charactersPerToken = try r.int("characters_per_token", in: 1...100) ?? charactersPerToken
        speechTextTokensPerSecond =
            try r.double("speech_text_tokens_per_second", in: 0...1_000) ?? speechTextTokensPerSecond
        if let p = try r.choice("user_audio_in_prompt", among: PromptAudio.allCases.map(\.rawValue)) {
            userAudioInPrompt = PromptAudio(rawValue: p)!
        }
        responseAudio = try r.bool("response_audio") ?? responseAudio
        responseText = try r.bool("response_text") ?? responseText
        labelledFraction = try r.double("labelled_fraction", in: 0...1) ?? labelledFraction
        caching = try r.bool("caching") ?? caching
        cacheMinTokens = try r.int("cache_min_tokens", in: 1...10_000_000) ?? cacheMinTokens
        cacheTokensDetails = try r.bool("cache_tokens_details") ?? cacheTokensDetails
        usageMissing = try Self.selector(&r, "usage_missing") ?? usageMissing
        standaloneUsage = try Self.selector(&r, "standalone_usage") ?? standaloneUsage
        duplicateUsage = try Self.selector(&r, "duplicate_usage") ?? duplicateUsage
        usageOnToolCall = try r.bool("usage_on_tool_call") ?? usageOnToolCall
        usageBeforeFirstResponse = try r.bool("usage_before_first_response") ?? usageBeforeFirstResponse
        thoughtsTokens = try r.int("thoughts_tokens", in: 0...1_000_000) ?? thoughtsTokens
        toolUsePromptTokens = try r.int("tool_use_prompt_tokens", in: 0...1_000_000) ?? toolUsePromptTokens
        if var media = try r.map("media_tokens") {
            imageTokens = try media.int("image", in: 0...10_000_000) ?? 0
            videoTokens = try media.int("video", in: 0...10_000_000) ?? 0
            documentTokens = try media.int("document", in: 0...10_000_000) ?? 0
            try media.finish()
        }
        if let t = try r.choice("livekit_ttft", among: TTFT.allCases.map(\.rawValue)) { ttft = TTFT(rawValue: t)! }
        if let tier = try r.choice("service_tier", among: Self.serviceTiers) {
            guard api == .gemini else {
                throw ScenarioError(
                    "session.options.service_tier: usageMetadata.serviceTier is not supported in Vertex AI (google-genai 3.6.1 UsageMetadata); use api: gemini or leave service_tier out",
                    at: r.value("service_tier")?.location ?? modelLocation)
            }
            serviceTier = tier
        }
        interactionStatus = try r.bool("interaction_status") ?? interactionStatus
        if let u = try r.choice("usage_reporting", among: UsageReporting.allCases.map(\.rawValue)) {
            usageReporting = UsageReporting(rawValue: u)!
        }
        try r.finish()
    }

    private static func selector(_ r: inout MapReader, _ key: String) throws(ScenarioError) -> ResponseSelector? {
        guard let v = r.value(key) else { return nil }
        return try ResponseSelector.read(v, path: "session.options.\(key)")
    }

    static let documentation: [OptionDocumentation] = [
        .init(
            key: "api", form: "gemini | vertex",
            defaultValue: "the model's API (vertex for gemini-live-2.5-flash-native-audio, else gemini)",
            summary:
                "Gemini Developer API or Vertex AI. Vertex names the response side candidatesTokenCount / candidatesTokensDetails on the wire; LiveKit's model_provider becomes \"Vertex AI\"."
        ),
        .init(
            key: "input_audio_tokens_per_second", form: "number ≥ 0", defaultValue: "25",
            summary:
                "User audio (and silence) rate: 25/s per the audio and Live best-practices pages (1,500/min); the tokens page says 32 — set 32 to follow it. floor per utterance."
        ),
        .init(
            key: "output_audio_tokens_per_second", form: "number ≥ 0", defaultValue: "25",
            summary:
                "Reply audio rate (undocumented; third-party examples fit ~25/s). Only used where response_audio is on."
        ),
        .init(
            key: "prompt_overhead_tokens", form: "whole number ≥ 0",
            defaultValue: "508 (2.0 models), 300 (2.5 native audio), 120 (3.1)",
            summary:
                "Hidden TEXT tokens in every prompt (seen on turn 1: a one-word \"Hi\" costs 509 on 2.0, python-genai#1342; 334 for \"hello\", python-genai#1917; 143 on 3.1, pydantic-ai#7269)."
        ),
        .init(
            key: "characters_per_token", form: "whole number ≥ 1", defaultValue: "4",
            summary: "Text-token estimate for text without an exact count: ceil(characters / this)."),
        .init(
            key: "speech_text_tokens_per_second", form: "number ≥ 0", defaultValue: "3",
            summary:
                "Transcript tokens of a recording with no text, under user_audio_in_prompt: transcript (150 wpm ≈ 2.5 words/s ≈ 3 tokens/s); floor."
        ),
        .init(
            key: "user_audio_in_prompt", form: "transcript | audio_tokens",
            defaultValue: "transcript (2.0 models), audio_tokens (native audio)",
            summary:
                "How user audio enters the prompt: as its transcript's text tokens (silence adds nothing), or as floor(seconds × input rate) audio tokens per utterance and per silence."
        ),
        .init(
            key: "response_audio", form: "true | false", defaultValue: "false (2.0 models), true (native audio)",
            summary: "Report a spoken reply's audio as AUDIO response tokens: floor(generated seconds × output rate)."),
        .init(
            key: "response_text", form: "true | false", defaultValue: "true",
            summary: "Report a spoken reply's transcript as TEXT response tokens."),
        .init(
            key: "labelled_fraction", form: "number from 0 to 1", defaultValue: "0.8177 (3.1), 1 (others)",
            summary:
                "Each prompt modality entry is floor(tokens × this): details add up to less than promptTokenCount (pipecat PR #5052: 906 labelled of 1,108 on 3.1)."
        ),
        .init(
            key: "caching", form: "true | false", defaultValue: "false",
            summary:
                "Implicit caching: a prompt whose context extends the previous one caches the previous prompt (cachedContentTokenCount, cacheTokensDetails = its modality entries). The seed and the sources show none on Live."
        ),
        .init(
            key: "cache_min_tokens", form: "whole number ≥ 1", defaultValue: "1024",
            summary:
                "Smallest cached prefix (the implicit-caching minimum has been 1,024 / 2,048 / 4,096 by model and date)."
        ),
        .init(
            key: "cache_tokens_details", form: "true | false", defaultValue: "true",
            summary:
                "Whether cacheTokensDetails accompanies cachedContentTokenCount. LiveKit sums the details list, so without it cached_tokens is 0."
        ),
        .init(
            key: "usage_missing", form: ResponseSelector.expectedForm, defaultValue: "none",
            summary:
                "Responses whose turnComplete arrives without usageMetadata (python-genai#1298 saw none at all: use all); LiveKit emits no metrics for them."
        ),
        .init(
            key: "standalone_usage", form: ResponseSelector.expectedForm, defaultValue: "none",
            summary:
                "Responses whose usage comes on a stand-alone {usageMetadata} message right after turnComplete; LiveKit reports it against the generation just finished."
        ),
        .init(
            key: "duplicate_usage", form: ResponseSelector.expectedForm, defaultValue: "none",
            summary:
                "Responses whose usage is sent twice (on turnComplete and again stand-alone); LiveKit does not de-duplicate, so the turn counts twice (sierra-research/tau2-bench#454)."
        ),
        .init(
            key: "usage_on_tool_call", form: "true | false", defaultValue: "false",
            summary:
                "A tool call's usage rides on its toolCall message (LiteLLM buffers these) instead of a following turnComplete."
        ),
        .init(
            key: "usage_before_first_response", form: "true | false", defaultValue: "false",
            summary:
                "A stand-alone usage message (the setup's prompt: overhead + instructions + media) arrives at session start, before any generation; LiveKit drops it with a warning: payload, no metrics."
        ),
        .init(
            key: "thoughts_tokens", form: "whole number ≥ 0",
            defaultValue: "38 (gemini-3.8-live-extended-thinking; LiteLLM PR #38457), 0 (others)",
            summary:
                "thoughtsTokenCount on every spoken reply (thinking). In totalTokenCount, never read by LiveKit: total_tokens > input + output."
        ),
        .init(
            key: "tool_use_prompt_tokens", form: "whole number ≥ 0", defaultValue: "0",
            summary:
                "toolUsePromptTokenCount (TEXT) on the first response after each tool result. In totalTokenCount, never read by LiveKit."
        ),
        .init(
            key: "media_tokens", form: "map of image, video, document → whole number ≥ 0", defaultValue: "{}",
            summary:
                "Media in the context from the start (a shared image, a video clip, a PDF), reported in every prompt under IMAGE / VIDEO / DOCUMENT. LiveKit keeps IMAGE and drops VIDEO and DOCUMENT from the details (not from input_tokens)."
        ),
        .init(
            key: "service_tier", form: "unspecified | standard | flex | priority", defaultValue: "not sent",
            summary:
                "usageMetadata.serviceTier (added 2026-06; the values of google-genai 3.6.1 ServiceTier, where unspecified means standard). Gemini API only (\"not supported in Vertex AI\"). It prices the tokens (flex cheaper, priority dearer) without changing a count; LiveKit's metrics carry no tier."
        ),
        .init(
            key: "interaction_status", form: "true | false", defaultValue: "true (gemini-3.8-*), false (others)",
            summary:
                "serverContent.interactionStatus IDLE beside turnComplete (google-genai 3.6.1 LiveServerContent: \"Always sent alongside turn_complete\"; sent since 2026-08, so older models' recorded sessions lack it). LiveKit does not read it."
        ),
        .init(
            key: "usage_reporting", form: "per_turn | cumulative", defaultValue: "per_turn",
            summary:
                "Unresolved: per_turn (each report covers its own turn; pydantic-ai PR #7269 measured 143 → 181 → 224 prompt tokens on 3.1) or cumulative (each report is the session's running total so far — every count and details entry summed over the turns up to it — the reading of sierra-research/tau2-bench PR #454 and straff2002/OpenGlasses PR #154). LiveKit adds every report either way, so under cumulative its sums count early turns once per later report."
        ),
        .init(
            key: "livekit_ttft", form: "minus_one | first_audio", defaultValue: "minus_one",
            summary:
                "RealtimeModelMetrics.ttft: -1 (livekit-plugins-google 1.8.9) or, as 1.2.18 computes it, first audio − generation start (-1 for a tool call)."
        ),
    ]
}
