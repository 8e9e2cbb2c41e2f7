import Foundation

/// Checks, without opening it, that a path names a regular file: a FIFO would block the open,
/// a device could be endless, a directory is not a file.
public enum RegularFile {
    /// The file's size in bytes.
    /// - Returns: the size, or a short problem such as "is a FIFO (named pipe), expected a regular file".
    public static func size(at path: String) -> Result<Int, Problem> {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            switch code {
            case ENOENT: return .failure(Problem(text: "no such file"))
            case ELOOP: return .failure(Problem(text: "too many levels of symbolic links (a symlink loop?)"))
            case EACCES: return .failure(Problem(text: "permission denied"))
            case ENOTDIR: return .failure(Problem(text: "a part of the path is not a directory"))
            default: return .failure(Problem(text: "cannot stat (\(String(cString: strerror(code))))"))
            }
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .success(Int(info.st_size))
        case S_IFDIR: return .failure(Problem(text: "is a directory, expected a regular file"))
        case S_IFIFO: return .failure(Problem(text: "is a FIFO (named pipe), expected a regular file"))
        case S_IFCHR, S_IFBLK: return .failure(Problem(text: "is a device, expected a regular file"))
        case S_IFSOCK: return .failure(Problem(text: "is a socket, expected a regular file"))
        default: return .failure(Problem(text: "is not a regular file"))
        }
    }

    /// Why a path is not a readable regular file.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var text: String
        public var description: String { text }
    }
}
