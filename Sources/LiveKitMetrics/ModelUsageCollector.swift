import AgentSimJSON

/// livekit-agents 1.8.9's `ModelUsageCollector` (`metrics/usage.py`), which backs
/// `AgentSession.usage` and the session report: one usage record per kind and
/// `(metadata.model_provider or "", metadata.model_name or "")`.
///
/// - LLM: `prompt_tokens` → input, `prompt_cached_tokens` → input cached,
///   `cache_creation_tokens` → input cache creation, `completion_tokens` → output,
///   `reasoning_tokens` → output reasoning.
/// - Realtime (into the same LLM records): input, cached, text / cached text / image /
///   cached image / audio / cached audio input tokens, output text and audio tokens,
///   `output_tokens`, `session_duration`. Output *image* tokens are dropped.
/// - TTS: input tokens, output tokens, characters, audio duration.
/// - STT: input tokens, input audio tokens, output tokens, audio duration.
/// - `interruption_metrics` / `eot_inference_metrics` (as ``AgentMetrics/other(type:_:)``):
///   `num_requests` → `total_requests`.
/// - VAD, EOU and other kinds are ignored.
///
/// ``flatten()`` lists LLM records first, then TTS, STT, interruption and EOT, each kind in
/// first-seen order. Integer counters saturate at the `Int` bounds (Python ints do not overflow).
public struct ModelUsageCollector: Sendable, Equatable {
    private struct Key: Hashable, Sendable {
        let provider: String
        let model: String
    }

    /// Records of one kind in first-seen order, with an index by key.
    private struct Buckets<Usage: Sendable & Equatable>: Sendable, Equatable {
        var items: [Usage] = []
        var index: [Key: Int] = [:]

        mutating func update(_ key: Key, make: (Key) -> Usage, _ body: (inout Usage) -> Void) {
            let i: Int
            if let existing = index[key] {
                i = existing
            } else {
                i = items.count
                items.append(make(key))
                index[key] = i
            }
            body(&items[i])
        }
    }

    private var llm = Buckets<LLMModelUsage>()
    private var tts = Buckets<TTSModelUsage>()
    private var stt = Buckets<STTModelUsage>()
    private var interruption = Buckets<InterruptionModelUsage>()
    private var eot = Buckets<EOTModelUsage>()

    /// An empty collector.
    public init() {}

    private static func key(_ metadata: Metadata?) -> Key {
        Key(provider: metadata?.modelProvider ?? "", model: metadata?.modelName ?? "")
    }

    /// Adds one event.
    public mutating func collect(_ metrics: AgentMetrics) {
        switch metrics {
        case let .llm(m):
            llm.update(Self.key(m.metadata), make: { LLMModelUsage(provider: $0.provider, model: $0.model) }) { u in
                u.inputTokens.addSaturating(m.promptTokens)
                u.inputCachedTokens.addSaturating(m.promptCachedTokens)
                u.inputCacheCreationTokens.addSaturating(m.cacheCreationTokens)
                u.outputTokens.addSaturating(m.completionTokens)
                u.outputReasoningTokens.addSaturating(m.reasoningTokens)
            }
        case let .realtime(m):
            llm.update(Self.key(m.metadata), make: { LLMModelUsage(provider: $0.provider, model: $0.model) }) { u in
                let input = m.inputTokenDetails
                let cached = input.cachedTokensDetails
                u.inputTokens.addSaturating(m.inputTokens)
                u.inputCachedTokens.addSaturating(input.cachedTokens)
                u.inputTextTokens.addSaturating(input.textTokens)
                u.inputCachedTextTokens.addSaturating(cached?.textTokens ?? 0)
                u.inputImageTokens.addSaturating(input.imageTokens)
                u.inputCachedImageTokens.addSaturating(cached?.imageTokens ?? 0)
                u.inputAudioTokens.addSaturating(input.audioTokens)
                u.inputCachedAudioTokens.addSaturating(cached?.audioTokens ?? 0)
                u.outputTextTokens.addSaturating(m.outputTokenDetails.textTokens)
                u.outputAudioTokens.addSaturating(m.outputTokenDetails.audioTokens)
                u.outputTokens.addSaturating(m.outputTokens)
                u.sessionDuration += m.sessionDuration
            }
        case let .tts(m):
            tts.update(Self.key(m.metadata), make: { TTSModelUsage(provider: $0.provider, model: $0.model) }) { u in
                u.inputTokens.addSaturating(m.inputTokens)
                u.outputTokens.addSaturating(m.outputTokens)
                u.charactersCount.addSaturating(m.charactersCount)
                u.audioDuration += m.audioDuration
            }
        case let .stt(m):
            stt.update(Self.key(m.metadata), make: { STTModelUsage(provider: $0.provider, model: $0.model) }) { u in
                u.inputTokens.addSaturating(m.inputTokens)
                u.inputAudioTokens.addSaturating(m.inputAudioTokens)
                u.outputTokens.addSaturating(m.outputTokens)
                u.audioDuration += m.audioDuration
            }
        case let .other(type, json):
            guard let (count, metadata) = OtherMetricsSchema.requestCount(type, json) else { return }
            if type == OtherMetricsSchema.interruption {
                interruption.update(
                    Self.key(metadata), make: { InterruptionModelUsage(provider: $0.provider, model: $0.model) }
                ) { $0.totalRequests.addSaturating(count) }
            } else {
                eot.update(Self.key(metadata), make: { EOTModelUsage(provider: $0.provider, model: $0.model) }) {
                    $0.totalRequests.addSaturating(count)
                }
            }
        case .eou, .vad:
            break
        }
    }

    /// One record per kind and `(provider, model)`: LLM, then TTS, STT, interruption, EOT,
    /// each in first-seen order (`flatten()`).
    public func flatten() -> [ModelUsage] {
        llm.items.map(ModelUsage.llm) + tts.items.map(ModelUsage.tts) + stt.items.map(ModelUsage.stt)
            + interruption.items.map(ModelUsage.interruption) + eot.items.map(ModelUsage.eot)
    }
}
