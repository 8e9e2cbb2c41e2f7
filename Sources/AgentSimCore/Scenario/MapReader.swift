/// Reads one map of a scenario file key by key, checking each value's type and range, and
/// rejecting keys nobody asked for (typos) when `finish()` is called.
///
/// The scenario loader reads every section with it, and plugins read `session.options` with it,
/// so every knob gets the same `file:line:column` errors.
public struct MapReader {
    /// The dotted path of this map in the file (`session.audio`, `turns[3].agent`), used in messages.
    public let path: String
    public let location: SourceLocation
    private let entries: [(key: String, keyLocation: SourceLocation, value: ScenarioValue)]
    private var asked: [String] = []

    /// - Throws: `ScenarioError` when `value` is not a map or repeats a key.
    public init(_ value: ScenarioValue, path: String) throws(ScenarioError) {
        guard let entries = value.mapEntries else {
            throw ScenarioError("\(path): expected a map, got \(value.typeName)", at: value.location)
        }
        var seen: Set<String> = []
        for entry in entries where !seen.insert(entry.key).inserted {
            throw ScenarioError("\(path): key '\(entry.key)' appears more than once", at: entry.keyLocation)
        }
        self.path = path
        self.location = value.location
        self.entries = entries
    }

    /// The keys present in the map, in file order.
    public var keys: [String] { entries.map(\.key) }

