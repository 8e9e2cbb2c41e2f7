import AgentSimJSON

/// livekit-agents 1.2.18's `UsageCollector`: sums events into a ``UsageSummaryV1_2``.
///
/// Every branch is a plain `+=` in LiveKit's order:
/// - LLM: prompt, cached, completion tokens.
/// - Realtime: input audio, output audio, `input_tokens` → prompt,
///   `input_token_details.cached_tokens` → cached, `output_tokens` → completion.
/// - TTS: characters, audio duration.  STT: audio duration.
/// - Everything else (VAD, EOU, 1.8.9-only kinds) is ignored.
///
/// Integer counters saturate at the `Int` bounds instead of growing like Python ints.
public struct UsageCollectorV1_2: Sendable, Equatable {
    /// The running totals (`get_summary()`).
    public private(set) var summary = UsageSummaryV1_2()

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
            summary.llmInputAudioTokens.addSaturating(m.inputTokenDetails.audioTokens)
            summary.llmOutputAudioTokens.addSaturating(m.outputTokenDetails.audioTokens)
            summary.llmPromptTokens.addSaturating(m.inputTokens)
            summary.llmPromptCachedTokens.addSaturating(m.inputTokenDetails.cachedTokens)
            summary.llmCompletionTokens.addSaturating(m.outputTokens)
        case let .tts(m):
            summary.ttsCharactersCount.addSaturating(m.charactersCount)
            summary.ttsAudioDuration += m.audioDuration
        case let .stt(m):
            summary.sttAudioDuration += m.audioDuration
        case .eou, .vad, .other:
            break
        }
    }
}
