import AgentSimCore

extension LoadReport {
    /// The plan's settings as the command line gave them: shards of one plan have the same settings but the shard.
    public struct Plan: Codable, Sendable, Equatable {
        /// Where sessions come from: the random generator, or the scenario paths given.
        public enum Sources: Codable, Sendable, Equatable {
            case random
            case paths([String])

            /// As the summary names them: `random`, or the paths separated by spaces.
            public var text: String {
                switch self {
                case .random: "random"
                case let .paths(paths): paths.joined(separator: " ")
                }
            }

            public func encode(to encoder: any Encoder) throws {
                var single = encoder.singleValueContainer()
                switch self {
                case .random: try single.encode("random")
                case let .paths(paths): try single.encode(paths)
                }
            }

            public init(from decoder: any Decoder) throws {
                let single = try decoder.singleValueContainer()
                if let paths = try? single.decode([String].self) {
                    self = .paths(paths)
                    return
                }
                guard try single.decode(String.self) == "random" else {
                    throw DecodingError.dataCorruptedError(
                        in: single, debugDescription: "expected \"random\" or a list of scenario paths")
                }
                self = .random
            }
        }

        public var sources: Sources
        public var sessions: Int
        public var seed: Int
        /// ``LoadShape/description``.
        public var shape: String
        /// ``Pace/description``.
        public var pace: String
        public var envelope: String
        public var sessionUsageUpdates: Bool
        /// ``FaultSpec/description``.
        public var faults: String
        /// `--mix` as given.
        public var mix: String?
        /// ``Shard/description``; nil in a merged report (its shards are listed beside it).
        public var shard: String?

        enum CodingKeys: String, CodingKey {
            case sources, sessions, seed, shape, pace, envelope
            case sessionUsageUpdates = "session_usage_updates", faults, mix, shard
        }

        public init(
            sources: Sources, sessions: Int, seed: Int, shape: LoadShape, pace: Pace, envelope: String,
            sessionUsageUpdates: Bool, faults: FaultSpec, mix: String?, shard: Shard
        ) {
            self.sources = sources
            self.sessions = sessions
            self.seed = seed
            self.shape = shape.description
            self.pace = pace.description
            self.envelope = envelope
            self.sessionUsageUpdates = sessionUsageUpdates
            self.faults = faults.description
            self.mix = mix
            self.shard = shard.description
        }

        /// The settings every shard of this plan shares.
        public var withoutShard: Plan {
            var plan = self
            plan.shard = nil
            return plan
        }
    }
}
