import AgentSimCore
import AgentSimJSON
import LiveKitMetrics

/// livekit-agents 1.2.18's `UsageCollector.get_summary()`: one `UsageSummary` of eight running totals for the whole
/// session, every model summed together.
public struct LiveKit12View: UsageNormaliser {
    public init() {}
    public var id: String { "livekit-1.2.18" }
    public var title: String { "LiveKit 1.2.18" }
    public var rules: [String] {
        [
            "UsageSummary sums every LLMMetrics of the session: llm_prompt_tokens (prompt_tokens, cached included), "
                + "llm_prompt_cached_tokens, llm_completion_tokens; it has no cache-write or reasoning field.",
            "stt_audio_duration sums STTMetrics.audio_duration; tts_characters_count and tts_audio_duration sum "
                + "TTSMetrics.",
            "The metrics are the ones LiveKit's plugins emit (`agentsim run --format jsonl`); what a plugin never "
                + "reports (a stream cut before its usage, a segment cut before its last frame) is not in them.",
            "Cost: llm_prompt_tokens less llm_prompt_cached_tokens at the input price (cache writes included, there "
                + "being no field for them), cached at the cached price, completion at the output price.",
        ]
    }
    public var sources: [String] {
        ["livekit-agents 1.2.18 metrics/usage_collector.py (UsageSummary, UsageCollector.collect)"]
    }

    public func read(_ session: ViewSession, prices: PriceTable) -> NormalisedUsage {
        let u = session.usageV1_2
        var services: [ServiceFigures] = []
        for s in session.services {
            let figures: [Figure]
            switch s.role {
            case .llm, .realtime:
                figures = [
                    Figure(.inputTokens, "llm_prompt_tokens", u.llmPromptTokens),
                    Figure(.cachedTokens, "llm_prompt_cached_tokens", u.llmPromptCachedTokens),
                    Figure(.outputTokens, "llm_completion_tokens", u.llmCompletionTokens),
                ]
            case .stt: figures = [Figure(.audioSeconds, "stt_audio_duration", u.sttAudioDuration)]
            case .tts:
                figures = [
                    Figure(.characters, "tts_characters_count", u.ttsCharactersCount),
                    Figure(.audioSeconds, "tts_audio_duration", u.ttsAudioDuration),
                ]
            }
            services.append(ServiceFigures(role: s.role, provider: s.provider, model: s.model, figures: figures))
        }
        // No cache-write field: writes stay inside the prompt figure and are priced as input.
        let cost = FigurePricing.cost(services, prices: prices) { f in
            max(0, Int(f.figure(.inputTokens)?.value ?? 0) - Int(f.figure(.cachedTokens)?.value ?? 0))
        }
        return NormalisedUsage(services: services, native: u.json(), cost: cost)
    }

    public func explain(_ gaps: [ViewGap], role: ServiceRole, in session: ViewSession) -> [String] {
        LiveKitExplanations.sentences(gaps, role: role, title: title, session: session, version12: true)
    }
}

/// livekit-agents 1.8.9's `ModelUsageCollector.flatten()`: one entry per (provider, model), the figures the session's
/// `usage` and `session_usage_updated` carry.
public struct LiveKit18View: UsageNormaliser {
    public init() {}
    public var id: String { "livekit-1.8.9" }
    public var title: String { "LiveKit 1.8.9" }
    public var rules: [String] {
        [
            "ModelUsageCollector keeps one LLMModelUsage per (provider, model): input_tokens (prompt, cached "
                + "included), input_cached_tokens, input_cache_creation_tokens, output_tokens, "
                + "output_reasoning_tokens (inside output_tokens).",
            "STTModelUsage: audio_duration, input_tokens, output_tokens; TTSModelUsage: characters_count, "
                + "audio_duration, input_tokens, output_tokens.",
            "It sums the metrics LiveKit's plugins emit, so it misses what they never report, as 1.2.18 does.",
            "Cost: input less cached and cache writes at the input price, cached and writes at their prices, output "
                + "at the output price.",
        ]
    }
    public var sources: [String] {
        ["livekit-agents 1.8.9 metrics/usage.py (ModelUsageCollector, LLMModelUsage, STTModelUsage, TTSModelUsage)"]
    }

