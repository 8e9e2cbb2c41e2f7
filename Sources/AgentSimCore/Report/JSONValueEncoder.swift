/// Encodes an `Encodable` value as a ``JSONValue``, keeping object keys in the order the value encodes them (its
/// `CodingKeys` order), so that a report written this way prints the same bytes as one assembled by hand.
///
/// Integers become `.int`, floating-point numbers `.double`, `nil` from `encodeNil` `.null`; a ``RawJSON`` nested in
/// the value is kept as it is. Keys are written as given: a type names its JSON keys in its `CodingKeys`.
public struct JSONValueEncoder {
    public init() {}

    /// The value as JSON.
    /// - Throws: `EncodingError.invalidValue` for an unsigned integer above `Int.max` or a value that encodes
    ///   nothing.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let node = Node()
        try node.encode(value, at: [])
        return try node.value(at: [])
    }

    /// A value being built: a leaf, an object whose children keep their order, or an array.
    final class Node {
        enum Content {
            case empty
            case leaf(JSONValue)
            case object([(String, Node)])
            case array([Node])
        }

        var content = Content.empty

        func value(at path: [any CodingKey]) throws -> JSONValue {
            switch content {
            case .empty:
                throw EncodingError.invalidValue(
                    (), EncodingError.Context(codingPath: path, debugDescription: "the value encoded nothing"))
            case let .leaf(value): return value
            case let .object(pairs): return .object(try pairs.map { ($0.0, try $0.1.value(at: path)) })
            case let .array(items): return .array(try items.map { try $0.value(at: path) })
            }
        }

        func encode<T: Encodable>(_ value: T, at path: [any CodingKey]) throws {
            if let raw = value as? RawJSON {
                content = .leaf(raw.value)
                return
            }
            try value.encode(to: NodeEncoder(node: self, codingPath: path))
        }

        func child(_ key: String) -> Node {
            let node = Node()
            if case var .object(pairs) = content {
                if let i = pairs.firstIndex(where: { $0.0 == key }) {
                    pairs[i].1 = node
                } else {
                    pairs.append((key, node))
                }
                content = .object(pairs)
            } else {
                content = .object([(key, node)])
            }
            return node
        }

        func appended() -> Node {
            let node = Node()
            if case let .array(items) = content { content = .array(items + [node]) } else { content = .array([node]) }
            return node
        }
    }

    struct NodeEncoder: Encoder {
        let node: Node
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .object = node.content {} else { node.content = .object([]) }
            return KeyedEncodingContainer(Keyed(node: node, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .array = node.content {} else { node.content = .array([]) }
            return Unkeyed(node: node, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: node, codingPath: codingPath) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        var codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws { node.child(key.stringValue).content = .leaf(.null) }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try node.child(key.stringValue).encode(value, at: codingPath + [key])
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            NodeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            NodeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.child("super"), codingPath: codingPath) }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            NodeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key])
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey]
        var count: Int {
            if case let .array(items) = node.content { return items.count }
            return 0
        }

        mutating func encodeNil() throws { node.appended().content = .leaf(.null) }

        mutating func encode<T: Encodable>(_ value: T) throws {
            try node.appended().encode(value, at: codingPath)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type
        ) -> KeyedEncodingContainer<NestedKey> {
            NodeEncoder(node: node.appended(), codingPath: codingPath).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            NodeEncoder(node: node.appended(), codingPath: codingPath).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.appended(), codingPath: codingPath) }
    }

    struct Single: SingleValueEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey]

        mutating func encodeNil() throws { node.content = .leaf(.null) }
        mutating func encode(_ value: Bool) throws { node.content = .leaf(.bool(value)) }
        mutating func encode(_ value: String) throws { node.content = .leaf(.string(value)) }
        mutating func encode(_ value: Double) throws { node.content = .leaf(.double(value)) }
        mutating func encode(_ value: Float) throws { node.content = .leaf(.double(Double(value))) }
        mutating func encode(_ value: Int) throws { node.content = .leaf(.int(value)) }
        mutating func encode(_ value: Int8) throws { node.content = .leaf(.int(Int(value))) }
        mutating func encode(_ value: Int16) throws { node.content = .leaf(.int(Int(value))) }
        mutating func encode(_ value: Int32) throws { node.content = .leaf(.int(Int(value))) }
        mutating func encode(_ value: Int64) throws { node.content = .leaf(.int(Int(value))) }
        mutating func encode(_ value: UInt) throws { try unsigned(UInt64(value)) }
        mutating func encode(_ value: UInt8) throws { node.content = .leaf(.int(Int(value))) }
        mutating func encode(_ value: UInt16) throws { node.content = .leaf(.int(Int(value))) }
        mutating func encode(_ value: UInt32) throws { node.content = .leaf(.int(Int(value))) }
        mutating func encode(_ value: UInt64) throws { try unsigned(value) }

        mutating func encode<T: Encodable>(_ value: T) throws { try node.encode(value, at: codingPath) }

        private func unsigned(_ value: UInt64) throws {
            guard let int = Int(exactly: value) else {
                throw EncodingError.invalidValue(
                    value, EncodingError.Context(codingPath: codingPath, debugDescription: "above 2^63 − 1"))
            }
            node.content = .leaf(.int(int))
        }
    }
}
