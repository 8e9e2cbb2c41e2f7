import AgentSimAudio
import AgentSimCore
import AgentSimJSON
import AgentSimLoad
import Foundation
import LiveKitMetrics
import Synchronization

/// One served pipeline session: the three role sessions of the scenario's pipeline plugin (the same ones `agentsim
/// run` feeds), fed what the agent's STT, LLM and TTS clients really send over their own connections, and the
/// oracle's record of every native message sent and the LiveKit metrics the plugins say LiveKit builds from them.
///
/// Its clock is the session's: seconds since its first connection, times the server's `speed` (a driver that plays
/// the room faster than real time asks for the same speed, so the scenario's timeline keeps its shape). Every
/// service's connections share it behind one lock.
public final class PipelineServeSession: Sendable {
    public let script: PipelineScript
    public let number: Int
    let speed: Double
    private let opened: ContinuousClock.Instant
    private let state: Mutex<State>
    /// OpenAI Responses' stored responses (their input contexts, for `previous_response_id`).
    let responses = ResponsesWire.Store()
    /// OpenAI TTS: the segment its sentence requests are speaking.
    let speech = OpenAITTSWire.Store()

    struct State: Sendable {
        var stt: any STTSession
        var llm: any LLMSession
        var tts: any TTSSession
        var llmCursor = 0
        var ttsCursor = 0
        var userCursor = 0
        var requests = 0
        var segments = 0
        var sockets = 0
        var inFlight = 0
        var payloads: [JSONValue] = []
        var totals = Totals()
        var metrics: [AgentMetrics] = []
        var recorded = false
        /// Agent turns whose LLM stream was cut (the client cancelled it): their TTS may never come.
        var cutTurns: Set<Int> = []
        /// Seconds of audio the STT connections received (every stretch heard).
        var sttReceived = 0.0
    }

    /// - Parameter elapsed: session seconds that had passed when the session opened: a connection that opens it
    ///   with audio recorded before it (OpenAI's batch transcription, whose first request carries the user's first
    ///   speech) starts the clock where that audio began.
    init(script: PipelineScript, number: Int, seed: UInt64, speed: Double, elapsed: Double = 0) throws(ScenarioError) {
        opened = ContinuousClock.now - .microseconds(Int64(max(elapsed, 0) / speed * 1_000_000))
        self.script = script
        self.number = number
        self.speed = speed
        let session = try script.makeSession(
            seed: seed, startTime: Date().timeIntervalSince1970, salt: UInt64(number))
        state = Mutex(State(stt: session.stt, llm: session.llm, tts: session.tts))
    }

