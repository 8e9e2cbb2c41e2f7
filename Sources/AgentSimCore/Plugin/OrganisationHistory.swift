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

    /// The keys two scenarios must share, as 64-bit FNV-1a hashes of an explicit encoding of what they hold:
    /// (instructions key, conversation key).
    ///
    /// Instructions: the provider, model, instructions, their token count and the options (as JSON). Conversation:
    /// those, the seed, the audio settings, both speaking rates, both latencies and every turn with every field.
    /// Each field is written with a tag and, for text, its length, so two different scenarios never write the same
    /// bytes; numbers are written as their bit patterns.
    public static func keys(of scenario: Scenario) -> (instructions: UInt64, conversation: UInt64) {
        let s = scenario.session
        var key = KeyEncoder()
        key.text(s.provider)
        key.optionalText(s.model)
        key.text(s.instructions)
        key.optionalInteger(s.instructionsTokens)
        var options = JSONWriter(capacity: 256)
        options.write(s.options.json)
        key.bytes(options.bytes)
        let instructions = key.hash
        key.integer(Int(truncatingIfNeeded: scenario.seed))
        let audio = s.audio
        for field in [audio.sampleRate, audio.frameMilliseconds, audio.bitrate, audio.complexity, audio.dtx ? 1 : 0] {
            key.integer(field)
        }
        for rate in [s.userWPM, s.agentWPM, s.responseLatency, s.toolCallLatency] { key.number(rate) }
        key.integer(scenario.turns.count)
        for turn in scenario.turns {
            switch turn.kind {
            case let .userSpeech(text, seconds, textTokens):
                key.tag(1)
                key.text(text)
                key.optionalNumber(seconds)
                key.optionalInteger(textTokens)
            case let .userSilence(seconds):
                key.tag(2)
                key.number(seconds)
            case let .userRecording(path, text, textTokens):
                key.tag(3)
                key.text(path)
                key.optionalText(text)
                key.optionalInteger(textTokens)
            case let .agentSpeech(text, seconds, interruptedAfter, textTokens):
                key.tag(4)
                key.text(text)
                key.optionalNumber(seconds)
                key.optionalNumber(interruptedAfter)
                key.optionalInteger(textTokens)
            case let .toolCall(call):
                key.tag(5)
                key.text(call.name)
                key.text(call.arguments)
                key.text(call.result)
                key.optionalInteger(call.argumentsTokens)
                key.optionalInteger(call.resultTokens)
            case let .instructions(text, tokens):
                key.tag(6)
                key.text(text)
                key.optionalInteger(tokens)
            }
        }
        return (instructions, key.hash)
    }

    /// FNV-1a over a stream of tagged fields.
    private struct KeyEncoder {
        private(set) var hash: UInt64 = 0xCBF2_9CE4_8422_2325

        mutating func tag(_ value: UInt8) {
            hash ^= UInt64(value)
            hash &*= 0x0000_0100_0000_01B3
        }

        mutating func bytes(_ data: some Collection<UInt8>) {
            integer(data.count)
            for byte in data { tag(byte) }
        }

        mutating func text(_ value: String) {
            tag(0x74)
            bytes(value.utf8)
        }

        mutating func optionalText(_ value: String?) {
            guard let value else { return tag(0) }
            text(value)
        }

        mutating func integer(_ value: Int) {
            var bits = UInt64(bitPattern: Int64(value))
            for _ in 0..<8 {
                tag(UInt8(truncatingIfNeeded: bits))
                bits >>= 8
            }
        }

        mutating func optionalInteger(_ value: Int?) {
            guard let value else { return tag(0) }
            tag(0x69)
            integer(value)
        }

        mutating func number(_ value: Double) {
            integer(Int(truncatingIfNeeded: Int64(bitPattern: value.bitPattern)))
        }

        mutating func optionalNumber(_ value: Double?) {
            guard let value else { return tag(0) }
            tag(0x64)
            number(value)
        }
    }

    /// The first position at which each key occurs in a sequence, to answer "did an earlier one send this?".
    public struct FirstSeen: Sendable {
        var heads: [UInt64: Int] = [:]
        var conversations: [UInt64: Int] = [:]

        public init() {}

        /// Records the scenario at `index` (indices recorded in increasing order).
        public mutating func record(_ scenario: Scenario, at index: Int) {
            record(keys: OrganisationHistory.keys(of: scenario), at: index)
        }

        /// Records a scenario by its ``OrganisationHistory/keys(of:)``, computed once by the caller.
        public mutating func record(keys k: (instructions: UInt64, conversation: UInt64), at index: Int) {
            if heads[k.instructions] == nil { heads[k.instructions] = index }
            if conversations[k.conversation] == nil { conversations[k.conversation] = index }
        }

        /// What the scenarios recorded before `index` sent, for `scenario` at `index`.
        public func history(of scenario: Scenario, at index: Int) -> OrganisationHistory {
            history(keys: OrganisationHistory.keys(of: scenario), at: index)
        }

        /// The same for a scenario given by its keys.
        public func history(keys k: (instructions: UInt64, conversation: UInt64), at index: Int) -> OrganisationHistory
        {
            OrganisationHistory(
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
