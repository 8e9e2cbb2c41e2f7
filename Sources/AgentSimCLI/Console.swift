import Foundation

/// Writes to standard error and checks standard output without ever trapping: `FileHandle.write`
/// raises on a full or closed stream, and `print` drops its errors silently.
enum Console {
    /// Writes `text` to standard error with `write(2)`.
    /// - Returns: false when the stream did not take all of it (full disk, closed descriptor).
    @discardableResult
    static func error(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return false }
            bytes = bytes.dropFirst(written)
        }
        return true
    }

    /// Flushes standard output (`print` writes through stdio's buffer).
    /// - Returns: false when this or an earlier write to it failed (stdio's error flag: glibc drops the
    ///   data of a failed flush, so a last flush alone can succeed after output was lost).
    static func flushOutput() -> Bool {
        // Swift 6 refuses to read the C global `stdout` (shared mutable state); its value is looked up
        // instead, once, at exit.
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "stdout") else {
            return fflush(nil) == 0
        }
        let stream = symbol.load(as: UnsafeMutablePointer<FILE>.self)
        return fflush(stream) == 0 && ferror(stream) == 0
    }

    /// `text` with control characters other than newline and tab shown as `\u{1B}`, so that a file's
    /// contents quoted in a message cannot drive the terminal.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control, scalar != "\n", scalar != "\t" {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
