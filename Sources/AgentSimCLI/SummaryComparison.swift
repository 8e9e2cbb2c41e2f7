import AgentSimCore

/// One field on which agentsim's collectors and LiveKit's disagree.
struct Mismatch: Sendable, Equatable, Codable {
    var field: String
    var agentsim: String
    var livekit: String
}

/// Field-by-field comparison of summaries: integers exactly, floats to 1e-9, lists entry by entry in order.
enum SummaryComparison {
    static let tolerance = 1e-9

    static func compare(_ ours: JSONValue?, _ theirs: JSONValue?, path: String) -> [Mismatch] {
        switch (ours, theirs) {
        case (nil, nil): return []
        case let (.some(a), .some(b)): return compareValues(a, b, path: path)
        case let (a, b): return [Mismatch(field: path, agentsim: show(a), livekit: show(b))]
        }
    }

    private static func compareValues(_ a: JSONValue, _ b: JSONValue, path: String) -> [Mismatch] {
        switch (a, b) {
        case let (.object(x), .object(y)):
            var out: [Mismatch] = []
            for (key, value) in x {
                out += compare(value, b[key], path: "\(path).\(key)")
            }
            for (key, value) in y where a[key] == nil {
                out.append(Mismatch(field: "\(path).\(key)", agentsim: "(missing)", livekit: show(value)))
            }
            return out
        case let (.array(x), .array(y)):
            guard x.count == y.count else {
                return [Mismatch(field: path, agentsim: "\(x.count) entries", livekit: "\(y.count) entries")]
            }
            return zip(x, y).enumerated().flatMap { compareValues($1.0, $1.1, path: "\(path)[\($0)]") }
        case (.int, _), (.double, _):
            guard let p = a.doubleValue, let q = b.doubleValue else {
                return [Mismatch(field: path, agentsim: show(a), livekit: show(b))]
            }
            if case let .int(i) = a, case let .int(j) = b {
                return i == j ? [] : [Mismatch(field: path, agentsim: show(a), livekit: show(b))]
            }
            return abs(p - q) <= tolerance ? [] : [Mismatch(field: path, agentsim: show(a), livekit: show(b))]
        default:
            return a == b ? [] : [Mismatch(field: path, agentsim: show(a), livekit: show(b))]
        }
    }

    private static func show(_ v: JSONValue?) -> String {
        guard let v else { return "(missing)" }
        if case let .string(s) = v { return s }
        return v.compactString()
    }
}
