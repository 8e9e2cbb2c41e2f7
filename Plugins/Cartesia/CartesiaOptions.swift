import AgentSimCore

/// The `options` knobs of `cartesia`, validated once at session start; every knob is a row of ``knobs``.
struct CartesiaOptions: Sendable, Equatable {
    // The defaults (what `agentsim providers` prints).
    /// LiveKit's default sample rate; the encoding is always pcm_s16le (constants.AUDIO_ENCODING).
    var sampleRate = 24000
    /// LiveKit's `word_timestamps` (default True): the request asks for `add_timestamps` and Cartesia sends
    /// timestamps messages.
    var wordTimestamps = true
    /// Credits per character; Cartesia's standard rate is about 1, a Pro Voice Clone about 1.5.
    var creditsPerCharacter = 1.0
    /// acquire_time of a segment that had to open a new connection.
    var acquireTime = 0.0

    init() {}

    init(_ value: ScenarioValue, path: String) throws(ScenarioError) {
        try Self.knobs.read(value, path: path, into: &self)
    }

    /// 16-bit mono PCM: 2 bytes a sample.
    var bytesPerSecond: Int { sampleRate * 2 }

    /// Every knob, as `agentsim providers cartesia` lists it.
    static var knobs: OptionTable<Self> {
        [
            .int(
                "sample_rate", \.sampleRate, in: 8000...48000, note: "Hz",
                summary: """
                    LiveKit's sample_rate (pcm_s16le, mono, raw container): sets the byte count the audio \
                    placeholders stand for (2 bytes a sample).
                    """,
                draw: [16000, 24000, 44100]),
            .bool(
                "word_timestamps", \.wordTimestamps,
                summary: """
                    LiveKit's word_timestamps, sent as add_timestamps: Cartesia then sends a timestamps message after \
                    each audio chunk.
                    """,
                draw: [true, false]),
            .number(
                "credits_per_character", \.creditsPerCharacter, in: 0...100,
                summary: """
                    Credits billed per character: about 1 on standard TTS, about 1.5 with a Pro Voice Clone \
                    (docs.cartesia.ai/pricing).
                    """,
                draw: [1, 1.5]),
            .number(
                "acquire_time", \.acquireTime, in: 0...60, note: "seconds",
                summary: """
                    TTSMetrics.acquire_time of a segment that opened a new connection (the simulation has no network, \
                    so 0); a reused connection reports 0.
                    """,
                draw: [0, 0.12]),
        ]
    }
}
