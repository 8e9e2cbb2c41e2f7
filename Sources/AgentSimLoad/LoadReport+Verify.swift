import AgentSimCore

extension LoadReport {
    /// `--verify`'s verdict, as the report keeps it: every field compared, the differences grouped by cause, the
    /// fields not reported and the extra ones; or the error when the collector's answer could not be read.
    public struct Verify: Codable, Sendable {
        /// A figure written as an integer when it is a count.
        struct Figure: Codable {
            var value: Double
            var isInteger: Bool

            init(_ value: Double, isInteger: Bool) {
                self.value = value
                self.isInteger = isInteger
            }

            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                if isInteger, abs(value) < 9e15 {
                    try container.encode(Int(value))
                } else {
                    try container.encode(value)
                }
            }

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let count = try? container.decode(Int.self) {
                    self.init(Double(count), isInteger: true)
                } else {
                    self.init(try container.decode(Double.self), isInteger: false)
                }
            }
        }

        /// One field compared.
        public struct Field: Codable, Sendable {
            public var field: String
            public var collector: Double
            public var oracle: Double
            public var isInteger: Bool

            enum CodingKeys: String, CodingKey { case field, collector, oracle }

            init(_ f: VerifyOutcome.Field) {
                field = f.field
                collector = f.collector
                oracle = f.oracle
                isInteger = f.isInteger
            }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(field, forKey: .field)
                try container.encode(Figure(collector, isInteger: isInteger), forKey: .collector)
                try container.encode(Figure(oracle, isInteger: isInteger), forKey: .oracle)
            }

            public init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                field = try container.decode(String.self, forKey: .field)
                let c = try container.decode(Figure.self, forKey: .collector)
                let o = try container.decode(Figure.self, forKey: .oracle)
                (collector, oracle, isInteger) = (c.value, o.value, c.isInteger && o.isInteger)
            }
        }

        /// One field that differs, the sentence naming the injected faults' events behind it (nil when they do
        /// not explain it) and the causes it is listed under.
        public struct Difference: Codable, Sendable {
            public var field: String
            public var collector: Double
            public var oracle: Double
            /// Whether both figures are counts (written as integers).
            public var isInteger: Bool
            public var explanation: String?
            public var causes: [String]

            enum CodingKeys: String, CodingKey { case field, collector, oracle, explanation, causes }

            init(_ d: VerifyOutcome.Difference) {
                field = d.field
                collector = d.collector
                oracle = d.oracle
                isInteger = d.isInteger
                explanation = d.explanation
                causes = d.causes
            }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(field, forKey: .field)
                try container.encode(Figure(collector, isInteger: isInteger), forKey: .collector)
                try container.encode(Figure(oracle, isInteger: isInteger), forKey: .oracle)
                try container.encodeNullable(explanation, forKey: .explanation)
                try container.encode(causes, forKey: .causes)
            }

            public init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                field = try container.decode(String.self, forKey: .field)
                let c = try container.decode(Figure.self, forKey: .collector)
                let o = try container.decode(Figure.self, forKey: .oracle)
                (collector, oracle, isInteger) = (c.value, o.value, c.isInteger && o.isInteger)
                explanation = try container.decodeIfPresent(String.self, forKey: .explanation)
                causes = try container.decodeIfPresent([String].self, forKey: .causes) ?? []
            }
        }

        /// A cause of differences: what it is, the events behind it (the injected faults' causes) and each
        /// field's share.
        public struct Cause: Codable, Sendable {
            public struct Share: Codable, Sendable {
                public var field: String
                public var amount: Double
                public var collector: Double
                public var oracle: Double
                public var isInteger: Bool

                enum CodingKeys: String, CodingKey { case field, amount, collector, oracle }

                init(_ s: VerifyOutcome.Cause.Share) {
                    field = s.field
                    amount = s.amount
                    collector = s.collector
                    oracle = s.oracle
                    isInteger = s.isInteger
                }

                public func encode(to encoder: any Encoder) throws {
                    var container = encoder.container(keyedBy: CodingKeys.self)
                    try container.encode(field, forKey: .field)
                    try container.encode(Figure(amount, isInteger: isInteger), forKey: .amount)
                    try container.encode(Figure(collector, isInteger: isInteger), forKey: .collector)
                    try container.encode(Figure(oracle, isInteger: isInteger), forKey: .oracle)
                }

                public init(from decoder: any Decoder) throws {
                    let container = try decoder.container(keyedBy: CodingKeys.self)
                    field = try container.decode(String.self, forKey: .field)
                    let a = try container.decode(Figure.self, forKey: .amount)
                    let c = try container.decode(Figure.self, forKey: .collector)
                    let o = try container.decode(Figure.self, forKey: .oracle)
                    (amount, collector, oracle) = (a.value, c.value, o.value)
                    isInteger = a.isInteger && c.isInteger && o.isInteger
                }
            }

            public var kind: String
            public var text: String
            public var events: Int?
            public var ids: [String]
            public var fields: [Share]

            enum CodingKeys: String, CodingKey { case kind = "cause", text, events, ids, fields }

            init(_ c: VerifyOutcome.Cause) {
                kind = c.kind
                text = c.text
                events = c.events
                ids = c.ids
                fields = c.fields.map(Share.init)
            }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(kind, forKey: .kind)
                try container.encode(text, forKey: .text)
                try container.encodeNullable(events, forKey: .events)
                try container.encode(ids, forKey: .ids)
                try container.encode(fields, forKey: .fields)
            }

            /// Whether it is the injected faults' effect.
            public var isFault: Bool { ["dropped", "duplicated", "resent"].contains(kind) }
        }

        /// What the collector held before the run.
        public struct Baseline: Codable, Sendable {
            public var events: Int?
            public var entries: Int
            public var holdsData: Bool

            enum CodingKeys: String, CodingKey {
                case events, entries = "model_usage_entries", holdsData = "holds_data"
            }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encodeNullable(events, forKey: .events)
                try container.encode(entries, forKey: .entries)
                try container.encode(holdsData, forKey: .holdsData)
            }
        }

        public var url: String
        public var livekitVersion: String?
        /// The collector's events after the run, as it reports them.
        public var collectorEvents: Int?
        /// Its events of this run (the change since the baseline).
        public var runEvents: Int?
        /// nil: the totals were compared as they are.
        public var baseline: Baseline?
        /// `reported`, `all` or the `--require-fields` list.
        public var requiredFields: String
        public var comparedFields: Int
        public var matches: Bool
        public var nothingCompared: Bool
        public var faultsExplainEverything: Bool
        public var reading: String?
        /// `--expect-faults` was given: a difference that is exactly the faults' effect passes.
        public var expectFaults: Bool
        public var causes: [Cause]
        public var differences: [Difference]
        public var notReported: [(group: String, fields: [String])]
        public var extra: [String]
        public var fields: [Field]
        /// Why the collector's answer could not be compared (then nothing else is filled in).
        public var error: String?

        /// `match`, `faults` (every difference is exactly the injected faults' effect), `differs` or `error`.
        public var verdict: String {
            error != nil ? "error" : matches ? "match" : faultsExplainEverything ? "faults" : "differs"
        }

        /// Whether `--verify` passes (exit 0).
        public var passed: Bool { error == nil && (matches || (expectFaults && faultsExplainEverything)) }

        enum CodingKeys: String, CodingKey {
            case url, verdict, passed, livekitVersion = "livekit_version", collectorEvents = "collector_events"
            case runEvents = "run_events", baseline, requiredFields = "required_fields"
            case comparedFields = "compared_fields", matches, nothingCompared = "nothing_compared"
            case faultsExplainEverything = "faults_explain_everything", reading, expectFaults = "expect_faults"
            case causes, differences, notReported = "not_reported", extra, fields, error
        }

        public init(_ v: VerifyOutcome, expectFaults: Bool) {
            url = v.url
            livekitVersion = v.livekitVersion
            collectorEvents = v.collectorEvents
            runEvents = v.runEvents
            baseline = v.baseline.map {
                Baseline(events: $0.events, entries: $0.entries, holdsData: $0.holdsData)
            }
            requiredFields = v.required.text
            comparedFields = v.comparedFields
            matches = v.matches
            nothingCompared = v.nothingCompared
            faultsExplainEverything = v.faultsExplainEverything
            reading = v.reading
            self.expectFaults = expectFaults
            causes = v.causes.map(Cause.init)
            differences = v.differences.map(Difference.init)
            notReported = v.notReported
            extra = v.extra
            fields = v.fields.map(Field.init)
        }

        /// A verify whose answer could not be read.
        public init(url: String, error: String, required: VerifyOptions.Required, expectFaults: Bool) {
            self.url = url
            self.error = error
            requiredFields = required.text
            comparedFields = 0
            matches = false
            nothingCompared = false
            faultsExplainEverything = false
            self.expectFaults = expectFaults
            causes = []
            differences = []
            notReported = []
            extra = []
            fields = []
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(url, forKey: .url)
            try container.encode(verdict, forKey: .verdict)
            try container.encode(passed, forKey: .passed)
            try container.encodeNullable(livekitVersion, forKey: .livekitVersion)
            try container.encodeNullable(collectorEvents, forKey: .collectorEvents)
            try container.encodeNullable(runEvents, forKey: .runEvents)
            try container.encodeNullable(baseline, forKey: .baseline)
            try container.encode(requiredFields, forKey: .requiredFields)
            try container.encode(comparedFields, forKey: .comparedFields)
            try container.encode(matches, forKey: .matches)
            try container.encode(nothingCompared, forKey: .nothingCompared)
            try container.encode(faultsExplainEverything, forKey: .faultsExplainEverything)
            try container.encodeNullable(reading, forKey: .reading)
            try container.encode(expectFaults, forKey: .expectFaults)
            try container.encode(causes, forKey: .causes)
            try container.encode(differences, forKey: .differences)
            var groups = container.nestedContainer(keyedBy: GroupKey.self, forKey: .notReported)
            for (group, names) in notReported { try groups.encode(names, forKey: GroupKey(stringValue: group)) }
            try container.encode(extra, forKey: .extra)
            try container.encode(fields, forKey: .fields)
            try container.encodeNullable(error, forKey: .error)
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            url = try container.decode(String.self, forKey: .url)
            livekitVersion = try container.decodeIfPresent(String.self, forKey: .livekitVersion)
            collectorEvents = try container.decodeIfPresent(Int.self, forKey: .collectorEvents)
            runEvents = try container.decodeIfPresent(Int.self, forKey: .runEvents)
            baseline = try container.decodeIfPresent(Baseline.self, forKey: .baseline)
            requiredFields = try container.decodeIfPresent(String.self, forKey: .requiredFields) ?? "reported"
            comparedFields = try container.decodeIfPresent(Int.self, forKey: .comparedFields) ?? 0
            matches = try container.decodeIfPresent(Bool.self, forKey: .matches) ?? false
            nothingCompared = try container.decodeIfPresent(Bool.self, forKey: .nothingCompared) ?? false
            faultsExplainEverything =
                try container.decodeIfPresent(Bool.self, forKey: .faultsExplainEverything) ?? false
            reading = try container.decodeIfPresent(String.self, forKey: .reading)
            expectFaults = try container.decodeIfPresent(Bool.self, forKey: .expectFaults) ?? false
            causes = try container.decodeIfPresent([Cause].self, forKey: .causes) ?? []
            differences = try container.decodeIfPresent([Difference].self, forKey: .differences) ?? []
            notReported = []
            if container.contains(.notReported) {
                let groups = try container.nestedContainer(keyedBy: GroupKey.self, forKey: .notReported)
                for key in groups.allKeys {
                    notReported.append((key.stringValue, try groups.decode([String].self, forKey: key)))
                }
            }
            extra = try container.decodeIfPresent([String].self, forKey: .extra) ?? []
            fields = try container.decodeIfPresent([Field].self, forKey: .fields) ?? []
            error = try container.decodeIfPresent(String.self, forKey: .error)
        }

        struct GroupKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
    }
}

extension KeyedEncodingContainer {
    /// Writes `value`, or `null` when it is nil (where the synthesised form would leave the key out).
    mutating func encodeNullable<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}
