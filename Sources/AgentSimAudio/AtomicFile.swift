import Foundation

/// Writes files whole or not at all: a temporary file in the destination directory is written, fsynced,
/// then renamed over the destination (and the directory fsynced so the rename is durable).
///
/// A destination that is not a file to replace is written in place, never renamed over: a character device
/// (`/dev/null`, a terminal), a FIFO, a socket, or a descriptor link (`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`).
/// A symbolic link to a file replaces the file it points to and stays a link. Temporary files are registered with
/// ``TemporaryFiles``, so an interrupted or trapping process leaves none behind, and their names stay within
/// NAME_MAX (255 bytes) whatever the destination's name.
public enum AtomicFile {
    /// Replaces the file at `path` with `bytes`.
    public static func write(_ bytes: [UInt8], to path: String) throws(AudioError) {
        let file = try Writer(path: path)
        try file.append(bytes)
        try file.commit()
    }

    /// How long a FIFO or other special file may keep agentsim waiting (for a reader to open it, or to take more
    /// bytes) before the write fails.
    public static let defaultStallSeconds = 10.0

    /// Where bytes for `path` go.
    public enum Destination: Equatable, Sendable {
        /// A file (existing or not) replaced through a temporary file beside it: the final path after symbolic links.
        case replace(String)
        /// A device, FIFO, socket or descriptor link, written in place.
        case inPlace
    }

    /// How `path` is written, decided before anything is opened.
    /// - Throws: ``AudioError`` when `path` is a directory or names no file (`dir/`).
    public static func destination(of path: String) throws(AudioError) -> Destination {
        guard !path.isEmpty, !path.hasSuffix("/") else { throw AudioError(path: path, "not a file path") }
        var current = path
        for _ in 0..<40 {
            if current.hasPrefix("/proc/") || current.hasPrefix("/dev/fd/") { return .inPlace }
            var info = stat()
            guard lstat(current, &info) == 0 else { return .replace(current) }  // missing: created
            switch info.st_mode & S_IFMT {
            case S_IFLNK:
                guard let target = readLink(current) else { return .replace(current) }
                if target.hasPrefix("/") {
                    current = target
                } else {
                    let slash = current.lastIndex(of: "/")
                    current = slash.map { String(current[...$0]) + target } ?? target
                }
            case S_IFREG: return .replace(current)
            case S_IFDIR: throw AudioError(path: path, "is a directory, expected a file path")
            default: return .inPlace
            }
        }
        throw AudioError(path: path, "too many levels of symbolic links (a symlink loop?)")
    }

    private static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The temporary file's name for a destination named `name`: `.NAME.tmp-PID-RANDOM`, with NAME cut (at a
    /// character boundary) so that the whole stays within NAME_MAX, 255 bytes.
    static func temporaryName(for name: String) -> String {
        let suffix = ".tmp-\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
        let room = 255 - 1 - suffix.utf8.count
        var kept = ""
        var bytes = 0
        for character in name {
            let size = character.utf8.count
            guard bytes + size <= room else { break }
            kept.append(character)
            bytes += size
        }
        return "." + kept + suffix
    }

    /// A file written a piece at a time into its temporary file, and put in place only by ``commit()``: until then,
    /// or if it is dropped or anything fails, the destination is untouched and the temporary file removed.
    ///
    /// A special destination (``Destination/inPlace``) is opened at once and written as bytes come; a FIFO that
    /// no reader opens, or a reader that stops taking bytes, fails the write after `stallSeconds`.
    public final class Writer {
        private let path: String
        private let directory: String
        private let temporary: String?
        private let stallSeconds: Double
        private var descriptor: Int32

        /// Whether the destination is written in place (a device, FIFO, socket or descriptor link).
        public var isInPlace: Bool { temporary == nil }

        /// Creates the temporary file beside `path` (or opens a special destination).
        public init(path: String, stallSeconds: Double = AtomicFile.defaultStallSeconds) throws(AudioError) {
            self.path = path
            self.stallSeconds = stallSeconds
            switch try AtomicFile.destination(of: path) {
            case .inPlace:
                directory = ""
                temporary = nil
                descriptor = try Self.openInPlace(path, stallSeconds: stallSeconds)
            case let .replace(final):
                let slash = final.lastIndex(of: "/")
                directory = slash.map { $0 == final.startIndex ? "/" : String(final[..<$0]) } ?? "."
                let name = slash.map { String(final[final.index(after: $0)...]) } ?? final
                guard !name.isEmpty else { throw AudioError(path: path, "not a file path") }
                let temporary = "\(directory)/\(AtomicFile.temporaryName(for: name))"
                self.temporary = temporary
                descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
                guard descriptor >= 0 else {
                    throw AudioError(
                        path: path, "cannot create temporary file in \(directory) (\(AtomicFile.reason()))")
                }
                TemporaryFiles.register(temporary)
                finalPath = final
            }
        }

