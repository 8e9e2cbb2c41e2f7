/// Draws `session.options` for random scenarios: each knob is left out (its default) or set to one of
/// a few valid values, all from one seeded generator.
public struct OptionSampler {
    public private(set) var rng: SeededGenerator
    public private(set) var options: [(String, JSONValue)] = []

    public init(rng: SeededGenerator) { self.rng = rng }

    /// One of `items`, uniformly.
    public mutating func pick<T>(_ items: [T]) -> T {
        items[Int(rng.next() % UInt64(items.count))]
    }

    /// Sets `key` to one of `values` one time in three; otherwise leaves it at its default.
    public mutating func maybe(_ key: String, _ values: [JSONValue]) {
        guard rng.next() % 3 == 0 else { return }
        options.append((key, pick(values)))
    }

    /// Sets `key` to `value` (a draw the caller made).
    public mutating func set(_ key: String, _ value: JSONValue) { options.append((key, value)) }

    /// The value drawn for `key` so far, if any.
    public func drawn(_ key: String) -> JSONValue? { options.first { $0.0 == key }?.1 }

    public var json: JSONValue { .object(options) }
}
