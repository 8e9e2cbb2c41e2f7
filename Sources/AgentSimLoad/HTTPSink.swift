import AgentSimCore
import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

/// How the HTTP sink batches, bounds and retries.
public struct HTTPSinkOptions: Sendable {
    /// Lines per POST.
    public var batch = 200
    /// A batch that is not full is sent once its first line has waited this long.
    public var lingerMilliseconds = 50
    /// POSTs in flight at once; `send` waits when all are busy.
    public var maxInFlight = 8
    /// Attempts after the first, on a connection error or a 5xx.
    public var retries = 5
    /// Per-request deadline.
    public var timeoutSeconds = 10.0
    /// Backoff before retry k (1, 2, …): min(base × 2^(k−1), cap) × a seeded jitter in [0.5, 1.5).
    public var backoffBaseMilliseconds = 50.0
    public var backoffCapMilliseconds = 1000.0
    public var seed: UInt64 = 1

    public init() {}
}

/// `http://HOST:PORT/PATH`: POSTs batches of lines as `application/x-ndjson` with async-http-client.
///
/// A batch is sent when it holds ``HTTPSinkOptions/batch`` lines or its first line has waited
/// ``HTTPSinkOptions/lingerMilliseconds``; at most ``HTTPSinkOptions/maxInFlight`` requests are in flight.
/// A connection error or a 5xx is retried with exponential backoff and jitter, resending the same lines
/// (the same event ids); a 4xx, or a batch still failing after the last retry, ends the run.
public final class HTTPSink: LoadSink {
    public let name: String
    private let url: String
    private let options: HTTPSinkOptions
    private let client: HTTPClient
    private let slots: AsyncSlots
    private let done = Latch()
    private let outbox: AsyncStream<Batch>
    private let outboxInput: AsyncStream<Batch>.Continuation
    private let state: Mutex<State>

    struct Batch: Sendable {
        var lines: [LoadLine]
        var handed: [(ContinuousClock.Instant, Int)]
    }

    private struct State {
        var pending: [LoadLine] = []
        var handed: [(ContinuousClock.Instant, Int)] = []
        var pendingSince: ContinuousClock.Instant?
        var closed = false
        var inFlight = 0
        var statistics: SinkStatistics
        var jitter: SeededGenerator
    }

    /// - Parameter url: `http://HOST:PORT/PATH` (https works too).
    public init(url: String, options: HTTPSinkOptions) {
        name = url
        self.url = url
        self.options = options
        var configuration = HTTPClient.Configuration.agentsim(timeoutSeconds: options.timeoutSeconds)
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = options.maxInFlight
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        slots = AsyncSlots(options.maxInFlight)
        (outbox, outboxInput) = AsyncStream.makeStream(of: Batch.self)
        state = Mutex(
            State(
                statistics: SinkStatistics(name: url), jitter: SeededGenerator(seed: options.seed, salt: "http-jitter"))
        )
    }

