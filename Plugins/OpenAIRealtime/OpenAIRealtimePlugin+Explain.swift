import AgentSimCore

extension OpenAIRealtimePlugin {
    /// Where OpenAI's figures part from one pass over the audio at the documented rates, following the session's knobs.
    public func explain(_ facts: UsageFacts) -> [String] {
        // The options the session ran with (it validated them already, so this cannot fail for a session that ran).
        guard let options = try? OpenAIRealtimeOptions(facts.options) else { return [] }
        let s = facts.summary, t = facts.truth
        var out: [String] = []
        let responses = facts.reports.count
        let once = t.documentedInputAudioTokens
        if s.llmInputAudioTokens > once {
            out.append(
                "\(facts.model) bills the whole conversation again on every response: its \(responses) response.done reports count \(s.llmInputAudioTokens) input audio tokens for \(Figures.fixed(t.userSpeechSeconds, decimals: 1)) s of user speech that is worth \(once) tokens once at \(Figures.number(t.rates.inputPerSecond))/s (earlier user audio and played reply audio are counted once per later response).")
        }
        if s.llmPromptCachedTokens > 0 {
            out.append(
                "\(s.llmPromptCachedTokens) of the \(s.llmPromptTokens) prompt tokens were cached: a prefix shared with the previous request is cached from \(options.cacheMinimumTokens) tokens on, in steps of \(options.cacheStepTokens) (cache_min_tokens, cache_step_tokens).")
        }
        let unheard = t.agentGeneratedSeconds - t.agentPlayedSeconds
        if unheard > 0.0001 {
            switch options.interruptedBilling {
            case .generated:
                out.append(
                    "Barge-ins cut \(Figures.fixed(unheard, decimals: 1)) s of reply audio that the user never heard, but generation outruns playback, so all \(Figures.fixed(t.agentGeneratedSeconds, decimals: 1)) s generated are billed as output audio (\(s.llmOutputAudioTokens) tokens).")
            case .played:
                let generated = AudioTokenRates.tokens(seconds: t.agentGeneratedSeconds, perSecond: options.outputAudioTokensPerSecond)
                out.append(
                    "Barge-ins cut \(Figures.fixed(unheard, decimals: 1)) s of reply audio that the user never heard, and with interrupted_billing: played an interrupted reply bills only what was played, so \(Figures.fixed(t.agentPlayedSeconds, decimals: 1)) s of the \(Figures.fixed(t.agentGeneratedSeconds, decimals: 1)) s generated are billed as output audio (\(s.llmOutputAudioTokens) tokens, not \(generated)).")
            }
        }
        if t.userSilenceSeconds > 0 {
            out.append("\(Figures.fixed(t.userSilenceSeconds, decimals: 1)) s of user silence is not sent under server VAD and is not billed.")
        }
        return out
    }
}
