import AgentSimJSON
import Testing

/// The byte writer: the exact bytes Python's `json.dumps(ensure_ascii=False)` gives for agentsim's values (compact
/// separators), reused buffers and the pretty form.
struct JSONWriterTests {
    private func compact(_ value: JSONValue) -> String {
        var writer = JSONWriter()
        writer.write(value)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test func stringsEscapeOnlyWhatJSONMust() {
        // json.dumps('a"b\\c\n\r\t\x08\x0c\x01\x1f\x7f é 日本 🎙', ensure_ascii=False):
        // "a\"b\\c\n\r\t\b\f\u0001\u001f\x7f é 日本 🎙" (DEL and non-ASCII as they are).
        let text = "a\"b\\c\n\r\t\u{08}\u{0C}\u{01}\u{1F}\u{7F} é 日本 🎙"
        #expect(compact(.string(text)) == #""a\"b\\c\n\r\t\b\f\u0001\u001f"# + "\u{7F} é 日本 🎙\"")
        // Runs between escapes are copied whole: a long plain string comes out unchanged.
        let plain = String(repeating: "resp_ABCdef012 ", count: 100)
        #expect(compact(.string(plain)) == "\"" + plain + "\"")
        #expect(compact(.string("")) == #""""#)
    }

    @Test func numbersAreWrittenAsPythonWritesThem() {
        // Integers in decimal, Int.min included; doubles as repr: 0.0, -0.0, 1e-05, 20.952380952380953, 1e+16;
        // non-finite as null.
        let values: [(JSONValue, String)] = [
            (.int(0), "0"), (.int(7), "7"), (.int(10), "10"), (.int(-3), "-3"), (.int(1_234_567), "1234567"),
            (.int(Int.max), "9223372036854775807"), (.int(Int.min), "-9223372036854775808"),
            (.double(0), "0.0"), (.double(-0.0), "-0.0"), (.double(0.00001), "1e-05"),
            (.double(88 / 4.2), "20.952380952380953"), (.double(1e16), "1e+16"), (.double(2.4), "2.4"),
            (.double(.nan), "null"), (.double(-.infinity), "null"),
        ]
        for (value, expected) in values { #expect(compact(value) == expected) }
    }

    @Test func containersKeepTheirOrderAndReuseTheBuffer() {
        let value: JSONValue = .object([
            ("z", 1), ("a", [true, nil, "x"]), ("empty", .object([])), ("none", []),
        ])
        var writer = JSONWriter(capacity: 4)
        writer.line(value)
        writer.line(.int(2))
        #expect(
            String(decoding: writer.bytes, as: UTF8.self) == #"{"z":1,"a":[true,null,"x"],"empty":{},"none":[]}"#
                + "\n2\n")
        writer.clear()
        writer.write(.string("again"))
        #expect(writer.bytes == Array(#""again""#.utf8))
        #expect(value.compactBytes() == Array(#"{"z":1,"a":[true,null,"x"],"empty":{},"none":[]}"#.utf8))
    }

    @Test func prettyFormIndentsEachLevel() {
        let value: JSONValue = .object([("a", [1, 2]), ("b", .object([("c", "d")])), ("e", [])])
        #expect(
            value.prettyString() == """
                {
                  "a": [
                    1,
                    2
                  ],
                  "b": {
                    "c": "d"
                  },
                  "e": []
                }
                """)
    }
}