    public func read(_ session: ViewSession, prices: PriceTable) -> NormalisedUsage {
        var services: [ServiceFigures] = []
        for s in session.services {
            var figures: [Figure] = []
            for usage in session.modelUsage {
                switch (s.role, usage) {
                case let (.llm, .llm(u)):
                    figures = [
                        Figure(.inputTokens, "input_tokens", u.inputTokens),
                        Figure(.cachedTokens, "input_cached_tokens", u.inputCachedTokens),
                        Figure(.cacheWriteTokens, "input_cache_creation_tokens", u.inputCacheCreationTokens),
                        Figure(.outputTokens, "output_tokens", u.outputTokens),
                        Figure(.reasoningTokens, "output_reasoning_tokens", u.outputReasoningTokens),
                    ]
                case let (.stt, .stt(u)):
                    figures = [Figure(.audioSeconds, "audio_duration", u.audioDuration)]
                    if u.inputTokens > 0 || u.outputTokens > 0 || s.bill.inputTokens > 0 {
                        figures += [
                            Figure(.inputTokens, "input_tokens", u.inputTokens),
                            Figure(.outputTokens, "output_tokens", u.outputTokens),
                        ]
                    }
                case let (.tts, .tts(u)):
                    figures = [
                        Figure(.characters, "characters_count", u.charactersCount),
                        Figure(.audioSeconds, "audio_duration", u.audioDuration),
                    ]
                    if u.inputTokens > 0 || u.outputTokens > 0 || s.bill.inputTokens > 0 {
                        figures += [
                            Figure(.inputTokens, "input_tokens", u.inputTokens),
                            Figure(.outputTokens, "output_tokens", u.outputTokens),
                        ]
                    }
                default: continue
                }
            }
            services.append(ServiceFigures(role: s.role, provider: s.provider, model: s.model, figures: figures))
        }
        return NormalisedUsage(
            services: services, native: .array(session.modelUsage.map { $0.json() }),
            cost: FigurePricing.cost(services, prices: prices))
    }

    public func explain(_ gaps: [ViewGap], role: ServiceRole, in session: ViewSession) -> [String] {
        LiveKitExplanations.sentences(gaps, role: role, title: title, session: session, version12: false)
    }
}

/// Why LiveKit's collectors differ from a bill: one sentence per figure, then a pointer to the service plugin's own
/// reasons (the sentences `compare` prints), which the report shows once.
enum LiveKitExplanations {
    static func seeAbove(_ role: ServiceRole) -> String {
        "The \(role.rawValue) figures are LiveKit's \(role.rawValue) metrics, which miss what the plugin never "
            + "reports (why: above)."
    }

    static func sentences(
        _ gaps: [ViewGap], role: ServiceRole, title: String, session: ViewSession, version12: Bool
    ) -> [String] {
        var out: [String] = []
        for gap in gaps {
            if version12, gap.measure == .cacheWriteTokens {
                out.append(
                    "\(title)'s UsageSummary has no cache-write field: the \(Number.grouped(Int(gap.billed))) tokens "
                        + "written to the cache are inside llm_prompt_tokens and cost the input price there."
                )
            } else if version12, gap.measure == .reasoningTokens {
                out.append(
                    "\(title)'s UsageSummary has no reasoning field: the \(Number.grouped(Int(gap.billed))) "
                        + "reasoning tokens are inside llm_completion_tokens, if the plugin reported them."
                )
            } else {
                out.append(gap.sentence(view: title))
            }
        }
        if !(session.pluginExplanations[role] ?? []).isEmpty,
            gaps.contains(where: { !(version12 && [.cacheWriteTokens, .reasoningTokens].contains($0.measure)) })
        {
            out.append(LiveKitExplanations.seeAbove(role))
        }
        return out
    }
}
