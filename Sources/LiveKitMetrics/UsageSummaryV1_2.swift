import AgentSimJSON

/// livekit-agents 1.2.18's `UsageSummary` dataclass: the 8 running totals of its `UsageCollector`.
///
/// Counters are `Int` and saturate at `Int.max` (Python's ints are unbounded).
public struct UsageSummaryV1_2: Sendable, Equatable {
    /// `llm_prompt_tokens`: LLM `prompt_tokens` + realtime `input_tokens`.
    public var llmPromptTokens: Int
    /// `llm_prompt_cached_tokens`: LLM `prompt_cached_tokens` + realtime `input_token_details.cached_tokens`.
    public var llmPromptCachedTokens: Int
    /// `llm_input_audio_tokens`: realtime `input_token_details.audio_tokens`.
    public var llmInputAudioTokens: Int
    /// `llm_completion_tokens`: LLM `completion_tokens` + realtime `output_tokens`.
    public var llmCompletionTokens: Int
    /// `llm_output_audio_tokens`: realtime `output_token_details.audio_tokens`.
    public var llmOutputAudioTokens: Int
    /// `tts_characters_count`.
    public var ttsCharactersCount: Int
    /// `tts_audio_duration` (seconds).
    public var ttsAudioDuration: Double
    /// `stt_audio_duration` (seconds).
    public var sttAudioDuration: Double

    /// Creates a summary; every field defaults to zero, as in the dataclass.
    public init(
        llmPromptTokens: Int = 0,
        llmPromptCachedTokens: Int = 0,
        llmInputAudioTokens: Int = 0,
        llmCompletionTokens: Int = 0,
        llmOutputAudioTokens: Int = 0,
        ttsCharactersCount: Int = 0,
        ttsAudioDuration: Double = 0.0,
        sttAudioDuration: Double = 0.0
    ) {
        self.llmPromptTokens = llmPromptTokens
        self.llmPromptCachedTokens = llmPromptCachedTokens
        self.llmInputAudioTokens = llmInputAudioTokens
        self.llmCompletionTokens = llmCompletionTokens
        self.llmOutputAudioTokens = llmOutputAudioTokens
        self.ttsCharactersCount = ttsCharactersCount
        self.ttsAudioDuration = ttsAudioDuration
        self.sttAudioDuration = sttAudioDuration
    }

    private var fields: [(String, JSONValue)] {
        [
            ("llm_prompt_tokens", .int(llmPromptTokens)),
            ("llm_prompt_cached_tokens", .int(llmPromptCachedTokens)),
            ("llm_input_audio_tokens", .int(llmInputAudioTokens)),
            ("llm_completion_tokens", .int(llmCompletionTokens)),
            ("llm_output_audio_tokens", .int(llmOutputAudioTokens)),
            ("tts_characters_count", .int(ttsCharactersCount)),
            ("tts_audio_duration", .double(ttsAudioDuration)),
            ("stt_audio_duration", .double(sttAudioDuration)),
        ]
    }

    /// The snake_case fields in declaration order.
    public func json() -> JSONValue { .object(fields) }

    /// Exactly Python's dataclass `repr`, e.g.
    /// `UsageSummary(llm_prompt_tokens=2060, …, tts_audio_duration=0.0, stt_audio_duration=0.0)`.
    public var reprLine: String { UsageSummaryRepr.line(fields) }
}

/// The dataclass `repr` shared by both `UsageSummary` versions.
enum UsageSummaryRepr {
    static func line(_ fields: [(String, JSONValue)]) -> String {
        PythonRepr.call(
            "UsageSummary",
            fields.map { name, value in
                switch value {
                case let .double(d): return (name, PythonRepr.float(d))
                default: return (name, value.compactString())
                }
            })
    }
}
