import AgentSimCore

/// Deepgram streaming speech-to-text (`nova-3`, `nova-2-general` on `/v1/listen`; `flux-general-en` on `/v2/listen`):
/// Deepgram bills the WebSocket's lifetime; LiveKit's plugin reports pushed audio in 5-second steps.
public struct DeepgramPlugin: ProviderPlugin {
    public init() {}

    public var id: String { "deepgram" }
    public var roles: [ServiceRole] { [.stt] }

    public func makeSTT(_ setup: SessionSetup) throws(ScenarioError) -> any STTSession {
        let model = try setup.resolveModel(from: documentation.models)
        let options = try DeepgramOptions(setup.options, path: setup.optionsPath, api: DeepgramAPI(model: model.name))
        return DeepgramSession(
            model: setup.reportedName(of: model), family: model.name, options: options, seed: setup.idSeed,
            startTime: setup.startTime,
            frameMilliseconds: setup.audio.frameMilliseconds)
    }

    public var documentation: PluginDocumentation {
        let models = Self.models
        let api = DeepgramAPI(model: models.defaultName)
        return PluginDocumentation(
            id: id,
            title: "Deepgram",
            summary:
                """
                Deepgram bills the streaming WebSocket's lifetime; LiveKit's plugin reports the audio it pushed \
                in 5-second steps (STTMetrics.audio_duration), and on nova reports the rest of the lifetime at \
                close.
                """,
            models: models,
            options: DeepgramOptions.knobs(api: api).documentation(defaults: DeepgramOptions(api: api)),
            rules: [
                """
                Bill: the connection's lifetime, from connect to close (session start to session end), silence \
                included; Deepgram's closing Metadata message carries it as duration (nova).
                """,
                """
                The user's track is pushed in audio_chunk_duration_ms chunks (50 ms; stt.py always 50 ms): a \
                chunk is pushed when the Opus frame that completes it arrives, and audio short of a whole chunk \
                stays in the buffer.
                """,
                """
                LiveKit's PeriodicCollector adds every pushed chunk and, when a chunk is pushed report_interval \
                (5 s) or more after its last flush, emits the total as one RECOGNITION_USAGE event: one \
                STTMetrics with audio_duration 5.0 at 5, 10, 15 … s of a contiguous connection, duration 0, \
                streamed true.
                """,
                """
                LiveKit's flush sentinel would also flush the collector, but the Deepgram plugins do not set \
                STTCapabilities.manual_flush, so AgentSession never sends one; only the close flushes (nova).
                """,
                """
                Close on nova (stt.py, LiveKit 1.5.7+, PR #5506): the collector's partial total is flushed, then \
                lifetime − reported is reported when positive (the tail short of a chunk), so the reports add up \
                to the bill. close_report: false, LiveKit before 1.5.7 and 1.2.18 lose that last partial step \
                (livekit/agents#5498).
                """,
                """
                Close on flux (stt_v2.py): no flush and no remainder, so LiveKit reports only the whole steps: \
                short of the bill by up to one report_interval.
                """,
                """
                Connection event: on nova LiveKit 1.8.9 emits a zero-usage STTMetrics (request_id \"\", \
                acquire_time, connection_reused false) when the WebSocket connects (_report_connection_acquired); \
                stt_v2.py does not, and 1.2.18 has no such event.
                """,
                """
                request_id: stt.py takes Deepgram's request_id from the Results messages, so reports before the \
                first transcript carry \"\"; stt_v2.py takes it from any message, Connected included.
                """,
                """
                Native messages: nova sends SpeechStarted (vad_events) when speech starts, one final Results per \
                user turn (is_final and speech_final true, the transcript with words spread evenly over the \
                speech, confidence 1) and Metadata after CloseStream; flux sends Connected, then TurnInfo \
                StartOfTurn and EndOfTurn per turn. Deepgram also sends empty Results and interim results; \
                agentsim leaves them out (LiveKit reads no usage from them). Results metadata gives request_id \
                and model_uuid; model_info is left out (its version strings are not documented).
                """,
                """
                label: livekit.plugins.deepgram.stt.STT (nova) or livekit.plugins.deepgram.stt_v2.STTv2 (flux); \
                metadata.model_name is the model, model_provider \"Deepgram\".
                """,
            ],
            sources: [
                """
                livekit-plugins-deepgram 1.8.9 stt.py (SpeechStream._run, _on_audio_duration_report, \
                _connect_ws), stt_v2.py, _utils.py (PeriodicCollector)
                """,
                """
                livekit-agents 1.8.9 stt/stt.py (_metrics_monitor_task, _report_connection_acquired, \
                STTCapabilities.manual_flush), voice/audio_recognition.py (flush only when manual_flush)
                """,
                """
                livekit/agents#1135 (always 5.00 s values), livekit/agents#5498 and PR #5506 (connection-lifetime \
                remainder)
                """,
                """
                Deepgram streaming API reference: Results, SpeechStarted, Metadata; Flux (/v2/listen) Connected \
                and TurnInfo messages
                """,
            ])
    }

    /// Any model, and every knob either left at its default or drawn as its row in the options table says (the knobs
    /// of the model's API only).
    public func randomSetup(using rng: inout SeededGenerator) -> RandomSetup {
        RandomSetup.draw(models: Self.models.map(\.name), using: &rng) { model in
            DeepgramOptions.knobs(api: DeepgramAPI(model: model))
        }
    }

    static let models: [ModelDocumentation] = [
        ModelDocumentation(
            name: "nova-3", summary: "/v1/listen (LiveKit stt.STT, its default model).", isDefault: true),
        ModelDocumentation(
            name: "nova-2-general",
            summary:
                """
                /v1/listen, the previous generation (LiveKit's DeepgramModels lists nova-2-* only with a domain \
                suffix).
                """
        ),
        ModelDocumentation(
            name: "flux-general-en",
            summary: "/v2/listen, Flux with its own end-of-turn detection (LiveKit stt_v2.STTv2)."),
        ModelDocumentation(
            name: "flux-general-multi", summary: "/v2/listen, multilingual Flux (LiveKit V2Models)."),
    ]
}
