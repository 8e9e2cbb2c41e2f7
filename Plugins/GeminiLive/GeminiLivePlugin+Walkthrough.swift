import AgentSimCore

extension GeminiLivePlugin: ProviderWalkthrough {
    /// Two turns on the default model (half-cascade gemini-2.0-flash-live-001): enough to show the per-turn context,
    /// the hidden prompt overhead and the AUDIO entry that is the turn index.
    public var exampleScenario: String {
        """
        version: 1
        name: explain-gemini-live
        seed: 1
        session:
          provider: gemini-live
          instructions: "You are a support agent. Keep answers short."
          instructions_tokens: 100
        turns:
          - user: {say: "Hi, is my order on its way?", seconds: 2.0, text_tokens: 8}
          - agent: {say: "Let me check. What's the order number?", seconds: 3.0, text_tokens: 10}
          - user: {say: "It's order 4417.", seconds: 1.5, text_tokens: 6}
          - agent: {say: "Order 4417 has shipped.", seconds: 2.0, text_tokens: 7}

        """
    }

    /// The rules behind one `LiveServerMessage.usageMetadata`, from the session's own model profile and options.
    public func rules(_ report: SessionReport, output index: Int) -> [WalkthroughRule] {
        let output = report.outputs[index]
        guard output.payload?.json["usageMetadata"] != nil, !output.metrics.isEmpty, let turn = output.turn,
            let profile = ((report.session as? RealtimeDriver)?.realtime as? GeminiLiveSession)?.profile,
            let options = try? GeminiLiveOptions(
                report.scenario.session.options, profile: profile, modelLocation: SourceLocation(file: "")),
            options.labelledFraction >= 1, options.imageTokens == 0, options.videoTokens == 0,
            options.documentTokens == 0
        else { return [] }
        let session = report.scenario.session
        func tokens(_ text: String?, _ exact: Int?) -> Int {
            exact ?? TextTokens.estimate(text ?? "", charactersPerToken: options.charactersPerToken)
        }
        func audio(_ s: Double, _ rate: Double) -> Int { AudioTokenRates.tokens(seconds: s, perSecond: rate) }
        func seconds(_ s: Double) -> String { Figures.fixed(s, decimals: 2) }
        let inRate = Figures.number(options.inputAudioTokensPerSecond),
            outRate = Figures.number(options.outputAudioTokensPerSecond)

        let instructions = tokens(session.instructions, session.instructionsTokens)
        var parts: [String] = ["hidden \(options.promptOverheadTokens)", "instructions \(instructions)"]
        var text = options.promptOverheadTokens + instructions, sound = 0
        var k = 0
        var reply: (text: Int, audio: Int, seconds: Double)?
        func replyCounts(
            _ words: String, _ exact: Int?, _ generated: Double
        ) -> (text: Int, audio: Int, seconds: Double) {
            (
                options.responseText ? tokens(words, exact) : 0,
                options.responseAudio ? audio(generated, options.outputAudioTokensPerSecond) : 0, generated
            )
        }
        for truth in report.truth.turns where truth.turn <= turn {
            switch report.scenario.turns[truth.turn].kind {
            case let .userSpeech(words, _, exact):
                guard truth.turn < turn else { continue }
                switch options.userAudioInPrompt {
                case .transcript:
                    let t = tokens(words, exact)
                    parts.append("user transcript \(t)")
                    text += t
                case .audioTokens:
                    let a = audio(truth.audioSeconds, options.inputAudioTokensPerSecond)
                    parts.append("user floor(\(seconds(truth.audioSeconds)) s × \(inRate)) = \(a)")
                    sound += a
                }
            case let .userSilence(s):
                guard truth.turn < turn, options.userAudioInPrompt == .audioTokens else { continue }
                let a = audio(truth.audioSeconds, options.inputAudioTokensPerSecond)
                parts.append("silence floor(\(seconds(s)) s × \(inRate)) = \(a)")
                sound += a
            case let .agentSpeech(words, _, _, exact):
                let counts = replyCounts(words, exact, truth.audioSeconds)
                if truth.turn == turn { reply = counts; continue }
                k += 1
                parts.append("earlier reply as reported \(counts.text + counts.audio)")
                text += counts.text
                sound += counts.audio
            case .userRecording, .toolCall, .instructions:
                return []
            }
        }
        guard let reply else { return [] }
        let prompt = text + sound
        let reportedAudio = profile.kind == .halfCascade ? min(k, prompt) : sound
        let reportedText = prompt - reportedAudio
        let response = reply.text + reply.audio
        let total = prompt + response + options.thoughtsTokens
        let usage = "usageMetadata"
        let genai = "google-genai types.py UsageMetadata"
        var rules: [WalkthroughRule] = [
            .init(
                .payload, "\(usage).promptTokenCount", parts.joined(separator: " + "), prompt,
                source: "per turn, the whole context (pydantic-ai#7269); hidden overhead python-genai#1342, #1917")
        ]
        if profile.kind == .halfCascade {
            rules += [
                .init(
                    .payload, "\(usage).promptTokensDetails[AUDIO]",
                    "the response index (\(profile.name) labels speech TEXT; zero is omitted)", reportedAudio,
                    source: "livekit/agents#2426"),
                .init(
                    .payload, "\(usage).promptTokensDetails[TEXT]", "the rest: \(prompt) − \(reportedAudio)",
                    reportedText, source: "livekit/agents#2426"),
            ]
        } else {
            rules += [
                .init(
                    .payload, "\(usage).promptTokensDetails[AUDIO]", "audio in the context, billed again every turn",
                    reportedAudio, source: "discuss.ai.google.dev thread 140340"),
                .init(
                    .payload, "\(usage).promptTokensDetails[TEXT]", "text in the context", reportedText, source: genai),
            ]
        }
        if options.responseText {
            rules.append(
                .init(
                    .payload, "\(usage).responseTokensDetails[TEXT]", "the reply's transcript", reply.text,
                    source: "python-genai#1342"))
        }
        if options.responseAudio {
            rules.append(
                .init(
                    .payload, "\(usage).responseTokensDetails[AUDIO]",
                    "floor(\(seconds(reply.seconds)) s × \(outRate))", reply.audio,
                    source: "native-audio models report output AUDIO"))
        }
        rules += [
            .init(
                .payload, "\(usage).responseTokenCount", "text \(reply.text) + audio \(reply.audio)", response,
                source: genai),
            .init(
                .payload, "\(usage).totalTokenCount",
                "prompt \(prompt) + response \(response) + thoughts \(options.thoughtsTokens)", total, source: genai),
        ]
        let livekit = "livekit-plugins-google realtime/realtime_api.py _handle_usage_metadata"
        for (field, from, value) in [
            ("input_tokens", "\(usage).promptTokenCount", prompt),
            ("input_token_details.audio_tokens", "the AUDIO entry of \(usage).promptTokensDetails", reportedAudio),
            ("input_token_details.text_tokens", "the TEXT entry of \(usage).promptTokensDetails", reportedText),
            ("output_tokens", "\(usage).responseTokenCount", response),
            (
                "output_token_details.audio_tokens", "the AUDIO entry of \(usage).responseTokensDetails (none: 0)",
                reply.audio
            ), ("total_tokens", "\(usage).totalTokenCount", total),
        ] {
            rules.append(.init(.event, field, "read from \(from)", value, source: livekit))
        }
        return rules
    }
}
