import AgentSimCore

extension OpenAIRealtimeSession {
    /// Where OpenAI's figures part from one pass over the audio at the documented rates, from the options this
    /// session parsed at its start and what it billed.
    func explain(_ facts: UsageFacts) -> [String] {
        let s = facts.summary, t = facts.truth
        var out: [String] = []
        let once = t.documentedInputAudioTokens
        if s.llmInputAudioTokens > once {
            out.append(
                "\(model) bills the whole conversation again on every response: its \(facts.reports.count) "
                    + "response.done reports count \(s.llmInputAudioTokens) input audio tokens for "
                    + "\(Figures.fixed(t.userSpeechSeconds, decimals: 1)) s of user speech that is worth \(once) "
                    + "tokens once at \(Figures.number(t.rates.inputPerSecond))/s (earlier user audio and "
                    + "played reply audio are counted once per later response)."
            )
        }
        if tally.specialTokens > 0 {
            out.append(
                "\(tally.specialTokens) of the prompt tokens billed are special tokens: the instructions and every "
                    + "context item add \(options.itemOverheadTokens) text tokens (item_overhead_tokens) on every "
                    + "response that sees them."
            )
        }
        out += cacheSentences(s)
        if options.truncation, tally.droppedItems > 0 {
            out.append(
                "The context passed truncation_threshold \(options.truncationThreshold) tokens, so truncation "
                    + "dropped the \(tally.droppedItems) oldest items; each drop changes the prefix, so the request "
                    + "after it shares only the instructions with the one before."
            )
        } else if !options.truncation, tally.largestContext > options.truncationThreshold {
            out.append(
                "With truncation: disabled nothing is dropped: the context grew to \(tally.largestContext) tokens, "
                    + "past the \(options.truncationThreshold) at which auto truncation would have cut it."
            )
        }
        let unheard = t.agentGeneratedSeconds - t.agentPlayedSeconds
        if unheard > 0.0001 {
            switch options.interruptedBilling {
            case .generated:
                out.append(
                    "Barge-ins cut \(Figures.fixed(unheard, decimals: 1)) s of reply audio that the user never "
                        + "heard, but generation outruns playback, so all "
                        + "\(Figures.fixed(t.agentGeneratedSeconds, decimals: 1)) s generated are billed as "
                        + "output audio (\(s.llmOutputAudioTokens) tokens)."
                )
            case .played:
                let generated = AudioTokenRates.tokens(
                    seconds: t.agentGeneratedSeconds, perSecond: options.outputAudioTokensPerSecond)
                out.append(
                    "Barge-ins cut \(Figures.fixed(unheard, decimals: 1)) s of reply audio that the user never "
                        + "heard, and with interrupted_billing: played an interrupted reply bills only what was "
                        + "played, so \(Figures.fixed(t.agentPlayedSeconds, decimals: 1)) s of the "
                        + "\(Figures.fixed(t.agentGeneratedSeconds, decimals: 1)) s generated are billed as "
                        + "output audio (\(s.llmOutputAudioTokens) tokens, not \(generated))."
                )
            }
        }
        if tally.discarded > 0 {
            out.append(
                "\(tally.discarded) response\(tally.discarded == 1 ? " was" : "s were") created after a barge-in and "
                    + "cancelled by id (discarded_per_interruption: \(options.discardedPerInterruption)): OpenAI "
                    + "billed \(tally.discardedInput) input tokens for \(tally.discarded == 1 ? "it" : "them") "
                    + "(\(tally.discardedCached) cached, \(tally.discardedAudio) audio), but LiveKit 1.8.9 "
                    + "reports no usage for a discarded generation, so llm_prompt_tokens is "
                    + "\(tally.discardedInput) short of the bill."
            )
        }
        if tally.reasoning > 0 {
            out.append(
                "\(model) reasons before it answers (reasoning_effort: \(options.reasoningEffort.rawValue)): "
                    + "\(tally.responses) responses × \(options.reasoningTokensPerResponse) reasoning tokens = "
                    + "\(tally.reasoning) are billed inside output_token_details.text_tokens, which has no "
                    + "reasoning field, so output text tokens exceed the transcripts by \(tally.reasoning)."
            )
        } else if OpenAIRealtimeOptions.reasoningModels.contains(model) {
            out.append(
                "\(model) can reason, but with reasoning_effort: none it bills no reasoning tokens: output text "
                    + "tokens are the transcripts alone."
            )
        }
        if let transcription = options.transcription, tally.transcriptions > 0 {
            if transcription.reportsDuration {
                out.append(
                    "Input transcription (\(transcription.rawValue)) reports "
                        + "\(Figures.fixed(tally.transcriptionSeconds, decimals: 1)) s as STTMetrics audio_duration, "
                        + "outside the realtime reports."
                )
            } else {
                out.append(
                    "Input transcription (\(transcription.rawValue)) bills \(tally.transcriptionTokens) tokens of "
                        + "its own, reported as STTMetrics tokens (audio_duration 0), outside the realtime reports."
                )
            }
        }
        if t.userSilenceSeconds > 0 {
            out.append(
                "\(Figures.fixed(t.userSilenceSeconds, decimals: 1)) s of user silence is not sent under server VAD "
                    + "and is not billed."
            )
        }
        return out
    }

    private func cacheSentences(_ s: UsageSummaryV1_2) -> [String] {
        var out: [String] = []
        if !options.caching {
            return s.llmPromptTokens > 0 ? ["With caching: false no prompt token is cached."] : []
        }
        if s.llmPromptCachedTokens > 0 {
            let whose =
                options.cacheScope == .organisation
                ? "a prefix shared with the previous request, or sent by an earlier session of the organisation,"
                : "a prefix shared with the previous request of this session (cache_scope: session)"
            out.append(
                "\(s.llmPromptCachedTokens) of the \(s.llmPromptTokens) prompt tokens were cached: \(whose) is "
                    + "cached from \(options.cacheMinimumTokens) tokens on, in steps of \(options.cacheStepTokens) "
                    + "(cache_min_tokens, cache_step_tokens)."
            )
        }
        switch warmth {
        case .sameConversation:
            out.append(
                "An earlier session of the organisation sent this very conversation, so even the first response was "
                    + "served from cache: \(tally.firstCached) of its \(tally.firstInput) input tokens (cache_scope: "
                    + "organisation)."
            )
        case .sameInstructions:
            out.append(
                "An earlier session of the organisation sent the same instructions, so the first response's head was "
                    + "served from cache: \(tally.firstCached) of its \(tally.firstInput) input tokens (cache_scope: "
                    + "organisation)."
            )
        case .none:
            if options.cacheScope == .session, options.earlierSessions != .none {
                out.append(
                    "With cache_scope: session the cache holds only this session's requests: what earlier sessions "
                        + "sent (earlier_sessions: \(options.earlierSessions.rawValue)) is not served, so the first "
                        + "response cached \(tally.firstCached) tokens."
                )
            }
        }
        return out
    }
}
