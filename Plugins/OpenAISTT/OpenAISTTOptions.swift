import AgentSimCore

/// The `options` knobs of `openai-stt`, validated once at session start.
struct OpenAISTTOptions: Sendable, Equatable {
    /// LiveKit's `use_realtime`: false (its default for gpt-4o-transcribe, gpt-4o-mini-transcribe and whisper-1) sends
    /// each VAD segment to /v1/audio/transcriptions; true streams the track over the realtime transcription WebSocket.
    var useRealtime = false
    /// Audio before the detected speech that joins the segment: the server VAD's `prefix_padding_ms` (LiveKit sends 600)
    /// on the realtime path, Silero's `prefix_padding_duration` (0.5 s) on the batch path.
    var prefixPaddingMs: Int
    /// Silence after the speech that ends (and joins) the segment: the server VAD's `silence_duration_ms` (LiveKit sends
    /// 350), or Silero's `min_silence_duration` (0.55 s).
    var silenceDurationMs: Int
    /// Tokens of the `prompt` LiveKit sends with every transcription (none by default): input text tokens on the
    /// gpt-4o models.
    var promptTokens = 0
    /// Audio input tokens per second of audio on the gpt-4o models (the Realtime API's 1 token per 100 ms).
    var inputAudioTokensPerSecond = 10.0
    /// `acquire_time` of the zero-usage STTMetrics LiveKit emits when the realtime WebSocket is acquired.
    var acquireTime = 0.0

    /// LiveKit's default `turn_detection` (openai/stt.py, STT.__init__) and Silero's VAD defaults (silero/vad.py).
    static let serverVAD = (prefixPaddingMs: 600, silenceDurationMs: 350)
    static let silero = (prefixPaddingMs: 500, silenceDurationMs: 550)

    init(_ value: ScenarioValue, path: String) throws(ScenarioError) {
        var r = try MapReader(value, path: path)
        useRealtime = try r.bool("use_realtime") ?? useRealtime
        let vad = useRealtime ? Self.serverVAD : Self.silero
        prefixPaddingMs = try r.int("prefix_padding_ms", in: 0...10_000) ?? vad.prefixPaddingMs
        silenceDurationMs = try r.int("silence_duration_ms", in: 0...10_000) ?? vad.silenceDurationMs
        promptTokens = try r.int("prompt_tokens", in: 0...100_000) ?? promptTokens
        inputAudioTokensPerSecond =
            try r.double("input_audio_tokens_per_second", in: 0...1000) ?? inputAudioTokensPerSecond
        if let acquire = try r.double("acquire_time", in: 0...60) {
            guard useRealtime else {
                throw ScenarioError(
                    "\(path).acquire_time: applies with use_realtime: true only: the batch path (/v1/audio/transcriptions through LiveKit's StreamAdapter) opens no WebSocket and emits no connection STTMetrics",
                    at: r.value("acquire_time")?.location ?? r.location)
            }
            acquireTime = acquire
        }
        try r.finish()
    }

    static let documentation: [OptionDocumentation] = [
        .init(
            key: "use_realtime", form: "true | false", defaultValue: "false",
            summary:
                "LiveKit's use_realtime (openai/stt.py): its default is true only for the realtime-only models (gpt-realtime-whisper, gpt-live-transcribe), so these three go through /v1/audio/transcriptions, one request per VAD segment (AgentSession wraps the non-streaming STT in a StreamAdapter with Silero VAD); true streams the whole track over the realtime transcription WebSocket with server VAD."
        ),
        .init(
            key: "prefix_padding_ms", form: "whole number from 0 to 10000",
            defaultValue:
                "600 with use_realtime (LiveKit's turn_detection), else 500 (Silero prefix_padding_duration 0.5)",
            summary:
                "Audio before the detected speech that the segment carries: OpenAI's audio_start_ms \"includes the prefix_padding_ms\"; Silero's END_OF_SPEECH frames start with prefix_padding_duration of audio."
        ),
        .init(
            key: "silence_duration_ms", form: "whole number from 0 to 10000",
            defaultValue:
                "350 with use_realtime (LiveKit's turn_detection), else 550 (Silero min_silence_duration 0.55)",
            summary:
                "Silence that ends the segment and is part of it: OpenAI's audio_end_ms \"includes the min_silence_duration_ms\"; Silero's frames run until min_silence_duration of silence."
        ),
        .init(
            key: "prompt_tokens", form: "whole number from 0 to 100000", defaultValue: "0",
            summary:
                "Tokens of the prompt LiveKit sends with every transcription (STT(prompt=...), not given by default): input text tokens (input_token_details.text_tokens) of every request or item on the gpt-4o models; whisper-1 bills duration only."
        ),
        .init(
            key: "input_audio_tokens_per_second", form: "number from 0 to 1000", defaultValue: "10",
            summary:
                "Audio input tokens per second on the gpt-4o models, floor per segment: the rule openai-realtime documents for user audio (1 token per 100 ms, OpenAI's realtime costs guide); OpenAI does not publish a separate rate for the transcription models."
        ),
        .init(
            key: "acquire_time", form: "number from 0 to 60 (seconds; use_realtime only)", defaultValue: "0",
            summary:
                "acquire_time of the zero-usage STTMetrics LiveKit emits when the realtime WebSocket is acquired (_report_connection_acquired; the simulation has no network, so 0)."
        ),
    ]
}
