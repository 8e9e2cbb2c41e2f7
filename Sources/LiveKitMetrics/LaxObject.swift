import AgentSimJSON

/// Reads the fields of one JSON object the way pydantic 2 validates a model in lax
/// (Python) mode, as `Model.model_validate(json.loads(line))` does.
///
/// Accepted inputs, checked against pydantic 2.14:
/// - `int`: a JSON integer; a float with no fractional part (`3.0`); `true`/`false` (1/0);
///   a string holding an integer, optionally surrounded by whitespace, with `_` between digits
///   and an all-zero fraction (`"12"`, `" 1_000 "`, `"12.0"`). `3.5`, `"12.5"`, `"1e3"` are rejected.
/// - `float`: any JSON number; `true`/`false`; a string Python's `float()` accepts.
///   Non-finite results (`"inf"`, `"nan"`, `"1e400"`) are rejected here although pydantic
///   accepts them, because they have no JSON form to write back.
/// - `bool`: `true`/`false`; `0`/`1` and `0.0`/`1.0`; the strings `0, 1, f, t, n, y, no, yes,
///   off, on, false, true` in any letter case.
/// - `str`: only a JSON string.
///
/// Integers outside `Int`'s range are rejected (Python's ints are unbounded).
/// With repeated keys the last occurrence wins, as with Python's `json.loads`.
struct LaxObject {
    private let pairs: [(String, JSONValue)]
    /// Dotted path of this object ("" at the top level).
    let path: String

    /// Wraps `value`, which must be a JSON object; `path` names it in errors.
    init(_ value: JSONValue, path: String) throws(MetricsDecodingError) {
        guard case let .object(pairs) = value else {
            throw MetricsDecodingError(path: path, message: "expected an object, got \(LaxObject.show(value))")
        }
        self.pairs = pairs
        self.path = path
    }

    /// The raw value under `key` (last occurrence), or nil when absent.
    func raw(_ key: String) -> JSONValue? {
        pairs.last { $0.0 == key }?.1
    }

    /// Whether `key` is present (pydantic's `model_fields_set`).
    func has(_ key: String) -> Bool { raw(key) != nil }

