import AgentSimJSON

/// livekit-agents 1.8.9's (deprecated) `UsageSummary` dataclass: the 18 running totals of its
/// `UsageCollector`, in declaration order.
///
/// Counters are `Int` and saturate at `Int.max` (Python's ints are unbounded).
public struct UsageSummary: Sendable, Equatable {
    /// `llm_prompt_tokens`.
    public var llmPromptTokens: Int
    /// `llm_prompt_cached_tokens`.
    public var llmPromptCachedTokens: Int
    /// `llm_input_audio_tokens`.
    public var llmInputAudioTokens: Int
    /// `llm_input_cached_audio_tokens`.
    public var llmInputCachedAudioTokens: Int
    /// `llm_input_text_tokens`.
    public var llmInputTextTokens: Int
    /// `llm_input_cached_text_tokens`.
    public var llmInputCachedTextTokens: Int
    /// `llm_input_image_tokens`.
    public var llmInputImageTokens: Int
    /// `llm_input_cached_image_tokens`.
    public var llmInputCachedImageTokens: Int
    /// `llm_completion_tokens`.
    public var llmCompletionTokens: Int
    /// `llm_output_audio_tokens`.
    public var llmOutputAudioTokens: Int
    /// `llm_output_image_tokens`.
    public var llmOutputImageTokens: Int
    /// `llm_output_text_tokens`.
    public var llmOutputTextTokens: Int
    /// `tts_characters_count`.
    public var ttsCharactersCount: Int
    /// `tts_audio_duration` (seconds).
    public var ttsAudioDuration: Double
    /// `stt_audio_duration` (seconds).
    public var sttAudioDuration: Double
    /// `stt_input_tokens`.
    public var sttInputTokens: Int
    /// `stt_output_tokens`.
    public var sttOutputTokens: Int
    /// `stt_input_audio_tokens`.
    public var sttInputAudioTokens: Int

    /// Creates a summary; every field defaults to zero, as in the dataclass.
    public init(
        llmPromptTokens: Int = 0,
        llmPromptCachedTokens: Int = 0,
        llmInputAudioTokens: Int = 0,
        llmInputCachedAudioTokens: Int = 0,
        llmInputTextTokens: Int = 0,
        llmInputCachedTextTokens: Int = 0,
        llmInputImageTokens: Int = 0,
        llmInputCachedImageTokens: Int = 0,
        llmCompletionTokens: Int = 0,
        llmOutputAudioTokens: Int = 0,
        llmOutputImageTokens: Int = 0,
        llmOutputTextTokens: Int = 0,
        ttsCharactersCount: Int = 0,
        ttsAudioDuration: Double = 0.0,
        sttAudioDuration: Double = 0.0,
        sttInputTokens: Int = 0,
        sttOutputTokens: Int = 0,
        sttInputAudioTokens: Int = 0
    ) {
        self.llmPromptTokens = llmPromptTokens
        self.llmPromptCachedTokens = llmPromptCachedTokens
        self.llmInputAudioTokens = llmInputAudioTokens
        self.llmInputCachedAudioTokens = llmInputCachedAudioTokens
        self.llmInputTextTokens = llmInputTextTokens
        self.llmInputCachedTextTokens = llmInputCachedTextTokens
        self.llmInputImageTokens = llmInputImageTokens
        self.llmInputCachedImageTokens = llmInputCachedImageTokens
        self.llmCompletionTokens = llmCompletionTokens
        self.llmOutputAudioTokens = llmOutputAudioTokens
        self.llmOutputImageTokens = llmOutputImageTokens
        self.llmOutputTextTokens = llmOutputTextTokens
        self.ttsCharactersCount = ttsCharactersCount
        self.ttsAudioDuration = ttsAudioDuration
        self.sttAudioDuration = sttAudioDuration
        self.sttInputTokens = sttInputTokens
        self.sttOutputTokens = sttOutputTokens
        self.sttInputAudioTokens = sttInputAudioTokens
    }

    /// The `llm_input_tokens` property: an alias of ``llmPromptTokens``.
    public var llmInputTokens: Int { llmPromptTokens }
    /// The `llm_output_tokens` property: an alias of ``llmCompletionTokens``.
    public var llmOutputTokens: Int { llmCompletionTokens }

    private var fields: [(String, JSONValue)] {
        [
            ("llm_prompt_tokens", .int(llmPromptTokens)),
            ("llm_prompt_cached_tokens", .int(llmPromptCachedTokens)),
            ("llm_input_audio_tokens", .int(llmInputAudioTokens)),
            ("llm_input_cached_audio_tokens", .int(llmInputCachedAudioTokens)),
            ("llm_input_text_tokens", .int(llmInputTextTokens)),
            ("llm_input_cached_text_tokens", .int(llmInputCachedTextTokens)),
            ("llm_input_image_tokens", .int(llmInputImageTokens)),
            ("llm_input_cached_image_tokens", .int(llmInputCachedImageTokens)),
            ("llm_completion_tokens", .int(llmCompletionTokens)),
            ("llm_output_audio_tokens", .int(llmOutputAudioTokens)),
            ("llm_output_image_tokens", .int(llmOutputImageTokens)),
            ("llm_output_text_tokens", .int(llmOutputTextTokens)),
            ("tts_characters_count", .int(ttsCharactersCount)),
            ("tts_audio_duration", .double(ttsAudioDuration)),
            ("stt_audio_duration", .double(sttAudioDuration)),
            ("stt_input_tokens", .int(sttInputTokens)),
            ("stt_output_tokens", .int(sttOutputTokens)),
            ("stt_input_audio_tokens", .int(sttInputAudioTokens)),
        ]
    }

    /// The 18 snake_case fields in declaration order (properties excluded, as in `dataclasses.asdict`).
    public func json() -> JSONValue { .object(fields) }

    /// Exactly Python's dataclass `repr`: `UsageSummary(llm_prompt_tokens=…, …, stt_input_audio_tokens=…)`.
    public var reprLine: String { UsageSummaryRepr.line(fields) }
}
