/// The faults a run injected, by event id, and what they add to or take from the totals.
public struct FaultLog: Sendable {
    /// Ids kept per kind (counts stay exact beyond it).
    public static let idLimit = 100_000

    public var droppedIDs: [String] = []
    public var dropped = 0
    public var duplicatedIDs: [String] = []
    public var duplicated = 0
    public var reorderedPairs: [(String, String)] = []
    public var reordered = 0
    public var delayed = 0
    /// The metrics of the dropped events: what a collector misses.
    public var droppedTotals = Totals()
    /// The metrics of the extra copies: what a collector that does not de-duplicate adds.
    public var duplicatedTotals = Totals()

    public init() {}

    mutating func absorb(_ faults: SessionFaults) {
        for line in faults.dropped {
            dropped += 1
            if droppedIDs.count < Self.idLimit { droppedIDs.append(line.id) }
            if let m = line.metrics { droppedTotals.collect(m) }
        }
        for line in faults.duplicated {
            duplicated += 1
            if duplicatedIDs.count < Self.idLimit { duplicatedIDs.append(line.id) }
            if let m = line.metrics { duplicatedTotals.collect(m) }
        }
        reordered += faults.reordered.count
        for pair in faults.reordered where reorderedPairs.count < Self.idLimit { reorderedPairs.append(pair) }
        delayed += faults.delayed
    }
}
