/// Decodes a `Decodable` value from a ``JSONValue`` (the counterpart of ``JSONValueEncoder``).
///
/// A number without a fraction is an integer wherever one is expected; any number is a floating-point value; a
/// ``RawJSON`` in the type is handed the JSON as it is. Errors name the path of the field that does not fit.
public struct JSONValueDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from json: JSONValue) throws -> T {
        try NodeDecoder(value: json, codingPath: []).decode(type)
    }

    struct NodeDecoder: Decoder {
        let value: JSONValue
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            if type == RawJSON.self, let raw = RawJSON(value) as? T { return raw }
            return try T(from: self)
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard case let .object(pairs) = value else { throw mismatch(expected: "an object") }
            return KeyedDecodingContainer(Keyed(pairs: pairs, codingPath: codingPath))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            guard case let .array(items) = value else { throw mismatch(expected: "an array") }
            return Unkeyed(items: items, codingPath: codingPath)
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer {
            Single(value: value, codingPath: codingPath)
        }

        func mismatch(expected: String) -> DecodingError {
            DecodingError.typeMismatch(
                Any.self,
                DecodingError.Context(codingPath: codingPath, debugDescription: "expected \(expected)"))
        }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let pairs: [(String, JSONValue)]
        var codingPath: [any CodingKey]

        var allKeys: [Key] { pairs.compactMap { Key(stringValue: $0.0) } }

        func contains(_ key: Key) -> Bool { pairs.contains { $0.0 == key.stringValue } }

        private func child(_ key: Key) throws -> NodeDecoder {
            guard let found = pairs.first(where: { $0.0 == key.stringValue }) else {
                throw DecodingError.keyNotFound(
                    key, DecodingError.Context(codingPath: codingPath, debugDescription: "no \"\(key.stringValue)\""))
            }
            return NodeDecoder(value: found.1, codingPath: codingPath + [key])
        }

        func decodeNil(forKey key: Key) throws -> Bool { try child(key).value.isNull }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decode(type) }

        func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type, forKey key: Key
        ) throws -> KeyedDecodingContainer<NestedKey> {
            try child(key).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try child(key).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder { NodeDecoder(value: .object(pairs), codingPath: codingPath) }
        func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let items: [JSONValue]
        var codingPath: [any CodingKey]
        var currentIndex = 0

        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        private mutating func next() throws -> NodeDecoder {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(
                    Any.self,
                    DecodingError.Context(codingPath: codingPath, debugDescription: "the array has no more items"))
            }
            defer { currentIndex += 1 }
            return NodeDecoder(value: items[currentIndex], codingPath: codingPath + [Index(currentIndex)])
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, items[currentIndex].isNull else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(type) }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type
        ) throws -> KeyedDecodingContainer<NestedKey> {
            try next().container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            try next().unkeyedContainer()
        }

        mutating func superDecoder() throws -> any Decoder { try next() }
    }

    /// An array position in a coding path (`[3]`).
    struct Index: CodingKey {
        var intValue: Int?
        var stringValue: String { "\(intValue ?? 0)" }
        init(_ index: Int) { intValue = index }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { self.intValue = intValue }
    }

    struct Single: SingleValueDecodingContainer {
        let value: JSONValue
        var codingPath: [any CodingKey]

        func decodeNil() -> Bool { value.isNull }

        func decode(_ type: Bool.Type) throws -> Bool {
            guard let b = value.boolValue else { throw mismatch(type, "true or false") }
            return b
        }

        func decode(_ type: String.Type) throws -> String {
            guard let s = value.stringValue else { throw mismatch(type, "a string") }
            return s
        }

        func decode(_ type: Double.Type) throws -> Double {
            guard let d = value.doubleValue else { throw mismatch(type, "a number") }
            return d
        }

        func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

        func decode(_ type: Int.Type) throws -> Int {
            guard let i = value.intValue else { throw mismatch(type, "a whole number") }
            return i
        }

        func decode(_ type: Int8.Type) throws -> Int8 { try narrow(type) }
        func decode(_ type: Int16.Type) throws -> Int16 { try narrow(type) }
        func decode(_ type: Int32.Type) throws -> Int32 { try narrow(type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try narrow(type) }
        func decode(_ type: UInt.Type) throws -> UInt { try narrow(type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try narrow(type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try narrow(type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try narrow(type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try narrow(type) }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try NodeDecoder(value: value, codingPath: codingPath).decode(type)
        }

        private func narrow<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
            guard let narrowed = T(exactly: try decode(Int.self)) else {
                throw mismatch(type, "a whole number from \(T.min) to \(T.max)")
            }
            return narrowed
        }

        private func mismatch(_ type: Any.Type, _ expected: String) -> DecodingError {
            DecodingError.typeMismatch(
                type,
                DecodingError.Context(
                    codingPath: codingPath,
                    debugDescription: "expected \(expected), got \(value.compactString().prefix(80))"))
        }
    }
}
