import AgentSimCore

/// Builders for the pipeline roles' inputs with plausible defaults, so a test states only what it is about.
public enum PipelineInputs {
    /// An utterance (or, with `text` nil and `isSilence`, silence) of `seconds` on the user's track from `start`.
    public static func heard(
        start: Double = 0, seconds: Double = 2, turn: Int? = 0, text: String? = "Hello there", textTokens: Int? = nil,
        isSilence: Bool = false
    ) -> STTHeard {
        let audio = UserAudio(
            text: isSilence ? nil : text, textTokens: isSilence ? nil : textTokens, seconds: seconds,
            packets: Int((seconds / 0.02).rounded(.up)), bytes: 0, isSilence: isSilence, isRecording: false)
        return STTHeard(
            start: start, time: SessionClock.microseconds(start + seconds), turn: isSilence ? nil : turn, audio: audio)
    }

    /// The final transcript of the utterance `heard`, `delay` seconds after its end.
    public static func transcript(
        of heard: STTHeard, delay: Double = 0.3, speechID: String = "speech_000000000001"
    )
        -> STTTranscript
    {
        STTTranscript(
            time: SessionClock.microseconds(heard.time + delay), turn: heard.turn ?? 0, speechStart: heard.start,
            speechEnd: heard.time, text: heard.audio.text, textTokens: heard.audio.textTokens, audio: heard.audio,
            speechID: speechID)
    }

    /// A context of instructions and one user turn.
    public static func context(
        instructions: String = "You are a helpful voice assistant.", instructionsTokens: Int? = nil,
        user: String = "What is the weather like today?"
    ) -> [ContextItem] {
        [
            ContextItem(role: .system, text: instructions, tokens: instructionsTokens),
            ContextItem(role: .user, text: user, turn: 0),
        ]
    }

    /// One LLM request sent at `sentAt` whose reply streams at `tokensPerSecond` after `ttft`.
    public static func request(
        index: Int = 0, turn: Int = 1, context: [ContextItem] = context(),
        reply: LLMReply = .text("It is sunny and warm all afternoon.", tokens: nil), sentAt: Double = 2.5,
        ttft: Double = 0.4, tokensPerSecond: Double = 40, cutAt: Double? = nil
    ) -> LLMRequest {
        let replyTokens: Int
        switch reply {
        case let .text(text, tokens): replyTokens = tokens ?? TextTokens.estimate(text)
        case let .toolCall(call): replyTokens = call.argumentsTokens ?? TextTokens.estimate(call.arguments)
        }
        return LLMRequest(
            index: index, turn: turn, speechID: "speech_00000000000\(index % 10)", context: context, reply: reply,
            sentAt: sentAt, firstTokenAt: SessionClock.microseconds(sentAt + ttft), tokensPerSecond: tokensPerSecond,
            replyTokens: replyTokens, cutAt: cutAt)
    }

    /// One TTS segment whose text arrives at `textAt`, first frame `ttfb` later, `seconds` of audio generated at
    /// real time; a barge-in at `cutAt` stops playback.
    public static func segment(
        index: Int = 0, turn: Int = 1, text: String = "It is sunny and warm all afternoon.", textAt: Double = 3,
        ttfb: Double = 0.2, seconds: Double = 2.4, cutAt: Double? = nil
    ) -> TTSSegment {
        let first = SessionClock.microseconds(textAt + ttfb)
        let last = SessionClock.microseconds(first + seconds)
        let played = cutAt.map { max(0, min(seconds, $0 - first)) } ?? seconds
        return TTSSegment(
            index: index, turn: turn, speechID: "speech_00000000000\(index % 10)", text: text, textAt: textAt,
            firstFrameAt: first, lastFrameAt: last, generatedSeconds: seconds,
            packets: Int((seconds / 0.02).rounded(.up)), playedSeconds: played, cutAt: cutAt)
    }
}
