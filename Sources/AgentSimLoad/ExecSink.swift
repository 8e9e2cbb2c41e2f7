import Foundation
import Subprocess
import Synchronization

/// `exec:COMMAND`: streams the lines into the standard input of `/bin/sh -c COMMAND` (swift-subprocess), e.g.
/// LiveKit's bridge. The command's output goes to agentsim's.
///
/// agentsim owns the pipe, so it knows what the command really took: a line counts as delivered once the command
/// has read it (the pipe's unread bytes, `FIONREAD`, say how far it got), never when it merely sits in the pipe.
/// The run ends with a ``SinkFailure`` and that count when the command exits before reading every line (even with
/// status 0), exits non-zero, stops reading for `stallSeconds`, or has not exited `stallSeconds` after its input
/// ended; a command that stalls is killed.
public final class ExecSink: LoadSink {
    public let name: String
    private let command: String
    private let stallSeconds: Double
    private let slots = AsyncSlots(64)
    private let done = Latch()
    private let chunks: AsyncStream<Chunk>
    private let chunkInput: AsyncStream<Chunk>.Continuation
    private let state: Mutex<SinkStatistics>

    struct Chunk: Sendable {
        var bytes: [UInt8]
        /// Where each line ends in `bytes` (exclusive offsets).
        var ends: [Int]
        var handed: ContinuousClock.Instant
    }

    public init(command: String, stallSeconds: Double = 10) {
        name = "exec:\(command)"
        self.command = command
        self.stallSeconds = stallSeconds
        (chunks, chunkInput) = AsyncStream.makeStream(of: Chunk.self)
        state = Mutex(SinkStatistics(name: "exec:\(command)"))
    }

    /// What the writer knows of the pipe: bytes written, and the lines written but not yet known to be read.
    private struct Pipe {
        let descriptor: Int32
        var written = 0
        /// Lines handed to the pipe so far.
        var sent = 0
        /// (end offset in the whole stream, hand-over instant) of each line not yet read, oldest first.
        var unread: [(end: Int, handed: ContinuousClock.Instant)] = []
        var head = 0
    }

