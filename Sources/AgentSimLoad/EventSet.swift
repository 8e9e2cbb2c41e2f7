import AgentSimCore

/// A set of events a run singles out (dropped, duplicated, resent): how many, their ids, their totals, and
/// per `model_usage` entry the ones that carry a figure there, so an explanation names the events behind
/// each difference and not every event of the set.
public struct EventSet: Sendable {
    public private(set) var count = 0
    public private(set) var ids: [String] = []
    public private(set) var totals = Totals()
    /// Entry key (`llm_usage api.openai.com gpt-realtime`) → events with a non-zero figure in that entry.
    public private(set) var byEntry: [(key: String, count: Int, ids: [String])] = []

    public init() {}

    /// The key under which events with any usage at all are listed (for `usage_summary` fields).
    public static let anyUsage = "*"

    mutating func add(_ line: LoadLine) {
        count += 1
        if ids.count < FaultLog.idLimit { ids.append(line.id) }
        guard let m = line.metrics else { return }
        totals.collect(m)
        var single = ModelUsageCollector()
        single.collect(m)
        let keys = single.flatten().map { $0.json() }.filter(Self.carriesUsage).map(TotalsJSON.entryKey)
        for key in keys + (keys.isEmpty ? [] : [Self.anyUsage]) {
            if let i = byEntry.firstIndex(where: { $0.key == key }) {
                byEntry[i].count += 1
                if byEntry[i].ids.count < FaultLog.idLimit { byEntry[i].ids.append(line.id) }
            } else {
                byEntry.append((key, 1, [line.id]))
            }
        }
    }

    static func carriesUsage(_ entry: JSONValue) -> Bool {
        guard case let .object(pairs) = entry else { return false }
        return pairs.contains { !["type", "provider", "model"].contains($0.0) && ($0.1.doubleValue ?? 0) != 0 }
    }

    /// `{"count", "ids", "totals", "by_entry": {KEY: {"count", "ids"}}}`.
    public var json: JSONValue {
        .object([
            ("count", .int(count)), ("ids", .array(ids.map { .string($0) })), ("totals", totals.json),
            (
                "by_entry",
                .object(
                    byEntry.map {
                        ($0.key, .object([("count", .int($0.count)), ("ids", .array($0.ids.map { .string($0) }))]))
                    })
            ),
        ])
    }
}
