import AgentSimCore
import Testing

/// `JSONValueEncoder` and `JSONValueDecoder`: Codable reports written in the order of their coding keys, with the
/// number forms agentsim's JSON writer prints.
struct JSONValueCoderTests {
    struct Sample: Codable, Equatable {
        var zebra: Int
        var apple: Double
        var name: String?
        var tags: [String]
        var nested: [[Int]]
        var raw: RawJSON
    }

    @Test func keysKeepTheirCodingOrderAndNumbersTheirForm() throws {
        let sample = Sample(
            zebra: 3, apple: 2.0, name: nil, tags: ["a", "b"], nested: [[1, 2], []],
            raw: RawJSON(.object([("z", .int(1)), ("a", .double(0.5))])))
        let json = try JSONValueEncoder().encode(sample)
        // Declaration order, not alphabetical; 2.0 stays a double, 3 an integer; nil is left out; RawJSON as it is.
        #expect(
            json.compactString()
                == #"{"zebra":3,"apple":2.0,"tags":["a","b"],"nested":[[1,2],[]],"raw":{"z":1,"a":0.5}}"#)
        #expect(try JSONValueDecoder().decode(Sample.self, from: json) == sample)
    }

    @Test func aFieldThatDoesNotFitIsNamedByItsPath() throws {
        let json = try JSONValue.parse(#"{"zebra":3,"apple":1,"tags":["a",2],"nested":[],"raw":null}"#)
        do {
            _ = try JSONValueDecoder().decode(Sample.self, from: json)
            Issue.record("tags[1] = 2 was accepted as a string")
        } catch let DecodingError.typeMismatch(_, context) {
            #expect(context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } == ["tags", "1"])
            #expect(context.debugDescription == "expected a string, got 2")
        }
        // A whole number is accepted where a Double is expected (1 → 1.0), a fraction is not an Int.
        let whole = try JSONValueDecoder().decode(
            Sample.self, from: try JSONValue.parse(#"{"zebra":3,"apple":1,"tags":[],"nested":[],"raw":null}"#))
        #expect(whole.apple == 1.0)
        #expect(throws: DecodingError.self) {
            try JSONValueDecoder().decode(
                Sample.self, from: try JSONValue.parse(#"{"zebra":3.5,"apple":1,"tags":[],"nested":[],"raw":null}"#))
        }
    }
}
