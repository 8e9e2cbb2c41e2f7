/// Why a JSON text could not be parsed, with the 1-based line and column of the problem.
///
/// `line` counts line feeds (U+000A) before the problem plus one; `column` counts Unicode scalars
/// (code points) from the start of that line plus one, as Python's `json` module does.
/// `description` is `line:column: message`.
public struct JSONParseError: Error, Sendable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let message: String
    public var description: String { "\(line):\(column): \(message)" }
}

extension JSONValue {
    /// Parses one JSON text strictly by RFC 8259, keeping object keys in their order.
    ///
    /// agentsim reads answers from third-party collectors with this, so it accepts what RFC 8259
    /// allows and nothing else (it rejects everything Python's `json.loads` rejects, and also the
    /// `NaN`, `Infinity` and `-Infinity` Python lets through):
    /// - Numbers match `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` exactly (no `01`, `1.`, `.5`,
    ///   `+1`, `1e`, hex). An integer without fraction or exponent is `.int` when it fits in `Int`;
    ///   beyond `Int`'s range it is `.double`, the nearest one (exact only up to 2^53; Python keeps
    ///   big integers exactly, agentsim cannot). A number with a fraction or exponent is `.double`.
    ///   A number whose magnitude rounds past `Double.greatestFiniteMagnitude` (`1e400`) is an
    ///   error, "number out of range"; one that underflows (`1e-400`) is `0.0`, as in Python.
    /// - Literals are exactly `true`, `false` and `null`.
    /// - Strings: the only escapes are `\" \\ \/ \b \f \n \r \t \uXXXX`; U+0000–U+001F must be escaped;
    ///   a `\u` surrogate pair becomes one scalar; an unpaired surrogate escape (`"\ud800"`) is an
    ///   error, since a Swift `String` cannot hold it (Python keeps it). The input must be UTF-8.
    /// - Between tokens only space, tab, LF and CR are whitespace (no byte order mark, form feed,
    ///   NBSP). No comments, single quotes, unquoted keys, missing or trailing commas, or text
    ///   after the value; an empty input is an error.
    /// - Objects keep every pair in input order, repeated keys included: `{"a":1,"a":2}` is two
    ///   pairs and `value["a"]` is `1`, the first (Python's `json` keeps the last).
    /// - Arrays and objects nest at most 512 deep; deeper input is an error, not a stack overflow.
    /// - One pass over the UTF-8 bytes with no copies: time is linear in the input size.
    ///
    /// - Throws: `JSONParseError` at the first character that cannot continue a JSON text (for
    ///   `[1 2]`, the `2`; for `[1,]`, the `]`; at the end, the column after the last character).
    ///   Errors about a whole token point at its first character: an invalid escape or unpaired
    ///   surrogate at its backslash, an unterminated string at its opening quote, invalid UTF-8 at
    ///   the sequence's first byte, and an out-of-range number, `NaN` or `Infinity` at its first
    ///   character.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        return try text.withUTF8 { JSONParser.parse($0) }.get()
    }

    /// Parses one JSON text from UTF-8 bytes (an HTTP response body, a file's contents), by the
    /// rules of `parse(_:)`; bytes that are not valid UTF-8 are an error.
    ///
    /// Contiguous collections (`[UInt8]`, `ArraySlice`, `Data`, `String.UTF8View`) are read in place;
    /// others are copied into an array first.
    public static func parse(bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        if let result = bytes.withContiguousStorageIfAvailable({ JSONParser.parse($0) }) { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer { JSONParser.parse($0) }.get()
    }
}

private enum ASCII {
    static let tab: UInt8 = 0x09, lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D, space: UInt8 = 0x20
    static let quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'"), backslash = UInt8(ascii: "\\")
    static let comma = UInt8(ascii: ","), colon = UInt8(ascii: ":"), plus = UInt8(ascii: "+"), minus = UInt8(ascii: "-")
    static let dot = UInt8(ascii: "."), zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9")
    static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
}

private struct JSONParser {
    static let maximumDepth = 512

    let bytes: UnsafeBufferPointer<UInt8>
    var pos = 0
    var depth = 0

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONParseError> {
        var parser = JSONParser(bytes: bytes)
        do {
            return .success(try parser.parseDocument())
        } catch {
            return .failure(error)
        }
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipSpace()
        let value = try parseValue()
        skipSpace()
        if pos < bytes.count { throw fail("expected end of input after the JSON value, found \(describe(pos))") }
        return value
    }

    // MARK: Errors (computed only on the error path)

    func fail(_ message: String) -> JSONParseError { fail(message, at: pos) }

