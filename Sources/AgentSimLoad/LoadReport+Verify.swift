import AgentSimCore

extension LoadReport {
    /// `--verify`'s verdict, as the report keeps it.
    public struct Verify: Codable, Sendable {
        public struct Difference: Codable, Sendable {
            public var field: String
            public var collector: Double
            public var oracle: Double
            /// Whether both figures are counts (written as integers).
            public var isInteger: Bool
            public var explanation: String?

            enum CodingKeys: String, CodingKey { case field, collector, oracle, explanation }

            init(_ d: VerifiedDifference) {
                field = d.field
                collector = d.collector
                oracle = d.oracle
                isInteger = d.isInteger
                explanation = d.explanation
            }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(field, forKey: .field)
                if isInteger {
                    try container.encode(Int(collector), forKey: .collector)
                    try container.encode(Int(oracle), forKey: .oracle)
                } else {
                    try container.encode(collector, forKey: .collector)
                    try container.encode(oracle, forKey: .oracle)
                }
                try container.encodeNullable(explanation, forKey: .explanation)
            }

            public init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                field = try container.decode(String.self, forKey: .field)
                let collectorCount = try? container.decode(Int.self, forKey: .collector)
                let oracleCount = try? container.decode(Int.self, forKey: .oracle)
                collector = try container.decode(Double.self, forKey: .collector)
                oracle = try container.decode(Double.self, forKey: .oracle)
                isInteger = collectorCount != nil && oracleCount != nil
                explanation = try container.decodeIfPresent(String.self, forKey: .explanation)
            }
        }

        public var url: String
        public var livekitVersion: String?
        public var collectorEvents: Int?
        public var comparedFields: Int
        public var matches: Bool
        public var faultsExplainEverything: Bool
        public var reading: String?
        public var differences: [Difference]

        enum CodingKeys: String, CodingKey {
            case url, livekitVersion = "livekit_version", collectorEvents = "collector_events"
            case comparedFields = "compared_fields", matches
            case faultsExplainEverything = "faults_explain_everything", reading, differences
        }

        public init(_ v: VerifyOutcome) {
            url = v.url
            livekitVersion = v.livekitVersion
            collectorEvents = v.collectorEvents
            comparedFields = v.comparedFields
            matches = v.matches
            faultsExplainEverything = v.faultsExplainEverything
            reading = v.reading
            differences = v.differences.map(Difference.init)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(url, forKey: .url)
            try container.encodeNullable(livekitVersion, forKey: .livekitVersion)
            try container.encodeNullable(collectorEvents, forKey: .collectorEvents)
            try container.encode(comparedFields, forKey: .comparedFields)
            try container.encode(matches, forKey: .matches)
            try container.encode(faultsExplainEverything, forKey: .faultsExplainEverything)
            try container.encodeNullable(reading, forKey: .reading)
            try container.encode(differences, forKey: .differences)
        }
    }
}

extension KeyedEncodingContainer {
    /// Writes `value`, or `null` when it is nil (where the synthesised form would leave the key out).
    mutating func encodeNullable<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}
