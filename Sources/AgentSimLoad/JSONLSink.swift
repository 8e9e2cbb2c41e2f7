import Foundation
import Synchronization

/// `jsonl:PATH` or `jsonl:-`: one line per event, to a file (written whole or not at all: a temporary file
/// beside it, renamed into place when the run succeeds) or to standard output.
///
/// A path that names a device or a FIFO (`/dev/null`, a named pipe) is written directly.
public final class JSONLSink: LoadSink {
    public let name: String
    private let path: String?
    private let state: Mutex<State>

    private struct State {
        var fd: Int32 = -1
        var temporary: String?
        var buffer: [UInt8] = []
        var handed: [(ContinuousClock.Instant, Int)] = []
        var statistics: SinkStatistics
        var closed = false
    }

    private static let flushBytes = 256 << 10

    /// Opens the destination now, so a path that cannot be written fails before the run starts.
    /// - Parameter target: the part after `jsonl:`, a path or `-`.
    /// - Throws: ``SinkFailure`` naming the path and the system's reason.
    public init(target: String) throws(SinkFailure) {
        name = "jsonl:\(target)"
        var st = State(statistics: SinkStatistics(name: "jsonl:\(target)"))
        if target == "-" {
            path = nil
            st.fd = 1
        } else {
            path = target
            var info = stat()
            let exists = stat(target, &info) == 0
            let special = exists && (info.st_mode & S_IFMT) != S_IFREG
            if exists && (info.st_mode & S_IFMT) == S_IFDIR {
                throw SinkFailure(
                    sink: "jsonl:\(target)", message: "is a directory; expected a file path", delivered: 0)
            }
            let openPath: String
            if special {
                openPath = target
            } else {
                let url = URL(fileURLWithPath: target)
                openPath =
                    url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
                    .path
                st.temporary = openPath
            }
            let flags = special ? O_WRONLY : (O_WRONLY | O_CREAT | O_TRUNC)
            let fd = open(openPath, flags | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw SinkFailure(
                    sink: "jsonl:\(target)", message: "cannot open for writing: \(String(cString: strerror(errno)))",
                    delivered: 0)
            }
            st.fd = fd
        }
        state = Mutex(st)
    }

    public func run() async throws {}

    public func send(_ lines: [LoadLine]) async throws {
        try state.withLock { s throws(SinkFailure) in
            guard !s.closed else { return }
            for line in lines { s.buffer.append(contentsOf: line.bytes) }
            s.handed.append((ContinuousClock.now, lines.count))
            s.statistics.lines += lines.count
            if s.buffer.count >= Self.flushBytes { try flush(&s) }
        }
    }

    private func flush(_ s: inout State) throws(SinkFailure) {
        guard !s.buffer.isEmpty else { return }
        var offset = 0
        let count = s.buffer.count
        let failure: Int32? = s.buffer.withUnsafeBytes { raw in
            while offset < count {
                let n = write(s.fd, raw.baseAddress! + offset, count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }
        if let failure {
            s.closed = true
            throw SinkFailure(
                sink: name, message: "write failed: \(String(cString: strerror(failure)))",
                delivered: s.statistics.bytes)
        }
        s.statistics.bytes += count
        s.statistics.requests += 1
        s.buffer.removeAll(keepingCapacity: true)
        let now = ContinuousClock.now
        for (at, n) in s.handed {
            _ = s.statistics.latency.record(UInt64(max(0, (now - at).microseconds)), count: UInt64(n))
        }
        s.handed.removeAll(keepingCapacity: true)
    }

    /// Flushes and syncs what is buffered.
    public func finish() async throws {
        try state.withLock { s throws(SinkFailure) in
            try flush(&s)
            if s.temporary != nil, fsync(s.fd) != 0 {
                let reason = String(cString: strerror(errno))
                discard(&s)
                throw SinkFailure(
                    sink: name, message: "cannot finish writing: \(reason)", delivered: s.statistics.lines)
            }
        }
    }

    /// Closes the file and moves it into place.
    /// - Throws: ``SinkFailure`` when closing or renaming fails (the temporary file is removed).
    public func commit() throws {
        try state.withLock { s throws(SinkFailure) in
            guard s.fd > 2 else { return }
            let closed = Foundation.close(s.fd) == 0
            s.fd = -1
            guard let temporary = s.temporary, let path else { return }
            guard closed, rename(temporary, path) == 0 else {
                let reason = String(cString: strerror(errno))
                discard(&s)
                throw SinkFailure(
                    sink: name, message: "cannot move the finished file into place: \(reason)",
                    delivered: s.statistics.lines)
            }
            s.temporary = nil
        }
    }

    public func abort() async {
        state.withLock { discard(&$0) }
    }

    private func discard(_ s: inout State) {
        s.closed = true
        if s.fd > 2 { _ = Foundation.close(s.fd) }
        s.fd = -1
        if let temporary = s.temporary { unlink(temporary) }
        s.temporary = nil
    }

    public func statistics() -> SinkStatistics { state.withLock { $0.statistics } }
}

extension Duration {
    /// Whole microseconds.
    var microseconds: Int64 { components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000 }
}
