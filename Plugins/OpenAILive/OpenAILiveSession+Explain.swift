import AgentSimCore

extension OpenAILiveSession {
    /// Where GPT-Live's figures, as LiveKit sums them, part from what the service sent; every sentence follows the
    /// options this session parsed when it started.
    func explain(_ facts: UsageFacts) -> [String] {
        var out: [String] = []
        let realtime = facts.metrics.compactMap { m -> RealtimeModelMetrics? in
            if case let .realtime(r) = m { return r } else { return nil }
        }
        let llm = facts.metrics.compactMap { m -> LLMMetrics? in
            if case let .llm(l) = m { return l } else { return nil }
        }
        if let final = snapshots.last {
            let summed = snapshots.reduce(0.0) { $0 + $1.seconds }
            let livekit = realtime.reduce(0.0) { $0 + $1.sessionDuration }
            let values = snapshots.map { Figures.fixed($0.seconds, decimals: 3) }
            let listed =
                values.count > 5
                ? "\(values[0]), \(values[1]), …, \(values[values.count - 1])" : values.joined(separator: ", ")
            let cadence =
                options.usageUpdateInterval > 0
                ? "every \(Figures.number(options.usageUpdateInterval)) s (usage_update_interval) and at the close"
                : "after every spoken reply and at the close"
            out.append(
                "usage.seconds is cumulative: the \(snapshots.count) snapshots sent \(cadence) read \(listed) s. "
                    + "LiveKit emits each one's increase as session_duration, so it reports "
                    + "\(Figures.fixed(livekit, decimals: 3)) s, the final figure and the session's billed voice "
                    + "time; a collector that sums the snapshots themselves reports "
                    + "\(Figures.fixed(summed, decimals: 3)) s, "
                    + "\(Figures.fixed(summed - final.seconds, decimals: 3)) s too many (the openai "
                    + "SDK: \"Do not sum this value across usage events\")."
            )
            out.append(
                "The voice model is billed by seconds, so its \(realtime.count) RealtimeModelMetrics carry 0 tokens; "
                    + "LiveKit 1.2.18-style token summaries and UsageCollector see none of the "
                    + "\(Figures.fixed(livekit, decimals: 3)) s, only ModelUsageCollector's session_duration does."
            )
        }
        switch options.delegation {
        case .responses where !backendRuns.isEmpty:
            let input = llm.reduce(0) { $0 + $1.promptTokens }, cached = llm.reduce(0) { $0 + $1.promptCachedTokens }
            let output = llm.reduce(0) { $0 + $1.completionTokens },
                reasoning = llm.reduce(0) { $0 + $1.reasoningTokens }
            let caching =
                options.backendCaching
                ? ", cache_min_tokens \(options.cacheMinimumTokens) in steps of \(options.cacheStepTokens)"
                : ": backend_caching is off"
            out.append(
                "All the tokens come from the backend model \(options.backendModel): \(backendRuns.count) Responses "
                    + "runs for \(toolCalls) delegated tool call\(toolCalls == 1 ? "" : "s") reported \(input) input "
                    + "tokens (\(cached) cached\(caching)) and \(output) output tokens, as LLMMetrics under "
                    + "\(options.backendModel), not gpt-live-1."
            )
            if reasoning > 0 {
                out.append(
                    "\(reasoning) of the \(output) backend output tokens are reasoning (\(backendRuns.count) runs × "
                        + "\(options.backendReasoningTokens), backend_reasoning_tokens): inside completion_tokens, "
                        + "and only 1.8.9's ModelUsageCollector shows them apart, as output_reasoning_tokens."
                )
            }
        case .client where toolCalls > 0:
            out.append(
                "Under delegation: client the \(toolCalls) tool call\(toolCalls == 1 ? "" : "s") went to the "
                    + "application, so no backend model ran and no tokens were reported at all."
            )
        default:
            if toolCalls == 0, snapshots.count > 0 {
                out.append("No tool call was delegated, so no backend model ran and no tokens were reported.")
            }
        }
        if let limit = options.contextWindowTokens, let peak = peakUsageRatio {
            out.append(
                "context_window.usage_ratio reached \(Figures.number(peak)) of the \(limit)-token limit "
                    + "(context_window_tokens); LiveKit only logs it at debug level, so no metric carries it."
            )
        }
        return out
    }
}
