import AgentSimCore
import LiveKitMetrics

extension AnthropicSession {
    /// Where LiveKit's `LLMMetrics` part from what Anthropic billed, one sentence each, following the session's knobs.
    func explain(_ facts: ServiceFacts) -> [String] {
        var out: [String] = []
        let reported = facts.metrics.compactMap { m -> LLMMetrics? in
            if case let .llm(l) = m { return l }
            return nil
        }
        let completed = reported.filter { !$0.cancelled }
        let whole = records.filter { !$0.cut }
        let billedWhole = whole.reduce(0) { $0 + $1.billedOutput }
        let reportedWhole = completed.reduce(0) { $0 + $1.completionTokens }
        if !completed.isEmpty, reportedWhole != billedWhole {
            out.append(
                "LiveKit's anthropic plugin adds message_start's output_tokens (start_output_tokens = "
                    + "\(options.startOutputTokens)) "
                    + "to message_delta's cumulative count, so its \(completed.count) completed "
                    + "\(completed.count == 1 ? "stream reports" : "streams report") "
                    + "\(reportedWhole) completion tokens where Anthropic billed \(billedWhole).")
        }
        let cut = records.filter(\.cut)
        if !cut.isEmpty {
            let prompt = cut.reduce(0) { $0 + $1.cache.input + $1.cache.read + $1.cache.creation }
            let output = cut.reduce(0) { $0 + $1.billedOutput }
            let silent = cut.filter { !$0.reported }.count
            let shown = cut.count - silent
            var sentence =
                "\(cut.count) \(cut.count == 1 ? "stream was" : "streams were") cut by a barge-in before "
                + "message_delta, "
                + "so LiveKit never got a usage chunk"
            if shown > 0 {
                sentence += " and reported \(shown == 1 ? "it" : "\(shown) of them") as cancelled with 0 tokens"
            }
            if silent > 0 {
                sentence +=
                    "\(shown > 0 ? "; " : " and ")\(silent) cut before \(silent == 1 ? "its" : "their") first chunk "
                    + "emitted no LLMMetrics at all"
            }
            sentence +=
                ", though Anthropic billed \(prompt) prompt tokens and the \(output) output tokens generated before "
                + "the cut."
            out.append(sentence)
        }
        let short = records.filter { $0.uncacheablePrefix > 0 }
        if options.breakpoints != .none, !short.isEmpty {
            let longest = short.map(\.uncacheablePrefix).max() ?? 0
            out.append(
                "With cache_breakpoints: \(options.breakpoints.rawValue), \(short.count) of \(records.count) "
                    + "requests cached nothing: "
                    + "their breakpoint prefixes (at most \(longest) tokens) are shorter than \(model.name)'s "
                    + "\(options.minimumCacheableTokens)-token minimum (min_cacheable_tokens), so every prompt token "
                    + "was billed as input_tokens."
            )
        }
        return out
    }
}
