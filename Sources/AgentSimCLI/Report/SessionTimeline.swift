import AgentSimCore

/// The conversation on the session clock, for the report's timeline: who was heard when, what was
/// generated but never heard, where the user barged in.
struct SessionTimeline: Sendable, Equatable {
    enum Kind: String, Sendable {
        case userSpeech = "user-speech", userSilence = "user-silence"
        case agentPlayed = "agent-played", agentUnheard = "agent-unheard", toolCall = "tool-call"
    }

    struct Span: Sendable, Equatable {
        var turn: Int
        var kind: Kind
        var start: Double
        var end: Double
        var note: String
    }

    private(set) var spans: [Span] = []
    /// Session times at which the user barged in.
    private(set) var bargeIns: [Double] = []
    /// Session times of instruction updates.
    private(set) var instructionUpdates: [Double] = []
    private(set) var end = 0.0
    private var speechStarts: [Int: Double] = [:]

    /// Records what `step` adds to the timeline.
    mutating func absorb(_ step: SessionStep) {
        let event = step.event
        let turn = event.turn ?? -1
        switch event.kind {
        case .userSpeechStarted:
            speechStarts[turn] = event.time
        case let .userSpeechEnded(audio):
            let start = speechStarts[turn] ?? event.time - audio.seconds
            spans.append(
                Span(
                    turn: turn, kind: .userSpeech, start: start, end: event.time,
                    note:
                        "turn \(turn) · user speech · \(Self.s(audio.seconds)) s "
                        + "(\(Self.s(start))–\(Self.s(event.time)) s)"
                ))
        case let .userSilence(audio):
            let start = event.time - audio.seconds
            spans.append(
                Span(
                    turn: turn, kind: .userSilence, start: start, end: event.time,
                    note:
                        "turn \(turn) · user silence · \(Self.s(audio.seconds)) s "
                        + "(\(Self.s(start))–\(Self.s(event.time)) s)"
                ))
        case .instructionsUpdated:
            instructionUpdates.append(event.time)
        case let .responseDone(done):
            switch done.content {
            case let .speech(reply):
                let first = done.firstAudioAt ?? done.start.createdAt
                let heard = first + reply.playedSeconds
                if reply.interruptedAfter != nil {
                    spans.append(
                        Span(
                            turn: turn, kind: .agentPlayed, start: first, end: heard,
                            note:
                                "turn \(turn) · agent reply · heard \(Self.s(reply.playedSeconds)) s of "
                                + "\(Self.s(reply.generatedSeconds)) s generated "
                                + "(\(Self.s(first))–\(Self.s(heard)) s)"
                        ))
                    spans.append(
                        Span(
                            turn: turn, kind: .agentUnheard, start: heard, end: first + reply.generatedSeconds,
                            note:
                                "turn \(turn) · generated but never heard · "
                                + "\(Self.s(reply.generatedSeconds - reply.playedSeconds)) s cut by the barge-in "
                                + "at \(Self.s(done.doneAt)) s"
                        ))
                    bargeIns.append(done.doneAt)
                } else {
                    spans.append(
                        Span(
                            turn: turn, kind: .agentPlayed, start: first, end: heard,
                            note:
                                "turn \(turn) · agent reply · \(Self.s(reply.generatedSeconds)) s, heard in full "
                                + "(\(Self.s(first))–\(Self.s(heard)) s)"
                        ))
                }
            case let .toolCall(call):
                spans.append(
                    Span(
                        turn: turn, kind: .toolCall, start: done.start.createdAt, end: done.doneAt,
                        note:
                            "turn \(turn) · tool call \(call.name) "
                            + "(\(Self.s(done.start.createdAt))–\(Self.s(done.doneAt)) s)"
                    ))
            }
        case let .sessionEnded(truth):
            end = truth.sessionSeconds
        default:
            break
        }
    }

    private static func s(_ seconds: Double) -> String { Figures.fixed(seconds, decimals: 2) }
}
