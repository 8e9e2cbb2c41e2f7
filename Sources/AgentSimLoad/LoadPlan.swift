import AgentSimCore

/// Which sessions a load run runs, in which order, each with its scenario, plugin, session id and id salt.
///
/// The plan is a pure function of its inputs: session `i` is the same whichever shard runs it, so shards
/// are disjoint, reproducible, and their union is the whole run.
public struct LoadPlan: Sendable {
    /// One scenario file the plan draws from.
    public struct Entry: Sendable {
        /// The file as given (`Scenarios/greeting.yaml`).
        public var label: String
        /// The file's name without directory and extension (`greeting`), as `--mix` names it.
        public var name: String
        public var scenario: Scenario
        public var plugin: any ProviderPlugin
        /// Relative weight under `--mix` (0: never drawn).
        public var weight: Int

        public init(label: String, name: String, scenario: Scenario, plugin: any ProviderPlugin, weight: Int = 1) {
            self.label = label
            self.name = name
            self.scenario = scenario
            self.plugin = plugin
            self.weight = weight
        }
    }

    /// Where sessions come from.
    public enum Source: Sendable {
        /// Scenario files: round-robin when every weight is 1, else drawn by weight from the seed and index.
        case scenarios([Entry])
        /// The random generator of `check --random`: every provider, model and knob.
        case random([any ProviderPlugin])
    }

    public var source: Source
    /// Sessions in the whole plan (all shards together).
    public var sessions: Int
    public var seed: UInt64
    public var shard: Shard
    /// Resolves a random scenario's plugin by id.
    public var plugins: [any ProviderPlugin]

    /// Where each organisation-cache key first occurs in the whole plan (all shards): session `i` sees as sent what a
    /// session with a smaller plan index sends (``OrganisationHistory``), whatever the pace, concurrency or shard.
    private var firstSeen = OrganisationHistory.FirstSeen()
    /// Each scenario entry's organisation-cache keys, computed once (``OrganisationHistory/keys(of:)``).
    private var entryKeys: [(instructions: UInt64, conversation: UInt64)] = []
    /// Random scenarios run unsharded: the keys in plan order as the sessions themselves parse their scenarios, so no
    /// scenario is generated and parsed twice (``sessionInPlanOrder(at:)``). Nil otherwise: `firstSeen` is
    /// computed up front.
    private var ledger: KeyLedger?

    public init(
        source: Source, sessions: Int, seed: UInt64, shard: Shard = Shard(index: 0, count: 1),
        plugins: [any ProviderPlugin]
    ) {
        self.source = source
        self.sessions = sessions
        self.seed = seed
        self.shard = shard
        self.plugins = plugins
        if case let .scenarios(entries) = source {
            entryKeys = entries.map { OrganisationHistory.keys(of: $0.scenario) }
        }
        if case .random = source, shard.count == 1 {
            // Unsharded random scenarios: each session parses its own scenario once and the ledger orders the keys.
            ledger = KeyLedger()
        } else {
            firstSeen = Self.firstOccurrences(source: source, sessions: sessions, seed: seed, entryKeys: entryKeys)
        }
    }

    /// One pass over the plan's indices. Scenario files: stops once every file with a weight has been drawn. Random:
    /// every index (a scenario that does not load is reported when its session runs).
    private static func firstOccurrences(
        source: Source, sessions: Int, seed: UInt64, entryKeys: [(instructions: UInt64, conversation: UInt64)]
    ) -> OrganisationHistory.FirstSeen {
        var seen = OrganisationHistory.FirstSeen()
        switch source {
        case let .scenarios(entries):
            guard !entries.isEmpty else { return seen }
            var left = Set(entries.indices.filter { entries[$0].weight > 0 })
            var index = 0
            while index < sessions, !left.isEmpty {
                let picked = pickIndex(entries, index: index, seed: seed)
                if left.remove(picked) != nil { seen.record(keys: entryKeys[picked], at: index) }
                index += 1
            }
        case let .random(plugins):
            guard !plugins.isEmpty else { return seen }
            for index in 0..<sessions {
                let generated = RandomScenario.make(index: index, seed: seed, plugins: plugins)
                if let scenario = try? ScenarioLoader.parse(generated.yaml, file: "\(generated.name).yaml") {
                    seen.record(scenario, at: index)
                }
            }
        }
        return seen
    }

    /// The plan indices this shard runs: `shard.index`, `shard.index + shard.count`, …
    public var indices: StrideTo<Int> { stride(from: shard.index, to: sessions, by: shard.count) }

    /// How many sessions this shard runs.
    public var shardSessions: Int {
        sessions > shard.index ? (sessions - shard.index + shard.count - 1) / shard.count : 0
    }

