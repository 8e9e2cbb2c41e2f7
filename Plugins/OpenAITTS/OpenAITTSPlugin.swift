import AgentSimCore

/// OpenAI text-to-speech (/v1/audio/speech) through LiveKit's ChunkedStream: tts-1 and tts-1-hd bill characters and
/// stream raw audio with no usage; gpt-4o-mini-tts bills tokens and reports them in its SSE `speech.audio.done` event.
public struct OpenAITTSPlugin: ProviderPlugin {
    public init() {}

    public var id: String { "openai-tts" }
    public var roles: [ServiceRole] { [.tts] }

    /// LiveKit's AUDIO_STREAM_MODELS: raw audio, character billing, no usage.
    static let audioStreamModels: Set<String> = ["tts-1", "tts-1-hd"]

    public func makeTTS(_ setup: SessionSetup) throws(ScenarioError) -> any TTSSession {
        let model = try setup.resolveModel(from: documentation.models)
        let options = try OpenAITTSOptions(setup.options, path: setup.optionsPath)
        return OpenAITTSSession(
            model: setup.reportedName(of: model), sse: !Self.audioStreamModels.contains(model.name), options: options,
            seed: setup.idSeed,
            startTime: setup.startTime)
    }

    public var documentation: PluginDocumentation {
        PluginDocumentation(
            id: id,
            title: "OpenAI TTS",
            summary:
                """
                OpenAI's speech endpoint through LiveKit's StreamAdapter: one ChunkedStream per sentence \
                (blingfire tokenizer, sentences of at least 20 characters), each sent when the one before has \
                finished; the one a barge-in cuts still reports all its characters (cancelled true), the ones \
                after it are never sent; gpt-4o-mini-tts's token usage reaches TTSMetrics only when a request's \
                speech.audio.done event arrives.
                """,
            models: [
                ModelDocumentation(
                    name: "gpt-4o-mini-tts",
                    summary: "LiveKit's default model; SSE with usage; bills text input and audio output tokens.",
                    isDefault: true),
                ModelDocumentation(name: "tts-1", summary: "Raw audio, no usage; bills characters ($15 per 1M)."),
                ModelDocumentation(name: "tts-1-hd", summary: "Raw audio, no usage; bills characters ($30 per 1M)."),
            ],
            options: OpenAITTSOptions.knobs.documentation(defaults: OpenAITTSOptions()),
            rules: [
                """
                Bill: per request. tts-1 and tts-1-hd bill the characters of every request's input (Unicode code \
                points), cut or not. gpt-4o-mini-tts bills input tokens (the request's text, ceil(characters / \
                4), plus instructions_tokens) and audio output tokens (round(seconds × audio_tokens_per_second)) \
                for the audio sent before a cut, since the stream is closed there (OpenAI does not document what \
                a closed stream is charged; agentsim assumes the audio sent). A sentence never requested is not \
                billed. ServiceBill counts characters on every model.
                """,
                """
                Requests (tts/stream_adapter.py l.40-42, 165-190): LiveKit's openai TTS has no streaming, so \
                AgentSession wraps it in tts.StreamAdapter, whose default tokenizer is \
                blingfire.SentenceTokenizer(retain_format=True) (min_sentence_len 20); each token, trimmed, is \
                synthesized by its own ChunkedStream, read to its end before the next sentence is sent. Tokens \
                (tokenize/blingfire.py l.19-55): blingfire's sentences, where one shorter than 20 characters \
                (line breaks as spaces, trimmed) is merged into the next, and whatever follows the last kept \
                sentence is the last token: \"Sure. I can help with that.\" is one request of 27 characters. \
                agentsim finds blingfire's sentence ends by a rule (after . ! ? … and closing quotes, white \
                space, then a capital letter; not after a single capital or Mr, Mrs, Ms, St, No, Jan, Prof, \
                Approx; after 。！？; after a danda) that agrees with blingfire on plain sentences but not on every \
                abbreviation.
                """,
                """
                Timeline: the segment's audio is shared by the requests' characters in whole milliseconds and \
                each request's audio arrives as one chunk when the frames before it have; request 1 is sent when \
                the text reaches the TTS; each request ends (last frame, speech.audio.done) tts_ttfb before the \
                next request's chunk arrives, or when its own chunk arrives if that is later, and the next is \
                sent then; the last ends at the segment's last frame.
                """,
                """
                TTSMetrics (tts/tts.py ChunkedStream._metrics_monitor_task l.344-384), one per request sent, \
                emitted when its stream ends: characters_count = len(text) of that request always, audio_duration \
                = its frames received, ttfb = its first frame − its request (-1 if none arrived), duration = end \
                − request, cancelled = the synthesize task was cancelled, streamed false, segment_id empty, \
                acquire_time 0, connection_reused false, request_id = the response's x-request-id (req_ + 32 hex \
                digits), speech_id = the speech handle's id. StreamAdapterWrapper emits no metrics of its own \
                (stream_adapter.py l.126-128).
                """,
                """
                Barge-in: closing the adapter's stream cancels its tasks (stream_adapter.py l.196-200); the \
                ChunkedStream in flight is closed by its async with (tts.py l.473-481, 501-507) and still \
                reports, at the cut, all its characters, the frames received, cancelled true and tokens 0 and 0; \
                sentences not yet requested are never sent: no request, no TTSMetrics, no bill. A request that \
                ended before the cut reports normally (cancelled false).
                """,
                """
                input_tokens/output_tokens: gpt-4o-mini-tts's speech.audio.done usage of that request, set only \
                when it arrives (at its end; tts.py _set_token_usage l.340-342); a cut request reports 0 and 0. \
                tts-1 and tts-1-hd always report 0.
                """,
                """
                Native messages: gpt-4o-mini-tts streams, per request, SSE events {type speech.audio.delta, \
                audio} for its chunk and {type speech.audio.done, usage {input_tokens, output_tokens, \
                total_tokens}} at its end; audio holds base64 of a placeholder naming the milliseconds of \
                response_format it stands for. tts-1 and tts-1-hd send a raw audio body with no JSON messages, so \
                only the metric is emitted.
                """,
                """
                label: livekit.plugins.openai.tts.TTS; metadata.model_name is the model, model_provider the \
                client's base URL host, api.openai.com. 1.2.18's TTSMetrics has no input_tokens, output_tokens, \
                acquire_time or connection_reused; the figures are otherwise the same.
                """,
            ],
            sources: [
                """
                livekit-plugins-openai 1.8.9 tts.py (DEFAULT_MODEL, AUDIO_STREAM_MODELS, ChunkedStream._run, \
                TTS.provider), models.py (TTSModels)
                """,
                """
                livekit-agents 1.8.9 tts/tts.py (ChunkedStream.__init__ l.292-324, _set_token_usage l.340-342, \
                _metrics_monitor_task l.344-384, aclose l.473-481), tts/stream_adapter.py (StreamAdapter.__init__ \
                l.26-50, StreamAdapterWrapper._run l.130-200), tokenize/blingfire.py (_split_sentences l.19-55, \
                SentenceTokenizer l.68-130), tokenize/token_stream.py (BufferedTokenStream.push_text l.183-232, \
                flush l.235-267)
                """,
                """
                OpenAI API reference: audio/speech, stream_format sse (speech.audio.delta, speech.audio.done with \
                usage)
                """,
                """
                OpenAI pricing: tts-1 $15 and tts-1-hd $30 per 1M characters; gpt-4o-mini-tts $0.60 per 1M text \
                input tokens, $12 per 1M audio output tokens, about $0.015 a minute
                """,
            ])
    }

    /// Any model, and every knob either left at its default or drawn as its row in the options table says.
    public func randomSetup(using rng: inout SeededGenerator) -> RandomSetup {
        RandomSetup.draw(models: documentation.models.map(\.name), using: &rng) { _ in OpenAITTSOptions.knobs }
    }
}
