import AgentSimCore

extension OpenAIRealtimePlugin: ProviderWalkthrough {
    /// Two responses, the first cut by a barge-in: enough to show re-billing, truncation and full output billing.
    public var exampleScenario: String {
        """
        version: 1
        name: explain-openai-realtime
        seed: 1
        session:
          provider: openai-realtime
          instructions: "You are a support agent. Keep answers short."
          instructions_tokens: 100
        turns:
          - user: {say: "Hi, is my order on its way?", seconds: 2.0}
          - agent: {say: "Let me check that for you, one moment while I look it up.", seconds: 3.0, \
        interrupted_after: 1.0, text_tokens: 14}
          - user: {say: "It's order 4417.", seconds: 1.5}
          - agent: {say: "Order 4417 has shipped.", seconds: 2.0, text_tokens: 7}

        """
    }

    /// The rules behind one `response.done`, from the session's own options: the context re-billed item by item,
    /// the prefix cache, and the reply's output.
    public func rules(_ report: SessionReport, output index: Int) -> [WalkthroughRule] {
        let output = report.outputs[index]
        guard output.payload?.type == "response.done", let turn = output.turn,
            let ended = (report.session as? RealtimeDriver)?.realtime as? OpenAIRealtimeSession,
            ended.options.discardedPerInterruption == 0
        else { return [] }
        let options = ended.options
        let session = report.scenario.session, o = options.itemOverheadTokens
        let inRate = Figures.number(options.inputAudioTokensPerSecond),
            outRate = Figures.number(options.outputAudioTokensPerSecond)
        func seconds(_ s: Double) -> String { Figures.fixed(s, decimals: 2) }
        func tokens(_ text: String, _ exact: Int?) -> Int {
            exact ?? TextTokens.estimate(text, charactersPerToken: options.charactersPerToken)
        }
        func audio(_ s: Double, _ rate: Double) -> Int { AudioTokenRates.tokens(seconds: s, perSecond: rate) }

        let instructions = tokens(session.instructions, session.instructionsTokens)
        var text: [(String, Int)] = [("instructions \(instructions) + \(o)", instructions + o)]
        var sound: [(String, Int)] = []
        var previousTotal: Int?
        var total = instructions + o
        var reply: (generated: Double, played: Double, interrupted: Bool, text: Int)?
        for truth in report.truth.turns where truth.turn <= turn {
            switch report.scenario.turns[truth.turn].kind {
            case .userSpeech, .userRecording:
                guard truth.turn < turn else { continue }
                let a = audio(truth.audioSeconds, options.inputAudioTokensPerSecond)
                text.append(("user item \(o)", o))
                sound.append(("user floor(\(seconds(truth.audioSeconds)) s × \(inRate))", a))
                total += o + a
            case .userSilence:
                continue
            case let .agentSpeech(words, _, interruptedAfter, exact):
                let played = truth.playedSeconds ?? truth.audioSeconds
                let replyText = tokens(words, exact)
                if truth.turn == turn {
                    reply = (truth.audioSeconds, played, interruptedAfter != nil, replyText)
                    continue
                }
                // The request of that earlier response was everything before it; it is this request's prefix.
                previousTotal = total
                if interruptedAfter != nil {
                    let a = audio(played, options.outputAudioTokensPerSecond)
                    text.append(("cut reply \(o) (its transcript deleted by conversation.item.truncate)", o))
                    sound.append(("cut reply, heard floor(\(seconds(played)) s × \(outRate))", a))
                    total += o + a
                } else {
                    let a = audio(truth.audioSeconds, options.outputAudioTokensPerSecond)
                    text.append(("reply transcript \(replyText) + \(o)", replyText + o))
                    sound.append(("reply floor(\(seconds(truth.audioSeconds)) s × \(outRate))", a))
                    total += replyText + o + a
                }
            case .toolCall, .instructions:
                // Tool items and instruction changes are not part of the walk-through's example.
                return []
            }
        }
        guard let reply else { return [] }
        let textSum = text.reduce(0) { $0 + $1.1 }, audioSum = sound.reduce(0) { $0 + $1.1 }
        let usage = "response.usage"
        let costs = "realtime-costs guide", sdk = "openai SDK types/realtime/realtime_response_usage.py"
        var rules: [WalkthroughRule] = [
            .init(
                .payload, "\(usage).input_token_details.text_tokens", text.map(\.0).joined(separator: " + "), textSum,
                source:
                    "\(costs): the whole context is input again on every response; each item adds \(o) special tokens"),
            .init(
                .payload, "\(usage).input_token_details.audio_tokens",
                sound.isEmpty
                    ? "no audio yet"
                    : sound.count == 1 ? sound[0].0 : sound.map { "\($0.0) = \($0.1)" }.joined(separator: " + "),
                audioSum,
                source: "\(costs): user audio \(inRate)/s, assistant audio \(outRate)/s, whole tokens"),
            .init(
                .payload, "\(usage).input_tokens", "text \(textSum) + audio \(audioSum)", textSum + audioSum,
                source: sdk),
        ]
        let cachedValue: Int
        let cachedHow: String
        if !options.caching {
            (cachedValue, cachedHow) = (0, "caching is off")
        } else if ended.warmth == .sameConversation, textSum + audioSum >= options.cacheMinimumTokens {
            let shared = textSum + audioSum
            cachedValue =
                options.cacheMinimumTokens + (shared - options.cacheMinimumTokens) / options.cacheStepTokens
                * options.cacheStepTokens
            cachedHow =
                "an earlier session of the organisation sent this whole request, \(shared) tokens, as "
                + "\(options.cacheMinimumTokens) + whole steps of \(options.cacheStepTokens)"
        } else if ended.warmth != .none {
            // The organisation's head (instructions) against the previous request: not part of the walk-through's
            // example.
            return []
        } else if let shared = previousTotal, shared >= options.cacheMinimumTokens {
            cachedValue =
                options.cacheMinimumTokens + (shared - options.cacheMinimumTokens) / options.cacheStepTokens
                * options.cacheStepTokens
            cachedHow =
                "the \(shared) tokens shared with the previous request, as \(options.cacheMinimumTokens) + whole "
                + "steps of \(options.cacheStepTokens)"
        } else if let shared = previousTotal {
            (cachedValue, cachedHow) = (
                0,
                "the \(shared) tokens shared with the previous request are under the "
                    + "\(options.cacheMinimumTokens)-token minimum"
            )
        } else {
            (cachedValue, cachedHow) = (0, "the first request has no previous one to share a prefix with")
        }
        rules.append(
            .init(
                .payload, "\(usage).input_token_details.cached_tokens", cachedHow, cachedValue,
                source: "prompt-caching guide (cache_min_tokens, cache_step_tokens)"))
        let billed = reply.interrupted && options.interruptedBilling == .played ? reply.played : reply.generated
        let reasoning = options.reasoningTokensPerResponse
        let outText = reply.text + reasoning
        let outAudio = audio(billed, options.outputAudioTokensPerSecond)
        let why =
            !reply.interrupted
            ? "the whole reply"
            : options.interruptedBilling == .played
                ? "only the \(seconds(reply.played)) s heard (interrupted_billing: played)"
                : "the whole reply, though the user heard \(seconds(reply.played)) s: generation outruns playback"
        rules += [
            .init(
                .payload, "\(usage).output_token_details.text_tokens",
                reasoning > 0
                    ? "the reply's transcript \(reply.text) + \(reasoning) reasoning tokens (no field of their own)"
                    : "the reply's transcript", outText,
                source: reasoning > 0 ? "BerriAI/litellm#39850 (reasoning inside output text tokens)" : sdk),
            .init(
                .payload, "\(usage).output_token_details.audio_tokens",
                "floor(\(seconds(billed)) s × \(outRate)), \(why)", outAudio, source: costs),
            .init(
                .payload, "\(usage).output_tokens", "text \(outText) + audio \(outAudio)", outText + outAudio,
                source: sdk),
            .init(
                .payload, "\(usage).total_tokens", "input \(textSum + audioSum) + output \(outText + outAudio)",
                textSum + audioSum + outText + outAudio, source: sdk),
        ]
        let livekit = "livekit-agents 1.8.9 llm/_realtime/openai.py"
        for (field, from, value) in [
            ("input_tokens", "input_tokens", textSum + audioSum),
            ("input_token_details.text_tokens", "input_token_details.text_tokens", textSum),
            ("input_token_details.audio_tokens", "input_token_details.audio_tokens", audioSum),
            ("input_token_details.cached_tokens", "input_token_details.cached_tokens", cachedValue),
            ("output_tokens", "output_tokens", outText + outAudio),
            ("output_token_details.audio_tokens", "output_token_details.audio_tokens", outAudio),
        ] {
            rules.append(.init(.event, field, "copied from \(usage).\(from)", value, source: livekit))
        }
        return rules
    }

}
