import AgentSimCore

/// How one Gemini Live model accounts for a turn: what its prompt report labels, what its
/// response report holds, and the defaults of the knobs that differ by model.
struct GeminiLiveProfile: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// Native audio in, text-to-speech out (`gemini-2.0-flash-live-001`): the prompt is labelled
        /// TEXT but for an AUDIO entry equal to the response index; the reply is reported as text.
        case halfCascade
        /// Native audio in and out: the prompt keeps each item's own modality; the reply is AUDIO
        /// (plus TEXT for its transcript).
        case nativeAudio
    }

    enum API: String, Sendable, CaseIterable {
        case gemini
        case vertex
    }

    var name: String
    var kind: Kind
    /// The APIs that serve the model; the first is the default when `api` is not given.
    var apis: [API]
    var documentation: ModelDocumentation

    /// Hidden prompt tokens every report of this model starts with (python-genai#1342, #1917).
    var promptOverheadTokens: Int
    /// Share of the prompt that the modality details label (below 1 only where details were seen short).
    var labelledFraction: Double
    /// How user audio enters the prompt.
    var userAudioInPrompt: GeminiLiveOptions.PromptAudio
    /// Whether a spoken reply is reported as AUDIO tokens, and whether its transcript is reported as TEXT.
    var responseAudio: Bool
    var responseText: Bool
    /// Thinking tokens on every spoken reply (`thoughtsTokenCount`), 0 for models that do not think by default.
    var thoughtsTokens = 0
    /// Whether the turnComplete message carries `interactionStatus` (sent since 2026-08; older models' recorded
    /// sessions predate it).
    var interactionStatus = false

    static let all: [GeminiLiveProfile] = [
        GeminiLiveProfile(
            name: "gemini-2.0-flash-live-001", kind: .halfCascade, apis: [.gemini, .vertex],
            documentation: ModelDocumentation(
                name: "gemini-2.0-flash-live-001",
                summary:
                    "Half-cascade (native audio in, text-to-speech out); LiveKit's default Gemini model until Dec "
                    + "2025 and the seed thread's. Prompt labelled TEXT but for an AUDIO entry equal to the "
                    + "response index (livekit/agents#2426); the spoken reply is reported as TEXT tokens the "
                    + "size of its transcript (python-genai#1342). User speech enters the prompt as "
                    + "transcript text (at 25 tokens/s the seed thread's minute of speech over 7 "
                    + "turns would alone exceed its 5,354 prompt tokens). No output AUDIO, so no "
                    + "output audio rate.",
                isDefault: true),
            promptOverheadTokens: 508, labelledFraction: 1, userAudioInPrompt: .transcript, responseAudio: false,
            responseText: true),
        GeminiLiveProfile(
            name: "gemini-2.0-flash-exp", kind: .halfCascade, apis: [.gemini, .vertex],
            documentation: ModelDocumentation(
                name: "gemini-2.0-flash-exp",
                summary:
                    "Experimental half-cascade model (LiveKit's default on Vertex AI, and the model in the seed "
                    + "thread's sample code); accounted like gemini-2.0-flash-live-001."
            ),
            promptOverheadTokens: 508, labelledFraction: 1, userAudioInPrompt: .transcript, responseAudio: false,
            responseText: true),
        GeminiLiveProfile(
            name: "gemini-2.5-flash-native-audio-preview-12-2025", kind: .nativeAudio, apis: [.gemini],
            documentation: ModelDocumentation(
                name: "gemini-2.5-flash-native-audio-preview-12-2025",
                summary:
                    "Native audio in and out: user audio and silence as AUDIO at input_audio_tokens_per_second, the "
                    + "reply as AUDIO at output_audio_tokens_per_second plus TEXT for its transcript (e.g. 105 "
                    + "audio + 16 text); earlier replies re-enter the prompt as reported."
            ),
            promptOverheadTokens: 300, labelledFraction: 1, userAudioInPrompt: .audioTokens, responseAudio: true,
            responseText: true),
        GeminiLiveProfile(
            name: "gemini-3.1-flash-live-preview", kind: .nativeAudio, apis: [.gemini],
            documentation: ModelDocumentation(
                name: "gemini-3.1-flash-live-preview",
                summary:
                    "Native audio like 2.5, but the prompt's modality details add up to less than promptTokenCount: "
                    + "each entry is scaled by labelled_fraction (default 0.8177 = 906 labelled of 1,108, "
                    + "pipecat PR #5052). Smaller hidden overhead (pydantic-ai#7269: 143 prompt tokens on "
                    + "turn 1)."
            ),
            promptOverheadTokens: 120, labelledFraction: 0.8177, userAudioInPrompt: .audioTokens, responseAudio: true,
            responseText: true),
        GeminiLiveProfile(
            name: "gemini-live-2.5-flash-native-audio", kind: .nativeAudio, apis: [.vertex],
            documentation: ModelDocumentation(
                name: "gemini-live-2.5-flash-native-audio",
                summary:
                    "Vertex AI's native-audio Live model (api defaults to vertex): accounted like the 2.5 preview; "
                    + "the wire names the response side candidatesTokenCount / candidatesTokensDetails; LiveKit "
                    + "reports provider \"Vertex AI\"."
            ),
            promptOverheadTokens: 300, labelledFraction: 1, userAudioInPrompt: .audioTokens, responseAudio: true,
            responseText: true),
        GeminiLiveProfile(
            name: "gemini-3.8-live", kind: .nativeAudio, apis: [.gemini, .vertex],
            documentation: ModelDocumentation(
                name: "gemini-3.8-live",
                summary:
                    "Native audio in and out, served by both APIs (livekit-plugins-google 1.8.9 "
                    + "realtime/api_proto.py: \"Models available on both APIs\"). Accounted like 3.1 but with "
                    + "details that add up (no short-labelling report for 3.8): there is no published turn-1 "
                    + "measurement for 3.8, so the hidden overhead defaults to 3.1's measured 120 "
                    + "(pydantic-ai#7269) — set prompt_overhead_tokens. turnComplete carries "
                    + "interactionStatus IDLE (google-genai 3.6.1 LiveServerContent: \"Always "
                    + "sent alongside turn_complete\")."
            ),
            promptOverheadTokens: 120, labelledFraction: 1, userAudioInPrompt: .audioTokens, responseAudio: true,
            responseText: true,
            interactionStatus: true),
        GeminiLiveProfile(
            name: "gemini-3.8-live-extended-thinking", kind: .nativeAudio, apis: [.gemini],
            documentation: ModelDocumentation(
                name: "gemini-3.8-live-extended-thinking",
                summary:
                    "gemini-3.8-live with thinking on (Gemini API only, api_proto.py): every spoken reply bills "
                    + "thoughtsTokenCount as output, inside totalTokenCount but outside responseTokenCount, so "
                    + "LiveKit's output_tokens leave it out (agents-js#2490 added outputReasoningTokens for "
                    + "this). thoughts_tokens defaults to 38, the one measured Live figure (LiteLLM PR "
                    + "#38457: 85 output = 47 audio + 38 reasoning, on 2.5 native audio); no 3.8 "
                    + "figure is published."
            ),
            promptOverheadTokens: 120, labelledFraction: 1, userAudioInPrompt: .audioTokens, responseAudio: true,
            responseText: true,
            thoughtsTokens: 38, interactionStatus: true),
    ]

    static func named(_ name: String) -> GeminiLiveProfile? { all.first { $0.name == name } }
}
