/// Writes JSON as UTF-8 bytes into a buffer that is reused from one value to the next: the writer behind
/// ``JSONValue/compactString()`` and ``JSONValue/prettyString(indent:)``, `agentsim load`'s lines and `run --format
/// jsonl`, and what a server streaming events writes (clear the buffer, write, hand the bytes over).
///
/// The output is the one ``JSONValue`` has always had: keys in their order, strings escaped as Python's
/// `json.dumps(ensure_ascii=False)` escapes them, doubles as Python's `repr` (``JSONValue/format(_:)``). Strings are
/// copied a run of bytes at a time: only the characters JSON must escape are written one by one.
public struct JSONWriter: Sendable {
    /// What has been written so far.
    public var bytes: [UInt8]

    /// An empty writer with room for `capacity` bytes.
    public init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Empties the buffer, keeping its storage.
    public mutating func clear() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// Appends bytes as they are (already JSON, or the text between values).
    public mutating func raw(_ text: some Sequence<UInt8>) {
        bytes.append(contentsOf: text)
    }

    /// Appends the UTF-8 of `text` as it is.
    public mutating func raw(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Appends one byte.
    public mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    /// Appends `value` compact (`{"a":1}`).
    public mutating func write(_ value: JSONValue) {
        write(value, indent: nil, level: 0)
    }

    /// Appends `value` indented by `indent` spaces per level, with `": "` after keys.
    public mutating func write(_ value: JSONValue, indent: Int) {
        write(value, indent: indent, level: 0)
    }

    private mutating func write(_ value: JSONValue, indent: Int?, level: Int) {
        switch value {
        case .null: raw("null".utf8)
        case let .bool(b): b ? raw("true".utf8) : raw("false".utf8)
        case let .int(i): integer(i)
        case let .double(d): double(d)
        case let .string(s): string(s)
        case let .array(items):
            if items.isEmpty {
                raw("[]".utf8)
                return
            }
            byte(UInt8(ascii: "["))
            for (n, item) in items.enumerated() {
                if n > 0 { byte(UInt8(ascii: ",")) }
                newline(indent: indent, level: level + 1)
                write(item, indent: indent, level: level + 1)
            }
            newline(indent: indent, level: level)
            byte(UInt8(ascii: "]"))
        case let .object(pairs):
            if pairs.isEmpty {
                raw("{}".utf8)
                return
            }
            byte(UInt8(ascii: "{"))
            for (n, (key, value)) in pairs.enumerated() {
                if n > 0 { byte(UInt8(ascii: ",")) }
                newline(indent: indent, level: level + 1)
                string(key)
                if indent == nil { byte(UInt8(ascii: ":")) } else { raw(": ".utf8) }
                write(value, indent: indent, level: level + 1)
            }
            newline(indent: indent, level: level)
            byte(UInt8(ascii: "}"))
        }
    }

    private mutating func newline(indent: Int?, level: Int) {
        guard let indent else { return }
        byte(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }

    /// Appends an integer in decimal.
    public mutating func integer(_ value: Int) {
        if value >= 0, value < 10 {
            byte(UInt8(ascii: "0") + UInt8(value))
            return
        }
        // Digits from the end, in a small stack buffer; the magnitude as UInt covers Int.min.
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { byte(UInt8(ascii: "-")) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    /// Appends a double as ``JSONValue/format(_:)`` writes it.
    public mutating func double(_ value: Double) {
        guard value.isFinite else {
            raw("null".utf8)
            return
        }
        if value == 0 {
            value.sign == .minus ? raw("-0.0".utf8) : raw("0.0".utf8)
            return
        }
        raw(value.description)
    }

    /// Appends `text` as a JSON string: quotes, `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, other control characters as
    /// `\u00XX`, everything else (non-ASCII included) as its UTF-8 bytes.
    public mutating func string(_ text: String) {
        byte(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var run = 0
            for index in 0..<utf8.count {
                let c = utf8[index]
                guard c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") else { continue }
                if run < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<index])) }
                run = index + 1
                switch c {
                case UInt8(ascii: "\""): raw(#"\""#.utf8)
                case UInt8(ascii: "\\"): raw(#"\\"#.utf8)
                case UInt8(ascii: "\n"): raw(#"\n"#.utf8)
                case UInt8(ascii: "\r"): raw(#"\r"#.utf8)
                case UInt8(ascii: "\t"): raw(#"\t"#.utf8)
                case 0x08: raw(#"\b"#.utf8)
                case 0x0C: raw(#"\f"#.utf8)
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    raw(#"\u00"#.utf8)
                    byte(hex[Int(c >> 4)])
                    byte(hex[Int(c & 0xF)])
                }
            }
            if run < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<utf8.count])) }
        }
        byte(UInt8(ascii: "\""))
    }
}
