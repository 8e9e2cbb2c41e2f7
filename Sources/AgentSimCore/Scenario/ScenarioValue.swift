/// A value read from a scenario file, with the place it came from.
///
/// Plugins receive `session.options` in this form so that they can reject a bad knob with the
/// file, line and column of the offending value.
public struct ScenarioValue: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case null
        case bool(Bool)
        case int(Int)
        case double(Double)
        /// A string; `quoted` is true when the file wrote it in quotes (so `"12"` stays text).
        case string(String, quoted: Bool)
        case list([ScenarioValue])
        case map([(key: String, keyLocation: SourceLocation, value: ScenarioValue)])

        public static func == (lhs: Kind, rhs: Kind) -> Bool {
            switch (lhs, rhs) {
            case (.null, .null): return true
            case let (.bool(a), .bool(b)): return a == b
            case let (.int(a), .int(b)): return a == b
            case let (.double(a), .double(b)): return a == b
            case let (.string(a, qa), .string(b, qb)): return a == b && qa == qb
            case let (.list(a), .list(b)): return a == b
            case let (.map(a), .map(b)):
                return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
            default: return false
            }
        }
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// A short name of the value's type for error messages ("a number", "a map", …).
    public var typeName: String {
        switch kind {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .list: return "a list"
        case .map: return "a map"
        }
    }

    /// The entries when this is a map.
    public var mapEntries: [(key: String, keyLocation: SourceLocation, value: ScenarioValue)]? {
        if case let .map(entries) = kind { return entries }
        return nil
    }

    /// An empty map at `location`.
    public static func emptyMap(at location: SourceLocation) -> ScenarioValue {
        ScenarioValue(.map([]), at: location)
    }

    /// The value as plain JSON (for echoing options back in output).
    public var json: JSONValue {
        switch kind {
        case .null: return .null
        case let .bool(b): return .bool(b)
        case let .int(i): return .int(i)
        case let .double(d): return .double(d)
        case let .string(s, _): return .string(s)
        case let .list(items): return .array(items.map(\.json))
        case let .map(entries): return .object(entries.map { ($0.key, $0.value.json) })
        }
    }
}