        /// Where the temporary file is renamed to.
        private var finalPath = ""

        /// Opens a special file for writing without blocking: a FIFO without a reader is retried until one comes
        /// or `stallSeconds` pass.
        private static func openInPlace(_ path: String, stallSeconds: Double) throws(AudioError) -> Int32 {
            let deadline = ContinuousClock.now + .milliseconds(Int64(stallSeconds * 1000))
            while true {
                let fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_APPEND)
                if fd >= 0 { return fd }
                let code = errno
                if code == EINTR { continue }
                guard code == ENXIO else {
                    throw AudioError(path: path, "cannot open for writing (\(String(cString: strerror(code))))")
                }
                guard ContinuousClock.now < deadline else {
                    throw AudioError(
                        path: path,
                        "no reader opened the FIFO within \(Self.seconds(stallSeconds)) s; start the reader first")
                }
                usleep(20_000)
            }
        }

        static func seconds(_ value: Double) -> String {
            value == value.rounded() && value < 1e15 ? String(Int(value)) : String(value)
        }

        deinit {
            discard()
        }

        /// Appends `bytes`; a failure removes the temporary file.
        public func append(_ bytes: [UInt8]) throws(AudioError) {
            guard descriptor >= 0 else { throw AudioError(path: path, "cannot write (already finished)") }
            var written = 0
            while written < bytes.count {
                let result = bytes.withUnsafeBytes { raw in
                    Foundation.write(descriptor, raw.baseAddress! + written, raw.count - written)
                }
                if result < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN || errno == EWOULDBLOCK {
                        if waitWritable() { continue }
                        discard()
                        throw AudioError(
                            path: path,
                            "the reader took no bytes for \(Self.seconds(stallSeconds)) s; "
                                + "\(written) of \(bytes.count) bytes of the last write were taken")
                    }
                    let failure = "cannot write (\(AtomicFile.reason()))"
                    discard()
                    throw AudioError(path: path, failure)
                }
                written += result
            }
        }

        /// Waits up to `stallSeconds` for the descriptor to take more bytes.
        private func waitWritable() -> Bool {
            var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            let deadline = ContinuousClock.now + .milliseconds(Int64(stallSeconds * 1000))
            while true {
                let left = deadline - ContinuousClock.now
                let milliseconds = Int32(clamping: max(0, left.components.seconds * 1000 + 1))
                let ready = poll(&entry, 1, milliseconds)
                if ready > 0 { return true }
                if ready < 0, errno == EINTR { continue }
                if ContinuousClock.now >= deadline || ready < 0 { return false }
            }
        }

        /// Syncs the temporary file and renames it over the destination; a failure removes it. A special
        /// destination is closed.
        public func commit() throws(AudioError) {
            guard descriptor >= 0 else { throw AudioError(path: path, "cannot write (already finished)") }
            guard let temporary else {
                let closed = close(descriptor) == 0
                descriptor = -1
                if !closed { throw AudioError(path: path, "cannot close (\(AtomicFile.reason()))") }
                return
            }
            var failure: String?
            if fsync(descriptor) != 0 { failure = "cannot fsync (\(AtomicFile.reason()))" }
            if close(descriptor) != 0, failure == nil { failure = "cannot close (\(AtomicFile.reason()))" }
            descriptor = -1
            if failure == nil, rename(temporary, finalPath) != 0 {
                failure = "cannot rename temporary file into place (\(AtomicFile.reason()))"
            }
            if let failure {
                unlink(temporary)
                TemporaryFiles.unregister(temporary)
                throw AudioError(path: path, failure)
            }
            TemporaryFiles.unregister(temporary)
            let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if directoryDescriptor >= 0 {
                _ = fsync(directoryDescriptor)  // best effort: the data itself is already durable
                close(directoryDescriptor)
            }
        }

        /// Closes and removes the temporary file, if it is still there.
        public func discard() {
            guard descriptor >= 0 else { return }
            close(descriptor)
            descriptor = -1
            if let temporary {
                unlink(temporary)
                TemporaryFiles.unregister(temporary)
            }
        }
    }

    /// `strerror(errno)` as a Swift string.
    fileprivate static func reason() -> String {
        String(cString: strerror(errno))
    }
}
