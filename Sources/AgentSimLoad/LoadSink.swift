import Histogram
import Synchronization

/// Where a load run's lines go: a file, a collector over HTTP, a subprocess.
///
/// The shape of swift-log's `LogHandler`: a small `Sendable` protocol, many backends, and a
/// ``MultiplexSink`` that fans every batch out to all of them. The runner calls ``run()`` in a task of its
/// own for the sink's lifetime (connections, a subprocess, timers live there), ``send(_:)`` with lines in
/// order, then ``finish()``, which returns once everything sent is delivered. Only when every sink finished
/// does the runner ``commit()`` them (a file moves into place); after any failure it calls ``abort()``, so
/// nothing half-written is left.
public protocol LoadSink: Sendable {
    /// The sink as the command line names it (`jsonl:out.jsonl`, `http://127.0.0.1:8080/events`).
    var name: String { get }
    /// The sink's long-running work; returns after ``finish()``, or throws a ``SinkFailure``.
    func run() async throws
    /// Hands over lines in order. Waits when the sink's bound on buffered or in-flight data is reached.
    func send(_ lines: [LoadLine]) async throws
    /// No more lines: delivers what is pending and returns when all of it is delivered.
    /// - Throws: ``SinkFailure`` when something could not be delivered.
    func finish() async throws
    /// Makes the delivered output visible (moves a finished file into place).
    func commit() throws
    /// The run failed elsewhere: stop, and leave no half-written output behind.
    func abort() async
    /// Counts and latencies so far.
    func statistics() -> SinkStatistics
}

/// A sink that failed: what happened, and how much it had delivered.
public struct SinkFailure: Error, CustomStringConvertible {
    public var sink: String
    public var message: String
    public var delivered: Int

    public init(sink: String, message: String, delivered: Int) {
        self.sink = sink
        self.message = message
        self.delivered = delivered
    }

    public var description: String { "\(sink): \(message)" }
}

/// What one sink did.
public struct SinkStatistics: Sendable {
    public var name: String
    /// Lines delivered (acknowledged, written).
    public var lines = 0
    public var bytes = 0
    /// HTTP requests that succeeded, writes to a file or pipe.
    public var requests = 0
    /// HTTP attempts repeated after a connection error or a 5xx.
    public var retries = 0
    /// Most HTTP requests (or buffered chunks) in flight at once.
    public var inFlightMax = 0
    /// Delivery latency in microseconds: from the line's hand-over to its acknowledgement (or write).
    public var latency = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
    /// Every line sent again (what a collector that stored a failed request counts twice).
    public var resent = EventSet()

    public init(name: String) { self.name = name }

    mutating func recordResent(_ lines: [LoadLine]) {
        for line in lines { resent.add(line) }
    }
}

/// Fans every batch out to several sinks, in the order given (swift-log's `MultiplexLogHandler`).
public struct MultiplexSink: LoadSink {
    public let sinks: [any LoadSink]

    public init(_ sinks: [any LoadSink]) { self.sinks = sinks }

    public var name: String { sinks.map(\.name).joined(separator: ", ") }

    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            for sink in sinks { group.addTask { try await sink.run() } }
        }
    }

    public func send(_ lines: [LoadLine]) async throws {
        for sink in sinks { try await sink.send(lines) }
    }

    public func finish() async throws {
        for sink in sinks { try await sink.finish() }
    }

    public func commit() throws {
        for sink in sinks { try sink.commit() }
    }

    public func abort() async {
        for sink in sinks { await sink.abort() }
    }

    public func statistics() -> SinkStatistics {
        var all = SinkStatistics(name: name)
        for sink in sinks {
            let s = sink.statistics()
            all.lines += s.lines
            all.bytes += s.bytes
        }
        return all
    }
}

/// A counting semaphore for async code: bounds what a sink holds in flight. A failure wakes every waiter.
final class AsyncSlots: Sendable {
    private struct State {
        var available: Int
        var inUse = 0
        var waiters: [CheckedContinuation<Void, any Error>] = []
        var failure: (any Error)?
    }

    private let state: Mutex<State>

    init(_ count: Int) { state = Mutex(State(available: count)) }

    /// Takes a slot, waiting for one; throws the failure once ``fail(_:)`` was called.
    func acquire() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let outcome: Result<Void, any Error>? = state.withLock { s in
                if let failure = s.failure { return .failure(failure) }
                if s.available > 0 {
                    s.available -= 1
                    s.inUse += 1
                    return .success(())
                }
                s.waiters.append(continuation)
                return nil
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }

    /// Gives a slot back (to the first waiter, if any).
    func release() {
        let waiter: CheckedContinuation<Void, any Error>? = state.withLock { s in
            s.inUse -= 1
            if s.waiters.isEmpty {
                s.available += 1
                return nil
            }
            s.inUse += 1
            return s.waiters.removeFirst()
        }
        waiter?.resume()
    }

    /// Fails every waiter and every later ``acquire()``.
    func fail(_ error: any Error) {
        let waiters = state.withLock { s in
            if s.failure == nil { s.failure = error }
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume(throwing: error) }
    }

    /// Slots in use right now.
    var inUse: Int { state.withLock { $0.inUse } }
}
