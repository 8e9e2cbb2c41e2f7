import AgentSimCore

/// The `options` knobs of `openai-tts`, validated once at session start.
struct OpenAITTSOptions: Sendable, Equatable {
    /// LiveKit's response_format default.
    var responseFormat = "mp3"
    /// Tokens of the `instructions` LiveKit sends with every gpt-4o-mini-tts request (none by default).
    var instructionsTokens = 0
    /// Audio output tokens per second of speech on gpt-4o-mini-tts.
    var audioTokensPerSecond = 1250.0 / 60

    static let formats = ["mp3", "opus", "aac", "flac", "wav", "pcm"]

    init(_ value: ScenarioValue, path: String) throws(ScenarioError) {
        var r = try MapReader(value, path: path)
        responseFormat = try r.choice("response_format", among: Self.formats) ?? responseFormat
        instructionsTokens = try r.int("instructions_tokens", in: 0...100_000) ?? instructionsTokens
        audioTokensPerSecond = try r.double("audio_tokens_per_second", in: 0...1000) ?? audioTokensPerSecond
        try r.finish()
    }

    static let documentation: [OptionDocumentation] = [
        .init(
            key: "response_format", form: "one of \(formats.joined(separator: ", "))", defaultValue: "mp3",
            summary: "LiveKit's response_format (default mp3): named by the audio placeholders."),
        .init(
            key: "instructions_tokens", form: "whole number from 0 to 100000", defaultValue: "0",
            summary:
                "Tokens of the voice instructions LiveKit sends with every request (TTS(instructions=...)); gpt-4o-mini-tts bills them as input tokens, tts-1 ignores them."
        ),
        .init(
            key: "audio_tokens_per_second", form: "number from 0 to 1000", defaultValue: "20.8333 (1,250 a minute)",
            summary:
                "Audio output tokens per second of speech on gpt-4o-mini-tts: OpenAI's pricing gives $12 per 1M audio output tokens and an estimated $0.015 a minute, 0.015 / 0.000012 = 1,250 tokens a minute; the exact rate is not documented."
        ),
    ]
}
