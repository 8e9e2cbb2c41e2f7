import AgentSimCore
import Foundation

/// The events file of `check --events`, read with POSIX calls: a regular file, a pipe (a FIFO or a
/// process substitution) or `-` for standard input; directories and devices are refused before opening.
final class EventsInput {
    private let descriptor: Int32
    private let owned: Bool
    private let file: String
    /// How messages name the input (`--events`, `inspect`).
    private let option: String

    /// - Throws: ``BadInput`` (status 2) naming the file when it cannot be used.
    init(file: String, option: String = "--events") throws {
        self.file = file
        self.option = option
        if file == "-" {
            descriptor = STDIN_FILENO
            owned = false
            return
        }
        var info = stat()
        guard stat(file, &info) == 0 else {
            let problem: String
            if case let .failure(p) = RegularFile.size(at: file) { problem = p.text } else { problem = "cannot stat" }
            throw BadInput("\(option): \(file): \(problem)")
        }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFREG || kind == S_IFIFO else {
            let problem: String
            if case let .failure(p) = RegularFile.size(at: file) {
                problem = p.text
            } else {
                problem = "is not a regular file"
            }
            let either = problem.replacingOccurrences(
                of: "expected a regular file", with: "expected a regular file or a pipe")
            throw BadInput("\(option): \(file): \(either)")
        }
        let opened = open(file, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else {
            throw BadInput("\(option): \(file): cannot open (\(String(cString: strerror(errno))))")
        }
        descriptor = opened
        owned = true
    }

    /// Up to `maximum` bytes, or nil at the end of the input.
    func read(maximum: Int) throws -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            let got = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else {
                throw BadInput("\(option): \(file): cannot read (\(String(cString: strerror(errno))))")
            }
            if got == 0 { return nil }
            buffer.removeSubrange(got...)
            return buffer
        }
    }

    func close() {
        if owned { _ = Foundation.close(descriptor) }
    }
}
