import AgentSimCore

/// Finds a collector sum that reached the 64-bit bound. LiveKit's counters are Python ints, which keep
/// counting; agentsim's stop at `Int.max`, so such a figure would be wrong, and `check --events` reports
/// it as bad input instead of printing it.
enum SaturatedSum {
    /// The dotted path of the first integer at `Int.max` or `Int.min` in `value`, if any.
    static func find(in value: JSONValue, path: String) -> String? {
        switch value {
        case let .int(i) where i == .max || i == .min: return path
        case let .object(pairs):
            for (key, child) in pairs {
                if let found = find(in: child, path: "\(path).\(key)") { return found }
            }
        case let .array(items):
            for (index, child) in items.enumerated() {
                if let found = find(in: child, path: "\(path)[\(index)]") { return found }
            }
        default: break
        }
        return nil
    }

    /// The dotted path of the first infinite (or NaN) float in `value`, if any: a float sum that overflowed.
    static func findInfinite(in value: JSONValue, path: String) -> String? {
        switch value {
        case let .double(d) where !d.isFinite: return path
        case let .object(pairs):
            for (key, child) in pairs {
                if let found = findInfinite(in: child, path: "\(path).\(key)") { return found }
            }
        case let .array(items):
            for (index, child) in items.enumerated() {
                if let found = findInfinite(in: child, path: "\(path)[\(index)]") { return found }
            }
        default: break
        }
        return nil
    }
}
