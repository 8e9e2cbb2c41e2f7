import AgentSimCore

extension Verification {
    /// The fields of each `model_usage` entry type, in `model_dump` order (livekit-agents 1.8.9's records).
    public static let entryFields: [String: [String]] = {
        let records: [ModelUsage] = [
            .llm(LLMModelUsage(provider: "", model: "")), .tts(TTSModelUsage(provider: "", model: "")),
            .stt(STTModelUsage(provider: "", model: "")),
            .interruption(InterruptionModelUsage(provider: "", model: "")),
            .eot(EOTModelUsage(provider: "", model: "")),
        ]
        var fields: [String: [String]] = [:]
        for record in records { fields[record.type] = record.json().keys.filter { !identity.contains($0) } }
        return fields
    }()

    /// `UsageSummary`'s fields: livekit-agents 1.8.9's 18 (1.2.18's eight are among them).
    public static let summaryFields: [String] = UsageSummary().json().keys
    static let summaryFieldsV1_2: Set<String> = Set(UsageSummaryV1_2().json().keys)
    static let entryFieldSets: [String: Set<String>] = entryFields.mapValues(Set.init)
    static let identity: Set<String> = ["type", "provider", "model"]

    /// The readings of a run with faults: (duplicates counted?, resends counted?); drops are always missing.
    static let readings: [(duplicates: Double, resends: Double, text: String)] = [
        (0, 0, "the collector de-duplicates by event id"),
        (1, 0, "the collector counts duplicated events twice (it does not de-duplicate by event id)"),
        (0, 1, "the collector counted resent batches again"),
        (1, 1, "the collector counts duplicates and resent batches again (it does not de-duplicate by event id)"),
    ]

    /// Compares the collector's answer (or its change since `options.baseline`) with the oracle, field by field,
    /// and explains each difference. Linear in the number of entries and fields: every lookup is a dictionary's.
    /// - Parameters:
    ///   - collector: the answer after the run (validated by ``validate(_:url:)``).
    ///   - oracle: the totals a correct collector holds (`{"model_usage", "usage_summary", "usage_summary_v1_2"}`).
    public static func compare(
        collector: JSONValue, oracle: JSONValue, effects: FaultEffects, url: String,
        options: VerifyOptions = VerifyOptions()
    ) -> VerifyOutcome {
        var comparison = Comparison(collector: collector, oracle: oracle, effects: effects, options: options)
        comparison.run()
        return comparison.outcome(url: url)
    }

    static func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-9 * Swift.max(1, abs(a), abs(b))
    }

    /// The smallest set of effects (dropped −, duplicated +, resent +) whose sum is the difference, as (effect
    /// index, signed amount) pairs; nil when none is.
    static func smallestExplanation(difference: Double, effect: [Double]) -> [(Int, Double)]? {
        let signs: [Double] = [-1, 1, 1]
        var best: [Int]?
        for mask in 1..<8 {
            let chosen = (0..<3).filter { mask & (1 << $0) != 0 }
            guard chosen.allSatisfy({ effect[$0] != 0 }) else { continue }
            let sum = chosen.reduce(0.0) { $0 + signs[$1] * effect[$1] }
            if close(sum, difference), best == nil || chosen.count < best!.count { best = chosen }
        }
        return best.map { $0.map { ($0, signs[$0] * effect[$0]) } }
    }

    /// `a, b, c … and N more`.
    public static func idList(_ ids: [String], count: Int, shown: Int = 5) -> String {
        let head = ids.prefix(shown).joined(separator: ", ")
        return count > shown ? "\(head) … and \(count - shown) more" : head
    }

    /// `(type, provider, model)`: what a `model_usage` entry is matched by.
    struct EntryID: Hashable {
        var type: String
        var provider: String
        var model: String

        init(_ entry: JSONValue) {
            type = entry["type"]?.stringValue ?? "?"
            provider = entry["provider"]?.stringValue ?? ""
            model = entry["model"]?.stringValue ?? ""
        }

        /// ``TotalsJSON/entryKey(_:)``'s form: `llm_usage api.openai.com gpt-realtime`.
        var key: String { "\(type) \(provider) \(model)" }
    }

    /// The figures of one entry (or of a `usage_summary`), in their order, looked up by name.
    struct Row {
        var names: [String] = []
        var values: [String: JSONValue] = [:]

        init() {}

        /// The numbers of an object, leaving out `type`, `provider` and `model`; a repeated key is added.
        init(_ object: JSONValue?) {
            guard case let .object(pairs) = object ?? .null else { return }
            for (name, value) in pairs where !identity.contains(name) { add(name, value, sign: 1) }
        }

        mutating func add(_ name: String, _ value: JSONValue?, sign: Int) {
            guard let value else { return }
            if let old = values[name] {
                values[name] = Row.sum(old, value, sign: sign)
            } else {
                names.append(name)
                values[name] = Row.sum(nil, value, sign: sign)
            }
        }

        /// `a + sign × b`, an integer when both are (saturating), else a double.
        static func sum(_ a: JSONValue?, _ b: JSONValue, sign: Int) -> JSONValue {
            let isInteger = (a.map(Row.isInteger) ?? true) && Row.isInteger(b)
            if isInteger, case let .int(y) = b {
                var x = 0
                if case let .int(v) = a { x = v }
                let (product, productOverflow) = y.multipliedReportingOverflow(by: sign)
                let (total, overflow) = x.addingReportingOverflow(product)
                if !productOverflow, !overflow { return .int(total) }
                return .double(Double(x) + Double(sign) * Double(y))
            }
            return .double((a?.doubleValue ?? 0) + Double(sign) * (b.doubleValue ?? 0))
        }

        static func isInteger(_ value: JSONValue) -> Bool {
            if case .int = value { return true }
            return false
        }

        /// `self − other`, field by field (fields of either).
        func minus(_ other: Row) -> Row { combined(other, sign: -1) }

        /// `self + other`, field by field (fields of either).
        func plus(_ other: Row) -> Row { combined(other, sign: 1) }

        private func combined(_ other: Row, sign: Int) -> Row {
            var out = self
            for name in other.names { out.add(name, other.values[name], sign: sign) }
            return out
        }

        var holdsData: Bool { values.values.contains { ($0.doubleValue ?? 0) != 0 } }
    }

    /// `model_usage` entries by (type, provider, model), in their order.
    struct Table {
        var order: [EntryID] = []
        var rows: [EntryID: Row] = [:]

        init() {}

        init(_ usage: JSONValue?) {
            for entry in usage?.arrayValue ?? [] {
                guard case .object = entry else { continue }
                let id = EntryID(entry)
                let row = Row(entry)
                if let old = rows[id] {
                    rows[id] = old.plus(row)
                } else {
                    order.append(id)
                    rows[id] = row
                }
            }
        }

        /// `self − other`, entry by entry (entries of either).
        func minus(_ other: Table) -> Table {
            var out = Table()
            for id in order + other.order where out.rows[id] == nil {
                out.order.append(id)
                out.rows[id] = (rows[id] ?? Row()).minus(other.rows[id] ?? Row())
            }
            return out
        }
    }
}
