import AgentSimAudio
import AgentSimCore

/// One line a load run sends: a metrics event (or a `session_usage_updated` snapshot) in its envelope.
public struct LoadLine: Sendable {
    /// The stable event id, `<session id>.<seq>`.
    public var id: String
    /// The metrics event, or nil for a `session_usage_updated` snapshot (which no collector should sum).
    ///
    /// What the oracle counts. A copy filled in from a ``SessionTemplate`` shares the template's event, whose ids
    /// (`request_id`) are the template's; the line's bytes carry the copy's own.
    public var metrics: AgentMetrics? {
        get { box?.metrics }
        set { box = newValue.map(MetricsBox.init) }
    }
    /// The line's bytes, ending in a newline.
    public var bytes: [UInt8]
    /// The event behind one reference, so the lines of a template's copies share it and moving a line through the
    /// run's queues costs one retain, not one per field of the event.
    var box: MetricsBox?

    public init(id: String, metrics: AgentMetrics?, bytes: [UInt8]) {
        self.id = id
        self.box = metrics.map(MetricsBox.init)
        self.bytes = bytes
    }

    init(id: String, box: MetricsBox?, bytes: [UInt8]) {
        self.id = id
        self.box = box
        self.bytes = bytes
    }
}

/// One metrics event, shared.
final class MetricsBox: Sendable {
    let metrics: AgentMetrics

    init(_ metrics: AgentMetrics) {
        self.metrics = metrics
    }
}

/// One send of a line: its time on the session clock (after any delay fault) and whether it is a duplicate.
struct Delivery: Sendable {
    var time: Double
    var line: LoadLine
}

/// The faults one session's deliveries carry, by event id.
struct SessionFaults: Sendable {
    var dropped: [LoadLine] = []
    var duplicated: [LoadLine] = []
    var reordered: [(String, String)] = []
    var delayed = 0
}

/// A session run to its end, with the lines it produced and the deliveries its faults make of them.
struct GeneratedSession: Sendable {
    var index: Int
    var id: String
    var label: String
    /// Session-clock seconds from start to end.
    var duration: Double
    /// Every line, in the order the session produced them (what the oracle counts).
    var lines: [LoadLine]
    /// What is sent, in order, with session-clock times.
    var deliveries: [Delivery]
    var faults: SessionFaults
}

/// How a load run writes its lines.
public struct LineFormat: Sendable {
    /// Wrap each event as `{"id", "session", "seq", "metrics"}` (false: the bare metrics event).
    public var envelope: Bool
    /// After each metrics event, also send LiveKit 1.8.9's cumulative `session_usage_updated` snapshot.
    public var sessionUsageUpdates: Bool

    public init(envelope: Bool, sessionUsageUpdates: Bool) {
        self.envelope = envelope
        self.sessionUsageUpdates = sessionUsageUpdates
    }
}

enum SessionGenerator {
    /// Runs `planned` to its end and applies `faults` (seeded by the run's seed and the session's index).
    ///
    /// A copy of a scenario file is filled in from the file's ``SessionTemplate`` (its lines rendered once, the
    /// copy's session id and ids written into them) when `templates` has one; otherwise the session is run.
    static func generate(
        _ planned: PlannedSession, clips: ClipCache, format: LineFormat, faults: FaultSpec, seed: UInt64,
        templates: SessionTemplates? = nil
    ) throws(ScenarioError) -> GeneratedSession {
        let lines: [LoadLine]
        let times: [Double]
        let duration: Double
        if let templates, let template = try templates.template(for: planned, clips: clips, format: format) {
            lines = template.lines(sessionID: planned.id, idSalt: planned.idSalt)
            times = template.times
            duration = template.duration
        } else {
            let rendered = try render(planned, clips: clips, format: format)
            lines = rendered.lines(sessionID: planned.id)
            times = rendered.times
            duration = rendered.duration
        }
        var session = GeneratedSession(
            index: planned.index, id: planned.id, label: planned.label, duration: duration, lines: lines,
            deliveries: [],
            faults: SessionFaults())
        applyFaults(faults, to: &session, times: times, seed: seed)
        return session
    }

    /// Runs `planned` to its end: every line's body (the metrics event or the snapshot, compact JSON), in order.
    static func render(
        _ planned: PlannedSession, clips: ClipCache, format: LineFormat
    ) throws(ScenarioError) -> RenderedSession {
        var iterator = SessionRun(
            scenario: planned.scenario, plugin: planned.plugin, clips: clips, idSalt: planned.idSalt,
            organisation: planned.organisation
        )
        .makeAsyncIterator()
        var rendered = RenderedSession(envelope: format.envelope)
        var duration = 0.0
        var snapshot = ModelUsageCollector()
        var writer = JSONWriter()
        while let step = try iterator.nextStep() {
            if case let .sessionEnded(truth) = step.event.kind { duration = truth.sessionSeconds }
            for output in step.outputs {
                for metrics in output.metrics {
                    writer.clear()
                    writer.write(metrics.json())
                    rendered.bodies.append(RenderedSession.Body(bytes: writer.bytes, metrics: MetricsBox(metrics)))
                    rendered.times.append(output.time)
                    guard format.sessionUsageUpdates else { continue }
                    snapshot.collect(metrics)
                    let usage = JSONValue.object([
                        ("type", "session_usage_updated"),
                        ("usage", .object([("model_usage", .array(snapshot.flatten().map { $0.json() }))])),
                        ("created_at", .double(planned.scenario.session.startTime + output.time)),
                    ])
                    writer.clear()
                    writer.write(usage)
                    rendered.bodies.append(RenderedSession.Body(bytes: writer.bytes, metrics: nil))
                    rendered.times.append(output.time)
                }
            }
        }
        rendered.duration = max(duration, rendered.times.last ?? 0)
        return rendered
    }

    /// Turns the session's lines into deliveries: reorders first (a swap with the next line), then per line a
    /// drop, a duplicate and a delay, each decided by a generator seeded with the run's seed and the index.
    static func applyFaults(_ faults: FaultSpec, to session: inout GeneratedSession, times: [Double], seed: UInt64) {
        guard !faults.isEmpty else {
            session.deliveries = zip(times, session.lines).map { Delivery(time: $0, line: $1) }
            return
        }
        var rng = SeededGenerator(seed: LoadPlan.mix(seed ^ 0x6661_756C_7473, UInt64(session.index)))  // "faults"
        func chance(_ p: Double) -> Bool { Double(rng.next() >> 11) / Double(1 << 53) < p }
        var order = session.lines
        var k = 0
        while k + 1 < order.count {
            if chance(faults.reorder) {
                session.faults.reordered.append((order[k].id, order[k + 1].id))
                order.swapAt(k, k + 1)
                k += 2
            } else {
                k += 1
            }
        }
        var out: [Delivery] = []
        out.reserveCapacity(order.count)
        for (n, line) in order.enumerated() {
            let dropped = chance(faults.drop)
            let duplicated = chance(faults.dup)
            let delay =
                faults.delayMilliseconds > 0
                ? Double(rng.next() >> 11) / Double(1 << 53) * faults.delayMilliseconds / 1000 : 0
            if dropped {
                session.faults.dropped.append(line)
                continue
            }
            if delay > 0 { session.faults.delayed += 1 }
            let time = SessionClock.microseconds(times[n] + delay)
            out.append(Delivery(time: time, line: line))
            if duplicated {
                session.faults.duplicated.append(line)
                out.append(Delivery(time: time, line: line))
            }
        }
        session.deliveries = out
    }
}
