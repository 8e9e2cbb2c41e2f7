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
            model: model.name, sse: !Self.audioStreamModels.contains(model.name), options: options, seed: setup.idSeed, startTime: setup.startTime)
    }

    public var documentation: PluginDocumentation {
        PluginDocumentation(
            id: id,
            title: "OpenAI TTS",
            summary: "OpenAI's speech endpoint through LiveKit's non-streaming TTS: one ChunkedStream per segment, reported even when cut (characters of the whole text, cancelled true); gpt-4o-mini-tts's token usage reaches TTSMetrics only when its speech.audio.done event arrives.",
            models: [
                ModelDocumentation(name: "gpt-4o-mini-tts", summary: "LiveKit's default model; SSE with usage; bills text input and audio output tokens.", isDefault: true),
                ModelDocumentation(name: "tts-1", summary: "Raw audio, no usage; bills characters ($15 per 1M)."),
                ModelDocumentation(name: "tts-1-hd", summary: "Raw audio, no usage; bills characters ($30 per 1M)."),
            ],
            options: OpenAITTSOptions.documentation,
            rules: [
                "Bill: tts-1 and tts-1-hd bill the characters of every request's input (Unicode code points), cut or not. gpt-4o-mini-tts bills input tokens (the text, ceil(characters / 4), plus instructions_tokens) and audio output tokens (round(seconds × audio_tokens_per_second)) for the audio sent before a cut, since the stream is closed there (OpenAI does not document what a closed stream is charged; agentsim assumes the audio sent). ServiceBill counts characters on every model.",
                "LiveKit (tts/tts.py ChunkedStream, 1.8.9): AgentSession wraps the non-streaming TTS in a StreamAdapter; agentsim sends one request per segment text. The TTSMetrics is emitted when the stream ends (last frame, or the barge-in that closes it): characters_count = len(text) always, audio_duration = the frames received, ttfb = first frame − request, duration = end − request, cancelled = the synthesize task was cancelled (true for a segment cut before its last frame), streamed false, segment_id empty, acquire_time 0, connection_reused false, request_id = the response's x-request-id (req_ + 32 hex digits), speech_id = the speech handle's id.",
                "input_tokens/output_tokens: gpt-4o-mini-tts's speech.audio.done usage, set only when it arrives (at the last frame); a cut stream reports 0 and 0. tts-1 and tts-1-hd always report 0.",
                "A segment cut after its last frame reports normally (cancelled false).",
                "Audio arrives in one chunk per sentence (LiveKit's sentence tokenizer), the segment's audio shared by characters in whole milliseconds, each chunk when the frames before it have; the frames received before a cut are the chunks that arrived before it.",
                "Native messages: gpt-4o-mini-tts streams SSE events {type speech.audio.delta, audio} per chunk and {type speech.audio.done, usage {input_tokens, output_tokens, total_tokens}} at the end; audio holds base64 of a placeholder naming the milliseconds of response_format it stands for. tts-1 and tts-1-hd send a raw audio body with no JSON messages, so only the metric is emitted.",
                "label: livekit.plugins.openai.tts.TTS; metadata.model_name is the model, model_provider the client's base URL host, api.openai.com. 1.2.18's TTSMetrics has no input_tokens, output_tokens, acquire_time or connection_reused; the figures are otherwise the same.",
            ],
            sources: [
                "livekit-plugins-openai 1.8.9 tts.py (DEFAULT_MODEL, AUDIO_STREAM_MODELS, ChunkedStream._run, TTS.provider), models.py (TTSModels)",
                "livekit-agents 1.8.9 tts/tts.py (ChunkedStream.__init__, _metrics_monitor_task, _set_token_usage), tts/stream_adapter.py",
                "OpenAI API reference: audio/speech, stream_format sse (speech.audio.delta, speech.audio.done with usage)",
                "OpenAI pricing: tts-1 $15 and tts-1-hd $30 per 1M characters; gpt-4o-mini-tts $0.60 per 1M text input tokens, $12 per 1M audio output tokens, about $0.015 a minute",
            ])
    }

    public func randomSetup(using rng: inout SeededGenerator) -> RandomSetup {
        var s = OptionSampler(rng: rng)
        let model = s.pick(documentation.models.map(\.name))
        s.maybe("response_format", ["mp3", "opus", "pcm"])
        s.maybe("instructions_tokens", [0, 12, 40])
        s.maybe("audio_tokens_per_second", [20, 25])
        rng = s.rng
        return RandomSetup(model: model, options: s.json)
    }
}
