import Foundation
import Subprocess
import Synchronization

/// `exec:COMMAND`: streams the lines into the standard input of `/bin/sh -c COMMAND` (swift-subprocess),
/// e.g. LiveKit's bridge. The command's output goes to agentsim's; a command that exits non-zero or stops
/// reading ends the run.
public final class ExecSink: LoadSink {
    public let name: String
    private let command: String
    private let slots = AsyncSlots(64)
    private let done = Latch()
    private let chunks: AsyncStream<Chunk>
    private let chunkInput: AsyncStream<Chunk>.Continuation
    private let state: Mutex<SinkStatistics>

    struct Chunk: Sendable {
        var bytes: [UInt8]
        var lines: Int
        var handed: ContinuousClock.Instant
    }

    public init(command: String) {
        name = "exec:\(command)"
        self.command = command
        (chunks, chunkInput) = AsyncStream.makeStream(of: Chunk.self)
        state = Mutex(SinkStatistics(name: "exec:\(command)"))
    }

    public func run() async throws {
        do {
            let result = try await Subprocess.run(
                .path("/bin/sh"), arguments: ["-c", command], input: .inputWriter,
                output: .currentStandardOutput, error: .currentStandardError
            ) { execution in
                let writer = execution.standardInputWriter
                for await chunk in chunks {
                    do {
                        _ = try await writer.write(chunk.bytes)
                    } catch {
                        throw SinkFailure(
                            sink: name, message: "the command stopped reading its input", delivered: delivered)
                    }
                    let now = ContinuousClock.now
                    state.withLock { s in
                        s.lines += chunk.lines
                        s.bytes += chunk.bytes.count
                        s.requests += 1
                        _ = s.latency.record(
                            UInt64(max(0, (now - chunk.handed).microseconds)), count: UInt64(chunk.lines))
                    }
                    slots.release()
                }
                try await writer.finish()
            }
            switch result.terminationStatus {
            case .exited(0): break
            case let .exited(code):
                throw SinkFailure(sink: name, message: "the command exited with status \(code)", delivered: delivered)
            case let .signaled(signal):
                throw SinkFailure(
                    sink: name, message: "the command was killed by signal \(signal)", delivered: delivered)
            }
            done.open(.success(()))
        } catch let failure as SinkFailure {
            fail(failure)
            throw failure
        } catch is CancellationError {
            fail(CancellationError())
            throw CancellationError()
        } catch {
            let failure = SinkFailure(sink: name, message: "cannot run the command: \(error)", delivered: delivered)
            fail(failure)
            throw failure
        }
    }

    private func fail(_ error: any Error) {
        slots.fail(error)
        done.open(.failure(error))
    }

    private var delivered: Int { state.withLock { $0.lines } }

    public func send(_ lines: [LoadLine]) async throws {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.reduce(0) { $0 + $1.bytes.count })
        for line in lines { bytes.append(contentsOf: line.bytes) }
        try await slots.acquire()
        chunkInput.yield(Chunk(bytes: bytes, lines: lines.count, handed: .now))
        state.withLock { $0.inFlightMax = max($0.inFlightMax, slots.inUse) }
    }

    public func finish() async throws {
        chunkInput.finish()
        try await done.wait()
    }

    public func commit() throws {}

    public func abort() async {
        chunkInput.finish()
    }

    public func statistics() -> SinkStatistics { state.withLock { $0 } }
}
