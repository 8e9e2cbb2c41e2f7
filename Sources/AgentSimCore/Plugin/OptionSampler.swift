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

    public var json: JSONValue { .object(options) }
}
