import AgentSimCore
import Foundation

/// What faults should have changed, in the totals' JSON form, with the ids behind each change.
public struct FaultEffects: Sendable {
    public struct Effect: Sendable {
        /// Totals of the events concerned (`{"model_usage", "usage_summary", "usage_summary_v1_2"}`).
        public var totals: JSONValue
        public var ids: [String]
        public var count: Int
        /// Per `model_usage` entry key (and ``EventSet/anyUsage``): the events with a figure there.
        public var byEntry: [String: (count: Int, ids: [String])]
        /// How a sentence names them: "dropped and never sent".
        public var what: String

        public init(
            totals: JSONValue, ids: [String], count: Int, byEntry: [String: (count: Int, ids: [String])] = [:],
            what: String
        ) {
            self.totals = totals
            self.ids = ids
            self.count = count
            self.byEntry = byEntry
            self.what = what
        }

        /// The events behind a figure of `entry` (nil: a summary field, any event with usage).
        func events(for entry: String?) -> (count: Int, ids: [String]) {
            if let found = byEntry[entry ?? EventSet.anyUsage] { return found }
            return (count, ids)
        }
    }

    public var dropped: Effect
    public var duplicated: Effect
    public var resent: Effect

    public init(dropped: Effect, duplicated: Effect, resent: Effect) {
        self.dropped = dropped
        self.duplicated = duplicated
        self.resent = resent
    }
}

/// One field on which the collector and the oracle differ, and what explains it.
public struct VerifiedDifference: Sendable {
    public var field: String
    public var collector: Double
    public var oracle: Double
    public var isInteger: Bool
    /// The sentence naming the events behind the difference, or nil when nothing explains it.
    public var explanation: String?
}

/// The verdict of `--verify`.
public struct VerifyOutcome: Sendable {
    public var url: String
    public var livekitVersion: String?
    public var collectorEvents: Int?
    public var comparedFields: Int
    public var differences: [VerifiedDifference]
    /// Whether every difference is exactly the documented effect of the injected faults, with one reading
    /// for the whole run (the collector de-duplicates by id or it does not).
    public var faultsExplainEverything: Bool
    /// That reading, in words ("does not de-duplicate by event id").
    public var reading: String?

    public var matches: Bool { differences.isEmpty }
}

/// A `--verify` answer that cannot be compared.
public struct VerifyFailure: Error, CustomStringConvertible {
    public var description: String
}

public enum Verification {
    /// Checks the answer's shape: an object with `model_usage` (a list of entries with `type`, `provider`,
    /// `model` and numbers) and/or `usage_summary` (numbers).
    static func validate(_ value: JSONValue, url: String) throws {
        let expected =
            "expected {\"model_usage\": [{\"type\": ..., \"provider\": ..., \"model\": ..., <field>: <number>, ...}]}"
        guard case .object = value else {
            throw VerifyFailure(description: "--verify \(url): the answer is not a JSON object; \(expected)")
        }
        guard value["model_usage"] != nil || value["usage_summary"] != nil else {
            throw VerifyFailure(
                description: "--verify \(url): the answer has no \"model_usage\" (nor \"usage_summary\"); \(expected)")
        }
        if let usage = value["model_usage"] {
            guard let entries = usage.arrayValue else {
                throw VerifyFailure(description: "--verify \(url): \"model_usage\" is not a list; \(expected)")
            }
            for (n, entry) in entries.enumerated() {
                guard case let .object(pairs) = entry else {
                    throw VerifyFailure(description: "--verify \(url): model_usage[\(n)] is not an object; \(expected)")
                }
                for key in ["type", "provider", "model"] where entry[key]?.stringValue == nil {
                    throw VerifyFailure(
                        description: "--verify \(url): model_usage[\(n)] has no string \"\(key)\"; \(expected)")
                }
                for (key, field) in pairs
                where !["type", "provider", "model"].contains(key) && field.doubleValue == nil {
                    throw VerifyFailure(
                        description:
                            "--verify \(url): model_usage[\(n)].\(key) is \(field.compactString()), not a number; "
                            + "\(expected)"
                    )
                }
            }
        }
        if let summary = value["usage_summary"] {
            guard case let .object(pairs) = summary else {
                throw VerifyFailure(description: "--verify \(url): \"usage_summary\" is not an object; \(expected)")
            }
            for (key, field) in pairs where field.doubleValue == nil {
                throw VerifyFailure(
                    description:
                        "--verify \(url): usage_summary.\(key) is \(field.compactString()), not a number; \(expected)")
            }
        }
    }

