import Foundation

/// Writes files whole or not at all: a temporary file in the destination directory is written, fsynced,
/// then renamed over the destination (and the directory fsynced so the rename is durable).
public enum AtomicFile {
    /// Replaces the file at `path` with `bytes`.
    public static func write(_ bytes: [UInt8], to path: String) throws(AudioError) {
        let file = try Writer(path: path)
        try file.append(bytes)
        try file.commit()
    }

    /// A file written a piece at a time into its temporary file, and put in place only by ``commit()``: until then,
    /// or if it is dropped or anything fails, the destination is untouched and the temporary file removed.
    public final class Writer {
        private let path: String
        private let directory: String
        private let temporary: String
        private var descriptor: Int32

        /// Creates the temporary file beside `path`.
        public init(path: String) throws(AudioError) {
            let slash = path.lastIndex(of: "/")
            directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
            let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
            guard !name.isEmpty else { throw AudioError(path: path, "not a file path") }
            self.path = path
            temporary = "\(directory)/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw AudioError(path: path, "cannot create temporary file in \(directory) (\(AtomicFile.reason()))")
            }
        }

        deinit {
            discard()
        }

        /// Appends `bytes` to the temporary file; a failure removes it.
        public func append(_ bytes: [UInt8]) throws(AudioError) {
            guard descriptor >= 0 else { throw AudioError(path: path, "cannot write (already finished)") }
            var written = 0
            while written < bytes.count {
                let result = bytes.withUnsafeBytes { raw in
                    Foundation.write(descriptor, raw.baseAddress! + written, raw.count - written)
                }
                if result < 0 {
                    if errno == EINTR { continue }
                    let failure = "cannot write (\(AtomicFile.reason()))"
                    discard()
                    throw AudioError(path: path, failure)
                }
                written += result
            }
        }

        /// Syncs the temporary file and renames it over the destination; a failure removes it.
        public func commit() throws(AudioError) {
            guard descriptor >= 0 else { throw AudioError(path: path, "cannot write (already finished)") }
            var failure: String?
            if fsync(descriptor) != 0 { failure = "cannot fsync (\(AtomicFile.reason()))" }
            if close(descriptor) != 0, failure == nil { failure = "cannot close (\(AtomicFile.reason()))" }
            descriptor = -1
            if failure == nil, rename(temporary, path) != 0 {
                failure = "cannot rename temporary file into place (\(AtomicFile.reason()))"
            }
            if let failure {
                unlink(temporary)
                throw AudioError(path: path, failure)
            }
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
            unlink(temporary)
        }
    }

    /// `strerror(errno)` as a Swift string.
    fileprivate static func reason() -> String {
        String(cString: strerror(errno))
    }
}
