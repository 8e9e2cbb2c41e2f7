import AgentSimCore

/// Which model responses a quirk applies to, by response index (0 for the session's first
/// response, then 1, 2, …; tool calls count as responses).
///
/// Written in `session.options` as `all`, `none`, `true`, `false`, a list of indices (`[1, 4]`),
/// or `{every: N, from: K}` (responses K, K+N, K+2N, …).
struct ResponseSelector: Sendable, Equatable {
    private enum Form: Sendable, Equatable {
        case none
        case all
        case indices(Set<Int>)
        case every(Int, from: Int)
    }

    private let form: Form

    static let none = ResponseSelector(form: .none)
    static let all = ResponseSelector(form: .all)

    static func indices(_ list: [Int]) -> ResponseSelector { ResponseSelector(form: .indices(Set(list))) }
    static func every(_ n: Int, from k: Int = 0) -> ResponseSelector {
        ResponseSelector(form: .every(max(1, n), from: k))
    }

    func contains(_ index: Int) -> Bool {
        switch form {
        case .none: return false
        case .all: return true
        case let .indices(set): return set.contains(index)
        case let .every(n, from): return index >= from && (index - from) % n == 0
        }
    }

    var isEmpty: Bool { form == .none || form == .indices([]) }

    static let expectedForm = "all, none, a list of response indices, or {every: N, from: K}"

    /// Reads a selector value; `path` names it in messages.
    static func read(_ value: ScenarioValue, path: String) throws(ScenarioError) -> ResponseSelector {
        switch value.kind {
        case let .bool(b):
            return b ? .all : .none
        case let .string(s, _):
            switch s {
            case "all": return .all
            case "none": return .none
            default: throw ScenarioError("\(path): expected \(expectedForm), got '\(s)'", at: value.location)
            }
        case let .list(items):
            var indices: [Int] = []
            for (n, item) in items.enumerated() {
                indices.append(try MapReader.int(item, path: "\(path)[\(n)]", in: 0...1_000_000))
            }
            return .indices(indices)
        case .map:
            var r = try MapReader(value, path: path)
            try r.rejectUnknownKeys(allowed: ["every", "from"])
            let every = try MapReader.int(
                try r.required("every", expected: "responses between two selected ones, 1 or more"),
                path: "\(path).every", in: 1...1_000_000)
            let from = try r.int("from", in: 0...1_000_000) ?? 0
            try r.finish()
            return .every(every, from: from)
        default:
            throw ScenarioError("\(path): expected \(expectedForm), got \(value.typeName)", at: value.location)
        }
    }
}
