import Testing

@testable import AgentSimJSON

/// An input the parser must accept, with the exact value it must give.
struct Accepted: Sendable, CustomTestStringConvertible {
    let input: String
    let expected: JSONValue
    init(_ input: String, _ expected: JSONValue) { self.input = input; self.expected = expected }
    var testDescription: String { input.debugDescription }
}

/// An input the parser must reject, with the exact `line:column: message`.
struct Rejected: Sendable, CustomTestStringConvertible {
    let input: String
    let expected: String
    init(_ input: String, _ expected: String) { self.input = input; self.expected = expected }
    var testDescription: String { input.count > 60 ? "\(input.prefix(60).debugDescription)…" : input.debugDescription }
}

/// Bytes the parser must reject (for inputs a Swift String cannot hold).
struct RejectedBytes: Sendable, CustomTestStringConvertible {
    let input: [UInt8]
    let expected: String
    init(_ input: [UInt8], _ expected: String) { self.input = input; self.expected = expected }
    var testDescription: String { input.map { String($0, radix: 16) }.joined(separator: " ") }
}

func parseError(_ text: String) -> String? {
    do {
        _ = try JSONValue.parse(text)
        return nil
    } catch {
        return error.description
    }
}

func parseError(bytes: [UInt8]) -> String? {
    do {
        _ = try JSONValue.parse(bytes: bytes)
        return nil
    } catch {
        return error.description
    }
}

struct JSONParserAcceptanceTests {
    static let numbers: [Accepted] = [
        Accepted("0", .int(0)),
        Accepted("-0", .int(0)),
        Accepted("7", .int(7)),
        Accepted("-1", .int(-1)),
        Accepted("1234567890", .int(1_234_567_890)),
        Accepted("9223372036854775807", .int(Int.max)),
        Accepted("-9223372036854775808", .int(Int.min)),
        // Beyond Int's range: the nearest Double (documented on `parse`).
        Accepted("9223372036854775808", .double(9_223_372_036_854_775_808.0)),
        Accepted("-9223372036854775809", .double(-9_223_372_036_854_775_808.0)),
        Accepted("123456789012345678901234567890", .double(1.2345678901234568e29)),
        Accepted("1" + String(repeating: "0", count: 300), .double(1e300)),
        Accepted("0.0", .double(0.0)),
        Accepted("1.0", .double(1.0)),
        Accepted("-1.5", .double(-1.5)),
        Accepted("0.1", .double(0.1)),
        Accepted("1e-05", .double(1e-05)),
        Accepted("1E5", .double(100_000.0)),
        Accepted("1e+2", .double(100.0)),
        Accepted("2E-3", .double(0.002)),
        Accepted("0e0", .double(0.0)),
        Accepted("-0e-0", .double(-0.0)),
        Accepted("123.456e-7", .double(1.23456e-05)),
        Accepted("1.5e+300", .double(1.5e300)),
        Accepted("1.7976931348623157e308", .double(.greatestFiniteMagnitude)),
        Accepted("5e-324", .double(.leastNonzeroMagnitude)),
        Accepted("1e-400", .double(0.0)),  // underflow is 0.0, as in Python
        Accepted("0.30000000000000004", .double(0.1 + 0.2)),
    ]

