import AgentSimCore

/// The two Deepgram streaming APIs LiveKit 1.8.9 speaks: `/v1/listen` (nova, `stt.py`) and `/v2/listen` (Flux, `stt_v2.py`).
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

/// The `options` knobs of `deepgram`, validated once at session start.
struct DeepgramOptions: Sendable, Equatable {
    /// PeriodicCollector(duration=5.0) in both SpeechStream classes.
    var reportIntervalMicroseconds: Int64 = 5_000_000
    /// Outgoing PCM chunk: stt.py hard-codes 50 ms (`sample_rate // 20`); stt_v2.py's `audio_chunk_duration_ms` defaults to 50.
    var chunkMicroseconds: Int64 = 50_000
    /// stt.py (1.5.7+, PR #5506): flush the collector and report the connection-lifetime remainder on close.
    var closeReport = true
    /// stt.py's `vad_events=True` default: Deepgram sends SpeechStarted.
    var vadEvents = true
    /// The zero-usage connection event's `acquire_time` (the WebSocket handshake); the simulation has no network.
    var acquireTime = 0.0

    init(_ value: ScenarioValue, path: String, api: DeepgramAPI) throws(ScenarioError) {
        var r = try MapReader(value, path: path)
        if let interval = try r.double("report_interval", in: 0.001...3600) {
            reportIntervalMicroseconds = Int64((interval * 1_000_000).rounded())
        }
        if let chunk = try r.int("audio_chunk_duration_ms", in: 1...10_000) {
            try Self.require(
                .flux, api, key: "audio_chunk_duration_ms", &r, path: path,
                why: "stt.py always sends 50 ms chunks; only stt_v2.py (flux) takes audio_chunk_duration_ms")
            chunkMicroseconds = Int64(chunk) * 1000
        }
        if let close = try r.bool("close_report") {
            try Self.require(
                .v1, api, key: "close_report", &r, path: path,
                why: "only stt.py (nova) has a close report; stt_v2.py (flux) never flushes its collector on close")
            closeReport = close
        }
        if let vad = try r.bool("vad_events") {
            try Self.require(
                .v1, api, key: "vad_events", &r, path: path,
                why: "vad_events is a /v1/listen parameter; flux signals turns with TurnInfo")
            vadEvents = vad
        }
        acquireTime = try r.double("acquire_time", in: 0...60) ?? acquireTime
        try r.finish()
        if api == .flux { closeReport = false }
    }

    private static func require(
        _ wanted: DeepgramAPI, _ api: DeepgramAPI, key: String, _ r: inout MapReader, path: String, why: String
    ) throws(ScenarioError) {
        guard wanted != api else { return }
        let location = r.value(key)?.location ?? r.location
        let models =
            wanted == .flux
            ? "a flux model (flux-general-en, flux-general-multi)" : "a nova model (nova-3, nova-2-general)"
        throw ScenarioError("\(path).\(key): applies to \(models) only: \(why)", at: location)
    }

    static let documentation: [OptionDocumentation] = [
        .init(
            key: "report_interval", form: "number from 0.001 to 3600 (seconds)", defaultValue: "5",
            summary:
                "The plugin's PeriodicCollector(duration=5.0): pushed audio is reported when a chunk is pushed this long after the last report (deepgram/_utils.py)."
        ),
        .init(
            key: "close_report", form: "true | false (nova only)", defaultValue: "true",
            summary:
                "stt.py since 1.5.7 (PR #5506): on close, flush the collector and report lifetime − reported; false emulates older plugins (and 1.2.18), which lose the last partial step."
        ),
        .init(
            key: "audio_chunk_duration_ms", form: "whole number from 1 to 10000 (flux only)", defaultValue: "50",
            summary:
                "STTv2's outgoing PCM chunk; audio short of a whole chunk at close is never pushed, so never reported."),
        .init(
            key: "vad_events", form: "true | false (nova only)", defaultValue: "true",
            summary: "Deepgram sends SpeechStarted when speech begins (stt.py passes vad_events=true)."),
        .init(
            key: "acquire_time", form: "number from 0 to 60 (seconds)", defaultValue: "0",
            summary:
                "acquire_time of the zero-usage STTMetrics LiveKit emits when the WebSocket is connected (nova; the simulation has no network, so 0)."
        ),
    ]
}