    private func qualified(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The raw value under `key`, marking the key as known.
    public mutating func value(_ key: String) -> ScenarioValue? {
        asked.append(key)
        return entries.first { $0.key == key }?.value
    }

    /// Like `value(_:)` but a missing key is an error.
    public mutating func required(_ key: String, expected: String) throws(ScenarioError) -> ScenarioValue {
        guard let v = value(key) else {
            throw ScenarioError(
                "\(path.isEmpty ? "file" : path): missing required key '\(key)' (\(expected))", at: location)
        }
        return v
    }

    public mutating func string(_ key: String) throws(ScenarioError) -> String? {
        guard let v = value(key) else { return nil }
        return try Self.string(v, path: qualified(key))
    }

    /// Any scalar is accepted as text (YAML reads `yes` or `12` as non-strings, but a line of
    /// dialogue may well be "yes"); maps, lists and null are not.
    public static func string(_ v: ScenarioValue, path: String) throws(ScenarioError) -> String {
        switch v.kind {
        case let .string(s, _): return s
        case let .int(i): return String(i)
        case let .double(d): return String(d)
        case let .bool(b): return b ? "true" : "false"
        default: throw ScenarioError("\(path): expected a string, got \(v.typeName)", at: v.location)
        }
    }

    public mutating func int(_ key: String, in range: ClosedRange<Int> = 0...Int.max) throws(ScenarioError) -> Int? {
        guard let v = value(key) else { return nil }
        return try Self.int(v, path: qualified(key), in: range)
    }

    public static func int(
        _ v: ScenarioValue, path: String, in range: ClosedRange<Int> = 0...Int.max
    ) throws(ScenarioError) -> Int {
        let number: Int
        switch v.kind {
        case let .int(i): number = i
        case let .double(d) where d.isFinite && d.rounded() == d && abs(d) < 9.0e15: number = Int(d)
        default:
            throw ScenarioError(
                "\(path): expected a whole number\(describe(range)), got \(v.typeName)\(shown(v))", at: v.location)
        }
        guard range.contains(number) else {
            throw ScenarioError("\(path): expected a whole number\(describe(range)), got \(number)", at: v.location)
        }
        return number
    }

    /// A finite number within `range` (non-negative unless a range says otherwise).
    public mutating func double(
        _ key: String, in range: ClosedRange<Double> = 0...Double.greatestFiniteMagnitude
    ) throws(ScenarioError) -> Double? {
        guard let v = value(key) else { return nil }
        return try Self.double(v, path: qualified(key), in: range)
    }

    public static func double(
        _ v: ScenarioValue, path: String, in range: ClosedRange<Double> = 0...Double.greatestFiniteMagnitude
    ) throws(ScenarioError) -> Double {
        let number: Double
        switch v.kind {
        case let .int(i): number = Double(i)
        case let .double(d): number = d
        default:
            throw ScenarioError(
                "\(path): expected a number\(describe(range)), got \(v.typeName)\(shown(v))", at: v.location)
        }
        guard number.isFinite else {
            throw ScenarioError("\(path): expected a finite number, got \(number)", at: v.location)
        }
        guard range.contains(number) else {
            throw ScenarioError(
                "\(path): expected a number\(describe(range)), got \(JSONValue.format(number))", at: v.location)
        }
        return number
    }

    public mutating func bool(_ key: String) throws(ScenarioError) -> Bool? {
        guard let v = value(key) else { return nil }
        guard case let .bool(b) = v.kind else {
            throw ScenarioError(
                "\(qualified(key)): expected true or false, got \(v.typeName)\(Self.shown(v))", at: v.location)
        }
        return b
    }

    /// A string that must be one of `choices`.
    public mutating func choice(_ key: String, among choices: [String]) throws(ScenarioError) -> String? {
        guard let v = value(key) else { return nil }
        let s = try Self.string(v, path: qualified(key))
        guard choices.contains(s) else {
            throw ScenarioError(
                "\(qualified(key)): expected one of \(choices.joined(separator: ", ")), got '\(s)'", at: v.location)
        }
        return s
    }

    /// A list of whole numbers (for example turn indices).
    public mutating func intList(
        _ key: String, in range: ClosedRange<Int> = 0...Int.max
    ) throws(ScenarioError) -> [Int]? {
        guard let v = value(key) else { return nil }
        guard case let .list(items) = v.kind else {
            throw ScenarioError(
                "\(qualified(key)): expected a list of whole numbers, got \(v.typeName)", at: v.location)
        }
        var out: [Int] = []
        for (n, item) in items.enumerated() {
            out.append(try Self.int(item, path: "\(qualified(key))[\(n)]", in: range))
        }
        return out
    }

    /// A nested map, read with its own reader.
    public mutating func map(_ key: String) throws(ScenarioError) -> MapReader? {
        guard let v = value(key) else { return nil }
        return try MapReader(v, path: qualified(key))
    }

    /// Rejects every key that was never asked for, naming the keys that are accepted.
    public func finish() throws(ScenarioError) {
        try rejectUnknownKeys(allowed: asked)
    }

    /// Rejects any key not in `allowed` before reading (so a typo is named before a missing key is).
    public func rejectUnknownKeys(allowed: [String]) throws(ScenarioError) {
        for entry in entries where !allowed.contains(entry.key) {
            let known = Array(Set(allowed)).sorted().joined(separator: ", ")
            throw ScenarioError(
                "\(path.isEmpty ? "top level" : path): unknown key '\(entry.key)'; expected one of: \(known)",
                at: entry.keyLocation)
        }
    }

    private static func describe(_ range: ClosedRange<Int>) -> String {
        describe(lower: "\(range.lowerBound)", upper: range.upperBound == .max ? nil : "\(range.upperBound)")
    }

    private static func describe(_ range: ClosedRange<Double>) -> String {
        describe(
            lower: "\(range.lowerBound)",
            upper: range.upperBound == .greatestFiniteMagnitude ? nil : "\(range.upperBound)")
    }

    /// " from A to B", or " (A or more)" for an open range.
    private static func describe(lower: String, upper: String?) -> String {
        if let upper { return " from \(lower) to \(upper)" }
        return lower == "0" || lower == "0.0" ? " (0 or more)" : " (\(lower) or more)"
    }

    private static func shown(_ v: ScenarioValue) -> String {
        switch v.kind {
        case let .string(s, _): return " '\(s)'"
        case let .bool(b): return " (\(b))"
        default: return ""
        }
    }
}