    /// The dotted path of `key` inside this object.
    func path(of key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private func required(_ key: String) throws(MetricsDecodingError) -> JSONValue {
        guard let value = raw(key) else {
            throw MetricsDecodingError(path: path(of: key), message: "field required")
        }
        return value
    }

    private func mismatch(_ key: String, _ expected: String, _ value: JSONValue) -> MetricsDecodingError {
        MetricsDecodingError(path: path(of: key), message: "expected \(expected), got \(LaxObject.show(value))")
    }

    // MARK: scalar fields

    /// A required field converted by `convert`; `expected` names the type in errors.
    private func field<T>(
        _ key: String, _ expected: String, _ convert: (JSONValue) -> T?
    ) throws(MetricsDecodingError) -> T {
        let value = try required(key)
        guard let converted = convert(value) else { throw mismatch(key, expected, value) }
        return converted
    }

    /// A field with a default, used when the key is absent.
    private func field<T>(
        _ key: String, default fallback: T, _ expected: String, _ convert: (JSONValue) -> T?
    ) throws(MetricsDecodingError) -> T {
        guard raw(key) != nil else { return fallback }
        return try field(key, expected, convert)
    }

    /// A `T | None = None` field: nil when absent or null.
    private func optionalField<T>(
        _ key: String, _ expected: String, _ convert: (JSONValue) -> T?
    ) throws(MetricsDecodingError) -> T? {
        guard let value = raw(key), !value.isNull else { return nil }
        return try field(key, expected, convert)
    }

    private static func exactString(_ value: JSONValue) -> String? { value.stringValue }

    /// A required `int` field.
    func int(_ key: String) throws(MetricsDecodingError) -> Int { try field(key, "an integer", Self.laxInt) }
    /// An `int` field with a default.
    func int(_ key: String, default fallback: Int) throws(MetricsDecodingError) -> Int {
        try field(key, default: fallback, "an integer", Self.laxInt)
    }
    /// An `int | None = None` field.
    func optionalInt(_ key: String) throws(MetricsDecodingError) -> Int? {
        try optionalField(key, "an integer", Self.laxInt)
    }

    /// A required `float` field.
    func double(_ key: String) throws(MetricsDecodingError) -> Double {
        try field(key, "a finite number", Self.laxDouble)
    }
    /// A `float` field with a default.
    func double(_ key: String, default fallback: Double) throws(MetricsDecodingError) -> Double {
        try field(key, default: fallback, "a finite number", Self.laxDouble)
    }
    /// A `float | None = None` field.
    func optionalDouble(_ key: String) throws(MetricsDecodingError) -> Double? {
        try optionalField(key, "a finite number", Self.laxDouble)
    }

    /// A required `bool` field.
    func bool(_ key: String) throws(MetricsDecodingError) -> Bool { try field(key, "a boolean", Self.laxBool) }
    /// A `bool` field with a default.
    func bool(_ key: String, default fallback: Bool) throws(MetricsDecodingError) -> Bool {
        try field(key, default: fallback, "a boolean", Self.laxBool)
    }

    /// A required `str` field (only a JSON string).
    func string(_ key: String) throws(MetricsDecodingError) -> String { try field(key, "a string", Self.exactString) }
    /// A `str` field with a default.
    func string(_ key: String, default fallback: String) throws(MetricsDecodingError) -> String {
        try field(key, default: fallback, "a string", Self.exactString)
    }
    /// A `str | None = None` field.
    func optionalString(_ key: String) throws(MetricsDecodingError) -> String? {
        try optionalField(key, "a string", Self.exactString)
    }

    // MARK: nested models

    /// A required nested model (null is rejected).
    func object(_ key: String) throws(MetricsDecodingError) -> LaxObject {
        try LaxObject(try required(key), path: path(of: key))
    }

    /// A `Model | None` field: nil when absent or null.
    func optionalObject(_ key: String) throws(MetricsDecodingError) -> LaxObject? {
        guard let value = raw(key), !value.isNull else { return nil }
        return try LaxObject(value, path: path(of: key))
    }

    /// The `metadata: Metadata | None = None` field every metrics model has.
    func metadata() throws(MetricsDecodingError) -> Metadata? {
        guard let meta = try optionalObject("metadata") else { return nil }
        return Metadata(
            modelName: try meta.optionalString("model_name"),
            modelProvider: try meta.optionalString("model_provider")
        )
    }

    // MARK: conversions

    /// Compact JSON of a value, for error messages.
    static func show(_ value: JSONValue) -> String { value.compactString() }

    static func laxInt(_ value: JSONValue) -> Int? {
        switch value {
        case let .int(i): return i
        case let .bool(b): return b ? 1 : 0
        case let .double(d): return exactInt(d)
        case let .string(s): return parseIntString(s)
        default: return nil
        }
    }

    static func laxDouble(_ value: JSONValue) -> Double? {
        switch value {
        case let .int(i): return Double(i)
        case let .double(d): return d.isFinite ? d : nil
        case let .bool(b): return b ? 1.0 : 0.0
        case let .string(s):
            guard let d = parseFloatString(s), d.isFinite else { return nil }
            return d
        default: return nil
        }
    }

    static func laxBool(_ value: JSONValue) -> Bool? {
        switch value {
        case let .bool(b): return b
        case let .int(i): return i == 0 ? false : (i == 1 ? true : nil)
        case let .double(d): return d == 0 ? false : (d == 1 ? true : nil)
        case let .string(s):
            switch s.lowercased() {
            case "1", "t", "y", "on", "yes", "true": return true
            case "0", "f", "n", "no", "off", "false": return false
            default: return nil
            }
        default: return nil
        }
    }

    /// `d` as an `Int` when it has no fractional part and fits.
    static func exactInt(_ d: Double) -> Int? {
        // Range first, then compare the truncated value (no libm call, so no `-lm` needed).
        guard d.isFinite, d >= -9_223_372_036_854_775_808.0, d < 9_223_372_036_854_775_808.0 else { return nil }
        let i = Int(d)
        return Double(i) == d ? i : nil
    }

    private static func trimmed(_ s: String) -> Substring {
        var sub = Substring(s)
        while let c = sub.first, c.isWhitespace { sub.removeFirst() }
        while let c = sub.last, c.isWhitespace { sub.removeLast() }
        return sub
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// Scans `digit ("_"? digit)*` from `i`; returns the digits (underscores removed) and the end index,
    /// or nil if no digit is at `i` or an underscore is misplaced.
    private static func scanDigits(_ b: [UInt8], _ i: Int) -> (String, Int)? {
        var i = i
        var out: [UInt8] = []
        guard i < b.count, isDigit(b[i]) else { return nil }
        while i < b.count {
            if isDigit(b[i]) {
                out.append(b[i]); i += 1
            } else if b[i] == UInt8(ascii: "_"), i + 1 < b.count, isDigit(b[i + 1]), !out.isEmpty {
                i += 1
            } else {
                break
            }
        }
        return (String(decoding: out, as: UTF8.self), i)
    }

    /// pydantic's str → int: optional sign, digits with single underscores between them,
    /// optionally followed by `.` and one or more zeros; whitespace around is ignored.
    static func parseIntString(_ s: String) -> Int? {
        let b = Array(trimmed(s).utf8)
        var i = 0
        var sign = ""
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            if b[i] == UInt8(ascii: "-") { sign = "-" }
            i += 1
        }
        guard let (digits, end) = scanDigits(b, i) else { return nil }
        i = end
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard i < b.count else { return nil }
            while i < b.count, b[i] == UInt8(ascii: "0") { i += 1 }
        }
        guard i == b.count else { return nil }
        return Int(sign + digits)
    }

    /// Python's `float(str)` for finite decimal forms: optional sign, digits with single
    /// underscores between them, optional fraction and exponent; whitespace around is ignored.
    /// `inf`/`nan` spellings are recognised and yield non-finite values.
    static func parseFloatString(_ s: String) -> Double? {
        let t = trimmed(s)
        let b = Array(t.utf8)
        var i = 0
        var mantissa = ""
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            if b[i] == UInt8(ascii: "-") { mantissa = "-" }
            i += 1
        }
        let word = String(decoding: b[i...], as: UTF8.self).lowercased()
        if word == "inf" || word == "infinity" { return mantissa == "-" ? -.infinity : .infinity }
        if word == "nan" { return .nan }
        var sawDigits = false
        if let (intPart, end) = scanDigits(b, i) {
            mantissa += intPart; i = end; sawDigits = true
        }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            mantissa += "."
            if let (frac, end) = scanDigits(b, i) {
                mantissa += frac; i = end; sawDigits = true
            }
        }
        guard sawDigits else { return nil }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            mantissa += "e"
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                mantissa += b[i] == UInt8(ascii: "-") ? "-" : "+"
                i += 1
            }
            guard let (exp, end) = scanDigits(b, i) else { return nil }
            mantissa += exp; i = end
        }
        guard i == b.count else { return nil }
        if mantissa.hasSuffix(".") { mantissa += "0" }
        if mantissa.hasPrefix(".") { mantissa = "0" + mantissa }
        if mantissa.hasPrefix("-.") { mantissa = "-0" + mantissa.dropFirst() }
        return Double(mantissa)
    }
}
