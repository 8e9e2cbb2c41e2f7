/// The faults a run injected, by event id, and what they add to or take from the totals.
public struct FaultLog: Sendable {
    /// Ids kept per kind (counts stay exact beyond it).
    public static let idLimit = 100_000

    /// Events never sent: what every collector misses.
    public var dropped = EventSet()
    /// The extra copies: what a collector that does not de-duplicate adds.
    public var duplicated = EventSet()
    public var reorderedPairs: [(String, String)] = []
    public var reordered = 0
    public var delayed = 0
    public init() {}

    mutating func absorb(_ faults: SessionFaults) {
        for line in faults.dropped { dropped.add(line) }
        for line in faults.duplicated { duplicated.add(line) }
        reordered += faults.reordered.count
        for pair in faults.reordered where reorderedPairs.count < Self.idLimit { reorderedPairs.append(pair) }
        delayed += faults.delayed
    }
}
