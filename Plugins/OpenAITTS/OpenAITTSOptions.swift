import AgentSimCore

/// The `options` knobs of `openai-tts`, validated once at session start; every knob is a row of ``knobs``.
struct OpenAITTSOptions: Sendable, Equatable {
    // The defaults (what `agentsim providers` prints).
    /// LiveKit's response_format default.
    var responseFormat = "mp3"
    /// Tokens of the `instructions` LiveKit sends with every gpt-4o-mini-tts request (none by default).
    var instructionsTokens = 0
    /// Audio output tokens per second of speech on gpt-4o-mini-tts.
    var audioTokensPerSecond = 1250.0 / 60

    static let formats = ["mp3", "opus", "aac", "flac", "wav", "pcm"]

    init() {}

    init(_ value: ScenarioValue, path: String) throws(ScenarioError) {
        try Self.knobs.read(value, path: path, into: &self)
    }

    /// Every knob, as `agentsim providers openai-tts` lists it.
    static var knobs: OptionTable<Self> {
        [
            .choice(
                "response_format", \.responseFormat, among: formats, form: "one of \(formats.joined(separator: ", "))",
                summary: "LiveKit's response_format (default mp3): named by the audio placeholders.",
                draw: ["mp3", "opus", "pcm"]),
            .int(
                "instructions_tokens", \.instructionsTokens, in: 0...100_000,
                summary: """
                    Tokens of the voice instructions LiveKit sends with every request (TTS(instructions=...)); \
                    gpt-4o-mini-tts bills them as input tokens, tts-1 ignores them.
                    """,
                draw: [0, 12, 40]),
            .number(
                "audio_tokens_per_second", \.audioTokensPerSecond, in: 0...1000, default: "20.8333 (1,250 a minute)",
                summary: """
                    Audio output tokens per second of speech on gpt-4o-mini-tts: OpenAI's pricing gives $12 per 1M \
                    audio output tokens and an estimated $0.015 a minute, 0.015 / 0.000012 = 1,250 tokens a minute; \
                    the exact rate is not documented.
                    """,
                draw: [20, 25]),
        ]
    }
}