    static let literalsAndStrings: [Accepted] = [
        Accepted("true", .bool(true)),
        Accepted("false", .bool(false)),
        Accepted("null", .null),
        Accepted(" \t\r\n true \n\r\t ", .bool(true)),
        Accepted("\"\"", .string("")),
        Accepted("\"abc\"", .string("abc")),
        Accepted(#""\" \\ \/ \b \f \n \r \t""#, .string("\" \\ / \u{08} \u{0C} \n \r \t")),
        Accepted(#""\u0041\u00e9\u00E9\u20ac""#, .string("Aéé€")),
        Accepted(#""\u0000\u001f""#, .string("\u{00}\u{1F}")),
        Accepted(#""\ud83d\ude00 \uD83D\uDE00""#, .string("😀 😀")),
        Accepted(#""\udbff\udfff""#, .string("\u{10FFFF}")),
        Accepted(#""a\nb" "#, .string("a\nb")),
        Accepted("\"héllo 😀 \u{7F} \u{2028} \u{FEFF}\"", .string("héllo 😀 \u{7F} \u{2028} \u{FEFF}")),
        Accepted(#""x\"y\\""#, .string("x\"y\\")),
    ]

    static let structures: [Accepted] = [
        Accepted("[]", .array([])),
        Accepted("{}", .object([])),
        Accepted("[ ]", .array([])),
        Accepted("{ \n }", .object([])),
        Accepted(
            "[1,2.5,\"x\",true,false,null]",
            .array([.int(1), .double(2.5), .string("x"), .bool(true), .bool(false), .null])),
        Accepted("[ 1 , [ 2 , [ 3 ] ] ]", .array([.int(1), .array([.int(2), .array([.int(3)])])])),
        Accepted(#"{"b":1,"a":2,"c":3}"#, .object([("b", .int(1)), ("a", .int(2)), ("c", .int(3))])),
        Accepted(
            "{\n  \"z\": {\"y\": []},\r\n  \"x\": [{}]\n}\n",
            .object([("z", .object([("y", .array([]))])), ("x", .array([.object([])]))])),
        // Repeated keys are all kept, in order (documented on `parse`).
        Accepted(#"{"a":1,"a":2}"#, .object([("a", .int(1)), ("a", .int(2))])),
        Accepted(#"{"":0,"a\u0062":1}"#, .object([("", .int(0)), ("ab", .int(1))])),
        Accepted(#"[-0.0,0,-1e-05]"#, .array([.double(-0.0), .int(0), .double(-1e-05)])),
    ]

    @Test(arguments: numbers + literalsAndStrings + structures)
    func parsesToTheExactValue(_ c: Accepted) throws {
        let value = try JSONValue.parse(c.input)
        #expect(value == c.expected)
        // The same through the bytes entry point.
        #expect(try JSONValue.parse(bytes: Array(c.input.utf8)) == c.expected)
    }

    @Test(arguments: numbers + literalsAndStrings + structures)
    func compactAndPrettyOutputReparseEqual(_ c: Accepted) throws {
        let value = try JSONValue.parse(c.input)
        #expect(try JSONValue.parse(value.compactString()) == value)
        #expect(try JSONValue.parse(value.prettyString()) == value)
    }

    @Test func integersAndDoublesStayApart() throws {
        // `==` tells .int from .double, but check the cases directly too.
        #expect(try JSONValue.parse("1") != .double(1))
        #expect(try JSONValue.parse("1.0") != .int(1))
        #expect(try JSONValue.parse("1e2") != .int(100))
    }

    @Test func negativeZeroKeepsItsSign() throws {
        guard case let .double(d) = try JSONValue.parse("-0.0") else { Issue.record("not a double"); return }
        #expect(d == 0 && d.sign == .minus)
        guard case let .double(e) = try JSONValue.parse("0.0") else { Issue.record("not a double"); return }
        #expect(e.sign == .plus)
    }

    @Test func repeatedKeySubscriptGivesTheFirst() throws {
        let value = try JSONValue.parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(value.keys == ["a", "b", "a"])
        #expect(value["a"] == .int(1))
    }

    @Test func nestingUpTo512IsAccepted() throws {
        var value = try JSONValue.parse(String(repeating: "[", count: 512) + String(repeating: "]", count: 512))
        var depth = 0
        while case let .array(items) = value {
            depth += 1
            guard let first = items.first else { break }
            value = first
        }
        #expect(depth == 512)
        let objects = String(repeating: #"{"a":"#, count: 511) + "{}" + String(repeating: "}", count: 511)
        #expect(try JSONValue.parse(objects).keys == ["a"])
    }

    @Test func largeStringValueParses() throws {
        let body = String(repeating: "abcdé😀\\n\\u0041", count: 250_000)  // 5.25 MB of JSON text
        let value = try JSONValue.parse("\"" + body + "\"")
        let expected = String(repeating: "abcdé😀\nA", count: 250_000)
        #expect(value.stringValue?.utf8.count == expected.utf8.count)
        #expect(value.stringValue == expected)
        let plain = String(repeating: "x", count: 4_000_000)
        #expect(try JSONValue.parse(bytes: Array(("\"" + plain + "\"").utf8)).stringValue?.count == 4_000_000)
    }

    @Test func largeArrayParses() throws {
        let count = 200_000
        let text = "[" + (0..<count).map { $0 % 2 == 0 ? String($0) : "\($0).5" }.joined(separator: ",") + "]"
        let items = try #require(try JSONValue.parse(text).arrayValue)
        #expect(items.count == count)
        #expect(items[count - 1] == .double(Double(count - 1) + 0.5))
        #expect(items[count - 2] == .int(count - 2))
    }
}

struct JSONParserRejectionTests {
    static let numbers: [Rejected] = [
        Rejected("01", "1:2: leading zero in number"),
        Rejected("-01", "1:3: leading zero in number"),
        Rejected("[00]", "1:3: leading zero in number"),
        Rejected("1.", "1:3: expected a digit after '.', found end of input"),
        Rejected("1.e5", "1:3: expected a digit after '.', found 'e'"),
        Rejected(".5", "1:1: expected a value, found '.'"),
        Rejected("+1", "1:1: expected a value, found '+'"),
        Rejected("1e", "1:3: expected a digit in the exponent, found end of input"),
        Rejected("1e+", "1:4: expected a digit in the exponent, found end of input"),
        Rejected("[1E-]", "1:5: expected a digit in the exponent, found ']'"),
        Rejected("-", "1:2: expected a digit after '-', found end of input"),
        Rejected("[-]", "1:3: expected a digit after '-', found ']'"),
        Rejected("- 1", "1:2: expected a digit after '-', found U+0020"),
        Rejected("0x10", "1:2: expected end of input after the JSON value, found 'x'"),
        Rejected("1e400", "1:1: number out of range (a Double reaches only ±1.7976931348623157e+308)"),
        Rejected("[0, -1e400]", "1:5: number out of range (a Double reaches only ±1.7976931348623157e+308)"),
        Rejected("1.7976931348623159e308", "1:1: number out of range (a Double reaches only ±1.7976931348623157e+308)"),
        Rejected(
            "1" + String(repeating: "0", count: 400),
            "1:1: number out of range (a Double reaches only ±1.7976931348623157e+308)"),
        Rejected("NaN", "1:1: NaN is not valid JSON (RFC 8259 has no NaN or Infinity)"),
        Rejected("Infinity", "1:1: Infinity is not valid JSON (RFC 8259 has no NaN or Infinity)"),
        Rejected("-Infinity", "1:1: -Infinity is not valid JSON (RFC 8259 has no NaN or Infinity)"),
        Rejected("[1, NaN]", "1:5: NaN is not valid JSON (RFC 8259 has no NaN or Infinity)"),
        Rejected("{\"a\":\n  -Infinity}", "2:3: -Infinity is not valid JSON (RFC 8259 has no NaN or Infinity)"),
        Rejected("-inf", "1:2: expected a digit after '-', found 'i'"),
        Rejected("Inf", "1:1: expected a value, found 'I'"),
    ]

    static let literals: [Rejected] = [
        Rejected("nan", "1:2: invalid literal, expected 'null', found 'a'"),
        Rejected("True", "1:1: expected a value, found 'T'"),
        Rejected("NULL", "1:1: expected a value, found 'N'"),
        Rejected("tru", "1:4: invalid literal, expected 'true', found end of input"),
        Rejected("[fals]", "1:6: invalid literal, expected 'false', found ']'"),
        Rejected("nulL", "1:4: invalid literal, expected 'null', found 'L'"),
        Rejected("truex", "1:5: expected end of input after the JSON value, found 'x'"),
        Rejected("undefined", "1:1: expected a value, found 'u'"),
    ]

    static let strings: [Rejected] = [
        Rejected(#""\x""#, #"1:2: invalid escape '\x' in string"#),
        Rejected(#""ab\'""#, #"1:4: invalid escape '\'' in string"#),
        Rejected(#""\U0041""#, #"1:2: invalid escape '\U' in string"#),
        Rejected("\"\\\u{0B}\"", #"1:2: invalid escape in string: '\' followed by U+000B"#),
        Rejected("\"\\é\"", #"1:2: invalid escape in string: '\' followed by U+00E9"#),
        Rejected(#""\u12""#, #"1:2: invalid \u escape, expected 4 hex digits"#),
        Rejected(#""\u12G4""#, #"1:2: invalid \u escape, expected 4 hex digits"#),
        Rejected(#""\u"#, #"1:2: invalid \u escape, expected 4 hex digits"#),
        Rejected(#""\ud800""#, #"1:2: unpaired UTF-16 surrogate \ud800 in string (a Swift String cannot hold it)"#),
        Rejected(#""\uDC00""#, #"1:2: unpaired UTF-16 surrogate \uDC00 in string (a Swift String cannot hold it)"#),
        Rejected(
            #""\ud800\u0041""#, #"1:2: unpaired UTF-16 surrogate \ud800 in string (a Swift String cannot hold it)"#),
        Rejected(
            #""x\ud83d\ud83d""#, #"1:3: unpaired UTF-16 surrogate \ud83d in string (a Swift String cannot hold it)"#),
        Rejected(#""\ud800\n""#, #"1:2: unpaired UTF-16 surrogate \ud800 in string (a Swift String cannot hold it)"#),
        Rejected(#""\ud800\u12""#, #"1:8: invalid \u escape, expected 4 hex digits"#),
        Rejected("\"a\nb\"", "1:3: unescaped control character U+000A in string"),
        Rejected("\"\t\"", "1:2: unescaped control character U+0009 in string"),
        Rejected("\"\u{00}\"", "1:2: unescaped control character U+0000 in string"),
        Rejected("[\"ok\", \"é\u{1F}\"]", "1:10: unescaped control character U+001F in string"),
        Rejected("\"abc", "1:1: unterminated string"),
        Rejected(#"["abc\"]"#, "1:2: unterminated string"),
        Rejected("\"\\", "1:1: unterminated string"),
        Rejected("{\"a\": 1,\n \"b", "2:2: unterminated string"),
    ]

    static let structure: [Rejected] = [
        Rejected("", "1:1: expected a value, found end of input"),
        Rejected("  ", "1:3: expected a value, found end of input"),
        Rejected("\n\n", "3:1: expected a value, found end of input"),
        Rejected("[1,]", "1:4: trailing comma before ']'"),
        Rejected("[\n  1,\n  ]", "3:3: trailing comma before ']'"),
        Rejected("{\"a\":1,}", "1:8: trailing comma before '}'"),
        Rejected("{\"a\":1 , }", "1:10: trailing comma before '}'"),
        Rejected("[1 2]", "1:4: expected ',' or ']' in array, found '2'"),
        Rejected("[1", "1:3: expected ',' or ']' in array, found end of input"),
        Rejected("[1}", "1:3: expected ',' or ']' in array, found '}'"),
        Rejected("{\"a\":1 \"b\":2}", "1:8: expected ',' or '}' in object, found '\"'"),
        Rejected("{\"a\":1", "1:7: expected ',' or '}' in object, found end of input"),
        Rejected("{\"a\":1]", "1:7: expected ',' or '}' in object, found ']'"),
        Rejected("{a:1}", "1:2: expected a string key, found 'a'"),
        Rejected("{1:1}", "1:2: expected a string key, found '1'"),
        Rejected("{'a':1}", "1:2: expected a string key, found \"'\""),
        Rejected("{\"a\":1,b:2}", "1:8: expected a string key, found 'b'"),
        Rejected("['a']", "1:2: expected a value, found \"'\""),
        Rejected("{\"a\" 1}", "1:6: expected ':' after key, found '1'"),
        Rejected("{\"a\"", "1:5: expected ':' after key, found end of input"),
        Rejected("{\"a\"=1}", "1:5: expected ':' after key, found '='"),
        Rejected("{\"a\":}", "1:6: expected a value, found '}'"),
        Rejected("{", "1:2: expected a string key, found end of input"),
        Rejected("[", "1:2: expected a value, found end of input"),
        Rejected("[1,,2]", "1:4: expected a value, found ','"),
        Rejected("[,]", "1:2: expected a value, found ','"),
        Rejected("{,}", "1:2: expected a string key, found ','"),
        Rejected("[1 // c\n]", "1:4: expected ',' or ']' in array, found '/'"),
        Rejected("/* c */ 1", "1:1: expected a value, found '/'"),
        Rejected("# c\n1", "1:1: expected a value, found '#'"),
        Rejected("1 2", "1:3: expected end of input after the JSON value, found '2'"),
        Rejected("{}}", "1:3: expected end of input after the JSON value, found '}'"),
        Rejected("[1]\n\n  x", "3:3: expected end of input after the JSON value, found 'x'"),
        Rejected("\"a\" \"b\"", "1:5: expected end of input after the JSON value, found '\"'"),
        Rejected("[1,\u{0C}2]", "1:4: expected a value, found U+000C"),
        Rejected("[1,\u{A0}2]", "1:4: expected a value, found U+00A0"),
        Rejected("1\u{0B}", "1:2: expected end of input after the JSON value, found U+000B"),
        Rejected("\u{FEFF}1", "1:1: expected a value, found U+FEFF"),
        Rejected("\u{2028}1", "1:1: expected a value, found U+2028"),
        Rejected("[1,\u{3000}2]", "1:4: expected a value, found U+3000"),
        // Columns count code points: é and 😀 are one column each.
        Rejected("{\"é😀\": tru}", "1:11: invalid literal, expected 'true', found '}'"),
        Rejected("[\"😀😀\",\n\"é\" 1]", "2:5: expected ',' or ']' in array, found '1'"),
        // CR is whitespace but does not start a line; CRLF counts as one line break.
        Rejected("\r\n[1,]", "2:4: trailing comma before ']'"),
        Rejected("\r[1,]", "1:5: trailing comma before ']'"),
        Rejected(
            String(repeating: "[", count: 513) + String(repeating: "]", count: 513),
            "1:513: nesting deeper than 512 levels"),
        Rejected(
            String(repeating: #"{"a":"#, count: 512) + "{}" + String(repeating: "}", count: 512),
            "1:2561: nesting deeper than 512 levels"),
        Rejected("[" + String(repeating: #"{"a":["#, count: 256), "1:1537: nesting deeper than 512 levels"),
    ]

    @Test(arguments: numbers + literals + strings + structure)
    func rejectsWithPositionAndMessage(_ c: Rejected) {
        #expect(parseError(c.input) == c.expected)
        #expect(parseError(bytes: Array(c.input.utf8)) == c.expected)
    }

    static let bytes: [RejectedBytes] = [
        RejectedBytes([0x22, 0xFF, 0x22], "1:2: invalid UTF-8 in string"),
        RejectedBytes([0x22, 0xC3, 0xA9, 0xFF, 0x22], "1:3: invalid UTF-8 in string"),
        RejectedBytes([0x22, 0x80, 0x22], "1:2: invalid UTF-8 in string"),  // lone continuation byte
        RejectedBytes([0x22, 0xC0, 0xAF, 0x22], "1:2: invalid UTF-8 in string"),  // overlong '/'
        RejectedBytes([0x22, 0xE0, 0x80, 0xAF, 0x22], "1:2: invalid UTF-8 in string"),  // overlong '/'
        RejectedBytes([0x22, 0xED, 0xA0, 0x80, 0x22], "1:2: invalid UTF-8 in string"),  // encoded surrogate D800
        RejectedBytes([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "1:2: invalid UTF-8 in string"),  // above U+10FFFF
        RejectedBytes([0x22, 0xE2, 0x82, 0x22], "1:2: invalid UTF-8 in string"),  // truncated €
        RejectedBytes([0x22, 0xE2, 0x82], "1:2: invalid UTF-8 in string"),  // truncated at the end
        RejectedBytes([0x0A, 0x22, 0x61, 0xF8, 0x22], "2:3: invalid UTF-8 in string"),
        RejectedBytes([0xFF], "1:1: expected a value, found byte 0xFF (invalid UTF-8)"),
        RejectedBytes([0x5B, 0x31, 0x2C, 0xC3], "1:4: expected a value, found byte 0xC3 (invalid UTF-8)"),
        RejectedBytes([0x31, 0x20, 0xC2, 0xA0], "1:3: expected end of input after the JSON value, found U+00A0"),
        RejectedBytes([0xEF, 0xBB, 0xBF, 0x7B, 0x7D], "1:1: expected a value, found U+FEFF"),  // UTF-8 byte order mark
        RejectedBytes([0x00], "1:1: expected a value, found U+0000"),
        RejectedBytes([0x31, 0x00], "1:2: expected end of input after the JSON value, found U+0000"),
        RejectedBytes([], "1:1: expected a value, found end of input"),
    ]

    @Test(arguments: bytes)
    func rejectsBadBytesWithPositionAndMessage(_ c: RejectedBytes) {
        #expect(parseError(bytes: c.input) == c.expected)
    }

    @Test(.timeLimit(.minutes(1)))
    func deepNestingIsAnErrorNotAStackOverflow() throws {
        let error = #expect(throws: JSONParseError.self) {
            try JSONValue.parse(String(repeating: "[", count: 100_000))
        }
        #expect(error?.description == "1:513: nesting deeper than 512 levels")
        let objects = #expect(throws: JSONParseError.self) {
            try JSONValue.parse(bytes: Array(String(repeating: #"{"k":"#, count: 100_000).utf8))
        }
        #expect(objects?.line == 1)
        #expect(objects?.column == 512 * 5 + 1)
    }

    @Test func errorFieldsMatchTheDescription() {
        let error = #expect(throws: JSONParseError.self) { try JSONValue.parse("{\n  \"a\": [1,]\n}") }
        #expect(error?.line == 2)
        #expect(error?.column == 11)
        #expect(error?.message == "trailing comma before ']'")
        #expect(error?.description == "2:11: trailing comma before ']'")
    }
}

struct JSONParserBytesTests {
    static let text = "{\"a\":[1,2.5,\"é😀\",null],\"b\":{\"c\":true}}"
    static let expected: JSONValue = .object([
        ("a", .array([.int(1), .double(2.5), .string("é😀"), .null])),
        ("b", .object([("c", .bool(true))])),
    ])

    @Test func parsesArraysSlicesAndNonContiguousCollections() throws {
        #expect(try JSONValue.parse(bytes: Array(Self.text.utf8)) == Self.expected)
        #expect(try JSONValue.parse(bytes: Self.text.utf8) == Self.expected)
        // A slice that does not start at index 0, and one that cuts a value short.
        let padded = Array(("xx" + Self.text + "yy").utf8)
        #expect(try JSONValue.parse(bytes: padded[2..<(padded.count - 2)]) == Self.expected)
        #expect(
            parseError(bytes: Array(padded[2..<(padded.count - 3)]))
                == "1:38: expected ',' or '}' in object, found end of input")
        // Not contiguous: copied into an array first.
        let lazy = Self.text.utf8.lazy.map { $0 }
        #expect(lazy.withContiguousStorageIfAvailable { _ in true } == nil)
        #expect(try JSONValue.parse(bytes: lazy) == Self.expected)
    }

    @Test func parsesSubstrings() throws {
        let sub = Substring("  [1, 2]  ")
        #expect(try JSONValue.parse(String(sub)) == .array([.int(1), .int(2)]))
        #expect(try JSONValue.parse(bytes: sub.utf8) == .array([.int(1), .int(2)]))
    }
}

struct JSONRoundTripTests {
    static let doubles: [Double] = [
        0.1, 1e-05, 1.5e300, 0.0, -0.0, 1.0, -1.5, 0.1 + 0.2, 1e16, 1e-7, 123456789.125, 2.5e-308,
        .leastNonzeroMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .ulpOfOne, 9_007_199_254_740_993.0,
    ]

    @Test(arguments: doubles)
    func formattedDoublesReparseExactly(_ d: Double) throws {
        let text = JSONValue.format(d)
        let value = try JSONValue.parse(text)
        guard case let .double(back) = value else {
            Issue.record("\(text) parsed as \(value), not a double")
            return
        }
        #expect(back.bitPattern == d.bitPattern, "\(text)")
        #expect(JSONValue.format(back) == text)
    }

    @Test func formatWritesPythonReprForms() throws {
        #expect(JSONValue.format(0.1) == "0.1")
        #expect(JSONValue.format(1e-05) == "1e-05")
        #expect(JSONValue.format(1.5e300) == "1.5e+300")
        #expect(try JSONValue.parse("1e-05") == .double(1e-05))
        #expect(try JSONValue.parse("1.5e+300") == .double(1.5e300))
    }

    @Test func compactOutputOfAMixedValueReparsesEqual() throws {
        let value: JSONValue = .object([
            ("z", .string("tab\t nl\n quote\" backslash\\ ctl\u{01} del\u{7F} é 😀")),
            ("a", .array([.int(Int.min), .int(Int.max), .double(-0.0), .double(1e-05), .null, .bool(false)])),
            ("a", .object([("", .array([]))])),
        ])
        let text = value.compactString()
        #expect(try JSONValue.parse(text) == value)
        #expect(try JSONValue.parse(bytes: Array(text.utf8)) == value)
        #expect(try JSONValue.parse(value.prettyString(indent: 4)) == value)
    }
}
