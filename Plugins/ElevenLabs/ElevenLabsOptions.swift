import AgentSimCore

/// The `options` knobs of `elevenlabs`, validated once at session start; every knob is a row of ``knobs``.
struct ElevenLabsOptions: Sendable, Equatable {
    enum ContextIDField: String, Sendable, CaseIterable {
        case camel = "contextId"
        case snake = "context_id"
    }

    // The defaults (what `agentsim providers` prints).
    /// LiveKit's `_DefaultEncoding`.
    var outputFormat = "mp3_22050_32"
    var contextIDField = ContextIDField.camel
    /// Credits per character; nil means the model's documented rate.
    var creditsPerCharacter: Double?
    /// The `inactivity_timeout` LiveKit passes (WS_INACTIVITY_TIMEOUT = 180 s): ElevenLabs closes an idle socket.
    var inactivityTimeout = 180.0
    /// acquire_time of a segment that had to open a new connection.
    var acquireTime = 0.0

    /// The output formats LiveKit's TTSEncoding lists.
    static let formats = [
        "mp3_22050_32", "mp3_24000_48", "mp3_44100", "mp3_44100_32", "mp3_44100_64", "mp3_44100_96", "mp3_44100_128",
        "mp3_44100_192",
        "opus_48000_32", "opus_48000_64", "opus_48000_96", "opus_48000_128", "opus_48000_192",
        "pcm_8000", "pcm_16000", "pcm_22050", "pcm_24000", "pcm_32000", "pcm_44100", "pcm_48000",
    ]

    init() {}

    init(_ value: ScenarioValue, path: String) throws(ScenarioError) {
        try Self.knobs.read(value, path: path, into: &self)
    }

    /// Bytes per second of audio in `outputFormat`: mp3/opus at their bitrate (kbit/s ÷ 8 × 1000), 16-bit PCM at 2
    /// bytes a sample; `mp3_44100` without a bitrate is 128 kbit/s (ElevenLabs' default).
    var bytesPerSecond: Int {
        let parts = outputFormat.split(separator: "_").map(String.init)
        if parts[0] == "pcm" { return (Int(parts[1]) ?? 0) * 2 }
        let kbps = parts.count > 2 ? Int(parts[2]) ?? 128 : 128
        return kbps * 1000 / 8
    }

    /// Every knob, as `agentsim providers elevenlabs` lists it.
    static var knobs: OptionTable<Self> {
        [
            .choice(
                "output_format", \.outputFormat, among: formats, form: "one of \(formats.joined(separator: ", "))",
                summary: "LiveKit's default encoding; sets the byte count the audio placeholders stand for.",
                draw: ["mp3_22050_32", "mp3_44100_128", "pcm_24000", "opus_48000_64"]),
            .choice(
                "context_id_field", \.contextIDField,
                summary: """
                    How server messages name the context: contextId in ElevenLabs' AsyncAPI schema; current sockets \
                    may send context_id (livekit/agents PR #5813, agents-js#1054). LiveKit 1.8.9 reads both.
                    """,
                draw: ["contextId", "context_id"]),
            .number(
                "credits_per_character", \.creditsPerCharacter, in: 0...100,
                default: "the model's (0.5 flash/turbo, 1 multilingual)",
                summary: """
                    Credits billed per character; Voice Library voices may carry a multiplier (ElevenLabs help center).
                    """,
                draw: [0.5, 1, 2]),
            .number(
                "inactivity_timeout", \.inactivityTimeout, in: 1...3600, note: "seconds",
                summary: """
                    LiveKit's WS_INACTIVITY_TIMEOUT: a segment whose text comes this long after the previous segment \
                    (or the prewarm at session start) needs a new connection.
                    """,
                draw: [5, 20, 180]),
            .number(
                "acquire_time", \.acquireTime, in: 0...60, note: "seconds",
                summary: """
                    TTSMetrics.acquire_time of a segment that opened a new connection (the simulation has no network, \
                    so 0); a reused connection reports 0.
                    """,
                draw: [0, 0.15]),
        ]
    }
}
