/// The timeline a pipeline adds to a conversation (`PipelineTiming`): the STT's transcript, LiveKit's end of turn,
/// the LLM request and its stream, the TTS segment. Everything is posted with its whole timeline at the moment it
/// starts; the pipeline session releases the reports in time order.
extension SessionEngine {
    /// A user turn's speech has ended (`clock`): its final transcript comes `transcription_delay` later, LiveKit's
    /// end of turn once both that and the endpointing delay have passed; a new speech id for the reply it leads to.
    mutating func userTurnEndsInPipeline(_ audio: UserAudio, turn: Int, speechStart: Double, timing: PipelineTiming) {
        let end = clock
        let id = newSpeechID()
        let transcriptAt = SessionClock.microseconds(end + timing.transcriptionDelay)
        let eouAt = SessionClock.microseconds(end + timing.endOfUtteranceDelay)
        post(
            SessionEvent(
                time: transcriptAt, turn: turn,
                kind: .userTranscribed(
                    STTTranscript(
                        time: transcriptAt, turn: turn, speechStart: speechStart, speechEnd: end, text: audio.text,
                        textTokens: audio.textTokens,
                        audio: audio, speechID: id))))
        post(
            SessionEvent(
                time: eouAt, turn: turn,
                kind: .endOfUtterance(
                    EndOfUtterance(
                        time: eouAt, turn: turn, speechEnd: end, transcriptAt: transcriptAt, speechID: id))))
        lastEndOfUtterance = eouAt
        context.append(ContextItem(role: .user, text: audio.text ?? "", tokens: audio.textTokens, turn: turn))
    }

    /// When the next LLM request is sent: at the end of the user's turn if the user spoke last (LiveKit waits for its
    /// end-of-turn decision), else now (a greeting, or the reply after a tool result).
    func pipelineRequestTime() -> Double {
        if userSpokeLast, let eou = lastEndOfUtterance { return max(clock, eou) }
        return clock
    }

    /// Posts the LLM request and the TTS segment of one spoken reply; returns when its first audio plays.
    mutating func pipelineReply(_ reply: SpokenReply, turn: Int, requestAt: Double, timing: PipelineTiming) -> Double {
        let id = currentSpeechID()
        let firstToken = SessionClock.microseconds(requestAt + timing.llmTTFT)
        let firstAudio = SessionClock.microseconds(firstToken + timing.ttsTTFB)
        let stop = SessionClock.microseconds(firstAudio + reply.playedSeconds)
        var request = LLMRequest(
            index: requests, turn: turn, speechID: id, context: context,
            reply: .text(reply.text, tokens: reply.textTokens),
            sentAt: requestAt, firstTokenAt: firstToken, tokensPerSecond: timing.llmTokensPerSecond,
            replyTokens: reply.textTokens ?? TextTokens.estimate(reply.text))
        requests += 1
        let interrupted = reply.interruptedAfter != nil
        if interrupted, stop < request.lastTokenAt { request.cutAt = stop }
        post(SessionEvent(time: requestAt, turn: turn, kind: .llmRequested(request)))
        // The TTS receives the text the LLM streamed: all of it, or what came before a cut.
        let flushed =
            request.isCut
            ? Self.prefix(
                reply.text, fraction: Double(request.tokensGenerated(by: stop)) / Double(max(request.replyTokens, 1)))
            : reply.text
        let lastFrame = SessionClock.microseconds(
            max(
                firstAudio + reply.generatedSeconds / timing.ttsRealtimeFactor, request.lastTokenAt + timing.ttsTTFB))
        let segment = TTSSegment(
            index: segments, turn: turn, speechID: id, text: flushed, textAt: firstToken, firstFrameAt: firstAudio,
            lastFrameAt: lastFrame,
            generatedSeconds: reply.generatedSeconds, packets: reply.packets, playedSeconds: reply.playedSeconds,
            cutAt: interrupted ? stop : nil, flushedAt: request.isCut ? nil : request.lastTokenAt)
        segments += 1
        post(SessionEvent(time: firstToken, turn: turn, kind: .speechSynthesized(segment)))
        // The context keeps what the user heard of an interrupted reply (LiveKit truncates the message to it).
        if interrupted {
            context.append(
                ContextItem(
                    role: .assistant,
                    text: Self.prefix(reply.text, fraction: reply.playedSeconds / reply.generatedSeconds), turn: turn))
        } else {
            context.append(ContextItem(role: .assistant, text: reply.text, tokens: reply.textTokens, turn: turn))
        }
        speechOpen = false
        return firstAudio
    }

    /// Posts the LLM request of a tool call; returns when its stream ends (the tool then answers at once).
    mutating func pipelineToolCall(_ call: ToolCall, turn: Int, requestAt: Double, timing: PipelineTiming) -> Double {
        let id = currentSpeechID()
        let request = LLMRequest(
            index: requests, turn: turn, speechID: id, context: context, reply: .toolCall(call), sentAt: requestAt,
            firstTokenAt: SessionClock.microseconds(requestAt + timing.llmTTFT),
            tokensPerSecond: timing.llmTokensPerSecond,
            replyTokens: call.argumentsTokens ?? TextTokens.estimate(call.arguments))
        requests += 1
        post(SessionEvent(time: requestAt, turn: turn, kind: .llmRequested(request)))
        context.append(
            ContextItem(
                role: .toolCall, text: call.arguments, tokens: call.argumentsTokens, turn: turn, toolName: call.name))
        context.append(
            ContextItem(
                role: .toolResult, text: call.result, tokens: call.resultTokens, turn: turn, toolName: call.name))
        // The reply after the tool result belongs to the same speech.
        return request.lastTokenAt
    }

    /// `speech_` and 12 hex digits, like LiveKit's `shortuuid("speech_")`, from the session's id seed.
    private mutating func newSpeechID() -> String {
        let value = speechIDs.next() & 0xFFFF_FFFF_FFFF
        let hex = String(value, radix: 16)
        let id = "speech_" + String(repeating: "0", count: 12 - hex.count) + hex
        speechID = id
        speechOpen = true
        return id
    }

    /// The open speech's id (the user's turn, or the reply a tool call belongs to), or a new one (a greeting, a
    /// second reply in a row).
    private mutating func currentSpeechID() -> String {
        if speechOpen, let speechID { return speechID }
        return newSpeechID()
    }

    /// The first words of `text`, about `fraction` of its characters, cut at a word boundary.
    static func prefix(_ text: String, fraction: Double) -> String {
        guard fraction < 1 else { return text }
        guard fraction > 0 else { return "" }
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        let target = Int((Double(text.count) * fraction).rounded())
        var out: [Substring] = []
        var length = 0
        for word in words {
            let next = length + (out.isEmpty ? 0 : 1) + word.count
            if next > target { break }
            out.append(word)
            length = next
        }
        return out.joined(separator: " ")
    }
}
