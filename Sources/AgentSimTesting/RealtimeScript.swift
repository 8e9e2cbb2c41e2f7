import AgentSimCore

/// Builds the inputs of a scripted realtime conversation the way the engine hands them over, without the engine or
/// Opus: a clock that moves with each utterance, `advance` before every input, an utterance heard and committed when
/// it ends, responses numbered from 0, a barge-in carried in the response's end.
///
/// ```swift
/// var script = RealtimeScript(instructions: Instructions(text: "Be brief.", tokens: 100))
/// script.user("Hi there", seconds: 2)
/// script.reply("Hello!", seconds: 1.5, textTokens: 3)
/// let outputs = script.inputs.send(to: &session)
/// ```
public struct RealtimeScript: Sendable {
    /// The inputs so far, in order.
    public private(set) var inputs: [RealtimeInput] = []
    /// The session clock: where the next input happens.
    public private(set) var clock = 0.0
    /// Seconds between the end of the user's turn (or of the previous response) and a reply's first audio.
    public var responseLatency: Double
    /// Seconds a tool call's response takes.
    public var toolCallLatency: Double
    private var responses = 0
    private var turn = 0

    /// Starts the script with the session's `start` at time 0.
    public init(
        model: String = "", instructions: Instructions = Instructions(text: "", tokens: nil),
        audio: AudioFacts = AudioFacts(sampleRate: 48_000, frameMilliseconds: 20), responseLatency: Double = 0.5,
        toolCallLatency: Double = 0.5
    ) {
        self.responseLatency = responseLatency
        self.toolCallLatency = toolCallLatency
        add(.start(RealtimeStart(time: 0, model: model, instructions: instructions, audio: audio)))
    }

    private mutating func add(_ input: RealtimeInput) {
        inputs.append(.advance(RealtimeClock(time: input.time)))
        inputs.append(input)
    }

    /// The user says `text` for `seconds` (whole 20 ms frames): heard and committed when it ends.
    public mutating func user(_ text: String, seconds: Double, textTokens: Int? = nil) {
        let audio = UserAudio(
            text: text, textTokens: textTokens, seconds: seconds, packets: Self.frames(seconds), bytes: 0,
            isSilence: false, isRecording: false)
        let start = clock
        clock = SessionClock.microseconds(clock + seconds)
        add(.hear(RealtimeUserAudio(start: start, time: clock, turn: turn, audio: audio)))
        add(.commit(RealtimeCommit(time: clock, turn: turn, audio: audio)))
        turn += 1
    }

    /// Silence on the user's track for `seconds`.
    public mutating func silence(seconds: Double) {
        let audio = UserAudio(
            text: nil, textTokens: nil, seconds: seconds, packets: Self.frames(seconds), bytes: 0, isSilence: true,
            isRecording: false)
        let start = clock
        clock = SessionClock.microseconds(clock + seconds)
        add(.hear(RealtimeUserAudio(start: start, time: clock, turn: turn, audio: audio)))
        turn += 1
    }

    /// The agent speaks `text` for `seconds` of generated audio; a barge-in after `interruptedAfter` seconds cuts it
    /// (the played part is rounded up to whole 20 ms frames, as the engine rounds it).
    public mutating func reply(
        _ text: String, seconds: Double, textTokens: Int? = nil, interruptedAfter: Double? = nil
    ) {
        let start = beginResponse()
        let firstAudio = SessionClock.microseconds(clock + responseLatency)
        let played = interruptedAfter.map { min(seconds, (($0 / 0.02) - 1e-9).rounded(.up) * 0.02) } ?? seconds
        let reply = SpokenReply(
            text: text, textTokens: textTokens, generatedSeconds: seconds, playedSeconds: played,
            interruptedAfter: interruptedAfter, packets: Self.frames(seconds), playedPackets: Self.frames(played))
        let doneAt = SessionClock.microseconds(firstAudio + played)
        add(.responseAudio(RealtimeResponseAudio(time: firstAudio, turn: turn, response: start)))
        let done = ResponseDone(start: start, content: .speech(reply), firstAudioAt: firstAudio, doneAt: doneAt)
        add(.finishResponse(RealtimeResponseDone(time: doneAt, turn: turn, done: done)))
        clock = doneAt
        turn += 1
    }

    /// The model calls a tool; its result joins the conversation when the call's response ends.
    public mutating func toolCall(_ call: ToolCall) {
        let start = beginResponse()
        let doneAt = SessionClock.microseconds(clock + toolCallLatency)
        let done = ResponseDone(start: start, content: .toolCall(call), firstAudioAt: nil, doneAt: doneAt)
        add(.finishResponse(RealtimeResponseDone(time: doneAt, turn: turn, done: done)))
        add(.toolResult(RealtimeToolResult(time: doneAt, turn: turn, call: call)))
        clock = doneAt
        turn += 1
    }

    /// The instructions change now.
    public mutating func instructions(_ instructions: Instructions) {
        add(.instructions(RealtimeInstructions(time: clock, turn: turn, instructions: instructions)))
        turn += 1
    }

    /// The client truncates response `index`'s reply at `playedSeconds`, now.
    public mutating func truncate(response index: Int, playedSeconds: Double) {
        add(.truncate(RealtimeTruncation(time: clock, turn: nil, responseIndex: index, playedSeconds: playedSeconds)))
    }

    /// Lets `seconds` pass with nothing said.
    public mutating func wait(seconds: Double) {
        clock = SessionClock.microseconds(clock + seconds)
    }

    /// The session ends now.
    public mutating func end() {
        add(.end(RealtimeEnd(time: clock)))
    }

    private mutating func beginResponse() -> ResponseStart {
        let start = ResponseStart(index: responses, createdAt: clock)
        responses += 1
        add(.startResponse(RealtimeResponseStart(time: clock, turn: turn, response: start)))
        return start
    }

    private static func frames(_ seconds: Double) -> Int { Int((seconds / 0.02).rounded(.up)) }
}
