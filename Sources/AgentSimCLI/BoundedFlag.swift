import ArgumentParser

/// The numeric flags' types: each flag's value is parsed once, where argument-parser reads it, and checked against
/// its bounds there, so no figure the run derives from it (a deadline, a byte budget, a duration in microseconds) can
/// overflow. Flags using these are parsed unconditionally, so `--sessions -5` reaches the range check instead of
/// being taken for a flag ("missing value").
enum BoundedFlag {
    /// A whole number in `range`: `--sessions takes a count from 1 to 100000000, not 0`.
    static func count(
        _ option: String, _ range: ClosedRange<Int>, what: String = "a count"
    ) -> @Sendable (String) throws -> Int {
        { text in
            guard let value = Int(text), range.contains(value) else {
                throw ValidationError(
                    "\(option) takes \(what) from \(range.lowerBound) to \(range.upperBound), not \(text)")
            }
            return value
        }
    }

    /// A finite decimal number in `range`: `--timeout takes seconds from 0.001 to 3600, not 0`.
    static func decimal(
        _ option: String, _ range: ClosedRange<Double>, what: String
    ) -> @Sendable (String) throws -> Double {
        { text in
            guard let value = Double(text), value.isFinite, range.contains(value) else {
                throw ValidationError(
                    "\(option) takes \(what) from \(Self.text(range.lowerBound)) to \(Self.text(range.upperBound)), "
                        + "not \(text)")
            }
            return value
        }
    }

    /// `0.001`, `3600`, `1000000`: whole numbers without a fraction.
    static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
