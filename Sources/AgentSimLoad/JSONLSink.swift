import AgentSimAudio
import Foundation
import Synchronization

/// `jsonl:PATH` or `jsonl:-`: one line per event, to a file (written whole or not at all: an ``AtomicFile/Writer``'s
/// temporary file beside it, renamed into place when the run succeeds) or to standard output.
///
/// A path that names a device, a FIFO or a descriptor link (`/dev/null`, a named pipe, `/dev/stdout`) is written in
/// place, never renamed over; a FIFO that no reader opens, or whose reader stops reading, fails the sink after
/// `stallSeconds`. Lines count as delivered once written, never when merely buffered.
public final class JSONLSink: LoadSink {
    public let name: String
    private let state: Mutex<State>

    private struct State {
        /// The file; nil for standard output.
        var file: AtomicFile.Writer?
        var buffer: [UInt8] = []
        /// Lines in `buffer`, with the instants they were handed over.
        var handed: [(ContinuousClock.Instant, Int)] = []
        var statistics: SinkStatistics
        var closed = false
    }

    private static let flushBytes = 256 << 10

    /// Opens the destination now, so a path that cannot be written fails before the run starts.
    /// - Parameters:
    ///   - target: the part after `jsonl:`, a path or `-`.
    ///   - stallSeconds: how long a FIFO may go without a reader, or without taking bytes.
    /// - Throws: ``SinkFailure`` naming the path and the system's reason.
    public init(target: String, stallSeconds: Double = AtomicFile.defaultStallSeconds) throws(SinkFailure) {
        name = "jsonl:\(target)"
        var st = State(statistics: SinkStatistics(name: "jsonl:\(target)"))
        if target != "-" {
            do throws(AudioError) {
                st.file = try AtomicFile.Writer(path: target, stallSeconds: stallSeconds)
            } catch {
                throw SinkFailure(sink: "jsonl:\(target)", message: Self.problem(error, path: target), delivered: 0)
            }
        }
        state = Mutex(st)
    }

    /// The part of an ``AudioError`` after the path it starts with.
    private static func problem(_ error: AudioError, path: String) -> String {
        let text = error.message
        return text.hasPrefix(path + ": ") ? String(text.dropFirst(path.count + 2)) : text
    }

    public func run() async throws {}

    public func send(_ lines: [LoadLine]) async throws {
        try state.withLock { s throws(SinkFailure) in
            guard !s.closed else { return }
            for line in lines { s.buffer.append(contentsOf: line.bytes) }
            s.handed.append((ContinuousClock.now, lines.count))
            if s.buffer.count >= Self.flushBytes { try flush(&s) }
        }
    }

    private func flush(_ s: inout State) throws(SinkFailure) {
        guard !s.buffer.isEmpty else { return }
        let count = s.buffer.count
        if let file = s.file {
            do throws(AudioError) { try file.append(s.buffer) } catch {
                s.closed = true
                s.file = nil
                throw SinkFailure(
                    sink: name, message: Self.problem(error, path: String(name.dropFirst(6))),
                    delivered: s.statistics.lines)
            }
        } else if let failure = Self.writeAll(s.buffer, to: 1) {
            s.closed = true
            throw SinkFailure(
                sink: name, message: "write failed: \(String(cString: strerror(failure)))",
                delivered: s.statistics.lines)
        }
        s.statistics.bytes += count
        s.statistics.requests += 1
        s.buffer.removeAll(keepingCapacity: true)
        let now = ContinuousClock.now
        for (at, n) in s.handed {
            s.statistics.lines += n
            _ = s.statistics.latency.record(UInt64(max(0, (now - at).microseconds)), count: UInt64(n))
        }
        s.handed.removeAll(keepingCapacity: true)
    }

    /// Writes all of `bytes` to `descriptor`; returns the errno of a failure.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        var offset = 0
        return bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }
    }

    /// Flushes what is buffered.
    public func finish() async throws {
        try state.withLock { s throws(SinkFailure) in try flush(&s) }
    }

    /// Syncs the file and moves it into place (a special file is closed).
    /// - Throws: ``SinkFailure`` when syncing, closing or renaming fails (the temporary file is removed).
    public func commit() throws {
        try state.withLock { s throws(SinkFailure) in
            guard let file = s.file else { return }
            s.file = nil
            do throws(AudioError) { try file.commit() } catch {
                throw SinkFailure(
                    sink: name,
                    message: "cannot finish writing: \(Self.problem(error, path: String(name.dropFirst(6))))",
                    delivered: s.statistics.lines)
            }
        }
    }

    public func abort() async {
        state.withLock { s in
            s.closed = true
            s.file?.discard()
            s.file = nil
        }
    }

    public func statistics() -> SinkStatistics { state.withLock { $0.statistics } }
}

extension Duration {
    /// Whole microseconds.
    var microseconds: Int64 { components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000 }
}
