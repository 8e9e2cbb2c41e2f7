import AgentSimCore

/// The collector bundle in a load run's oracle, in what it sent and in each fault's effect: the same
/// ``UsageTotals`` a session's record and `check` read.
public typealias Totals = UsageTotals

/// Sums of totals in their JSON form, as reports and collectors' answers carry them: every number is a sum
/// (LiveKit's collectors only ever `+=`), so adding two shards' totals field by field gives the whole run's.
public enum TotalsJSON {
    /// `a + b`: numbers added, `model_usage` entries matched by (`type`, `provider`, `model`) in first-seen order.
    public static func add(_ a: JSONValue, _ b: JSONValue) -> JSONValue {
        switch (a, b) {
        case let (.int(x), .int(y)): return .int(x.addingReportingOverflow(y).overflow ? Int.max : x + y)
        case (.int, .double), (.double, .int), (.double, .double):
            return .double((a.doubleValue ?? 0) + (b.doubleValue ?? 0))
        case let (.object(x), .object(y)):
            var out = x
            for (key, value) in y {
                if let i = out.firstIndex(where: { $0.0 == key }) {
                    out[i].1 = key == "model_usage" ? addEntries(out[i].1, value) : add(out[i].1, value)
                } else {
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

    static func addEntries(_ a: JSONValue, _ b: JSONValue) -> JSONValue {
        var out = a.arrayValue ?? []
        for entry in b.arrayValue ?? [] {
            let key = entryKey(entry)
            if let i = out.firstIndex(where: { entryKey($0) == key }) {
                out[i] = add(out[i], entry)
            } else {
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
