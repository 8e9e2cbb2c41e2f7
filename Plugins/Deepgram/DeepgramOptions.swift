import AgentSimCore

/// The two Deepgram streaming APIs LiveKit 1.8.9 speaks: `/v1/listen` (nova, `stt.py`) and `/v2/listen` (Flux,
/// `stt_v2.py`).
enum DeepgramAPI: Sendable, Equatable {
    case v1
    case flux

    init(model: String) { self = model.hasPrefix("flux-") ? .flux : .v1 }

    /// LiveKit's label: `type(self).__module__ + "." + type(self).__name__` of the plugin's STT class.
    var label: String {
        switch self {
        case .v1: return "livekit.plugins.deepgram.stt.STT"
        case .flux: return "livekit.plugins.deepgram.stt_v2.STTv2"
        }
    }
}

/// The `options` knobs of `deepgram`, validated once at session start; every knob is a row of ``knobs(api:)``.
struct DeepgramOptions: Sendable, Equatable {
    // The defaults (what `agentsim providers` prints).
    /// PeriodicCollector(duration=5.0) in both SpeechStream classes, in seconds.
    var reportInterval = 5.0
    /// Outgoing PCM chunk: stt.py hard-codes 50 ms (`sample_rate // 20`); stt_v2.py's `audio_chunk_duration_ms`
    /// defaults to 50.
    var chunkMilliseconds = 50
    /// stt.py (1.5.7+, PR #5506): flush the collector and report the connection-lifetime remainder on close.
    var closeReport = true
    /// stt.py's `vad_events=True` default: Deepgram sends SpeechStarted.
    var vadEvents = true
    /// The zero-usage connection event's `acquire_time` (the WebSocket handshake); the simulation has no network.
    var acquireTime = 0.0

    var reportIntervalMicroseconds: Int64 { Int64((reportInterval * 1_000_000).rounded()) }
    var chunkMicroseconds: Int64 { Int64(chunkMilliseconds) * 1000 }

    /// The defaults for a model on `api`: flux has no close report.
    init(api: DeepgramAPI) { closeReport = api == .v1 }

    init(_ value: ScenarioValue, path: String, api: DeepgramAPI) throws(ScenarioError) {
        self.init(api: api)
        try Self.knobs(api: api).read(value, path: path, into: &self)
    }

    /// Every knob, as `agentsim providers deepgram` lists it; each knob of one API only is refused on the other.
    static func knobs(api: DeepgramAPI) -> OptionTable<Self> {
        let nova = "a nova model (nova-3, nova-2-general)", flux = "a flux model (flux-general-en, flux-general-multi)"
        return [
            .number(
                "report_interval", \.reportInterval, in: 0.001...3600, note: "seconds",
                summary: """
                    The plugin's PeriodicCollector(duration=5.0): pushed audio is reported when a chunk is pushed \
                    this long after the last report (deepgram/_utils.py).
                    """,
                draw: [1, 2.5, 5]),
            .bool(
                "close_report", \.closeReport, note: "nova only",
                summary: """
                    stt.py since 1.5.7 (PR #5506): on close, flush the collector and report lifetime − reported; \
                    false emulates older plugins (and 1.2.18), which lose the last partial step.
                    """,
                draw: [true, false]
            ).only(
                where: api == .v1,
                otherwise: "applies to \(nova) only: only stt.py (nova) has a close report; stt_v2.py (flux) never "
                    + "flushes its collector on close"),
            .int(
                "audio_chunk_duration_ms", \.chunkMilliseconds, in: 1...10_000, note: "flux only",
                summary: """
                    STTv2's outgoing PCM chunk; audio short of a whole chunk at close is never pushed, so never \
                    reported.
                    """,
                draw: [20, 50, 80]
            ).only(
                where: api == .flux,
                otherwise: "applies to \(flux) only: stt.py always sends 50 ms chunks; only stt_v2.py (flux) takes "
                    + "audio_chunk_duration_ms"),
            .bool(
                "vad_events", \.vadEvents, note: "nova only",
                summary: "Deepgram sends SpeechStarted when speech begins (stt.py passes vad_events=true).",
                draw: [true, false]
            ).only(
                where: api == .v1,
                otherwise: "applies to \(nova) only: vad_events is a /v1/listen parameter; flux signals turns with "
                    + "TurnInfo"),
            .number(
                "acquire_time", \.acquireTime, in: 0...60, note: "seconds",
                summary: """
                    acquire_time of the zero-usage STTMetrics LiveKit emits when the WebSocket is connected (nova; \
                    the simulation has no network, so 0).
                    """,
                draw: [0, 0.12]
            ).drawn(after: "report_interval"),
        ]
    }
}
