import AgentSimCore

extension LoadReport {
    /// The faults injected, by event id.
    public struct Faults: Codable, Sendable {
        public struct Reordered: Codable, Sendable {
            public var count: Int
            /// The swapped pairs of event ids (up to ``FaultLog/idLimit``).
            public var pairs: [[String]]
        }

        public struct Delayed: Codable, Sendable {
            public var count: Int
        }

        /// ``FaultSpec/description`` (`none` without faults).
        public var spec: String
        public var dropped: Effect
        public var duplicated: Effect
        public var reordered: Reordered
        public var delayed: Delayed

        init(_ log: FaultLog, spec: FaultSpec) {
            self.spec = spec.description
            dropped = Effect(log.dropped)
            duplicated = Effect(log.duplicated)
            reordered = Reordered(count: log.reordered, pairs: log.reorderedPairs.map { [$0.0, $0.1] })
            delayed = Delayed(count: log.delayed)
        }

        /// Several shards' faults: counts summed, ids joined up to the limit; the first shard's spec.
        static func merge(_ all: [Faults]) throws(TotalsJSON.Overflow) -> Faults {
            var pairs: [[String]] = []
            var reordered = 0
            var delayed = 0
            for f in all {
                pairs += f.reordered.pairs.prefix(Swift.max(0, FaultLog.idLimit - pairs.count))
                reordered = try LoadReport.add(reordered, f.reordered.count, "faults.reordered.count")
                delayed = try LoadReport.add(delayed, f.delayed.count, "faults.delayed.count")
            }
            return Faults(
                spec: all.first?.spec ?? "none", dropped: try Effect.merge(all.map(\.dropped), field: "faults.dropped"),
                duplicated: try Effect.merge(all.map(\.duplicated), field: "faults.duplicated"),
                reordered: Reordered(count: reordered, pairs: pairs), delayed: Delayed(count: delayed))
        }

        init(spec: String, dropped: Effect, duplicated: Effect, reordered: Reordered, delayed: Delayed) {
            self.spec = spec
            self.dropped = dropped
            self.duplicated = duplicated
            self.reordered = reordered
            self.delayed = delayed
        }
    }

    /// A set of events the run singles out (dropped, duplicated, resent), as an ``EventSet`` reports it: how many,
    /// their ids, their totals, and per `model_usage` entry the ones with a figure there.
    public struct Effect: Codable, Sendable {
        public struct Entry: Sendable {
            public var key: String
            public var count: Int
            public var ids: [String]
        }

        public var count: Int
        public var ids: [String]
        /// ``UsageTotals/json`` of the events (`{}` when there are none to sum).
        public var totals: RawJSON
        public var byEntry: [Entry]

        enum CodingKeys: String, CodingKey {
            case count, ids, totals, byEntry = "by_entry"
        }

        private struct EntryKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        private enum EntryField: String, CodingKey { case count, ids }

        init(_ set: EventSet) {
            count = set.count
            ids = set.ids
            totals = RawJSON(set.totals.json)
            byEntry = set.byEntry.map { Entry(key: $0.key, count: $0.count, ids: $0.ids) }
        }

        init(count: Int, ids: [String], totals: RawJSON, byEntry: [Entry]) {
            self.count = count
            self.ids = ids
            self.totals = totals
            self.byEntry = byEntry
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(count, forKey: .count)
            try container.encode(ids, forKey: .ids)
            try container.encode(totals, forKey: .totals)
            var entries = container.nestedContainer(keyedBy: EntryKey.self, forKey: .byEntry)
            for entry in byEntry {
                var fields = entries.nestedContainer(keyedBy: EntryField.self, forKey: EntryKey(stringValue: entry.key))
                try fields.encode(entry.count, forKey: .count)
                try fields.encode(entry.ids, forKey: .ids)
            }
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            count = try container.decode(Int.self, forKey: .count)
            ids = try container.decode([String].self, forKey: .ids)
            totals = try container.decode(RawJSON.self, forKey: .totals)
            // Read in one pass over the entries (a keyed container would look each key up again).
            let entries = try container.decode(RawJSON.self, forKey: .byEntry)
            guard case let .object(pairs) = entries.value else {
                throw DecodingError.typeMismatch(
                    Any.self,
                    DecodingError.Context(
                        codingPath: container.codingPath + [CodingKeys.byEntry],
                        debugDescription: "expected an object, got \(entries.value.compactString().prefix(80))"))
            }
            byEntry = try pairs.map { key, value in
                guard case let .int(count) = value["count"] ?? .null, let list = value["ids"]?.arrayValue,
                    case .object = value
                else {
                    throw DecodingError.dataCorrupted(
                        DecodingError.Context(
                            codingPath: container.codingPath + [CodingKeys.byEntry, EntryKey(stringValue: key)],
                            debugDescription: "expected {\"count\": <whole number>, \"ids\": [<string>, …]}"))
                }
                let ids = list.compactMap(\.stringValue)
                guard ids.count == list.count else {
                    throw DecodingError.dataCorrupted(
                        DecodingError.Context(
                            codingPath: container.codingPath + [CodingKeys.byEntry, EntryKey(stringValue: key)],
                            debugDescription: "expected ids to be strings"))
                }
                return Entry(key: key, count: count, ids: ids)
            }
        }

        /// Event sets added: counts summed, ids joined up to ``FaultLog/idLimit``, totals added, per entry too.
        /// - Throws: ``TotalsJSON/Overflow`` when a count or total passes its type's range.
        /// - Parameter field: where the sets are in a report (`faults.dropped`), for the overflow's message.
        static func merge(_ sets: [Effect], field: String = "") throws(TotalsJSON.Overflow) -> Effect {
            let at = field.isEmpty ? "" : field + "."
            var ids: [String] = []
            var count = 0
            var totals: JSONValue?
            var byEntry: [Entry] = []
            var index: [String: Int] = [:]
            for set in sets {
                count = try LoadReport.add(count, set.count, at + "count")
                ids += set.ids.prefix(Swift.max(0, FaultLog.idLimit - ids.count))
                if let sum = totals {
                    do { totals = try TotalsJSON.checkedAdd(sum, set.totals.value) } catch {
                        throw TotalsJSON.Overflow(field: at + "totals." + error.field)
                    }
                } else {
                    totals = set.totals.value
                }
                for entry in set.byEntry {
                    if let i = index[entry.key] {
                        byEntry[i].count = try LoadReport.add(
                            byEntry[i].count, entry.count, at + "by_entry[\(entry.key)].count")
                        byEntry[i].ids += entry.ids.prefix(Swift.max(0, FaultLog.idLimit - byEntry[i].ids.count))
                    } else {
                        index[entry.key] = byEntry.count
                        byEntry.append(entry)
                    }
                }
            }
            return Effect(count: count, ids: ids, totals: RawJSON(totals ?? .object([])), byEntry: byEntry)
        }

        /// The effect `--verify` explains a difference with, in words (`what`: "dropped … and never sent").
        func effect(what: String) -> FaultEffects.Effect {
            var entries: [String: (count: Int, ids: [String])] = [:]
            for entry in byEntry { entries[entry.key] = (entry.count, entry.ids) }
            return FaultEffects.Effect(totals: totals.value, ids: ids, count: count, byEntry: entries, what: what)
        }
    }
}
