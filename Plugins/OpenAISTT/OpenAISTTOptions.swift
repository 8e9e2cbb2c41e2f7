import AgentSimCore

/// The `options` knobs of `openai-stt`, validated once at session start; every knob is a row of ``knobs``.
struct OpenAISTTOptions: Sendable, Equatable {
    // The defaults (what `agentsim providers` prints).
    /// LiveKit's `use_realtime`: false (its default for gpt-4o-transcribe, gpt-4o-mini-transcribe and whisper-1) sends
    /// each VAD segment to /v1/audio/transcriptions; true streams the track over the realtime transcription WebSocket.
    var useRealtime = false
    /// `prefix_padding_ms` and `silence_duration_ms` as the scenario gives them; nil: the VAD's own (below).
    var prefixPaddingGiven: Int?
    var silenceDurationGiven: Int?
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

    /// Audio before the detected speech that joins the segment: the server VAD's `prefix_padding_ms` (LiveKit sends
    /// 600) on the realtime path, Silero's `prefix_padding_duration` (0.5 s) on the batch path.
    var prefixPaddingMs: Int { prefixPaddingGiven ?? (useRealtime ? Self.serverVAD : Self.silero).prefixPaddingMs }
    /// Silence after the speech that ends (and joins) the segment: the server VAD's `silence_duration_ms` (LiveKit
    /// sends 350), or Silero's `min_silence_duration` (0.55 s).
    var silenceDurationMs: Int {
        silenceDurationGiven ?? (useRealtime ? Self.serverVAD : Self.silero).silenceDurationMs
    }

    init() {}

    init(_ value: ScenarioValue, path: String) throws(ScenarioError) {
        try Self.knobs.read(value, path: path, into: &self)
    }

    /// Every knob, as `agentsim providers openai-stt` lists it.
    static var knobs: OptionTable<Self> {
        [
            .bool(
                "use_realtime", \.useRealtime,
                summary: """
                    LiveKit's use_realtime (openai/stt.py): its default is true only for the realtime-only models \
                    (gpt-realtime-whisper, gpt-live-transcribe), so these three go through /v1/audio/transcriptions, \
                    one request per VAD segment (AgentSession wraps the non-streaming STT in a StreamAdapter with \
                    Silero VAD); true streams the whole track over the realtime transcription WebSocket with server VAD.
                    """,
                draw: OptionDraw { sampler, key in
                    // The realtime path half the time; the batch path either by default or named.
                    if sampler.pick([false, true]) {
                        sampler.set(key, true)
                    } else if sampler.pick([false, true]) {
                        sampler.set(key, false)
                    }
                }),
            .int(
                "prefix_padding_ms", \.prefixPaddingGiven, in: 0...10_000,
                default: """
                    600 with use_realtime (LiveKit's turn_detection), else 500 (Silero prefix_padding_duration 0.5)
                    """,
                summary: """
                    Audio before the detected speech that the segment carries: OpenAI's audio_start_ms \"includes the \
                    prefix_padding_ms\"; Silero's END_OF_SPEECH frames start with prefix_padding_duration of audio.
                    """,
                draw: [0, 300, 600]),
            .int(
                "silence_duration_ms", \.silenceDurationGiven, in: 0...10_000,
                default: """
                    350 with use_realtime (LiveKit's turn_detection), else 550 (Silero min_silence_duration 0.55)
                    """,
                summary: """
                    Silence that ends the segment and is part of it: OpenAI's audio_end_ms \"includes the \
                    min_silence_duration_ms\"; Silero's frames run until min_silence_duration of silence. 550 is \
                    silero.VAD.load()'s; an AgentSession given no vad (1.8.9) makes inference.VAD(model=\"silero\"), \
                    whose min_silence_duration is 0.25 s: give 250 for such an agent.
                    """,
                draw: [200, 500]),
            .int(
                "prompt_tokens", \.promptTokens, in: 0...100_000,
                summary: """
                    Tokens of the prompt LiveKit sends with every transcription (STT(prompt=...), not given by \
                    default): input text tokens (input_token_details.text_tokens) of every request or item on the \
                    gpt-4o models; whisper-1 bills duration only.
                    """,
                draw: [0, 12]),
            .number(
                "input_audio_tokens_per_second", \.inputAudioTokensPerSecond, in: 0...1000,
                summary: """
                    Audio input tokens per second on the gpt-4o models, floor per segment: the rule openai-realtime \
                    documents for user audio (1 token per 100 ms, OpenAI's realtime costs guide); OpenAI does not \
                    publish a separate rate for the transcription models.
                    """,
                draw: [10, 12.5]),
            .number(
                "acquire_time", \.acquireTime, in: 0...60, note: "seconds; use_realtime only",
                summary: """
                    acquire_time of the zero-usage STTMetrics LiveKit emits when the realtime WebSocket is acquired \
                    (_report_connection_acquired; the simulation has no network, so 0).
                    """,
                draw: OptionDraw { sampler, key in
                    if sampler.drawn("use_realtime") == true { sampler.maybe(key, [0, 0.12]) }
                }
            ) { _, options in
                options.useRealtime
                    ? nil
                    : "applies with use_realtime: true only: the batch path (/v1/audio/transcriptions through "
                        + "LiveKit's StreamAdapter) opens no WebSocket and emits no connection STTMetrics"
            },
        ]
    }
}
