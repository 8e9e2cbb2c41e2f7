extension JSONValue {
    /// Compact JSON (`{"a":1,"b":[true,null]}`), the form pydantic's `model_dump_json()` writes.
    public func compactString() -> String {
        var writer = JSONWriter()
        writer.write(self)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Compact JSON as UTF-8 bytes (``JSONWriter``).
    public func compactBytes() -> [UInt8] {
        var writer = JSONWriter()
        writer.write(self)
        return writer.bytes
    }

    /// JSON indented by `indent` spaces per level, with `": "` after keys.
    public func prettyString(indent: Int = 2) -> String {
        var writer = JSONWriter()
        writer.write(self, indent: indent)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Formats a double the way Python's `repr` does for the values agentsim produces:
    /// shortest round-trip digits, always with a fractional part or exponent (`0.0`, `1.5`, `1e-05`).
    /// Non-finite values have no JSON form and are written as `null`.
    public static func format(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        return d.description
    }
}
