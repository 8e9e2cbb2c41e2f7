import AgentSimAudio
import AgentSimCore
import Foundation
import HeapModule

/// Runs a load plan: sessions generated concurrently through a sliding window, their lines merged in
/// session-clock order across the sessions in flight, paced, faulted and handed to the sinks, while the
/// oracle counts what the collector must hold.
///
/// Output order is a pure function of the plan: session `k` of the shard starts at a time the load shape
/// gives (a free concurrency slot, or its arrival under `--rate`), its lines follow at their session-clock
/// times, and ties break by session then by position. Memory holds the window of sessions being generated
/// and the lines of the sessions in flight, never the run.
public struct LoadRunner: Sendable {
    public var plan: LoadPlan
    public var shape: LoadShape
    public var pace: Pace
    public var format: LineFormat
    public var faults: FaultSpec
    public var sink: any LoadSink
    public var clips: ClipCache
    /// Called about four times a second with (sessions done, sessions in the shard, seconds since start).
    public var progress: (@Sendable (Int, Int, Double) -> Void)?

    public init(
        plan: LoadPlan, shape: LoadShape, pace: Pace, format: LineFormat, faults: FaultSpec, sink: any LoadSink,
        clips: ClipCache = ClipCache(), progress: (@Sendable (Int, Int, Double) -> Void)? = nil
    ) {
        self.plan = plan
        self.shape = shape
        self.pace = pace
        self.format = format
        self.faults = faults
        self.sink = sink
        self.clips = clips
        self.progress = progress
    }

    /// Runs to the end; the sinks are committed only when everything was delivered.
    /// - Throws: `ScenarioError` for a session that cannot run, ``SinkFailure`` when a sink fails.
    public func run() async throws -> LoadOutcome {
        let sink = self.sink
        // Two children: the sinks' own work and the producer. The first to fail cancels the other (a producer
        // asleep on its pace wakes at once), and its error is the one reported.
        return try await withThrowingTaskGroup(of: LoadOutcome?.self, returning: LoadOutcome.self) { group in
            group.addTask {
                try await sink.run()
                return nil
            }
            group.addTask {
                let outcome = try await produce()
                try await sink.finish()
                return outcome
            }
            var produced: LoadOutcome?
            do {
                while let result = try await group.next() {
                    if let result { produced = result }
                }
            } catch {
                group.cancelAll()
                await sink.abort()
                throw error
            }
            guard var outcome = produced else { throw CancellationError() }
            do { try sink.commit() } catch {
                await sink.abort()
                throw error
            }
            outcome.sinks = Self.statistics(of: sink)
            outcome.maxResidentBytes = ResourceUsage.maxResidentBytes()
            return outcome
        }
    }

    static func statistics(of sink: any LoadSink) -> [SinkStatistics] {
        if let multiplex = sink as? MultiplexSink { return multiplex.sinks.map { $0.statistics() } }
        return [sink.statistics()]
    }

    /// A line waiting for its time, ordered by (time, session, position).
    private struct Pending: Comparable {
        var time: Double
        var session: Int
        var position: Int
        var line: LoadLine

        static func < (a: Pending, b: Pending) -> Bool {
            (a.time, a.session, a.position) < (b.time, b.session, b.position)
        }

        static func == (a: Pending, b: Pending) -> Bool {
            (a.time, a.session, a.position) == (b.time, b.session, b.position)
        }
    }

