extension JSONWriter {
    /// Appends `value` compact and a newline: one JSON line.
    public mutating func line(_ value: JSONValue) {
        write(value)
        byte(UInt8(ascii: "\n"))
    }

    /// Prints what was written to standard output (through `print`, so it keeps its place among other printed text)
    /// and empties the buffer.
    public mutating func flushToStandardOutput() {
        guard !bytes.isEmpty else { return }
        print(String(decoding: bytes, as: UTF8.self), terminator: "")
        clear()
    }
}
