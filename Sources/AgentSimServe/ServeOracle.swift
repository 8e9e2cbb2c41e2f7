import AgentSimCore
import AgentSimJSON
import AgentSimLoad
import Synchronization

/// What `agentsim serve` knows a correct collector holds: per served session, the native usage messages it sent and
/// the totals of the LiveKit metrics LiveKit's plugin builds from them, plus the sum over sessions. Shared by every
/// socket (behind a lock); `GET /agentsim/totals` serves it live and `--report` writes it at the end.
public final class ServeOracle: Sendable {
    /// One served session, as the oracle records it when its socket closes.
    public struct SessionRecord: Sendable {
        public var number: Int
        public var scenario: String
        public var payloads: [JSONValue]
        public var totals: JSONValue
        /// A pipeline's STT: seconds of audio its connections received (nil for a realtime session).
        public var sttReceivedSeconds: Double? = nil
    }

    public let scripts: [ServeScript]
    /// `--seed`: overrides every scenario's seed for the ids a session draws.
    public let seed: UInt64?
    private let state = Mutex(State())

    private struct State {
        var sessions: [SessionRecord] = []
        var sum = Totals().json
        var finished = 0
        var started = 0
        var open = 0
    }

    /// Sessions kept whole (payloads and totals) for the report; older ones still count in the sum.
    public static let keptSessions = 10_000

    public init(scripts: [ServeScript], seed: UInt64?) {
        self.scripts = scripts
        self.seed = seed
    }

    /// The scenario a new session plays: the one named, else the given files in turn (nil for an unknown name).
    func script(named name: String?) -> ServeScript? {
        if let name {
            return scripts.first { $0.scenario.name == name || $0.scenario.file == name }
        }
        let turn = state.withLock { state in state.started }
        return scripts.isEmpty ? nil : scripts[turn % scripts.count]
    }

    /// The `provider` scenario a new session plays: the one named, else the given files of that provider in turn.
    func script(named name: String?, provider: String) -> ServeScript? {
        let candidates = scripts.filter { $0.scenario.session.provider == provider }
        if let name {
            return candidates.first { $0.scenario.name == name || $0.scenario.file == name }
        }
        let turn = state.withLock { state in state.started }
        return candidates.isEmpty ? nil : candidates[turn % candidates.count]
    }

    /// Numbers sessions 0, 1, 2, … in the order they open.
    func nextSessionNumber() -> Int {
        state.withLock { state in
            state.started += 1
            state.open += 1
            return state.started - 1
        }
    }

    func record(number: Int, wire: OpenAIRealtimeWire) {
        record(number: number, scenario: wire.script.scenario.name, payloads: wire.payloads, totals: wire.totals)
    }

    /// Records a finished session of any wire: the usage messages it sent and its collector totals.
    func record(number: Int, scenario: String, payloads: [JSONValue], totals: Totals) {
        record(SessionRecord(number: number, scenario: scenario, payloads: payloads, totals: totals.json))
    }

    /// Records a finished session (its socket closed, or the pipeline session ended).
    func record(_ record: SessionRecord) {
        state.withLock { state in
            state.open -= 1
            state.finished += 1
            state.sum = TotalsJSON.add(state.sum, record.totals)
            let index = state.sessions.firstIndex { $0.number > record.number } ?? state.sessions.count
            state.sessions.insert(record, at: index)
            if state.sessions.count > Self.keptSessions { state.sessions.removeFirst() }
        }
    }

    /// Sessions finished so far, in the order they opened.
    public var sessions: [SessionRecord] { state.withLock { $0.sessions } }

    /// Sessions finished so far.
    public var sessionsFinished: Int { state.withLock { $0.finished } }

    /// Sessions whose sockets are still open.
    public var openSessions: Int { state.withLock { $0.open } }

    /// `{"sessions", "open", "totals": {…summed…}, "per_session": [{"session", "scenario", "provider_payloads",
    /// "totals"}]}`: the totals in the form `load --report` writes (`events`, `model_usage`, `usage_summary`,
    /// `usage_summary_v1_2`); the last ``keptSessions`` sessions listed whole.
    public var json: JSONValue {
        let (sessions, open, sum, finished) = state.withLock { ($0.sessions, $0.open, $0.sum, $0.finished) }
        return .object([
            ("sessions", .int(finished)), ("open", .int(open)), ("totals", sum),
            (
                "per_session",
                .array(
                    sessions.map { session in
                        .object([
                            ("session", .int(session.number)), ("scenario", .string(session.scenario)),
                            ("provider_payloads", .array(session.payloads)), ("totals", session.totals),
                        ])
                    })
            ),
        ])
    }
}