    private func produce() async throws -> LoadOutcome {
        // Plan indices are computed from positions, never listed: memory stays flat in --sessions.
        let total = plan.shardSessions
        let shard = plan.shard
        let window = Swift.max(8, ProcessInfo.processInfo.activeProcessorCount * 4)
        let clock = ContinuousClock()
        let started = clock.now
        var outcome = LoadOutcome(sessions: 0)
        var slots = Heap<Double>()
        if case let .concurrency(c) = shape { for _ in 0..<c { slots.insert(0) } }
        var arrivals: ArrivalClock? = nil
        if case let .rate(r, a) = shape { arrivals = ArrivalClock(rate: r, arrivals: a, seed: plan.seed) }
        var ends = Heap<Double>()
        var pending = Heap<Pending>()
        var chunk: [LoadLine] = []
        var lastProgress = started

        var pendingBytes = 0

        /// Sends the earliest line waiting, at its time under `--pace realtime`.
        func emitFirst() async throws {
            guard let first = pending.min else { return }
            if case let .realtime(speed) = pace {
                let due = started + Self.wallDelay(first.time, speed: speed)
                if clock.now < due {
                    try await flush()
                    try await clock.sleep(until: due)
                }
            }
            let next = pending.removeMin()
            pendingBytes -= Self.heldBytes(next.line)
            chunk.append(next.line)
            outcome.linesSent += 1
            outcome.bytesSent += next.line.bytes.count
            if chunk.count >= 256 { try await flush() }
        }

        func emit(upTo limit: Double?) async throws {
            while let first = pending.min, limit.map({ first.time <= $0 }) ?? true { try await emitFirst() }
        }

        func flush() async throws {
            guard !chunk.isEmpty else { return }
            try await sink.send(chunk)
            chunk.removeAll(keepingCapacity: true)
        }

        let plan = self.plan, clips = self.clips, format = self.format, faults = self.faults
        let templates = SessionTemplates()
        try await withThrowingTaskGroup(of: (Int, GeneratedSession).self) { group in
            var launched = 0
            func launch() {
                let position = launched
                let index = shard.index + position * shard.count
                group.addTask {
                    let planned = try await plan.sessionInPlanOrder(at: index)
                    return (
                        position,
                        try SessionGenerator.generate(
                            planned, clips: clips, format: format, faults: faults, seed: plan.seed,
                            templates: templates)
                    )
                }
                launched += 1
            }
            while launched < Swift.min(window, total) { launch() }
            var ready: [Int: GeneratedSession] = [:]
            var expected = 0
            while expected < total, let (position, session) = try await group.next() {
                ready[position] = session
                while let session = ready.removeValue(forKey: expected) {
                    expected += 1
                    if launched < total { launch() }
                    let start: Double
                    if var clock = arrivals {
                        start = SessionClock.microseconds(clock.time(of: session.index))
                        arrivals = clock
                    } else {
                        start = slots.removeMin()
                    }
                    let end = SessionClock.microseconds(start + session.duration)
                    if arrivals == nil { slots.insert(end) }
                    while let first = ends.min, first <= start { _ = ends.removeMin() }
                    ends.insert(end)
                    outcome.sessionsInFlightMax = Swift.max(outcome.sessionsInFlightMax, ends.count)
                    try await emit(upTo: start)
                    outcome.absorb(session)
                    for (n, delivery) in session.deliveries.enumerated() {
                        pending.insert(
                            Pending(
                                time: SessionClock.microseconds(start + delivery.time), session: expected, position: n,
                                line: delivery.line))
                        pendingBytes += Self.heldBytes(delivery.line)
                    }
                    // Too many sessions in flight on the virtual clock to hold all their lines: the earliest go out
                    // ahead of the sessions still to start. What goes early depends on the plan alone, so the
                    // lines stay reproducible.
                    while pendingBytes > Self.pendingBudget { try await emitFirst() }
                    if let progress, clock.now - lastProgress >= .milliseconds(250) {
                        lastProgress = clock.now
                        progress(expected, total, (clock.now - started).seconds)
                    }
                }
            }
        }
        try await emit(upTo: nil)
        try await flush()
        outcome.wallSeconds = (clock.now - started).seconds
        progress?(total, total, outcome.wallSeconds)
        return outcome
    }
}

extension LoadRunner {
    /// Most bytes of lines held waiting for their time (64 MiB, with ``heldBytes(_:)``'s overhead per line): about
    /// 5,000 sessions of 12 KB in flight on the virtual clock. Runs with more (`--concurrency 1000000`,
    /// `--rate 1000000`) send the earliest waiting lines before the next session starts.
    static let pendingBudget = 64 << 20

    /// What a waiting line holds: its bytes, and about 128 bytes of queue entry, id and references.
    static func heldBytes(_ line: LoadLine) -> Int { line.bytes.count + 128 }

    /// How long after the start a line due at session-clock `time` goes out at `speed`: at most 10^12 s (about
    /// 31,700 years, a run that never ends), so that the wall clock's microseconds cannot overflow.
    public static func wallDelay(_ time: Double, speed: Double) -> Duration {
        let seconds = Swift.min(Swift.max(time / speed, 0), 1e12)
        return .microseconds(Int64(seconds * 1_000_000))
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// The process's peak resident memory, from `/proc/self/status` (`VmHWM`), in bytes; 0 where unknown.
public enum ResourceUsage {
    public static func maxResidentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").compactMap { Int($0) }
            return (digits.first ?? 0) * 1024
        }
        return 0
    }
}
