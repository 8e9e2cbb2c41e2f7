/// A ``JSONValue`` kept as it is inside a `Codable` report: LiveKit's collector totals, whose entries and fields are
/// LiveKit's, travel through a report unchanged and in order.
///
/// ``JSONValueEncoder`` and ``JSONValueDecoder`` hand it over whole; other coders get its value field by field.
public struct RawJSON: Codable, Sendable, Equatable {
    public var value: JSONValue

    public init(_ value: JSONValue) { self.value = value }

    /// The value under `key` when this is an object.
    public subscript(key: String) -> JSONValue? { value[key] }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        switch value {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case let .bool(b):
            var single = encoder.singleValueContainer()
            try single.encode(b)
        case let .int(i):
            var single = encoder.singleValueContainer()
            try single.encode(i)
        case let .double(d):
            var single = encoder.singleValueContainer()
            try single.encode(d)
        case let .string(s):
            var single = encoder.singleValueContainer()
            try single.encode(s)
        case let .array(items):
            var list = encoder.unkeyedContainer()
            for item in items { try list.encode(RawJSON(item)) }
        case let .object(pairs):
            var object = encoder.container(keyedBy: Key.self)
            for (key, item) in pairs { try object.encode(RawJSON(item), forKey: Key(stringValue: key)) }
        }
    }

    public init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: Key.self) {
            value = .object(
                try object.allKeys.map { ($0.stringValue, try object.decode(RawJSON.self, forKey: $0).value) })
            return
        }
        if var list = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !list.isAtEnd { items.append(try list.decode(RawJSON.self).value) }
            value = .array(items)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            value = .null
        } else if let b = try? single.decode(Bool.self) {
            value = .bool(b)
        } else if let i = try? single.decode(Int.self) {
            value = .int(i)
        } else if let d = try? single.decode(Double.self) {
            value = .double(d)
        } else {
            value = .string(try single.decode(String.self))
        }
    }
}
