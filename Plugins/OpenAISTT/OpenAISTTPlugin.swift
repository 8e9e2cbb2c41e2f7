import AgentSimCore

/// OpenAI speech-to-text (`gpt-4o-mini-transcribe`, `gpt-4o-transcribe`, `whisper-1`) through LiveKit 1.8.9's openai
/// plugin: by default one /v1/audio/transcriptions request per VAD segment, reported with its duration and no tokens;
/// with `use_realtime` the realtime transcription WebSocket, whose completed events carry the tokens LiveKit reports.
public struct OpenAISTTPlugin: ProviderPlugin {
    public init() {}

    public var id: String { "openai-stt" }
    public var roles: [ServiceRole] { [.stt] }

    public func makeSTT(_ setup: SessionSetup) throws(ScenarioError) -> any STTSession {
        let model = try setup.resolveModel(from: documentation.models)
        let options = try OpenAISTTOptions(setup.options, path: setup.optionsPath)
        return OpenAISTTSession(
            model: setup.reportedName(of: model), family: model.name, options: options, seed: setup.idSeed,
            startTime: setup.startTime)
    }

    public var documentation: PluginDocumentation {
        PluginDocumentation(
            id: id,
            title: "OpenAI STT",
            summary:
                """
                OpenAI bills each transcribed segment (audio and text tokens on the gpt-4o models, whole seconds \
                on whisper-1); LiveKit's default batch path reports each request's audio duration and no tokens, \
                its realtime path (use_realtime) the tokens of each completed transcription and the server VAD's \
                segment duration.
                """,
            models: [
                ModelDocumentation(
                    name: "gpt-4o-mini-transcribe",
                    summary:
                        """
                        LiveKit's default model; bills tokens ($3 per 1M audio input, $1.25 text input, $5 \
                        output; OpenAI estimates $0.003 a minute).
                        """,
                    isDefault: true),
                ModelDocumentation(
                    name: "gpt-4o-transcribe",
                    summary:
                        """
                        Bills tokens ($6 per 1M audio input, $2.50 text input, $10 output; OpenAI estimates \
                        $0.006 a minute).
                        """
                ),
                ModelDocumentation(
                    name: "whisper-1",
                    summary:
                        """
                        Bills duration ($0.006 a minute): usage {type duration, seconds}; LiveKit asks for \
                        verbose_json.
                        """
                ),
            ],
            options: OpenAISTTOptions.knobs.documentation(defaults: OpenAISTTOptions()),
            rules: [
                """
                Segments: a VAD cuts each user utterance out of the track with prefix_padding_ms of audio before \
                the speech (no further back than the track's start or the previous segment's end) and \
                silence_duration_ms of silence after it: the server VAD on the realtime path (LiveKit sends \
                prefix_padding_ms 600, silence_duration_ms 350; OpenAI's audio_start_ms and audio_end_ms include \
                both), Silero on the batch path (prefix_padding_duration 0.5 s, min_silence_duration 0.55 s; its \
                END_OF_SPEECH frames run from the padding to the end of the silence; agentsim uses the nominal \
                figures, Silero works in 32 ms windows).
                """,
                """
                The segment is closed (request sent, or speech_stopped and committed) at its end; the transcript \
                arrives at the pipeline's transcript time, or at the segment's end if that is later (set \
                transcription_delay above silence_duration_ms for a realistic timeline).
                """,
                """
                Bill, gpt-4o models: per segment, audio input tokens floor(seconds × \
                input_audio_tokens_per_second) (10 a second: the rule openai-realtime documents for user audio, 1 \
                token per 100 ms; at $6 per 1M it gives $0.0036 a minute of audio, which with the transcript's \
                output tokens matches OpenAI's $0.006-a-minute estimate for gpt-4o-transcribe), prompt_tokens \
                text input tokens, and output tokens = the transcript's tokens (the turn's text_tokens, else \
                ceil(characters / 4)). audio_seconds is the segments' audio. The silence between segments is \
                never transcribed and costs nothing; a per-minute reading of the whole track (the connection's \
                lifetime) would count it.
                """,
                """
                Bill, whisper-1: each segment's duration rounded up to a whole second (OpenAI's verbose_json \
                reference example: duration 8.47, usage seconds 9); agentsim applies the same rule to the \
                realtime path's duration usage. ServiceBill requests: transcription requests (batch) or WebSocket \
                connections (realtime).
                """,
                """
                Batch path (LiveKit 1.8.9 stt/stt.py STT.recognize, through stt/stream_adapter.py): one \
                STTMetrics per segment when the response arrives: audio_duration = the segment's duration, \
                duration = response − request, streamed false, request_id \"\" (the plugin's SpeechEvent carries \
                none), no tokens: the response's usage is never read. No connection event.
                """,
                """
                Realtime path (openai/stt.py SpeechStream, recv_task): a zero-usage STTMetrics when the WebSocket \
                is acquired (_report_connection_acquired: acquire_time, connection_reused false), then one per \
                conversation.item.input_audio_transcription.completed (a RECOGNITION_USAGE event): input_tokens \
                and output_tokens from usage.get(…, 0) (0 and 0 for whisper-1's duration usage), audio_duration = \
                (audio_end_ms − audio_start_ms) / 1000, duration 0, streamed true, request_id \"\", \
                input_audio_tokens 0 (LiveKit's RecognitionUsage has no audio field). After a completed event on \
                a connection older than 600 s (_max_session_duration) LiveKit opens a new connection, with its \
                own connection event; audio_start_ms counts from each connection's start.
                """,
                """
                Native messages, realtime: input_audio_buffer.speech_started (audio_start_ms) at the speech's \
                start, input_audio_buffer.speech_stopped (audio_end_ms) and input_audio_buffer.committed \
                (previous_item_id) at the segment's end, conversation.item.input_audio_transcription.delta \
                (gpt-4o models: one word each, spread from the commit to the completed event; whisper-1: one \
                delta with the whole transcript), and .completed with usage {type tokens, input_tokens, \
                input_token_details {text_tokens, audio_tokens}, output_tokens, total_tokens} or {type duration, \
                seconds}. session.created, session.updated and conversation.item.added/done carry no usage and \
                are left out.
                """,
                """
                Native messages, batch: the /v1/audio/transcriptions response: {text, usage} (json) on the gpt-4o \
                models, {task, language, duration, text, usage} (verbose_json) on whisper-1; segments and words \
                (Whisper's token ids and timings) are left out; LiveKit reads only text and language.
                """,
                """
                label: livekit.plugins.openai.stt.STT; metadata.model_name is the model, model_provider the \
                client's base URL host, api.openai.com. 1.2.18's STTMetrics has no token, acquire_time or \
                connection_reused fields, so its collectors see only audio_duration; agentsim emulates 1.8.9's \
                plugin.
                """,
            ],
            sources: [
                """
                livekit-plugins-openai 1.8.9 stt.py (STT.__init__ use_realtime and turn_detection defaults, \
                _recognize_impl, SpeechStream._run recv_task, _max_session_duration, STT.provider), models.py \
                (STTModels)
                """,
                """
                livekit-agents 1.8.9 stt/stt.py (STT.recognize, RecognizeStream._metrics_monitor_task, \
                _report_connection_acquired, RecognitionUsage), stt/stream_adapter.py; livekit-plugins-silero \
                1.8.9 vad.py (prefix_padding_duration, min_silence_duration, _copy_speech_buffer)
                """,
                """
                OpenAI API reference: audio/createTranscription (json and verbose_json objects with usage), \
                realtime server events input_audio_buffer.speech_started/speech_stopped/committed, \
                conversation.item.input_audio_transcription.delta/completed; openai SDK types (UsageTokens, \
                UsageDuration)
                """,
                """
                OpenAI pricing: gpt-4o-transcribe and gpt-4o-mini-transcribe token prices and per-minute \
                estimates, whisper-1 $0.006 a minute; OpenAI realtime costs guide (user audio 1 token per 100 ms)
                """,
            ])
    }

    /// Any model, and every knob either left at its default or drawn as its row in the options table says.
    public func randomSetup(using rng: inout SeededGenerator) -> RandomSetup {
        RandomSetup.draw(models: documentation.models.map(\.name), using: &rng) { _ in OpenAISTTOptions.knobs }
    }
}
