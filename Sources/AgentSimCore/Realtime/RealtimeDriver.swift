/// The engine's side of a realtime model: turns each event of a scripted session's timeline into the realtime
/// session's inputs, in order. A wire adapter (`agentsim serve`) is the other source of the same inputs.
public struct RealtimeDriver: ProviderSession {
    /// The plugin's session, as it stands after the inputs handed so far.
    public private(set) var realtime: any RealtimeSession

    public init(_ realtime: any RealtimeSession) {
        self.realtime = realtime
    }

    public var modelName: String { realtime.modelName }
    public var audioTokenRates: AudioTokenRates { realtime.audioTokenRates }

    public func explain(_ facts: UsageFacts) -> [String] { realtime.explain(facts) }

    public mutating func handle(_ event: SessionEvent) -> [ProviderOutput] {
        let time = event.time, turn = event.turn
        var outputs = realtime.advance(RealtimeClock(time: time))
        switch event.kind {
        case let .sessionStarted(start):
            outputs += realtime.start(
                RealtimeStart(time: time, model: start.model, instructions: start.instructions, audio: start.audio))
        case let .userSpeechEnded(audio):
            // The engine hands an utterance over whole when it ends; server VAD then commits it.
            let start = SessionClock.microseconds(time - audio.seconds)
            outputs += realtime.hear(RealtimeUserAudio(start: start, time: time, turn: turn, audio: audio))
            outputs += realtime.commit(RealtimeCommit(time: time, turn: turn, audio: audio))
        case let .userSilence(audio):
            let start = SessionClock.microseconds(time - audio.seconds)
            outputs += realtime.hear(RealtimeUserAudio(start: start, time: time, turn: turn, audio: audio))
        case let .instructionsUpdated(instructions):
            outputs += realtime.updateInstructions(
                RealtimeInstructions(time: time, turn: turn, instructions: instructions))
        case let .responseCreated(start):
            outputs += realtime.startResponse(RealtimeResponseStart(time: time, turn: turn, response: start))
        case let .responseAudio(start):
            outputs += realtime.responseAudio(RealtimeResponseAudio(time: time, turn: turn, response: start))
        case let .responseDone(done):
            // A scripted barge-in cuts the response while it is still running: its reply says how much was played,
            // so no separate truncation follows.
            outputs += realtime.finishResponse(RealtimeResponseDone(time: time, turn: turn, done: done))
        case let .toolResult(call):
            outputs += realtime.toolResult(RealtimeToolResult(time: time, turn: turn, call: call))
        case .sessionEnded:
            outputs += realtime.end(RealtimeEnd(time: time))
        case .userSpeechStarted, .endOfTurn, .interruption, .toolCall:
            // Carried by the inputs above: the utterance at its end, the barge-in and the call in the response's end.
            break
        case .userTranscribed, .endOfUtterance, .llmRequested, .speechSynthesized:
            // The engine posts these for pipelines only.
            break
        }
        return outputs
    }
}
