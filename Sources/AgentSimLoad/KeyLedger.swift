import AgentSimCore
import Synchronization

/// The organisation-cache keys of a plan's sessions, recorded in plan order as the sessions give them, whatever order
/// they come in: session `i`'s ``OrganisationHistory`` is answered once every session before it has given its keys,
/// exactly as ``OrganisationHistory/FirstSeen`` over the whole plan answers it.
///
/// Every index from 0 up must be given (a session whose scenario does not load gives nil), or the sessions after it
/// wait: the load runner starts sessions in plan order, each gives its keys before anything else can fail.
final class KeyLedger: Sendable {
    typealias Keys = (instructions: UInt64, conversation: UInt64)

    private struct State {
        var firstSeen = OrganisationHistory.FirstSeen()
        /// Every index below has been recorded.
        var frontier = 0
        /// Keys given ahead of the frontier (nil inside: the scenario did not load).
        var given: [Int: Keys?] = [:]
        /// Histories answered at the frontier and not yet taken, and the sessions waiting for theirs.
        var answers: [Int: OrganisationHistory] = [:]
        var waiting: [Int: CheckedContinuation<OrganisationHistory, Never>] = [:]
    }

    private let state = Mutex(State())

    /// Records session `index`'s keys and returns what the sessions before it sent.
    @discardableResult
    func history(at index: Int, keys: Keys?) async -> OrganisationHistory {
        let ready: OrganisationHistory? = advance(giving: keys, at: index)
        if let ready { return ready }
        return await withCheckedContinuation { continuation in
            let answer: OrganisationHistory? = state.withLock { s in
                if let answer = s.answers.removeValue(forKey: index) { return answer }
                s.waiting[index] = continuation
                return nil
            }
            if let answer { continuation.resume(returning: answer) }
        }
    }

    /// Gives `keys`, moves the frontier over every index given, waking the sessions whose history is now known, and
    /// returns `index`'s history when it is.
    private func advance(giving keys: Keys?, at index: Int) -> OrganisationHistory? {
        var wake: [(CheckedContinuation<OrganisationHistory, Never>, OrganisationHistory)] = []
        let own: OrganisationHistory? = state.withLock { s in
            s.given[index] = .some(keys)
            while let next = s.given.removeValue(forKey: s.frontier) {
                let at = s.frontier
                var history = OrganisationHistory.none
                if let k = next {
                    history = s.firstSeen.history(keys: k, at: at)
                    s.firstSeen.record(keys: k, at: at)
                }
                if let waiter = s.waiting.removeValue(forKey: at) {
                    wake.append((waiter, history))
                } else {
                    s.answers[at] = history
                }
                s.frontier += 1
            }
            return s.answers.removeValue(forKey: index)
        }
        for (waiter, history) in wake { waiter.resume(returning: history) }
        return own
    }
}
