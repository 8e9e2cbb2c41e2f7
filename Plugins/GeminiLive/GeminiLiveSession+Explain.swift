import AgentSimCore

extension GeminiLiveSession {
    /// Where Gemini's figures, as LiveKit sums them, part from one pass over the audio at the documented rates; every
    /// sentence follows the options this session parsed when it started.
    func explain(_ facts: UsageFacts) -> [String] {
        let s = facts.summary, t = facts.truth, reports = facts.reports
        var out: [String] = []
        let responses = t.turns.filter { $0.speaker == "agent" }.count
        if reports.count < responses {
            out.append(
                "\(responses - reports.count) of the \(responses) responses came without usageMetadata, so LiveKit "
                    + "emitted nothing for them and their tokens are missing from the summary."
            )
        } else if reports.count > responses {
            out.append(
                "\(reports.count) usage reports for \(responses) responses: LiveKit emits one event per message that "
                    + "carries usageMetadata and does not de-duplicate, so repeated usage is counted again."
            )
        }
        switch options.usageReporting {
        case .perTurn where reports.count > 1:
            out.append(
                "Every report's prompt is the whole context of its turn (\(profile.name) adds "
                    + "\(options.promptOverheadTokens) hidden tokens to each): the \(reports.count) prompts sum to "
                    + "\(s.llmPromptTokens) tokens, though the last one alone was "
                    + "\(reports.last?.inputTokens ?? 0)."
            )
        case .cumulative where reports.count > 1:
            out.append(
                "With usage_reporting: cumulative every usageMetadata is the session's running total, so the last "
                    + "one's promptTokenCount, \(billed.prompt), is all the session billed; LiveKit adds all "
                    + "\(reports.count) reports as if each were one turn's, so llm_prompt_tokens is "
                    + "\(s.llmPromptTokens) (every turn counted again in each later report)."
            )
        default:
            break
        }
        let rate = Figures.number(options.inputAudioTokensPerSecond)
        let once = t.documentedInputAudioTokens
        if profile.kind == .halfCascade {
            let indices = reports.map { String($0.inputTokenDetails.audioTokens) }
            let sum =
                indices.count > 4
                ? "\(indices[0])+\(indices[1])+…+\(indices[indices.count - 1])" : indices.joined(separator: "+")
            out.append(
                "\(profile.name) labels audio as TEXT: its AUDIO entry is the turn index, so \(reports.count) turns "
                    + "sum to \(sum) = \(s.llmInputAudioTokens) input audio tokens, although one pass over the "
                    + "\(Figures.fixed(t.userTrackSeconds, decimals: 1)) s user track is \(once) tokens at "
                    + "\(rate)/s."
            )
            if !options.responseAudio, t.agentGeneratedSeconds > 0 {
                let audio = AudioTokenRates.tokens(
                    seconds: t.agentGeneratedSeconds, perSecond: options.outputAudioTokensPerSecond)
                out.append(
                    "Its \(Figures.fixed(t.agentGeneratedSeconds, decimals: 1)) s of spoken replies are reported as "
                        + "\(s.llmCompletionTokens) TEXT tokens (their transcripts) and 0 output audio tokens; at "
                        + "the \(Figures.number(options.outputAudioTokensPerSecond))/s native-audio models "
                        + "report, that audio would be \(audio) tokens."
                )
            }
        } else if options.usageReporting == .cumulative, billed.promptDetails.audio > once {
            out.append(
                "Earlier audio stays in the context and is billed again every turn: the last running total counts "
                    + "\(billed.promptDetails.audio) input audio tokens for a user track worth \(once) tokens once "
                    + "at \(rate)/s (LiveKit's sum of the running totals, \(s.llmInputAudioTokens), counts them "
                    + "again per report)."
            )
        } else if s.llmInputAudioTokens > once {
            out.append(
                "Earlier audio stays in the context and is billed again every turn: the \(reports.count) reports "
                    + "count \(s.llmInputAudioTokens) input audio tokens for a user track worth \(once) tokens once "
                    + "at \(rate)/s (the model's own earlier replies are re-billed too)."
            )
        }
        let unheard = t.agentGeneratedSeconds - t.agentPlayedSeconds
        if options.responseAudio, unheard > 0.0001 {
            out.append(
                "Barge-ins cut \(Figures.fixed(unheard, decimals: 1)) s of reply audio that the user never heard, "
                    + "but the whole reply was generated and sent, so all "
                    + "\(Figures.fixed(t.agentGeneratedSeconds, decimals: 1)) s are billed as output audio "
                    + "(\(s.llmOutputAudioTokens) tokens) and stay in later prompts."
            )
        }
        if t.userSilenceSeconds > 0 {
            out.append(
                options.userAudioInPrompt == .audioTokens
                    ? "\(Figures.fixed(t.userSilenceSeconds, decimals: 1)) s of user silence is streamed and billed "
                        + "like speech."
                    : "\(Figures.fixed(t.userSilenceSeconds, decimals: 1)) s of user silence has no transcript, so "
                        + "it adds nothing to the reported prompts."
            )
        }
        let labelled = reports.reduce(0) {
            $0 + $1.inputTokenDetails.audioTokens + $1.inputTokenDetails.textTokens + $1.inputTokenDetails.imageTokens
        }
        if labelled < s.llmPromptTokens {
            out.append(
                "\(s.llmPromptTokens - labelled) prompt tokens carry no modality LiveKit reads (details that add up "
                    + "to less than the prompt, or VIDEO and DOCUMENT entries it drops)."
            )
        }
        let unread = reports.reduce(0) { $0 + $1.totalTokens - $1.inputTokens - $1.outputTokens }
        if unread > 0 {
            out.append(
                "total_tokens exceeds input + output by \(unread): thoughts and tool-use prompt tokens are in "
                    + "Gemini's total, but LiveKit never reads them."
            )
        }
        if options.thoughtsTokens > 0, spokenReplies > 0 {
            let thoughts = options.thoughtsTokens * spokenReplies
            out.append(
                "\(profile.name) thinks before it speaks: \(spokenReplies) replies × \(options.thoughtsTokens) "
                    + "thoughtsTokenCount = \(thoughts) thinking tokens billed as output, inside totalTokenCount but "
                    + "outside responseTokenCount, so LiveKit's output_tokens (and its output_reasoning_tokens) "
                    + "leave them out."
            )
        }
        if let tier = options.serviceTier {
            let meaning = tier == "unspecified" ? "unspecified, which google-genai documents as standard" : tier
            out.append(
                "Every usageMetadata says serviceTier \(meaning): Gemini prices these tokens at that tier's rates, "
                    + "but no LiveKit metric records the tier, so a cost built from LiveKit's summary has to take it "
                    + "from elsewhere."
            )
        }
        if let setup = droppedSetupPrompt {
            out.append(
                "A usageMetadata for the setup's prompt (\(setup) tokens: hidden overhead, instructions and media) "
                    + "arrived before the first generation; LiveKit dropped it with a warning, so it is in no summary."
            )
        }
        if options.caching, options.cacheTokensDetails, s.llmPromptCachedTokens > 0 {
            out.append(
                "\(s.llmPromptCachedTokens) of the \(s.llmPromptTokens) prompt tokens were reported as cached: "
                    + "implicit caching serves the previous prompt again once it reaches \(options.cacheMinTokens) "
                    + "tokens (cache_min_tokens), and LiveKit sums cacheTokensDetails."
            )
        } else if options.caching, billed.cached == 0 {
            out.append(
                "No prompt that a later one extends reached \(options.cacheMinTokens) tokens (cache_min_tokens), so "
                    + "nothing was cached."
            )
        }
        if options.caching, !options.cacheTokensDetails {
            out.append(
                "Cached tokens were reported as cachedContentTokenCount only; LiveKit sums cacheTokensDetails, so "
                    + "llm_prompt_cached_tokens stays 0."
            )
        }
        return out
    }
}