    /// Seconds on the session clock.
    public var now: Double {
        let elapsed = ContinuousClock.now - opened
        return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18) * speed
    }

    /// Wall-clock seconds since the session opened (the session clock runs `speed` times faster).
    public var wallNow: Double { now / speed }

    /// Sleeps until the session clock reads `time` (at once if it already has).
    func wait(until time: Double) async throws {
        let delay = (time - now) / speed
        if delay > 0.0005 { try await Task.sleep(for: .microseconds(Int64(delay * 1_000_000))) }
    }

    var timing: PipelineTiming { script.timing }

    // MARK: Recording

    /// Records what the plugins produced: each payload (as sent, under its service) and each metrics event.
    func record(_ outputs: [ProviderOutput], role: ServiceRole) {
        state.withLock { state in Self.record(outputs, role: role, into: &state) }
    }

    private static func record(_ outputs: [ProviderOutput], role: ServiceRole, into state: inout State) {
        for output in outputs {
            if let payload = output.payload {
                state.payloads.append(
                    .object([
                        ("service", .string(role.rawValue)), ("type", .string(payload.type)), ("message", payload.json),
                    ]))
            }
            for metrics in output.metrics {
                state.metrics.append(metrics)
                state.totals.collect(metrics)
            }
        }
    }

    /// A connection opened (a websocket, or a streamed HTTP request).
    func opened(socket: Bool) {
        state.withLock { state in if socket { state.sockets += 1 } else { state.inFlight += 1 } }
    }

    /// A connection closed; true once the session is over: every agent turn served, nothing open.
    func closed(socket: Bool) -> Bool {
        state.withLock { state in
            if socket { state.sockets -= 1 } else { state.inFlight -= 1 }
            return Self.isOver(state, script)
        }
    }

    private static func isOver(_ state: State, _ script: PipelineScript) -> Bool {
        let spoken = script.agentTurns.filter { $0.speech != nil }
        let unspoken = spoken.dropFirst(state.ttsCursor).allSatisfy { state.cutTurns.contains($0.turn) }
        return state.sockets <= 0 && state.inFlight <= 0 && state.llmCursor >= script.agentTurns.count && unspoken
    }

    /// The session's record for the oracle, once (nil when already taken).
    func takeRecord() -> ServeOracle.SessionRecord? {
        state.withLock { state in
            guard !state.recorded else { return nil }
            state.recorded = true
            return ServeOracle.SessionRecord(
                number: number, scenario: script.scenario.name, payloads: state.payloads, totals: state.totals.json,
                sttReceivedSeconds: SessionClock.microseconds(state.sttReceived))
        }
    }

    /// Every metrics event the plugins produced so far, in order.
    public var metrics: [AgentMetrics] { state.withLock { $0.metrics } }

    // MARK: STT

    func sttConnect(at time: Double) -> [ProviderOutput] {
        state.withLock { state in
            var stt = state.stt
            let out = stt.connect(STTConnect(time: time))
            state.stt = stt
            Self.record(out, role: .stt, into: &state)
            return out
        }
    }

    func sttHear(_ event: STTHeard) -> [ProviderOutput] {
        state.withLock { state in
            state.sttReceived += event.audio.seconds
            var stt = state.stt
            let out = stt.hear(event)
            state.stt = stt
            Self.record(out, role: .stt, into: &state)
            return out
        }
    }

    /// The next spoken user turn the STT recognises (in the scenario's order), or nil when none is left.
    func nextUserTurn() -> (turn: Int, text: String?, textTokens: Int?, seconds: Double)? {
        state.withLock { state in
            guard state.userCursor < script.spokenUserTurns.count else { return nil }
            defer { state.userCursor += 1 }
            return script.spokenUserTurns[state.userCursor]
        }
    }

    func sttTranscribe(_ event: STTTranscript) -> [ProviderOutput] {
        state.withLock { state in
            var stt = state.stt
            let out = stt.transcribe(event)
            state.stt = stt
            Self.record(out, role: .stt, into: &state)
            return out
        }
    }

    func sttClose(at time: Double) -> [ProviderOutput] {
        state.withLock { state in
            var stt = state.stt
            let out = stt.close(STTClose(time: time))
            state.stt = stt
            Self.record(out, role: .stt, into: &state)
            return out
        }
    }

    // MARK: LLM

    /// One LLM request as the client sent it, answered by the scenario's next agent turn.
    struct LLMPlan: Sendable {
        var request: LLMRequest
        /// The stream's outputs if it runs to its end, in time order.
        var outputs: [ProviderOutput]
        /// The scenario's barge-in cuts this stream here (before its last token): the stream stops and waits for
        /// the client to go away.
        var holdAt: Double?
        /// The LLM session before this request, to bill a cut stream from.
        fileprivate var before: any LLMSession
    }

    enum LLMRefusal: Error {
        /// Every agent turn has been served.
        case scriptDone(turns: Int)
    }

    /// Starts a request whose context is `context`; the stream's outputs are billed when it ends (``llmFinish``).
    func llmBegin(context: [ContextItem], at time: Double) throws(LLMRefusal) -> LLMPlan {
        let timing = timing
        return try state.withLock { state throws(LLMRefusal) in
            guard state.llmCursor < script.agentTurns.count else {
                throw .scriptDone(turns: script.agentTurns.count)
            }
            let agent = script.agentTurns[state.llmCursor]
            state.llmCursor += 1
            let request = LLMRequest(
                index: state.requests, turn: agent.turn, speechID: "", context: context, reply: agent.reply,
                sentAt: time, firstTokenAt: SessionClock.microseconds(time + timing.llmTTFT),
                tokensPerSecond: timing.llmTokensPerSecond, replyTokens: agent.replyTokens)
            state.requests += 1
            var holdAt: Double?
            if let speech = agent.speech, speech.interruptedAfter != nil {
                let stop = SessionClock.microseconds(request.firstTokenAt + timing.ttsTTFB + speech.playedSeconds)
                if stop < request.lastTokenAt { holdAt = stop }
            }
            let before = state.llm
            var after = before
            let outputs = after.complete(request)
            state.llm = after
            return LLMPlan(request: request, outputs: outputs, holdAt: holdAt, before: before)
        }
    }

    /// The stream ended: whole (`cutAt` nil), or cut at `cutAt` (the client went away, or the scenario's barge-in
    /// came). Records what the plugin bills for it and returns those outputs.
    @discardableResult
    func llmFinish(_ plan: LLMPlan, cutAt: Double?) -> [ProviderOutput] {
        state.withLock { state in
            var outputs = plan.outputs
            if let cutAt, cutAt < plan.request.lastTokenAt {
                var request = plan.request
                request.cutAt = max(cutAt, request.sentAt)
                state.cutTurns.insert(request.turn)
                var session = plan.before
                outputs = session.complete(request)
                state.llm = session
            }
            Self.record(outputs, role: .llm, into: &state)
            return outputs
        }
    }

    // MARK: TTS

    /// The agent turn a TTS segment speaks: the first spoken turn from the cursor on whose text starts with `text`
    /// (else the one at the cursor); nil when every spoken turn has been synthesised.
    func ttsTurn(startingWith text: String) -> (index: Int, agent: PipelineScript.AgentTurn, segment: Int)? {
        state.withLock { state in
            let spoken = script.agentTurns.enumerated().filter { $0.element.speech != nil }
            guard state.ttsCursor < spoken.count else { return nil }
            let key = PipelineScript.normalized(text)
            var pick = state.ttsCursor
            for k in state.ttsCursor..<spoken.count {
                if case let .text(reply, _) = spoken[k].element.reply, PipelineScript.normalized(reply).hasPrefix(key) {
                    pick = k
                    break
                }
            }
            state.ttsCursor = pick + 1
            defer { state.segments += 1 }
            return (spoken[pick].offset, spoken[pick].element, state.segments)
        }
    }

    /// What the TTS plugin sends for `segment` (on a copy: nothing is billed).
    func ttsPlan(_ segment: TTSSegment) -> [ProviderOutput] {
        state.withLock { state in
            var tts = state.tts
            return tts.synthesize(segment)
        }
    }

    /// Bills a finished segment (its text as received, cut where the client left it) and records its outputs.
    @discardableResult
    func ttsFinish(_ segment: TTSSegment) -> [ProviderOutput] {
        state.withLock { state in
            var tts = state.tts
            let out = tts.synthesize(segment)
            state.tts = tts
            Self.record(out, role: .tts, into: &state)
            return out
        }
    }
}