    public func run() async throws {
        do {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await self.lingerLoop() }
                for await batch in outbox {
                    group.addTask {
                        do { try await self.deliver(batch) } catch {
                            // Stop taking batches at once: the group only rethrows once its body returns.
                            self.fail(error)
                            throw error
                        }
                    }
                }
                state.withLock { $0.closed = true }
            }
            try? await client.shutdown()
            done.open(.success(()))
        } catch {
            fail(error)
            try? await client.shutdown()
            throw error
        }
    }

    /// Ends the sink: waiters and later sends get `error`, the outbox closes, `finish()` throws it.
    private func fail(_ error: any Error) {
        slots.fail(error)
        state.withLock { s in
            s.closed = true
            outboxInput.finish()
        }
        done.open(.failure(error))
    }

    public func send(_ lines: [LoadLine]) async throws {
        let full = state.withLock { s -> Bool in
            if s.pending.isEmpty { s.pendingSince = .now }
            s.pending.append(contentsOf: lines)
            s.handed.append((.now, lines.count))
            return s.pending.count >= options.batch
        }
        guard full else { return }
        while state.withLock({ $0.pending.count >= options.batch }) {
            try await cut(when: { [batch = options.batch] in $0.pending.count >= batch })
        }
    }

    /// Takes a slot, then cuts one batch if `shouldCut` still holds (else gives the slot back).
    private func cut(when shouldCut: @escaping @Sendable (State) -> Bool) async throws {
        try await slots.acquire()
        let sent = state.withLock { s -> Bool in
            guard !s.closed, shouldCut(s) else { return false }
            let n = min(s.pending.count, options.batch)
            var batch = Batch(lines: Array(s.pending.prefix(n)), handed: [])
            s.pending.removeFirst(n)
            // Hand-over instants follow their lines into the batch.
            var need = n
            while need > 0, !s.handed.isEmpty {
                let take = min(need, s.handed[0].1)
                batch.handed.append((s.handed[0].0, take))
                s.handed[0].1 -= take
                if s.handed[0].1 == 0 { s.handed.removeFirst() }
                need -= take
            }
            s.pendingSince = s.handed.first?.0  // the oldest line still waiting
            outboxInput.yield(batch)
            return true
        }
        if !sent { slots.release() }
    }

    /// Sends a batch that has lingered long enough.
    private func lingerLoop() async throws {
        let linger = Duration.milliseconds(options.lingerMilliseconds)
        while !Task.isCancelled {
            try await Task.sleep(for: max(.milliseconds(1), min(linger, .milliseconds(20))))
            let (closed, due) = state.withLock { s in
                (s.closed, s.pendingSince.map { ContinuousClock.now - $0 >= linger } ?? false)
            }
            if closed { return }
            if due {
                try await cut(when: { s in s.pendingSince.map { ContinuousClock.now - $0 >= linger } ?? false })
            }
        }
    }

    public func finish() async throws {
        while state.withLock({ !$0.pending.isEmpty && !$0.closed }) {
            try await cut(when: { !$0.pending.isEmpty })
        }
        state.withLock { s in
            s.closed = true
            outboxInput.finish()
        }
        try await done.wait()
    }

    public func commit() throws {}

    public func abort() async {
        state.withLock { s in
            s.closed = true
            outboxInput.finish()
        }
    }

    public func statistics() -> SinkStatistics { state.withLock { $0.statistics } }

    private func deliver(_ batch: Batch) async throws {
        defer { slots.release() }
        state.withLock { s in
            s.inFlight += 1
            s.statistics.inFlightMax = max(s.statistics.inFlightMax, s.inFlight)
        }
        defer { state.withLock { $0.inFlight -= 1 } }
        var body: [UInt8] = []
        body.reserveCapacity(batch.lines.reduce(0) { $0 + $1.bytes.count })
        for line in batch.lines { body.append(contentsOf: line.bytes) }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-ndjson")
        request.body = .bytes(ByteBuffer(bytes: body))
        var attempt = 0
        while true {
            let problem: String
            do {
                // A 2xx is the collector's acknowledgement whatever its body says: the body is read up to 64 KiB
                // (so the connection can be reused) and any more is dropped, never taken for a failure to retry.
                let answer = try await HTTPExchange.perform(
                    client, request, timeoutSeconds: options.timeoutSeconds,
                    keep: { (200..<300).contains($0) ? 64 << 10 : 4096 })
                let code = Int(answer.status)
                if (200..<300).contains(code) {
                    let now = ContinuousClock.now
                    state.withLock { s in
                        s.statistics.lines += batch.lines.count
                        s.statistics.bytes += body.count
                        s.statistics.requests += 1
                        for (at, n) in batch.handed {
                            _ = s.statistics.latency.record(UInt64(max(0, (now - at).microseconds)), count: UInt64(n))
                        }
                    }
                    return
                }
                let text = String(decoding: answer.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                    .prefix(300)
                let status = "HTTP \(code) \(answer.reason)" + (text.isEmpty ? "" : ": \(text)")
                guard code >= 500 else {
                    throw SinkFailure(
                        sink: name,
                        message: "the collector refused a batch of \(batch.lines.count) lines with \(status)",
                        delivered: delivered)
                }
                problem = status
            } catch let failure as SinkFailure {
                throw failure
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                problem = HTTPExchange.describe(error, timeoutSeconds: options.timeoutSeconds)
            }
            attempt += 1
            guard attempt <= options.retries else {
                throw SinkFailure(
                    sink: name,
                    message:
                        "cannot deliver a batch of \(batch.lines.count) lines after \(attempt) attempts; last: "
                        + "\(problem)",
                    delivered: delivered)
            }
            let pause = state.withLock { s -> Double in
                s.statistics.retries += 1
                s.statistics.recordResent(batch.lines)
                let backoff = min(
                    options.backoffBaseMilliseconds * pow(2, Double(attempt - 1)), options.backoffCapMilliseconds)
                return backoff * (0.5 + Double(s.jitter.next() >> 11) / Double(1 << 53))
            }
            try await Task.sleep(for: .microseconds(Int64(pause * 1000)))
        }
    }

    private var delivered: Int { state.withLock { $0.statistics.lines } }
}