    /// The session id of plan index `index`: `s<seed>-<index>`. Event ids add `.<seq>`.
    public func sessionID(_ index: Int) -> String { "s\(seed)-\(index)" }

    /// Session `index` of the plan.
    /// - Throws: `ScenarioError` when a generated random scenario does not load (a bug, reported with its YAML).
    public func session(at index: Int) throws(ScenarioError) -> PlannedSession {
        let salt = Self.mix(seed ^ 0x6964_5F73_616C_7400, UInt64(index))  // "id_salt"
        switch source {
        case let .scenarios(entries):
            let position = Self.pickIndex(entries, index: index, seed: seed)
            let entry = entries[position]
            var planned = PlannedSession(
                index: index, id: sessionID(index), label: entry.name, scenario: entry.scenario, plugin: entry.plugin,
                idSalt: salt, organisation: firstSeen.history(keys: entryKeys[position], at: index))
            planned.entry = position
            return planned
        case let .random(plugins):
            let generated = RandomScenario.make(index: index, seed: seed, plugins: plugins)
            let scenario = try ScenarioLoader.parse(generated.yaml, file: "\(generated.name).yaml")
            let plugin = try scenario.session.plugin(from: self.plugins)
            var seen = firstSeen
            if ledger != nil {
                // The sessions before this one, found the slow way (the runner uses sessionInPlanOrder).
                seen = Self.firstOccurrences(source: source, sessions: index, seed: seed, entryKeys: [])
            }
            return PlannedSession(
                index: index, id: sessionID(index), label: generated.name, scenario: scenario, plugin: plugin,
                idSalt: salt,
                organisation: seen.history(of: scenario, at: index))
        }
    }

    /// Session `index` of the plan, as ``session(at:)`` gives it, for a caller that asks for every index in plan order
    /// (the load runner). Unsharded random scenarios are generated and parsed
    /// here once: the session's keys go to the ledger, and its history comes back once every session before it has
    /// given its keys (the runner starts sessions in plan order, so they all do).
    public func sessionInPlanOrder(at index: Int) async throws(ScenarioError) -> PlannedSession {
        guard let ledger, case let .random(plugins) = source else { return try session(at: index) }
        let salt = Self.mix(seed ^ 0x6964_5F73_616C_7400, UInt64(index))  // "id_salt"
        let generated = RandomScenario.make(index: index, seed: seed, plugins: plugins)
        let scenario: Scenario
        do throws(ScenarioError) {
            scenario = try ScenarioLoader.parse(generated.yaml, file: "\(generated.name).yaml")
        } catch {
            await ledger.history(at: index, keys: nil)  // later sessions must not wait for this one
            throw error
        }
        let organisation = await ledger.history(at: index, keys: OrganisationHistory.keys(of: scenario))
        let plugin = try scenario.session.plugin(from: self.plugins)
        return PlannedSession(
            index: index, id: sessionID(index), label: generated.name, scenario: scenario, plugin: plugin,
            idSalt: salt, organisation: organisation)
    }

    /// Round-robin over the entries when all weights are 1; otherwise a draw by weight from (seed, index).
    private static func pickIndex(_ entries: [Entry], index: Int, seed: UInt64) -> Int {
        if entries.allSatisfy({ $0.weight == 1 }) { return index % entries.count }
        let total = entries.reduce(0) { $0 + $1.weight }
        var draw = Int(Self.mix(seed ^ 0x6D69_785F_6472_6177, UInt64(index)) % UInt64(total))
        for (position, entry) in entries.enumerated() {
            if draw < entry.weight { return position }
            draw -= entry.weight
        }
        return entries.count - 1
    }

    /// SplitMix64's finaliser over two words: a well-spread 64-bit value for (a, b).
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var z = a &+ (b &+ 1) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One session of a plan.
public struct PlannedSession: Sendable {
    /// Index in the whole plan.
    public var index: Int
    /// `s<seed>-<index>`.
    public var id: String
    /// The scenario file's name, or the random scenario's.
    public var label: String
    public var scenario: Scenario
    public var plugin: any ProviderPlugin
    /// Mixed into the plugin's id seed, so this copy's request ids are its own.
    public var idSalt: UInt64
    /// What sessions with a smaller plan index send (the organisation's prompt cache).
    public var organisation = OrganisationHistory.none
    /// The position of its scenario file among the plan's entries; nil for a random scenario.
    public var entry: Int?
}

/// `--shard i/N`: this process runs plan indices i, i+N, i+2N, …
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `i/N` with 0 ≤ i < N.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 1_000_000, i >= 0, i < n
        else {
            return nil
        }
        index = i
        count = n
    }

    public var description: String { "\(index)/\(count)" }
}