    /// Compares the collector's answer with the oracle field by field and explains each difference.
    public static func compare(
        collector: JSONValue, oracle: JSONValue, effects: FaultEffects, url: String
    ) -> VerifyOutcome {
        let version = collector["livekit_version"]?.stringValue
        var fields: [(String, String?, JSONValue?, JSONValue?, [JSONValue?])] = []
        let terms = [effects.dropped.totals, effects.duplicated.totals, effects.resent.totals]
        // Every lookup goes through a dictionary (first occurrence wins, as `first(where:)` and `value[key]` would):
        // the comparison is linear in the answer's size.
        if let theirs = collector["model_usage"] {
            let ours = oracle["model_usage"]?.arrayValue ?? []
            var keys: [String] = []
            var seen = Set<String>()
            for entry in ours + (theirs.arrayValue ?? []) where seen.insert(TotalsJSON.entryKey(entry)).inserted {
                keys.append(TotalsJSON.entryKey(entry))
            }
            let theirIndex = entryIndex(theirs), ourIndex = entryIndex(oracle["model_usage"])
            let termIndexes = terms.map { entryIndex($0["model_usage"]) }
            for key in keys {
                let a = theirIndex[key], b = ourIndex[key]
                var names: [String] = []
                var named = Set<String>()
                for source in [b, a] {
                    for k in source?.keys ?? []
                    where !["type", "provider", "model"].contains(k) && named.insert(k).inserted {
                        names.append(k)
                    }
                }
                let aFields = fieldIndex(a), bFields = fieldIndex(b)
                let termFields = termIndexes.map { fieldIndex($0[key]) }
                for name in names {
                    fields.append(
                        ("model_usage[\(key)].\(name)", key, aFields[name], bFields[name], termFields.map { $0[name] }))
                }
            }
        }
        if let summary = collector["usage_summary"] {
            let legacy = version.map { $0.hasPrefix("1.2.") } ?? (summary.keys.count <= 8)
            let key = legacy ? "usage_summary_v1_2" : "usage_summary"
            let theirFields = fieldIndex(summary), ourFields = fieldIndex(oracle[key])
            let termFields = terms.map { fieldIndex($0[key]) }
            for name in summary.keys {
                fields.append(
                    ("usage_summary.\(name)", nil, theirFields[name], ourFields[name], termFields.map { $0[name] }))
            }
        }
        var differences: [VerifiedDifference] = []
        // Readings: (duplicates counted?, resends counted?); drops are always missing.
        let readings: [(Double, Double, String)] = [
            (0, 0, "the collector de-duplicates by event id"),
            (1, 0, "the collector counts duplicated events twice (it does not de-duplicate by event id)"),
            (0, 1, "the collector counted resent batches again"),
            (1, 1, "the collector counts duplicates and resent batches again (it does not de-duplicate by event id)"),
        ]
        var consistent = readings.map { _ in true }
        for (name, entry, theirs, ours, effect) in fields {
            let c = theirs?.doubleValue ?? 0, o = ours?.doubleValue ?? 0
            let d = effect[0]?.doubleValue ?? 0, u = effect[1]?.doubleValue ?? 0, r = effect[2]?.doubleValue ?? 0
            for (i, reading) in readings.enumerated() where !close(c, o - d + reading.0 * u + reading.1 * r) {
                consistent[i] = false
            }
            guard !close(c, o) else { continue }
            let isInteger =
                (theirs.map { if case .int = $0 { return true } else { return false } } ?? true)
                && (ours.map { if case .int = $0 { return true } else { return false } } ?? true)
            differences.append(
                VerifiedDifference(
                    field: name, collector: c, oracle: o, isInteger: isInteger,
                    explanation: explain(
                        difference: c - o, dropped: d, duplicated: u, resent: r, effects: effects, entry: entry,
                        isInteger: isInteger)))
        }
        let chosen = differences.isEmpty ? nil : consistent.firstIndex(of: true)
        return VerifyOutcome(
            url: url, livekitVersion: version, collectorEvents: collector["events"]?.intValue,
            comparedFields: fields.count,
            differences: differences, faultsExplainEverything: differences.isEmpty || chosen != nil,
            reading: chosen.map { readings[$0].2 })
    }

    /// A `model_usage` list's entries by key, the first of each key.
    static func entryIndex(_ list: JSONValue?) -> [String: JSONValue] {
        var index: [String: JSONValue] = [:]
        for entry in list?.arrayValue ?? [] where index[TotalsJSON.entryKey(entry)] == nil {
            index[TotalsJSON.entryKey(entry)] = entry
        }
        return index
    }

    /// An object's fields by name, the first of each name.
    static func fieldIndex(_ object: JSONValue?) -> [String: JSONValue] {
        guard case let .object(pairs) = object ?? .null else { return [:] }
        var index: [String: JSONValue] = [:]
        for (key, value) in pairs where index[key] == nil { index[key] = value }
        return index
    }

    static func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-9 * Swift.max(1, abs(a), abs(b))
    }

    /// The smallest set of effects (dropped −, duplicated +, resent +) whose sum is the difference.
    static func explain(
        difference: Double, dropped: Double, duplicated: Double, resent: Double, effects: FaultEffects, entry: String?,
        isInteger: Bool
    ) -> String? {
        let parts: [(Double, FaultEffects.Effect, Double)] = [
            (dropped, effects.dropped, -1), (duplicated, effects.duplicated, 1), (resent, effects.resent, 1),
        ]
        var best: [Int]?
        for mask in 1..<8 {
            let chosen = (0..<3).filter { mask & (1 << $0) != 0 }
            guard chosen.allSatisfy({ parts[$0].0 != 0 }) else { continue }
            let sum = chosen.reduce(0.0) { $0 + parts[$1].2 * parts[$1].0 }
            if close(sum, difference), best == nil || chosen.count < best!.count { best = chosen }
        }
        guard let best else { return nil }
        return best.map { i in
            let (value, effect, sign) = parts[i]
            let amount = (sign < 0 ? "−" : "+") + Figures.number(value, isInteger: isInteger)
            let events = effect.events(for: entry)
            return
                "\(amount): \(events.count) event\(events.count == 1 ? "" : "s") \(effect.what) "
                + "(\(idList(events.ids, count: events.count)))"
        }.joined(separator: "; ")
    }

    /// `a, b, c … and N more`.
    public static func idList(_ ids: [String], count: Int, shown: Int = 5) -> String {
        let head = ids.prefix(shown).joined(separator: ", ")
        return count > shown ? "\(head) … and \(count - shown) more" : head
    }
}

extension Figures {
    /// `1,234` for integers, else up to 6 decimals.
    public static func number(_ value: Double, isInteger: Bool) -> String {
        if isInteger, abs(value) < 9e15 { return Int(value).formatted(.number.grouping(.automatic)) }
        return String(format: "%.6f", value)
    }
}
