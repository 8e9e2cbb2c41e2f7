import Foundation

/// Writes files whole or not at all: a temporary file in the destination directory is written, fsynced,
/// then renamed over the destination (and the directory fsynced so the rename is durable).
public enum AtomicFile {
    /// Replaces the file at `path` with `bytes`.
    public static func write(_ bytes: [UInt8], to path: String) throws(AudioError) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty else { throw AudioError(path: path, "not a file path") }
        let temporary = "\(directory)/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw AudioError(path: path, "cannot create temporary file in \(directory) (\(reason()))")
        }
        var failure: String?
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { raw in
                Foundation.write(descriptor, raw.baseAddress! + written, raw.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                failure = "cannot write (\(reason()))"
                break
            }
            written += result
        }
        if failure == nil, fsync(descriptor) != 0 { failure = "cannot fsync (\(reason()))" }
        if close(descriptor) != 0, failure == nil { failure = "cannot close (\(reason()))" }
        if failure == nil, rename(temporary, path) != 0 {
            failure = "cannot rename temporary file into place (\(reason()))"
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

    /// `strerror(errno)` as a Swift string.
    private static func reason() -> String {
        String(cString: strerror(errno))
    }
}
