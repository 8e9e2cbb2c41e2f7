/// What earlier sessions of the same organisation sent, for providers whose prompt cache belongs to the
/// organisation rather than to one session (OpenAI Realtime).
///
/// "Earlier" is an order fixed before anything runs: the plan index in `agentsim load`, the index of the random
/// sequence in `check --random`. Session `i` sees what a session with a smaller index would send; since what a
/// session sends follows from its scenario alone, this is known from the plan without running anything, so it is
/// the same whatever the pace, concurrency or sharding. A single `agentsim run` has no earlier session.
public struct OrganisationHistory: Sendable, Equatable {
    /// An earlier session ran on the same provider and model with the same session options and instructions: the
    /// head of its every request (instructions, tools) is this session's head.
    public var sameInstructions: Bool
    /// An earlier session ran the same conversation (everything but the scenario's name): every request it sent is
    /// one this session sends.
    public var sameConversation: Bool

    public init(sameInstructions: Bool = false, sameConversation: Bool = false) {
        self.sameInstructions = sameInstructions || sameConversation
        self.sameConversation = sameConversation
    }

    /// No earlier session.
    public static let none = OrganisationHistory()

    /// The keys two scenarios must share, as 64-bit FNV-1a hashes of their canonical JSON: (instructions key,
    /// conversation key).
    public static func keys(of scenario: Scenario) -> (instructions: UInt64, conversation: UInt64) {
        let s = scenario.session
        let head: JSONValue = .array([
            .string(s.provider), s.model.map { .string($0) } ?? .null, .string(s.instructions),
            s.instructionsTokens.map { .int($0) } ?? .null, s.options.json,
        ])
        let turns: [JSONValue] = scenario.turns.map { turn in .string(String(describing: turn.kind)) }
        let audio = s.audio
        let conversation: JSONValue = .array([
            head, .int(Int(truncatingIfNeeded: scenario.seed)), .string(String(describing: audio)),
            .double(s.userWPM), .double(s.agentWPM), .double(s.responseLatency), .double(s.toolCallLatency),
            .array(turns),
        ])
        return (hash(head.compactString()), hash(conversation.compactString()))
    }

    private static func hash(_ text: String) -> UInt64 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01B3
        }
        return value
    }

    /// The first position at which each key occurs in a sequence, to answer "did an earlier one send this?".
    public struct FirstSeen: Sendable {
        var heads: [UInt64: Int] = [:]
        var conversations: [UInt64: Int] = [:]

        public init() {}

        /// Records the scenario at `index` (indices recorded in increasing order).
        public mutating func record(_ scenario: Scenario, at index: Int) {
            let k = OrganisationHistory.keys(of: scenario)
            if heads[k.instructions] == nil { heads[k.instructions] = index }
            if conversations[k.conversation] == nil { conversations[k.conversation] = index }
        }

        /// What the scenarios recorded before `index` sent, for `scenario` at `index`.
        public func history(of scenario: Scenario, at index: Int) -> OrganisationHistory {
            let k = OrganisationHistory.keys(of: scenario)
            return OrganisationHistory(
                sameInstructions: (heads[k.instructions] ?? index) < index,
                sameConversation: (conversations[k.conversation] ?? index) < index)
        }
    }

    /// For each scenario of `sequence`, in order: what the ones before it sent.
    public static func inOrder(_ sequence: [Scenario]) -> [OrganisationHistory] {
        var heads = Set<UInt64>(), conversations = Set<UInt64>()
        return sequence.map { scenario in
            let k = keys(of: scenario)
            defer {
                heads.insert(k.instructions)
                conversations.insert(k.conversation)
            }
            return OrganisationHistory(
                sameInstructions: heads.contains(k.instructions),
                sameConversation: conversations.contains(k.conversation))
        }
    }
}
