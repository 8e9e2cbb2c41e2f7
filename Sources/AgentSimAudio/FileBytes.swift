import Foundation

/// Reads whole files with POSIX calls so errors can name the path and the exact `errno` reason.
enum FileBytes {
    /// Largest file accepted (128 MiB); recordings are seconds to minutes long (``RecordingLimits``).
    static let maxSize = RecordingLimits.maxFileBytes

    /// The complete contents of the regular file at `path`.
    static func read(path: String) throws(AudioError) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat below refuses it.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw AudioError(path: path, "cannot open file (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw AudioError(path: path, "cannot stat file (\(String(cString: strerror(errno))))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw AudioError(
                path: path, "not a regular file (a FIFO, device or directory); expected a WAV or Ogg Opus file")
        }
        guard Int(info.st_size) <= maxSize else {
            throw AudioError(path: path, "file too large (\(info.st_size) bytes; expected at most \(maxSize), 128 MiB)")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        while filled < bytes.count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw AudioError(path: path, "cannot read file (\(String(cString: strerror(errno))))")
            }
            if got == 0 { break }  // file shrank while reading
            filled += got
        }
        return filled == bytes.count ? bytes : Array(bytes[0..<filled])
    }
}
