import AgentSimJSON
import LiveKitMetrics

/// What `agentsim inspect` tells about a recording: per session, the totals LiveKit's collector holds per model,
/// the quirks its events show, and a scenario skeleton that reproduces it where the rules allow.
public struct Inspection: Sendable {
    public struct Session: Sendable {
        public var name: String
        public var events: Int
        public var snapshots: Int
        /// livekit-agents 1.8.9's `ModelUsageCollector.flatten()` over the session's metrics events.
        public var totals: [ModelUsage]
        public var quirks: [Quirk]
        public var skeleton: Skeleton
    }

    public var sessions: [Session]
    public var skipped: [String: Int]

    public init(_ recording: Recording) {
        skipped = recording.skipped
        sessions = recording.sessions.map { name in
            let events = recording.events(of: name)
            let snapshots = recording.snapshots.filter { $0.session == name }
            var collector = ModelUsageCollector()
            for event in events { collector.collect(event.metrics) }
            return Session(
                name: name, events: events.count, snapshots: snapshots.count, totals: collector.flatten(),
                quirks: QuirkDetectors.all(session: name, events: events, snapshots: snapshots),
                skeleton: Skeleton(events: events.map(\.metrics)))
        }
    }

    /// The non-zero figures of one model's totals, `name=value`, in LiveKit's field order.
    static func figures(_ usage: ModelUsage) -> String {
        guard case let .object(fields) = usage.json() else { return "" }
        return fields.compactMap { key, value -> String? in
            guard !["type", "provider", "model"].contains(key), let number = value.doubleValue, number != 0 else {
                return nil
            }
            return "\(key)=\(value.intValue.map(String.init) ?? JSONValue.format(number))"
        }.joined(separator: ", ")
    }

    /// The text report: per session its totals, its quirks with their sentences and sources, its skeleton.
    public var text: String {
        var out = ""
        for session in sessions {
            out += "session \(session.name): \(session.events) metrics events"
            if session.snapshots > 0 { out += ", \(session.snapshots) session_usage_updated snapshots" }
            out += "\n\ntotals (ModelUsageCollector.flatten(), livekit-agents 1.8.9):\n"
            if session.totals.isEmpty { out += "  none: no metrics event carries usage\n" }
            for usage in session.totals {
                out += "  \(usage.type) \(usage.provider) \(usage.model): \(Self.figures(usage))\n"
            }
            out += "\nquirks:\n"
            if session.quirks.isEmpty { out += "  none of the known quirks shows in these events\n" }
            for quirk in session.quirks {
                out += "  \(quirk.id) (lines \(Self.lineList(quirk.lines)))\n"
                out += Self.wrap(quirk.sentence, indent: "    ") + "    source: \(quirk.source)\n"
            }
            out += "\nscenario skeleton (agentsim run it to reproduce the figures; comments say what is inferred):\n"
            out += session.skeleton.yaml.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : "  \($0)" }.joined(separator: "\n")
            out += "\n"
        }
        if !skipped.isEmpty {
            out += "skipped lines of other types: "
            out += skipped.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    /// The report as JSON: totals in LiveKit's `model_dump` form.
    public var json: JSONValue {
        .object([
            (
                "sessions",
                .array(
                    sessions.map { s in
                        .object([
                            ("session", .string(s.name)), ("events", .int(s.events)), ("snapshots", .int(s.snapshots)),
                            ("model_usage", .array(s.totals.map { $0.json() })),
                            (
                                "quirks",
                                .array(
                                    s.quirks.map { q in
                                        .object([
                                            ("id", .string(q.id)), ("sentence", .string(q.sentence)),
                                            ("source", .string(q.source)), ("lines", .array(q.lines.map { .int($0) })),
                                        ])
                                    })
                            ),
                            ("scenario_skeleton", .string(s.skeleton.yaml)),
                        ])
                    })
            ),
            ("skipped", .object(skipped.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
        ])
    }

    /// `1–7`, `3, 5, 9`: runs of consecutive lines joined.
    static func lineList(_ lines: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        while index < lines.count {
            var end = index
            while end + 1 < lines.count, lines[end + 1] == lines[end] + 1 { end += 1 }
            parts.append(end > index ? "\(lines[index])–\(lines[end])" : "\(lines[index])")
            index = end + 1
        }
        return parts.joined(separator: ", ")
    }

    /// `text` wrapped at 110 columns under `indent`, each line ending in a newline.
    static func wrap(_ text: String, indent: String) -> String {
        var out = "", line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, indent.count + line.count + 1 + word.count > 110 {
                out += indent + line + "\n"
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { out += indent + line + "\n" }
        return out
    }
}
