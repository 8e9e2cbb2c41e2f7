import AgentSimJSON
import LiveKitMetrics

/// A hand-built session: a zero-usage realtime event, three realtime responses with cached
/// details (two OpenAI, one Gemini), an STT duration event, an STT tokens event, a TTS event,
/// a pipeline LLM event, an STT event without metadata, and a VAD and an EOU event that no
/// collector counts. The expected sums are worked out by hand in the tests.
enum Fixtures {
    static let openAIRealtime = Metadata(modelName: "gpt-realtime", modelProvider: "api.openai.com")
    static let gemini = Metadata(modelName: "gemini-live-2.5-flash", modelProvider: "Gemini")

    /// E1: the zero-usage event OpenAI's plugin emits when the connection is acquired.
    static let zeroUsage = RealtimeModelMetrics(
        label: "openai.realtime", requestId: "", timestamp: 1_700_000_000.0, duration: 0.0,
        ttft: -1.0, cancelled: false, inputTokens: 0, outputTokens: 0, totalTokens: 0, tokensPerSecond: 0.0,
        inputTokenDetails: .init(
            audioTokens: 0, textTokens: 0, imageTokens: 0, cachedTokens: 0,
            cachedTokensDetails: .init(audioTokens: 0, textTokens: 0, imageTokens: 0)),
        outputTokenDetails: .init(textTokens: 0, audioTokens: 0, imageTokens: 0),
        acquireTime: 0.25, connectionReused: false, metadata: openAIRealtime)

    /// E2: input 500 = 300 audio + 200 text, cached 128 = 64 audio + 64 text; output 150 = 30 text + 120 audio.
    static let response1 = RealtimeModelMetrics(
        label: "openai.realtime", requestId: "resp_1", timestamp: 1_700_000_001.5, duration: 1.25,
        ttft: 0.5, cancelled: false, inputTokens: 500, outputTokens: 150, totalTokens: 650, tokensPerSecond: 120.0,
        inputTokenDetails: .init(
            audioTokens: 300, textTokens: 200, imageTokens: 0, cachedTokens: 128,
            cachedTokensDetails: .init(audioTokens: 64, textTokens: 64, imageTokens: 0)),
        outputTokenDetails: .init(textTokens: 30, audioTokens: 120, imageTokens: 0),
        metadata: openAIRealtime)

    /// E3 (cancelled): input 700 = 420 audio + 280 text, cached 384 = 256 audio + 128 text;
    /// output 220 = 40 text + 180 audio.
    static let response2 = RealtimeModelMetrics(
        label: "openai.realtime", requestId: "resp_2", timestamp: 1_700_000_004.0, duration: 2.0,
        ttft: 0.75, cancelled: true, inputTokens: 700, outputTokens: 220, totalTokens: 920, tokensPerSecond: 110.0,
        inputTokenDetails: .init(
            audioTokens: 420, textTokens: 280, imageTokens: 0, cachedTokens: 384,
            cachedTokensDetails: .init(audioTokens: 256, textTokens: 128, imageTokens: 0)),
        outputTokenDetails: .init(textTokens: 40, audioTokens: 180, imageTokens: 0),
        metadata: openAIRealtime)

    /// E4 (Gemini): input 900 = 5 audio + 880 text + 15 image, cached 256 text;
    /// output 300 = 290 text + 10 image; total 1250 (> 900 + 300, as Gemini reports);
    /// session_duration 12.5.
    static let response3 = RealtimeModelMetrics(
        label: "google.realtime", requestId: "GR_abc", timestamp: 1_700_000_010.0, duration: 0.0,
        sessionDuration: 12.5, ttft: -1.0, cancelled: false, inputTokens: 900, outputTokens: 300,
        totalTokens: 1250, tokensPerSecond: 0.0,
        inputTokenDetails: .init(
            audioTokens: 5, textTokens: 880, imageTokens: 15, cachedTokens: 256,
            cachedTokensDetails: .init(audioTokens: 0, textTokens: 256, imageTokens: 0)),
        outputTokenDetails: .init(textTokens: 290, audioTokens: 0, imageTokens: 10),
        metadata: gemini)

    /// E5: STT by duration, 3.25 s.
    static let sttDuration = STTMetrics(
        label: "openai.stt", requestId: "stt_1", timestamp: 1_700_000_002.0, duration: 0.5,
        audioDuration: 3.25, streamed: false,
        metadata: Metadata(modelName: "whisper-1", modelProvider: "api.openai.com"))

    /// E6: STT by tokens, 40 in (all audio), 12 out; total left to default (52); no audio duration.
    static let sttTokens = STTMetrics(
        label: "openai.stt", requestId: "stt_2", timestamp: 1_700_000_003.0, duration: 0.0,
        audioDuration: 0.0, streamed: false, inputTokens: 40, outputTokens: 12, inputAudioTokens: 40,
        metadata: Metadata(modelName: "gpt-4o-transcribe", modelProvider: "api.openai.com"))

    /// E7: TTS, 42 characters, 2.5 s of audio, 10 input / 300 output tokens.
    static let tts = TTSMetrics(
        label: "cartesia.tts", requestId: "tts_1", timestamp: 1_700_000_005.0, ttfb: 0.125, duration: 0.75,
        audioDuration: 2.5, cancelled: false, charactersCount: 42, inputTokens: 10, outputTokens: 300,
        streamed: true, segmentId: "seg_1", speechId: "speech_1",
        metadata: Metadata(modelName: "sonic-2", modelProvider: "cartesia"))

    /// E8: pipeline LLM, 1000 prompt (512 cached, 64 cache writes), 80 completion (16 reasoning).
    static let llm = LLMMetrics(
        label: "openai.llm", requestId: "chatcmpl_1", timestamp: 1_700_000_006.0, duration: 0.9, ttft: 0.3,
        cancelled: false, completionTokens: 80, promptTokens: 1000, promptCachedTokens: 512,
        cacheCreationTokens: 64, reasoningTokens: 16, totalTokens: 1080, tokensPerSecond: 88.5,
        speechId: "speech_2", metadata: Metadata(modelName: "gpt-4.1-mini", modelProvider: "openai"))

    /// E9: STT without metadata, 1.5 s.
    static let sttNoMetadata = STTMetrics(
        label: "custom.stt", requestId: "stt_3", timestamp: 1_700_000_007.0, duration: 0.0,
        audioDuration: 1.5, streamed: true)

    static let vad = VADMetrics(
        label: "silero.vad", timestamp: 1_700_000_008.0, idleTime: 0.5, inferenceDurationTotal: 0.03,
        inferenceCount: 32)

    static let eou = EOUMetrics(
        timestamp: 1_700_000_009.0, endOfUtteranceDelay: 0.4, transcriptionDelay: 0.2,
        onUserTurnCompletedDelay: 0.001, lastSpeakingTime: 1_700_000_008.6, speechId: "speech_3")

    static let sequence: [AgentMetrics] = [
        .realtime(zeroUsage), .realtime(response1), .realtime(response2), .realtime(response3),
        .stt(sttDuration), .stt(sttTokens), .tts(tts), .llm(llm), .stt(sttNoMetadata),
        .vad(vad), .eou(eou),
    ]

    /// Builds a JSON object from ordered pairs.
    static func object(_ pairs: [(String, JSONValue)]) -> JSONValue { .object(pairs) }
}
