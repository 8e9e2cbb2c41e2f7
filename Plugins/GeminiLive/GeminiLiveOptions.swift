import AgentSimCore

/// The `session.options` knobs of `gemini-live`, validated; every knob is a row of ``knobs(_:)``, and the defaults
/// that differ by model come from the profile.
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

    // The defaults (what `agentsim providers` prints); the profile sets those without a value here.
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

    /// The defaults for `profile`'s model.
    init(profile: GeminiLiveProfile) {
        api = profile.apis[0]
        promptOverheadTokens = profile.promptOverheadTokens
        userAudioInPrompt = profile.userAudioInPrompt
        responseAudio = profile.responseAudio
        responseText = profile.responseText
        labelledFraction = profile.labelledFraction
        thoughtsTokens = profile.thoughtsTokens
        interactionStatus = profile.interactionStatus
    }

    /// Reads `session.options` for `profile`'s model. Every message points at the offending value, so
    /// `modelLocation` is not needed; it stays for callers.
    init(_ value: ScenarioValue, profile: GeminiLiveProfile, modelLocation: SourceLocation) throws(ScenarioError) {
        self.init(profile: profile)
        try Self.knobs(profile).read(value, path: "session.options", into: &self)
    }

    /// Every knob, as `agentsim providers gemini-live` lists it, for `profile`'s model.
    static func knobs(_ profile: GeminiLiveProfile) -> OptionTable<Self> {
        [
            .choice(
                "api", \.api, default: "the model's API (vertex for gemini-live-2.5-flash-native-audio, else gemini)",
                summary: """
                    Gemini Developer API or Vertex AI. Vertex names the response side candidatesTokenCount / \
                    candidatesTokensDetails on the wire; LiveKit's model_provider becomes \"Vertex AI\".
                    """,
                draw: .oneOf(profile.apis.map { .string($0.rawValue) })
            ) { api, _ in
                let served = profile.apis.map(\.rawValue).joined(separator: " and ")
                return profile.apis.contains(api)
                    ? nil : "model '\(profile.name)' is served by \(served) only, got '\(api.rawValue)'"
            },
            .number(
                "input_audio_tokens_per_second", \.inputAudioTokensPerSecond, in: 0...10_000, shown: .atLeast,
                summary: """
                    User audio (and silence) rate: 25/s per the audio and Live best-practices pages (1,500/min); the \
                    tokens page says 32 — set 32 to follow it. floor per utterance.
                    """,
                draw: [25, 32]),
            .number(
                "output_audio_tokens_per_second", \.outputAudioTokensPerSecond, in: 0...10_000, shown: .atLeast,
                summary: """
                    Reply audio rate (undocumented; third-party examples fit ~25/s). Only used where response_audio \
                    is on.
                    """,
                draw: [25, 32]),
            .int(
                "prompt_overhead_tokens", \.promptOverheadTokens, in: 0...1_000_000, shown: .atLeast,
                default: "508 (2.0 models), 300 (2.5 native audio), 120 (3.1)",
                summary: """
                    Hidden TEXT tokens in every prompt (seen on turn 1: a one-word \"Hi\" costs 509 on 2.0, \
                    python-genai#1342; 334 for \"hello\", python-genai#1917; 143 on 3.1, pydantic-ai#7269).
                    """,
                draw: [0, 120, 300, 508]),
            .int(
                "characters_per_token", \.charactersPerToken, in: 1...100, shown: .atLeast,
                summary: "Text-token estimate for text without an exact count: ceil(characters / this).", draw: [3, 4]),
            .number(
                "speech_text_tokens_per_second", \.speechTextTokensPerSecond, in: 0...1_000, shown: .atLeast,
                summary: """
                    Transcript tokens of a recording with no text, under user_audio_in_prompt: transcript (150 wpm ≈ \
                    2.5 words/s ≈ 3 tokens/s); floor.
                    """,
                draw: [2.5, 3]),
            .choice(
                "user_audio_in_prompt", \.userAudioInPrompt,
                default: "transcript (2.0 models), audio_tokens (native audio)",
                summary: """
                    How user audio enters the prompt: as its transcript's text tokens (silence adds nothing), or as \
                    floor(seconds × input rate) audio tokens per utterance and per silence.
                    """,
                draw: ["transcript", "audio_tokens"]),
            .bool(
                "response_audio", \.responseAudio, default: "false (2.0 models), true (native audio)",
                summary: """
                    Report a spoken reply's audio as AUDIO response tokens: floor(generated seconds × output rate).
                    """, draw: [true, false]),
            .bool(
                "response_text", \.responseText,
                summary: """
                    Report a spoken reply's transcript as TEXT response tokens.
                    """, draw: [true, false]),
            .number(
                "labelled_fraction", \.labelledFraction, in: 0...1, default: "0.8177 (3.1), 1 (others)",
                summary: """
                    Each prompt modality entry is floor(tokens × this): details add up to less than promptTokenCount \
                    (pipecat PR #5052: 906 labelled of 1,108 on 3.1).
                    """,
                draw: [0.8177, 1]),
            .bool(
                "caching", \.caching,
                summary: """
                    Implicit caching: a prompt whose context extends the previous one caches the previous prompt \
                    (cachedContentTokenCount, cacheTokensDetails = its modality entries). The seed and the sources \
                    show none on Live.
                    """, draw: [true, false]),
            .int(
                "cache_min_tokens", \.cacheMinTokens, in: 1...10_000_000, shown: .atLeast,
                summary: """
                    Smallest cached prefix (the implicit-caching minimum has been 1,024 / 2,048 / 4,096 by model and \
                    date).
                    """,
                draw: [512, 1024]),
            .bool(
                "cache_tokens_details", \.cacheTokensDetails,
                summary: """
                    Whether cacheTokensDetails accompanies cachedContentTokenCount. LiveKit sums the details list, so \
                    without it cached_tokens is 0.
                    """, draw: [true, false]),
            selector(
                "usage_missing", \.usageMissing,
                summary: """
                    Responses whose turnComplete arrives without usageMetadata (python-genai#1298 saw none at all: \
                    use all); LiveKit emits no metrics for them.
                    """,
                draw: [[1], .object([("every", 3), ("from", 1)])]),
            selector(
                "standalone_usage", \.standaloneUsage,
                summary: """
                    Responses whose usage comes on a stand-alone {usageMetadata} message right after turnComplete; \
                    LiveKit reports it against the generation just finished.
                    """,
                draw: ["all", [0]]),
            selector(
                "duplicate_usage", \.duplicateUsage,
                summary: """
                    Responses whose usage is sent twice (on turnComplete and again stand-alone); LiveKit does not \
                    de-duplicate, so the turn counts twice (sierra-research/tau2-bench#454).
                    """,
                draw: [[0], .object([("every", 2)])]),
            .bool(
                "usage_on_tool_call", \.usageOnToolCall,
                summary: """
                    A tool call's usage rides on its toolCall message (LiteLLM buffers these) instead of a following \
                    turnComplete.
                    """, draw: [true, false]),
            .bool(
                "usage_before_first_response", \.usageBeforeFirstResponse,
                summary: """
                    A stand-alone usage message (the setup's prompt: overhead + instructions + media) arrives at \
                    session start, before any generation; LiveKit drops it with a warning: payload, no metrics.
                    """, draw: [true, false]),
            .int(
                "thoughts_tokens", \.thoughtsTokens, in: 0...1_000_000, shown: .atLeast,
                default: "38 (gemini-3.8-live-extended-thinking; LiteLLM PR #38457), 0 (others)",
                summary: """
                    thoughtsTokenCount on every spoken reply (thinking). In totalTokenCount, never read by LiveKit: \
                    total_tokens > input + output.
                    """,
                draw: [0, 38]),
            .int(
                "tool_use_prompt_tokens", \.toolUsePromptTokens, in: 0...1_000_000, shown: .atLeast,
                summary: """
                    toolUsePromptTokenCount (TEXT) on the first response after each tool result. In totalTokenCount, \
                    never read by LiveKit.
                    """,
                draw: [0, 30]),
            OptionRow(
                "media_tokens", form: "map of image, video, document → whole number ≥ 0", default: "{}",
                summary: """
                    Media in the context from the start (a shared image, a video clip, a PDF), reported in every \
                    prompt under IMAGE / VIDEO / DOCUMENT. LiveKit keeps IMAGE and drops VIDEO and DOCUMENT from the \
                    details (not from input_tokens).
                    """,
                draw: [.object([("image", 258)]), .object([("video", 263), ("document", 120)])]
            ) { value, reader, options throws(ScenarioError) in
                var media = try MapReader(value, path: reader.path(of: "media_tokens"))
                options.imageTokens = try media.int("image", in: 0...10_000_000) ?? 0
                options.videoTokens = try media.int("video", in: 0...10_000_000) ?? 0
                options.documentTokens = try media.int("document", in: 0...10_000_000) ?? 0
                try media.finish()
            },
            .choice(
                "service_tier", \.serviceTier, serviceTiers.map { ($0, $0) }, default: "not sent",
                summary: """
                    usageMetadata.serviceTier (added 2026-06; the values of google-genai 3.6.1 ServiceTier, where \
                    unspecified means standard). Gemini API only (\"not supported in Vertex AI\"). It prices the \
                    tokens (flex cheaper, priority dearer) without changing a count; LiveKit's metrics carry no tier.
                    """,
                draw: OptionDraw { sampler, key in
                    // Not beside api: vertex, nor on a model the Gemini API does not serve by default.
                    guard sampler.drawn("api") != "vertex", profile.apis[0] == .gemini else { return }
                    sampler.maybe(key, serviceTiers.map { .string($0) })
                }
            ) { _, options in
                options.api == .gemini
                    ? nil
                    : "usageMetadata.serviceTier is not supported in Vertex AI (google-genai 3.6.1 UsageMetadata); "
                        + "use api: gemini or leave service_tier out"
            },
            .bool(
                "interaction_status", \.interactionStatus, default: "true (gemini-3.8-*), false (others)",
                summary: """
                    serverContent.interactionStatus IDLE beside turnComplete (google-genai 3.6.1 LiveServerContent: \
                    \"Always sent alongside turn_complete\"; sent since 2026-08, so older models' recorded sessions \
                    lack it). LiveKit does not read it.
                    """,
                draw: [true, false]),
            .choice(
                "usage_reporting", \.usageReporting,
                summary: """
                    Unresolved: per_turn (each report covers its own turn; pydantic-ai PR #7269 measured 143 → 181 → \
                    224 prompt tokens on 3.1) or cumulative (each report is the session's running total so far — \
                    every count and details entry summed over the turns up to it — the reading of \
                    sierra-research/tau2-bench PR #454 and straff2002/OpenGlasses PR #154). LiveKit adds every report \
                    either way, so under cumulative its sums count early turns once per later report.
                    """,
                draw: ["per_turn", "cumulative"]),
            .choice(
                "livekit_ttft", \.ttft,
                summary: """
                    RealtimeModelMetrics.ttft: -1 (livekit-plugins-google 1.8.9) or, as 1.2.18 computes it, first \
                    audio − generation start (-1 for a tool call).
                    """,
                draw: ["minus_one", "first_audio"]
            ).drawn(after: "media_tokens"),
        ]
    }

    /// A ``ResponseSelector`` knob.
    private static func selector(
        _ key: String, _ field: WritableKeyPath<Self, ResponseSelector>, summary: String, draw: OptionDraw
    ) -> OptionRow<Self> {
        OptionRow(key, form: ResponseSelector.expectedForm, default: "none", summary: summary, draw: draw) {
            value, reader, options throws(ScenarioError) in
            options[keyPath: field] = try ResponseSelector.read(value, path: reader.path(of: key))
        }
    }
}
