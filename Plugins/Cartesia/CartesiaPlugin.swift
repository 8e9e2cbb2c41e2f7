import AgentSimCore

/// Cartesia streaming text-to-speech (WebSocket, one context per segment): Cartesia bills the characters it is sent;
/// LiveKit reports each flushed segment's characters and audio when its final frame arrives, and nothing for a
/// segment cut before that.
public struct CartesiaPlugin: ProviderPlugin {
    public init() {}

    public var id: String { "cartesia" }
    public var roles: [ServiceRole] { [.tts] }

    public func makeTTS(_ setup: SessionSetup) throws(ScenarioError) -> any TTSSession {
        let model = try setup.resolveModel(from: documentation.models)
        let options = try CartesiaOptions(setup.options, path: setup.optionsPath)
        return CartesiaSession(
            model: setup.reportedName(of: model), options: options, seed: setup.idSeed, startTime: setup.startTime)
    }

    public var documentation: PluginDocumentation {
        PluginDocumentation(
            id: id,
            title: "Cartesia",
            summary:
                """
                Cartesia bills characters (about 1 credit each) even for speech cut off by a barge-in; LiveKit's \
                streaming TTS reports a segment's characters and audio only when its final frame arrives.
                """,
            models: [
                ModelDocumentation(name: "sonic-3", summary: "LiveKit's default model.", isDefault: true),
                ModelDocumentation(name: "sonic-2", summary: "Previous generation."),
                ModelDocumentation(name: "sonic-turbo", summary: "Lowest latency."),
                ModelDocumentation(name: "sonic", summary: "First generation."),
                ModelDocumentation(name: "sonic-lite", summary: "Listed by LiveKit's TTSModels."),
                ModelDocumentation(name: "sonic-preview", summary: "Listed by LiveKit's TTSModels."),
            ],
            options: CartesiaOptions.knobs.documentation(defaults: CartesiaOptions()),
            rules: [
                """
                Bill: every segment's flushed text in characters (Unicode code points), cut or not, at about 1 \
                credit per character on every Sonic model (about 1.5 with a Pro Voice Clone: \
                credits_per_character). The credit figure is in the explanation when it is not 1; ServiceBill \
                counts characters.
                """,
                """
                LiveKit (tts/tts.py SynthesizeStream, 1.8.9): one TTSMetrics per flushed segment, emitted when \
                its final frame arrives (after Cartesia's done message): characters_count = len(flushed text), \
                audio_duration = the segment's frames (its encoded Opus packets), ttfb = first frame − first text \
                sent, duration = final frame − first text sent, cancelled false, streamed true, speech_id = the \
                speech handle's id. No provider usage is read.
                """,
                """
                Ids: request_id is the AudioEmitter's request id and segment_id the Cartesia context_id, two \
                different utils.shortuuid() values (12 hex digits) drawn per segment (SynthesizeStream._run).
                """,
                """
                A segment cut by a barge-in before its final frame reports nothing, even when its text was \
                flushed first: LiveKit cancels the stream and the plugin ends the segment only on the server's \
                done (unlike ElevenLabs, whose _run ends it in a finally); its characters are billed all the \
                same (livekit/agents#3397 saw the same under-report on Google). A segment cut after its final \
                frame reports normally.
                """,
                """
                Connection (utils.ConnectionPool, max_session_duration 300 s, mark_refreshed_on_get): \
                AgentSession prewarms the socket at session start; a segment reuses it (connection_reused true, \
                acquire_time 0) when its first text comes at most 300 s after the connection was last taken. A \
                segment cut before its final frame is cancelled inside the pool's connection() block, which \
                removes the socket, so the next segment opens a new one (connection_reused false, acquire_time), \
                as does one after more than 300 s idle.
                """,
                """
                Native messages (/tts/websocket): per sentence (LiveKit's sentence tokenizer sends one transcript \
                packet each, max_buffer_delay_ms 0) a chunk message {type chunk, data, done false, status_code \
                206, context_id} and, with word_timestamps, a timestamps message {word_timestamps: {words, start, \
                end}} (the sentence's words spread by characters over its audio, in seconds); then {type done, \
                done true, status_code 200} at the final frame. A cut segment's messages stop at the cut. \
                step_time is not emitted.
                """,
                """
                data holds real base64, but of a short placeholder naming the byte count the chunk would have had \
                as pcm_s16le at sample_rate (its duration × 2 bytes × the rate), not PCM bytes.
                """,
                """
                The request-side packets (each sentence's transcript with continue true, the closing \" \" with \
                continue false) are not emitted: payloads are what Cartesia sends.
                """,
                """
                label: livekit.plugins.cartesia.tts.TTS; metadata.model_name is the model, model_provider \
                \"Cartesia\". 1.2.18's TTSMetrics has no input_tokens, output_tokens, acquire_time or \
                connection_reused; the figures are otherwise the same.
                """,
            ],
            sources: [
                """
                livekit-plugins-cartesia 1.8.9 tts.py (TTS.__init__ defaults and ConnectionPool, \
                SynthesizeStream._run: _sentence_stream_task, _recv_task), models.py (TTSModels), constants.py \
                (AUDIO_ENCODING)
                """,
                """
                livekit-agents 1.8.9 tts/tts.py (SynthesizeStream._metrics_monitor_task, AudioEmitter), \
                utils/connection_pool.py (get, connection, remove)
                """,
                "Cartesia API reference: TTS WebSocket (chunk, timestamps, done messages)",
                """
                docs.cartesia.ai/pricing: standard TTS about 1 credit per character on /tts/websocket, Pro Voice \
                Clone about 1.5
                """,
                "livekit/agents#3397",
            ])
    }

    /// Any model, and every knob either left at its default or drawn as its row in the options table says.
    public func randomSetup(using rng: inout SeededGenerator) -> RandomSetup {
        RandomSetup.draw(models: documentation.models.map(\.name), using: &rng) { _ in CartesiaOptions.knobs }
    }
}