    /// An error at byte offset `offset`; everything before it has been checked to be valid UTF-8,
    /// so counting the bytes that start a scalar gives the column in code points.
    func fail(_ message: String, at offset: Int) -> JSONParseError {
        var line = 1, column = 1
        for b in bytes[..<min(offset, bytes.count)] {
            if b == ASCII.lineFeed { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return JSONParseError(line: line, column: column, message: message)
    }

    /// The character at `offset` for a message: `'x'`, `U+000C`, `byte 0xFF (invalid UTF-8)` or `end of input`.
    func describe(_ offset: Int) -> String {
        guard offset < bytes.count else { return "end of input" }
        let b = bytes[offset]
        switch b {
        case ASCII.apostrophe: return "\"'\""
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(b)))'"
        case 0x00...0x7F: return Self.codePoint(UInt32(b))
        default:
            guard let length = utf8Length(at: offset) else {
                let hex = String(b, radix: 16, uppercase: true)
                return "byte 0x\(hex) (invalid UTF-8)"
            }
            var value = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for i in 1..<length { value = value << 6 | UInt32(bytes[offset + i] & 0x3F) }
            return Self.codePoint(value)
        }
    }

    static func codePoint(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    // MARK: Tokens

    mutating func skipSpace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case ASCII.space, ASCII.tab, ASCII.lineFeed, ASCII.carriageReturn: pos += 1
            default: return
            }
        }
    }

    func isDigit(at offset: Int) -> Bool {
        offset < bytes.count && (ASCII.zero...ASCII.nine).contains(bytes[offset])
    }

    func matches(_ word: StaticString, at offset: Int) -> Bool {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        for i in 0..<count where bytes[offset + i] != word.utf8Start[i] { return false }
        return true
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard pos < bytes.count else { throw fail("expected a value, found end of input") }
        switch bytes[pos] {
        case ASCII.openBrace: return try parseObject()
        case ASCII.openBracket: return try parseArray()
        case ASCII.quote: return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case ASCII.minus, ASCII.zero...ASCII.nine: return try parseNumber()
        default:
            for word: StaticString in ["NaN", "Infinity"] where matches(word, at: pos) {
                throw fail(Self.nonFinite(word))
            }
            throw fail("expected a value, found \(describe(pos))")
        }
    }

    static func nonFinite(_ word: StaticString) -> String {
        "\(word) is not valid JSON (RFC 8259 has no NaN or Infinity)"
    }

    mutating func literal(_ word: StaticString) throws(JSONParseError) {
        for i in 0..<word.utf8CodeUnitCount {
            guard pos < bytes.count, bytes[pos] == word.utf8Start[i] else {
                throw fail("invalid literal, expected '\(word)', found \(describe(pos))")
            }
            pos += 1
        }
    }

    // MARK: Arrays and objects

    mutating func enterContainer() throws(JSONParseError) {
        if depth == Self.maximumDepth { throw fail("nesting deeper than \(Self.maximumDepth) levels") }
        depth += 1
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        defer { depth -= 1 }
        pos += 1
        var pairs: [(String, JSONValue)] = []
        skipSpace()
        if pos < bytes.count, bytes[pos] == ASCII.closeBrace { pos += 1; return .object(pairs) }
        while true {
            guard pos < bytes.count, bytes[pos] == ASCII.quote else {
                throw fail("expected a string key, found \(describe(pos))")
            }
            let key = try parseString()
            skipSpace()
            guard pos < bytes.count, bytes[pos] == ASCII.colon else {
                throw fail("expected ':' after key, found \(describe(pos))")
            }
            pos += 1
            skipSpace()
            pairs.append((key, try parseValue()))
            if try endOfElement(close: ASCII.closeBrace, in: "object") { return .object(pairs) }
        }
    }

    /// After an element of a container: a comma (another element follows; a trailing comma is an error) gives
    /// false, the container's `close` gives true, anything else is an error.
    mutating func endOfElement(close: UInt8, in container: String) throws(JSONParseError) -> Bool {
        let closing = close == ASCII.closeBrace ? "'}'" : "']'"
        skipSpace()
        guard pos < bytes.count else { throw fail("expected ',' or \(closing) in \(container), found end of input") }
        switch bytes[pos] {
        case ASCII.comma:
            pos += 1
            skipSpace()
            if pos < bytes.count, bytes[pos] == close { throw fail("trailing comma before \(closing)") }
            return false
        case close:
            pos += 1
            return true
        default:
            throw fail("expected ',' or \(closing) in \(container), found \(describe(pos))")
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        defer { depth -= 1 }
        pos += 1
        var items: [JSONValue] = []
        skipSpace()
        if pos < bytes.count, bytes[pos] == ASCII.closeBracket { pos += 1; return .array(items) }
        while true {
            items.append(try parseValue())
            if try endOfElement(close: ASCII.closeBracket, in: "array") { return .array(items) }
        }
    }

    // MARK: Strings

    /// The length of the well-formed UTF-8 sequence starting at `offset` (Unicode table 3-7: no
    /// overlong forms, no surrogates, nothing above U+10FFFF), or nil.
    func utf8Length(at offset: Int) -> Int? {
        func continuation(_ i: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            offset + i < bytes.count && (low...high).contains(bytes[offset + i])
        }
        switch bytes[offset] {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return continuation(1) ? 2 : nil
        case 0xE0: return continuation(1, 0xA0) && continuation(2) ? 3 : nil
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : nil
        case 0xED: return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : nil
        case 0xF0: return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF4: return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : nil
        default: return nil
        }
    }

    /// The bytes `start..<end`, already checked to be UTF-8, as a String.
    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    mutating func parseString() throws(JSONParseError) -> String {
        let open = pos
        pos += 1
        var out = ""
        var runStart = pos
        while pos < bytes.count {
            let b = bytes[pos]
            if b == ASCII.quote {
                let run = text(runStart, pos)
                pos += 1
                if out.isEmpty { return run }
                out += run
                return out
            }
            if b == ASCII.backslash {
                if runStart < pos { out += text(runStart, pos) }
                try parseEscape(into: &out, open: open)
                runStart = pos
            } else if b < 0x20 {
                throw fail("unescaped control character \(Self.codePoint(UInt32(b))) in string")
            } else if b < 0x80 {
                pos += 1
            } else {
                guard let length = utf8Length(at: pos) else { throw fail("invalid UTF-8 in string") }
                pos += length
            }
        }
        throw fail("unterminated string", at: open)
    }

    mutating func parseEscape(into out: inout String, open: Int) throws(JSONParseError) {
        let start = pos
        guard pos + 1 < bytes.count else { throw fail("unterminated string", at: open) }
        let e = bytes[pos + 1]
        pos += 2
        switch e {
        case ASCII.quote: out += "\""
        case ASCII.backslash: out += "\\"
        case UInt8(ascii: "/"): out += "/"
        case UInt8(ascii: "b"): out += "\u{08}"
        case UInt8(ascii: "f"): out += "\u{0C}"
        case UInt8(ascii: "n"): out += "\n"
        case UInt8(ascii: "r"): out += "\r"
        case UInt8(ascii: "t"): out += "\t"
        case UInt8(ascii: "u"):
            var code = try hex4(escapeAt: start)
            switch code {
            case 0xD800..<0xDC00:
                guard pos + 1 < bytes.count, bytes[pos] == ASCII.backslash, bytes[pos + 1] == UInt8(ascii: "u") else {
                    throw unpairedSurrogate(at: start)
                }
                let second = pos
                pos += 2
                let low = try hex4(escapeAt: second)
                guard (0xDC00..<0xE000).contains(low) else { throw unpairedSurrogate(at: start) }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            case 0xDC00..<0xE000:
                throw unpairedSurrogate(at: start)
            default:
                break
            }
            if let scalar = Unicode.Scalar(code) { out.unicodeScalars.append(scalar) }
        default:
            if (0x21...0x7E).contains(e) {
                throw fail("invalid escape '\\\(Character(Unicode.Scalar(e)))' in string", at: start)
            }
            throw fail("invalid escape in string: '\\' followed by \(describe(start + 1))", at: start)
        }
    }

    func unpairedSurrogate(at start: Int) -> JSONParseError {
        fail(
            "unpaired UTF-16 surrogate \\u\(text(start + 2, start + 6)) in string (a Swift String cannot hold it)",
            at: start)
    }

    /// The four hex digits after `\u`; an error at the escape's backslash (`start`) if they are not.
    mutating func hex4(escapeAt start: Int) throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for i in 0..<4 {
            let b = pos + i < bytes.count ? bytes[pos + i] : 0
            let digit: UInt8
            switch b {
            case ASCII.zero...ASCII.nine: digit = b - ASCII.zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw fail("invalid \\u escape, expected 4 hex digits", at: start)
            }
            value = value << 4 | UInt32(digit)
        }
        pos += 4
        return value
    }

    // MARK: Numbers

    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = pos
        let negative = bytes[pos] == ASCII.minus
        if negative {
            pos += 1
            if matches("Infinity", at: pos) { throw fail(Self.nonFinite("-Infinity"), at: start) }
            guard isDigit(at: pos) else { throw fail("expected a digit after '-', found \(describe(pos))") }
        }
        // The integer part, accumulated as a negative number so that Int.min fits.
        var negated = 0
        var overflow = false
        if bytes[pos] == ASCII.zero {
            pos += 1
            if isDigit(at: pos) { throw fail("leading zero in number") }
        } else {
            while isDigit(at: pos) {
                if !overflow {
                    let (times10, o1) = negated.multipliedReportingOverflow(by: 10)
                    let (next, o2) = times10.subtractingReportingOverflow(Int(bytes[pos] - ASCII.zero))
                    if o1 || o2 { overflow = true } else { negated = next }
                }
                pos += 1
            }
        }
        var integral = true
        if pos < bytes.count, bytes[pos] == ASCII.dot {
            integral = false
            pos += 1
            guard isDigit(at: pos) else { throw fail("expected a digit after '.', found \(describe(pos))") }
            while isDigit(at: pos) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            integral = false
            pos += 1
            if pos < bytes.count, bytes[pos] == ASCII.plus || bytes[pos] == ASCII.minus { pos += 1 }
            guard isDigit(at: pos) else { throw fail("expected a digit in the exponent, found \(describe(pos))") }
            while isDigit(at: pos) { pos += 1 }
        }
        if integral, !overflow {
            if negative { return .int(negated) }
            if negated != .min { return .int(-negated) }
        }
        guard let d = Double(text(start, pos)), d.isFinite else {
            throw fail("number out of range (a Double reaches only ±\(Double.greatestFiniteMagnitude))", at: start)
        }
        return .double(d)
    }
}
