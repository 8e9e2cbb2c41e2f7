import AgentSimCore

/// The collector bundle in a load run's oracle, in what it sent and in each fault's effect: the same
/// ``UsageTotals`` a session's record and `check` read.
public typealias Totals = UsageTotals

/// Sums of totals in their JSON form, as reports and collectors' answers carry them: every number is a sum
/// (LiveKit's collectors only ever `+=`), so adding two shards' totals field by field gives the whole run's.
public enum TotalsJSON {
    /// A sum that left the range of its type: an integer past 2^63 − 1 (or below −2^63), a float past
    /// ±1.8 × 10^308.
    public struct Overflow: Error, Sendable {
        /// The dotted path of the field (`usage_summary.llm_prompt_tokens`, `model_usage[llm_usage x y].input_tokens`).
        public var field: String
    }

    /// `a + b`: numbers added, `model_usage` entries matched by (`type`, `provider`, `model`) in first-seen order. An
    /// integer sum that overflows stays at `Int.max` (`Int.min` below). Linear in the sizes of `a` and `b`.
    public static func add(_ a: JSONValue, _ b: JSONValue) -> JSONValue {
        (try? combine(a, b, checked: false, path: "")) ?? a
    }

    /// `a + b` as ``add(_:_:)`` adds them, refusing a sum that leaves its type's range.
    /// - Throws: ``Overflow`` naming the first such field.
    public static func checkedAdd(_ a: JSONValue, _ b: JSONValue) throws(Overflow) -> JSONValue {
        try combine(a, b, checked: true, path: "")
    }

    private static func combine(
        _ a: JSONValue, _ b: JSONValue, checked: Bool, path: String
    ) throws(Overflow)
        -> JSONValue
    {
        switch (a, b) {
        case let (.int(x), .int(y)):
            let (sum, overflow) = x.addingReportingOverflow(y)
            guard overflow else { return .int(sum) }
            if checked { throw Overflow(field: path) }
            return .int(y > 0 ? Int.max : Int.min)
        case (.int, .double), (.double, .int), (.double, .double):
            let sum = (a.doubleValue ?? 0) + (b.doubleValue ?? 0)
            if checked, !sum.isFinite { throw Overflow(field: path) }
            return .double(sum)
        case let (.object(x), .object(y)):
            var out = x
            var index: [String: Int] = [:]
            for (i, pair) in x.enumerated() where index[pair.0] == nil { index[pair.0] = i }
            for (key, value) in y {
                let child = path.isEmpty ? key : "\(path).\(key)"
                if let i = index[key] {
                    out[i].1 =
                        key == "model_usage"
                        ? try addEntries(out[i].1, value, checked: checked, path: child)
                        : try combine(out[i].1, value, checked: checked, path: child)
                } else {
                    index[key] = out.count
                    out.append((key, value))
                }
            }
            return .object(out)
        default:
            return a
        }
    }

    /// The key an entry of `model_usage` is matched by.
    public static func entryKey(_ entry: JSONValue) -> String {
        "\(entry["type"]?.stringValue ?? "?") \(entry["provider"]?.stringValue ?? "") "
            + "\(entry["model"]?.stringValue ?? "")"
    }

    private static func addEntries(
        _ a: JSONValue, _ b: JSONValue, checked: Bool, path: String
    ) throws(Overflow)
        -> JSONValue
    {
        var out = a.arrayValue ?? []
        var index: [String: Int] = [:]
        for (i, entry) in out.enumerated() where index[entryKey(entry)] == nil { index[entryKey(entry)] = i }
        for entry in b.arrayValue ?? [] {
            let key = entryKey(entry)
            if let i = index[key] {
                out[i] = try combine(out[i], entry, checked: checked, path: "\(path)[\(key)]")
            } else {
                index[key] = out.count
                out.append(entry)
            }
        }
        return .array(out)
    }

    /// The zero of the same shape as `a`.
    public static func zero(like a: JSONValue) -> JSONValue {
        switch a {
        case .int: return .int(0)
        case .double: return .double(0)
        case let .object(pairs):
            return .object(
                pairs.map { ($0.0, ["type", "provider", "model"].contains($0.0) ? $0.1 : zero(like: $0.1)) })
        case let .array(items): return .array(items.map(zero(like:)))
        default: return a
        }
    }
}
