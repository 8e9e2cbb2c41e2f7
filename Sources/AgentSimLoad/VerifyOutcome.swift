import AgentSimCore

/// The verdict of `--verify`: every field compared, the differences grouped by cause, the oracle's fields the
/// collector does not report and the ones it reports that agentsim does not know.
public struct VerifyOutcome: Sendable {
    /// What the collector held before the run, when `--verify` read it (the change since is what is compared).
    public struct Baseline: Sendable, Equatable {
        /// The collector's `events` then, when it reports one.
        public var events: Int?
        /// Its `model_usage` entries then.
        public var entries: Int
        /// Whether it held any figure other than 0 (or any event).
        public var holdsData: Bool

        public init(events: Int?, entries: Int, holdsData: Bool) {
            self.events = events
            self.entries = entries
            self.holdsData = holdsData
        }
    }

    public var url: String
    public var livekitVersion: String?
    /// The collector's `events` after the run, when it reports one.
    public var collectorEvents: Int?
    /// Its events of this run: the change since the baseline (the count after the run without one).
    public var runEvents: Int?
    /// nil: the totals were compared as they are (`--no-baseline`, `merge`, `serve`).
    public var baseline: Baseline?
    public var required: VerifyOptions.Required
    /// Every field compared, in the oracle's order, then the collector's entries the oracle does not have.
    public var fields: [Field]
    public var differences: [Difference]
    /// The differences grouped by cause, the injected faults first.
    public var causes: [Cause]
    /// Per entry `type` (and `usage_summary`), the oracle's fields with a figure other than 0 that the collector
    /// does not report: not compared.
    public var notReported: [(group: String, fields: [String])]
    /// Fields the collector reports that agentsim does not know (`llm_usage.cost_usd`): not compared.
    public var extra: [String]
    /// The collector reports none of the oracle's fields with a figure: nothing could be compared.
    public var nothingCompared: Bool
    /// Whether every difference is exactly the documented effect of the injected faults, with one reading
    /// for the whole run (the collector de-duplicates by id or it does not).
    public var faultsExplainEverything: Bool
    /// That reading, in words ("does not de-duplicate by event id").
    public var reading: String?

    public var comparedFields: Int { fields.count }
    public var matches: Bool { differences.isEmpty && !nothingCompared }
}

extension VerifyOutcome {
    /// One field compared: the collector's figure (its change since the baseline, or its total) and the oracle's.
    public struct Field: Sendable {
        /// `model_usage[llm_usage api.openai.com gpt-realtime].input_tokens` or `usage_summary.llm_prompt_tokens`.
        public var field: String
        public var collector: Double
        public var oracle: Double
        /// Whether both figures are counts (written as integers).
        public var isInteger: Bool
    }

    /// One field on which the collector and the oracle differ, and what explains it.
    public struct Difference: Sendable {
        public var field: String
        public var collector: Double
        public var oracle: Double
        public var isInteger: Bool
        /// The sentence naming the events behind the difference, or nil when the injected faults do not explain it.
        public var explanation: String?
        /// The ``Cause/kind`` of each cause it is listed under.
        public var causes: [String]
    }

    /// A cause of differences, with the fields it covers.
    public struct Cause: Sendable {
        /// One field's share of the cause: the faults' effect on it, or the whole difference.
        public struct Share: Sendable {
            public var field: String
            /// Collector − oracle, or the part of it this cause explains.
            public var amount: Double
            public var collector: Double
            public var oracle: Double
            public var isInteger: Bool
        }

        /// `dropped`, `duplicated`, `resent` (the injected faults); `unknown-entry`, `missing-entry`,
        /// `required-not-reported`, `times-N`, `more`, `less`, `nothing-compared` (not their effect).
        public var kind: String
        /// What it is, in words ("4 events dropped by the fault injector and never sent").
        public var text: String
        /// The events behind it (the injected faults' causes only).
        public var events: Int?
        public var ids: [String]
        public var fields: [Share]
        /// Whether it is the injected faults' effect.
        public var isFault: Bool { ["dropped", "duplicated", "resent"].contains(kind) }
    }
}
