import AgentSimJSON

/// livekit-agents 1.8.9's deprecated `UsageCollector`: sums events into a ``UsageSummary``.
///
/// Every branch is a plain `+=` in LiveKit's order:
/// - LLM: prompt, cached, completion tokens (not `cache_creation_tokens` / `reasoning_tokens`).
/// - Realtime: `input_tokens`, `cached_tokens`, then text / cached text / image / cached image /
///   audio / cached audio input tokens (cached ones 0 when `cached_tokens_details` is null),
///   then output text / image / audio and `output_tokens`. `session_duration` is ignored.
/// - TTS: characters, audio duration (TTS tokens are ignored).
/// - STT: audio duration, input, output and input-audio tokens.
/// - Everything else is ignored.
///
/// LiveKit's constructor emits a `DeprecationWarning`; this one does not.
/// Integer counters saturate at the `Int` bounds instead of growing like Python ints.
public struct UsageCollector: Sendable, Equatable {
    /// The running totals (`get_summary()`).
    public private(set) var summary = UsageSummary()

    /// An empty collector.
    public init() {}

    /// Adds one event.
    public mutating func collect(_ metrics: AgentMetrics) {
        switch metrics {
        case let .llm(m):
            summary.llmPromptTokens.addSaturating(m.promptTokens)
            summary.llmPromptCachedTokens.addSaturating(m.promptCachedTokens)
            summary.llmCompletionTokens.addSaturating(m.completionTokens)
        case let .realtime(m):
            let input = m.inputTokenDetails
            let cached = input.cachedTokensDetails
            summary.llmPromptTokens.addSaturating(m.inputTokens)
            summary.llmPromptCachedTokens.addSaturating(input.cachedTokens)
            summary.llmInputTextTokens.addSaturating(input.textTokens)
            summary.llmInputCachedTextTokens.addSaturating(cached?.textTokens ?? 0)
            summary.llmInputImageTokens.addSaturating(input.imageTokens)
            summary.llmInputCachedImageTokens.addSaturating(cached?.imageTokens ?? 0)
            summary.llmInputAudioTokens.addSaturating(input.audioTokens)
            summary.llmInputCachedAudioTokens.addSaturating(cached?.audioTokens ?? 0)
            summary.llmOutputTextTokens.addSaturating(m.outputTokenDetails.textTokens)
            summary.llmOutputImageTokens.addSaturating(m.outputTokenDetails.imageTokens)
            summary.llmOutputAudioTokens.addSaturating(m.outputTokenDetails.audioTokens)
            summary.llmCompletionTokens.addSaturating(m.outputTokens)
        case let .tts(m):
            summary.ttsCharactersCount.addSaturating(m.charactersCount)
            summary.ttsAudioDuration += m.audioDuration
        case let .stt(m):
            summary.sttAudioDuration += m.audioDuration
            summary.sttInputTokens.addSaturating(m.inputTokens)
            summary.sttOutputTokens.addSaturating(m.outputTokens)
            summary.sttInputAudioTokens.addSaturating(m.inputAudioTokens)
        case .eou, .vad, .other:
            break
        }
    }
}
