extension Int {
    /// Adds `other`, clamping to `Int.max` / `Int.min` instead of trapping.
    ///
    /// LiveKit's counters are Python ints, which never overflow; agentsim's cannot grow past
    /// 64 bits, so a sum that would overflow sticks at the bound. Below the bound the result
    /// is exactly Python's.
    mutating func addSaturating(_ other: Int) {
        let (sum, overflow) = addingReportingOverflow(other)
        if overflow {
            self = other > 0 ? .max : .min
        } else {
            self = sum
        }
    }

    /// `self + other`, clamped like ``addSaturating(_:)``.
    func addingSaturating(_ other: Int) -> Int {
        var copy = self
        copy.addSaturating(other)
        return copy
    }
}
