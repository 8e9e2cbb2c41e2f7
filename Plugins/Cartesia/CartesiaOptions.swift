import AgentSimCore

/// The `options` knobs of `cartesia`, validated once at session start.
struct CartesiaOptions: Sendable, Equatable {
    /// LiveKit's default sample rate; the encoding is always pcm_s16le (constants.AUDIO_ENCODING).
    var sampleRate = 24000
    /// LiveKit's `word_timestamps` (default True): the request asks for `add_timestamps` and Cartesia sends timestamps messages.
    var wordTimestamps = true
    /// Credits per character; Cartesia's standard rate is about 1, a Pro Voice Clone about 1.5.
    var creditsPerCharacter = 1.0
    /// acquire_time of a segment that had to open a new connection.
    var acquireTime = 0.0

    init(_ value: ScenarioValue, path: String) throws(ScenarioError) {
        var r = try MapReader(value, path: path)
        sampleRate = try r.int("sample_rate", in: 8000...48000) ?? sampleRate
        wordTimestamps = try r.bool("word_timestamps") ?? wordTimestamps
        creditsPerCharacter = try r.double("credits_per_character", in: 0...100) ?? creditsPerCharacter
        acquireTime = try r.double("acquire_time", in: 0...60) ?? acquireTime
        try r.finish()
    }

    /// 16-bit mono PCM: 2 bytes a sample.
    var bytesPerSecond: Int { sampleRate * 2 }

    static let documentation: [OptionDocumentation] = [
        .init(
            key: "sample_rate", form: "whole number from 8000 to 48000 (Hz)", defaultValue: "24000",
            summary:
                "LiveKit's sample_rate (pcm_s16le, mono, raw container): sets the byte count the audio placeholders stand for (2 bytes a sample)."
        ),
        .init(
            key: "word_timestamps", form: "true | false", defaultValue: "true",
            summary:
                "LiveKit's word_timestamps, sent as add_timestamps: Cartesia then sends a timestamps message after each audio chunk."
        ),
        .init(
            key: "credits_per_character", form: "number from 0 to 100", defaultValue: "1",
            summary:
                "Credits billed per character: about 1 on standard TTS, about 1.5 with a Pro Voice Clone (docs.cartesia.ai/pricing)."
        ),
        .init(
            key: "acquire_time", form: "number from 0 to 60 (seconds)", defaultValue: "0",
            summary:
                "TTSMetrics.acquire_time of a segment that opened a new connection (the simulation has no network, so 0); a reused connection reports 0."
        ),
    ]
}
