/// `--faults drop=P,dup=P,reorder=P,delay=MS`: faults injected on the transport, decided per event from the
/// run's seed and the event's session and position, so every shard and every rerun makes the same decisions.
///
/// - `drop=P`: the event is never sent (the oracle still counts it; the report lists its id).
/// - `dup=P`: the event is sent twice, the copy right after it.
/// - `reorder=P`: the event swaps places with the next event of its session.
/// - `delay=MS`: every event is delivered up to MS milliseconds of session time later (a seeded uniform
///   amount), which moves it behind later events — of its session or others. At `--pace realtime` that is
///   wall time; at `--pace max` it changes only the order.
public struct FaultSpec: Sendable, Equatable, CustomStringConvertible {
    public var drop = 0.0
    public var dup = 0.0
    public var reorder = 0.0
    public var delayMilliseconds = 0.0

    public init() {}

    public var isEmpty: Bool { drop == 0 && dup == 0 && reorder == 0 && delayMilliseconds == 0 }

    /// Why a fault spec was refused.
    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Parses `drop=0.01,dup=0.02,…`. Probabilities are in [0, 1]; the delay in [0, 3,600,000] ms.
    public init(parsing text: String) throws(ParseError) {
        let expected =
            "expected drop=P,dup=P,reorder=P,delay=MS with P in 0…1 and MS in 0…3600000 (e.g. drop=0.01,dup=0.02)"
        guard !text.isEmpty else { throw ParseError(description: "--faults: empty; \(expected)") }
        var seen: Set<String> = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard pair.count == 2, !pair[0].isEmpty else {
                throw ParseError(description: "--faults: '\(item)' is not NAME=VALUE; \(expected)")
            }
            let name = pair[0], valueText = pair[1]
            guard ["drop", "dup", "reorder", "delay"].contains(name) else {
                throw ParseError(description: "--faults: unknown fault '\(name)'; \(expected)")
            }
            guard seen.insert(name).inserted else {
                throw ParseError(description: "--faults: '\(name)' given twice; \(expected)")
            }
            guard let value = Double(valueText), value.isFinite, !valueText.hasPrefix("+"), valueText.first != "."
            else {
                throw ParseError(description: "--faults: \(name)=\(valueText) is not a number; \(expected)")
            }
            if name == "delay" {
                guard value >= 0, value <= 3_600_000 else {
                    throw ParseError(description: "--faults: delay=\(valueText) is outside 0…3600000 ms; \(expected)")
                }
                delayMilliseconds = value
                continue
            }
            guard value >= 0, value <= 1 else {
                throw ParseError(description: "--faults: \(name)=\(valueText) is not a probability in 0…1; \(expected)")
            }
            switch name {
            case "drop": drop = value
            case "dup": dup = value
            default: reorder = value
            }
        }
    }

    public var description: String {
        if isEmpty { return "none" }
        var parts: [String] = []
        if drop > 0 { parts.append("drop=\(drop)") }
        if dup > 0 { parts.append("dup=\(dup)") }
        if reorder > 0 { parts.append("reorder=\(reorder)") }
        if delayMilliseconds > 0 { parts.append("delay=\(delayMilliseconds)") }
        return parts.joined(separator: ",")
    }
}
