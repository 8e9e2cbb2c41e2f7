import AgentSimCore

extension OpenAIRealtimePlugin {
    /// Where OpenAI's figures part from one pass over the audio at the documented rates.
    public func explain(_ facts: UsageFacts) -> [String] {
        let s = facts.summary, t = facts.truth
        var out: [String] = []
        let responses = facts.reports.count
        let once = t.documentedInputAudioTokens
        if s.llmInputAudioTokens > once {
            out.append(
                "\(facts.model) bills the whole conversation again on every response: its \(responses) response.done reports count \(s.llmInputAudioTokens) input audio tokens for \(Fmt.seconds(t.userSpeechSeconds)) s of user speech that is worth \(once) tokens once at \(Fmt.rate(t.rates.inputPerSecond))/s (earlier user audio and played reply audio are counted once per later response).")
        }
        if s.llmPromptCachedTokens > 0 {
            out.append(
                "\(s.llmPromptCachedTokens) of the \(s.llmPromptTokens) prompt tokens were cached: each response reuses the previous request's prefix, in whole steps above the cache minimum.")
        }
        let unheard = t.agentGeneratedSeconds - t.agentPlayedSeconds
        if unheard > 0.0001 {
            out.append(
                "Barge-ins cut \(Fmt.seconds(unheard)) s of reply audio that the user never heard, but generation outruns playback, so all \(Fmt.seconds(t.agentGeneratedSeconds)) s generated are billed as output audio (\(s.llmOutputAudioTokens) tokens).")
        }
        if t.userSilenceSeconds > 0 {
            out.append("\(Fmt.seconds(t.userSilenceSeconds)) s of user silence is not sent under server VAD and is not billed.")
        }
        return out
    }
}

/// Number formatting for sentences.
enum Fmt {
    static func seconds(_ value: Double) -> String {
        let tenths = (value * 10).rounded() / 10
        return tenths == tenths.rounded() ? String(format: "%.1f", tenths) : String(tenths)
    }

    static func rate(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }
}