    public func run() async throws {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            let failure = SinkFailure(
                sink: name, message: "cannot make a pipe: \(String(cString: strerror(errno)))", delivered: 0)
            fail(failure)
            throw failure
        }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let writeEnd = ends[1]
        var writeOpen = true
        defer { if writeOpen { close(writeEnd) } }
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(writeEnd, 1031, Int32(1 << 20))  // F_SETPIPE_SZ, best effort: fewer waits on a fast reader
        // The command runs in a process group of its own, so that a command that stalls is stopped with every
        // process it started (`cat; sleep 30` leaves a shell and a sleep holding agentsim's standard output).
        var options = PlatformOptions()
        options.processGroupID = 0
        do {
            let result = try await Subprocess.run(
                .path("/bin/sh"), arguments: ["-c", command], platformOptions: options,
                input: .fileDescriptor(.init(rawValue: ends[0]), closeAfterSpawningProcess: true),
                output: .currentStandardOutput, error: .currentStandardError
            ) { execution in
                let pid = execution.processIdentifier.value
                do {
                    var pipe = Pipe(descriptor: writeEnd)
                    for await chunk in chunks {
                        try await write(chunk, to: &pipe, pid: pid)
                        slots.release()
                    }
                    try await drain(&pipe, pid: pid)
                    close(writeEnd)  // end of input
                    writeOpen = false
                    try await awaitExit(pid: pid)
                } catch {
                    kill(-pid, SIGKILL)  // the group: the command and what it started
                    throw error
                }
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

    /// Writes a chunk without blocking, waiting (in steps of a millisecond) while the pipe is full.
    private func write(_ chunk: Chunk, to pipe: inout Pipe, pid: pid_t) async throws {
        let start = pipe.written
        for end in chunk.ends { pipe.unread.append((start + end, chunk.handed)) }
        pipe.sent += chunk.ends.count
        var offset = 0
        var lastProgress = ContinuousClock.now
        while offset < chunk.bytes.count {
            let n = chunk.bytes.withUnsafeBytes { raw in
                Foundation.write(pipe.descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if n > 0 {
                offset += n
                pipe.written += n
                lastProgress = .now
                continue
            }
            let code = errno
            if n < 0, code == EINTR { continue }
            if n < 0, code == EPIPE {
                account(&pipe)
                throw exitedEarly(pipe)
            }
            guard n < 0, code == EAGAIN || code == EWOULDBLOCK else {
                throw SinkFailure(
                    sink: name, message: "cannot write to the command: \(String(cString: strerror(code)))",
                    delivered: delivered)
            }
            account(&pipe)
            if ContinuousClock.now - lastProgress >= .milliseconds(Int64(stallSeconds * 1000)) {
                throw stalled(reading: true)
            }
            try await Task.sleep(for: .milliseconds(1))
        }
        account(&pipe)
        state.withLock { $0.requests += 1 }
    }

    /// Waits until the command has read everything written (the pipe is empty), it exits, or it stalls.
    private func drain(_ pipe: inout Pipe, pid: pid_t) async throws {
        var lastProgress = ContinuousClock.now
        var unread = account(&pipe)
        while unread > 0 {
            if Self.hasExited(pid) { throw exitedEarly(pipe) }
            if ContinuousClock.now - lastProgress >= .milliseconds(Int64(stallSeconds * 1000)) {
                throw stalled(reading: true)
            }
            try await Task.sleep(for: .milliseconds(1))
            let now = account(&pipe)
            if now < unread { lastProgress = .now }
            unread = now
        }
    }

    /// Waits for the command to exit once its input has ended, at most `stallSeconds`.
    private func awaitExit(pid: pid_t) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int64(stallSeconds * 1000))
        while !Self.hasExited(pid) {
            guard ContinuousClock.now < deadline else { throw stalled(reading: false) }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    private func exitedEarly(_ pipe: Pipe) -> SinkFailure {
        SinkFailure(
            sink: name,
            message: "the command exited (or closed its input) before reading every line: it read \(delivered) of "
                + "the \(pipe.sent) lines sent", delivered: delivered)
    }

    private func stalled(reading: Bool) -> SinkFailure {
        let seconds = stallSeconds == stallSeconds.rounded() ? String(Int(stallSeconds)) : String(stallSeconds)
        let what =
            reading
            ? "the command read nothing for \(seconds) s (--timeout); it read \(delivered) lines and was stopped"
            : "the command read every line but had not exited \(seconds) s (--timeout) after its input ended; it was "
                + "stopped"
        return SinkFailure(sink: name, message: what, delivered: delivered)
    }

    /// Whether the child has exited (it stays waitable: swift-subprocess reaps it).
    private static func hasExited(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 else { return true }
        return info._sifields._sigchld.si_pid == pid
    }

    /// Counts the lines the command has read (written less the pipe's unread bytes) as delivered, with their
    /// latency; returns the unread bytes.
    @discardableResult
    private func account(_ pipe: inout Pipe) -> Int {
        var unread: Int32 = 0
        if ioctl(pipe.descriptor, UInt(FIONREAD), &unread) != 0 { unread = 0 }
        let read = pipe.written - Int(unread)
        let now = ContinuousClock.now
        state.withLock { s in
            while pipe.head < pipe.unread.count, pipe.unread[pipe.head].end <= read {
                let line = pipe.unread[pipe.head]
                _ = s.latency.record(UInt64(max(0, (now - line.handed).microseconds)), count: 1)
                pipe.head += 1
                s.lines += 1
                s.bytes = line.end  // offsets count from the stream's start
            }
        }
        if pipe.head > 4096, pipe.head * 2 > pipe.unread.count {
            pipe.unread.removeFirst(pipe.head)
            pipe.head = 0
        }
        return Int(unread)
    }

    private func fail(_ error: any Error) {
        slots.fail(error)
        done.open(.failure(error))
    }

    private var delivered: Int { state.withLock { $0.lines } }

    public func send(_ lines: [LoadLine]) async throws {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        bytes.reserveCapacity(lines.reduce(0) { $0 + $1.bytes.count })
        ends.reserveCapacity(lines.count)
        for line in lines {
            bytes.append(contentsOf: line.bytes)
            ends.append(bytes.count)
        }
        try await slots.acquire()
        chunkInput.yield(Chunk(bytes: bytes, ends: ends, handed: .now))
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
