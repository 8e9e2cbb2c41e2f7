import AgentSimJSON
import LiveKitMetrics

/// A recorded session (or several): the metrics events and `session_usage_updated` snapshots of a JSON-lines file,
/// as a real agent's `metrics_collected` / `session_usage_updated` handler writes them (`ev.metrics.model_dump()`,
/// `ev.model_dump()`) or as `agentsim load` and `agentsim run --format jsonl` write them.
///
/// Each line is a bare event (`{"type": "realtime_model_metrics", …}`, `{"type": "session_usage_updated",
/// "usage": {"model_usage": […]}}`) or an envelope `{"id", "session", "seq", "metrics" | "event"}`. Other event types
/// are kept as skipped, by type; an unreadable line is an error naming it.
public struct Recording: Sendable {
    /// One metrics event and where it came from.
    public struct Event: Sendable {
        public var line: Int
        public var session: String
        public var metrics: AgentMetrics
    }

    /// One cumulative `session_usage_updated` snapshot.
    public struct Snapshot: Sendable {
        public var line: Int
        public var session: String
        public var usage: [UsageEntry]
    }

    /// One `model_usage` entry of a snapshot: its kind, provider and model, and its numeric fields in order.
    public struct UsageEntry: Sendable, Equatable {
        public var type: String
        public var provider: String
        public var model: String
        public var figures: [(name: String, value: Double)]

        public static func == (a: UsageEntry, b: UsageEntry) -> Bool {
            a.type == b.type && a.provider == b.provider && a.model == b.model
                && a.figures.map(\.name) == b.figures.map(\.name) && a.figures.map(\.value) == b.figures.map(\.value)
        }

        /// The entry's value of `name`, 0 when it has none.
        public subscript(name: String) -> Double { figures.first { $0.name == name }?.value ?? 0 }
    }

    public var events: [Event] = []
    public var snapshots: [Snapshot] = []
    /// Lines of other types, by type (`conversation_item_added`, …), which inspect does not read.
    public var skipped: [String: Int] = [:]
    /// Sessions in the order they first appear (`recording` for bare events).
    public var sessions: [String] = []

    /// The name of the session of bare events, which carry none.
    public static let bareSession = "recording"

    public init() {}

    /// Reads one line (1-based `number`) into the recording.
    /// - Throws: `RecordingError` naming the line and what is wrong with it.
    public mutating func read(line text: some Collection<UInt8>, number: Int) throws(RecordingError) {
        if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes: text)
        } catch {
            throw RecordingError(line: number, message: "not JSON (\(error.message) at column \(error.column))")
        }
        guard case .object = json else {
            throw RecordingError(line: number, message: "expected a JSON object (a metrics event or its envelope)")
        }
        var session = Self.bareSession
        var body = json
        if let wrapped = json["metrics"] ?? json["event"] {
            guard let name = json["session"]?.stringValue else {
                throw RecordingError(line: number, message: "an envelope without a string \"session\"")
            }
            session = name
            body = wrapped
        }
        guard let type = body["type"]?.stringValue else {
            throw RecordingError(line: number, message: "no string \"type\" (expected a LiveKit metrics event)")
        }
        if !sessions.contains(session) { sessions.append(session) }
        if type == "session_usage_updated" {
            guard let entries = body["usage"]?["model_usage"]?.arrayValue else {
                throw RecordingError(line: number, message: "session_usage_updated without usage.model_usage")
            }
            var usage: [UsageEntry] = []
            for entry in entries {
                guard case let .object(fields) = entry, let kind = entry["type"]?.stringValue else {
                    throw RecordingError(
                        line: number, message: "session_usage_updated: a model_usage entry without a type")
                }
                let figures = fields.compactMap { key, value -> (name: String, value: Double)? in
                    value.doubleValue.map { (key, $0) }
                }
                usage.append(
                    UsageEntry(
                        type: kind, provider: entry["provider"]?.stringValue ?? "",
                        model: entry["model"]?.stringValue ?? "",
                        figures: figures))
            }
            snapshots.append(Snapshot(line: number, session: session, usage: usage))
            return
        }
        guard type.hasSuffix("_metrics") else {
            skipped[type, default: 0] += 1
            return
        }
        do {
            events.append(Event(line: number, session: session, metrics: try AgentMetrics.decode(body)))
        } catch {
            throw RecordingError(line: number, message: "\(type): \(error)")
        }
    }

    /// Reads a whole JSON-lines text (tests, small files).
    public static func parse(_ text: String) throws(RecordingError) -> Recording {
        var recording = Recording()
        var number = 0
        for line in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            try recording.read(line: line, number: number)
        }
        return recording
    }

    /// The events of one session, in order.
    public func events(of session: String) -> [Event] { events.filter { $0.session == session } }
}

/// A recording line that cannot be read.
public struct RecordingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}
