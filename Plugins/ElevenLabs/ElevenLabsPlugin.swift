import AgentSimCore

/// ElevenLabs streaming text-to-speech (multi-context WebSocket): ElevenLabs bills the characters it is sent; LiveKit
/// reports each flushed segment's characters and audio when its final frame arrives, and for a segment cut before
/// that only when its text was flushed before the barge-in (the plugin ends a cancelled segment).
public struct ElevenLabsPlugin: ProviderPlugin {
    public init() {}

    public var id: String { "elevenlabs" }
    public var roles: [ServiceRole] { [.tts] }

    /// Credits per character by model (ElevenLabs help center: Flash and Turbo 0.5, Multilingual 1).
    static let creditRates: [String: Double] = [
        "eleven_turbo_v2_5": 0.5, "eleven_flash_v2_5": 0.5, "eleven_turbo_v2": 0.5, "eleven_flash_v2": 0.5,
        "eleven_multilingual_v2": 1,
    ]

    public func makeTTS(_ setup: SessionSetup) throws(ScenarioError) -> any TTSSession {
        let model = try setup.resolveModel(from: documentation.models)
        let options = try ElevenLabsOptions(setup.options, path: setup.optionsPath)
        return ElevenLabsSession(
            model: setup.reportedName(of: model), modelRate: Self.creditRates[model.name] ?? 1, options: options,
            seed: setup.idSeed,
            startTime: setup.startTime)
    }

    public var documentation: PluginDocumentation {
        PluginDocumentation(
            id: id,
            title: "ElevenLabs",
            summary:
                """
                ElevenLabs bills characters (in credits by model) even for speech cut off by a barge-in; \
                LiveKit's streaming TTS reports a segment's characters and audio only when its final frame arrives.
                """,
            models: [
                ModelDocumentation(
                    name: "eleven_turbo_v2_5", summary: "0.5 credits per character; LiveKit's default model.",
                    isDefault: true),
                ModelDocumentation(name: "eleven_flash_v2_5", summary: "0.5 credits per character; lowest latency."),
                ModelDocumentation(name: "eleven_multilingual_v2", summary: "1 credit per character."),
                ModelDocumentation(name: "eleven_turbo_v2", summary: "0.5 credits per character (English)."),
                ModelDocumentation(name: "eleven_flash_v2", summary: "0.5 credits per character (English)."),
            ],
            options: ElevenLabsOptions.knobs.documentation(defaults: ElevenLabsOptions()),
            rules: [
                """
                Bill: every segment's flushed text in characters (Unicode code points), cut or not, times the \
                credit rate: 0.5 credits per character on Flash and Turbo, 1 on Multilingual v2 (or \
                credits_per_character). The credit figure is in the explanation; ServiceBill counts characters.
                """,
                """
                LiveKit (tts/tts.py SynthesizeStream, 1.8.9): one TTSMetrics per flushed segment, emitted when \
                its final frame arrives (the server's isFinal message): characters_count = len(flushed text), \
                audio_duration = the segment's frames (its encoded Opus packets), ttfb = first frame − first text \
                sent, duration = final frame − first text sent, cancelled false, streamed true, request_id = \
                segment_id = the context id (12 hex digits, utils.shortuuid), speech_id = the speech handle's id.
                """,
                """
                A segment cut by a barge-in before its final frame: LiveKit cancels the stream, and the \
                plugin's _run still calls output_emitter.end_segment() in its finally, which sends the audio \
                already received (its held-back tail) as the final frame. So when the segment's text had been \
                flushed before the barge-in (the LLM's stream ended, completed or ended early, and tts_node's \
                end_input() flushed it) and at least one audio message had arrived, LiveKit reports it at the \
                barge-in: characters_count = len(the whole flushed text), audio_duration = the audio received, \
                cancelled false. A barge-in while the LLM still streams (nothing flushed: no pending text) or \
                before any audio reports nothing. Either way its characters are billed (livekit/agents#3397 saw \
                the same under-report on Google). A segment cut after its final frame reports normally.
                """,
                """
                Connection: AgentSession prewarms the socket at session start, so a segment reuses it \
                (connection_reused true, acquire_time 0) unless its first text comes inactivity_timeout (180 s) \
                or more after the previous segment ended; then it opens a new one (connection_reused false, \
                acquire_time).
                """,
                """
                Native messages (multi-stream-input): one audio message per sentence (LiveKit sends sentences \
                with flush in auto_mode), with normalizedAlignment and alignment (the sentence's characters \
                spread evenly over its share of the audio; agentsim does not normalise text, so both are the \
                same), then {isFinal: true} at the final frame. A cut segment's messages stop at the cut.
                """,
                """
                audio holds real base64, but of a short placeholder naming the byte count the chunk would have \
                had in output_format (its duration × the format's bytes per second), not MP3 bytes: the jsonl \
                stays small, the field stays a valid base64 string any parser accepts, and the size can be read \
                back.
                """,
                """
                The request-side packets (the context's init text \" \", each sentence's trailing space, \
                close_context) are not emitted: payloads are what ElevenLabs sends.
                """,
                """
                label: livekit.plugins.elevenlabs.tts.TTS; metadata.model_name is the model, model_provider \
                \"ElevenLabs\". 1.2.18's TTSMetrics has no input_tokens, output_tokens, acquire_time or \
                connection_reused; the figures are otherwise the same.
                """,
            ],
            sources: [
                """
                livekit-plugins-elevenlabs 1.8.9 tts.py (SynthesizeStream._run, _Connection._recv_loop, \
                _current_connection, _multi_stream_url, WS_INACTIVITY_TIMEOUT)
                """,
                """
                livekit-agents 1.8.9 tts/tts.py (SynthesizeStream._metrics_monitor_task, push_text, flush), \
                voice/agent_activity.py (_on_metrics_collected sets speech_id; tts.prewarm)
                """,
                """
                ElevenLabs API reference: multi-context WebSocket \
                /v1/text-to-speech/{voice_id}/multi-stream-input (AudioOutputMulti, FinalOutputMulti)
                """,
                "ElevenLabs help center, credits: Flash/Turbo 0.5 credits per character, Multilingual 1",
                """
                livekit/agents PR #5813 and livekit/agents-js#1054 (context_id in server messages); \
                livekit/agents#3397
                """,
            ])
    }

    /// Any model, and every knob either left at its default or drawn as its row in the options table says.
    public func randomSetup(using rng: inout SeededGenerator) -> RandomSetup {
        RandomSetup.draw(models: documentation.models.map(\.name), using: &rng) { _ in ElevenLabsOptions.knobs }
    }
}
