import AgentSimCore
import AsyncHTTPClient
import Foundation
import NIOCore

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
    /// GETs the collector's totals.
    /// - Throws: ``VerifyFailure`` when the URL cannot be reached, answers a non-2xx status or no JSON object.
    public static func fetch(_ url: String, timeoutSeconds: Double = 10) async throws -> JSONValue {
        let configuration = HTTPClient.Configuration.agentsim(timeoutSeconds: timeoutSeconds)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        defer { _ = client.shutdown() }
        let body: ByteBuffer
        let code: UInt
        do {
            let response = try await client.execute(
                HTTPClientRequest(url: url), timeout: .milliseconds(Int64(timeoutSeconds * 1000)))
            code = response.status.code
            body = try await response.body.collect(upTo: 64 << 20)
        } catch {
            throw VerifyFailure(
                description: "--verify \(url): cannot get the collector's totals: \(HTTPSink.describe(error))")
        }
        guard (200..<300).contains(code) else {
            throw VerifyFailure(
                description: "--verify \(url): the collector answered HTTP \(code): \(String(buffer: body).prefix(200))"
            )
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes: body.readableBytesView)
        } catch {
            throw VerifyFailure(
                description: "--verify \(url): the answer is not JSON (\(error)); expected {\"model_usage\": [...]}")
        }
        try validate(value, url: url)
        return value
    }

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
        if let theirs = collector["model_usage"] {
            let ours = oracle["model_usage"]?.arrayValue ?? []
            var keys: [String] = ours.map(TotalsJSON.entryKey)
            for entry in theirs.arrayValue ?? [] where !keys.contains(TotalsJSON.entryKey(entry)) {
                keys.append(TotalsJSON.entryKey(entry))
            }
            func find(_ list: JSONValue?, _ key: String) -> JSONValue? {
                list?.arrayValue?.first { TotalsJSON.entryKey($0) == key }
            }
            for key in keys {
                let a = find(theirs, key), b = find(oracle["model_usage"], key)
                var names: [String] = []
                for source in [b, a] {
                    for k in source?.keys ?? [] where !["type", "provider", "model"].contains(k) && !names.contains(k) {
                        names.append(k)
                    }
                }
                for name in names {
                    fields.append(
                        (
                            "model_usage[\(key)].\(name)", key, a?[name], b?[name],
                            terms.map { find($0["model_usage"], key)?[name] }
                        ))
                }
            }
        }
        if let summary = collector["usage_summary"] {
            let legacy = version.map { $0.hasPrefix("1.2.") } ?? (summary.keys.count <= 8)
            let key = legacy ? "usage_summary_v1_2" : "usage_summary"
            for name in summary.keys {
                fields.append(
                    ("usage_summary.\(name)", nil, summary[name], oracle[key]?[name], terms.map { $0[key]?[name] }))
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
