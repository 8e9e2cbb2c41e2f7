import AgentSimAudio
import AgentSimCore
import Foundation

/// The files a command writes, checked before it runs: none may be one of the files it reads (a scenario, a
/// recording, a report to merge), and no two may be the same file (`jsonl:X` and `jsonl:./X`, `--sink jsonl:X` and
/// `--report X`). Character devices (`/dev/null`, a terminal) take any number of writers and are exempt.
struct OutputPaths {
    /// One file a command writes: its option (`--report`, `--sink jsonl:`) and its path; `-` is standard output.
    struct Output {
        var option: String
        var path: String

        /// As the command line gives it: `--report r.json`, `--sink jsonl:out.jsonl`.
        var text: String { option.hasSuffix(":") ? option + path : "\(option) \(path)" }
    }

    var outputs: [Output] = []
    /// The files read: how a message names them (`the scenario`) and their paths.
    var inputs: [(what: String, path: String)] = []

    /// Adds the scenario files and the recordings they read.
    mutating func read(scenario: Scenario, file: String) {
        inputs.append(("the scenario", file))
        for turn in scenario.turns {
            if case let .userRecording(path, _, _) = turn.kind { inputs.append(("a recording of \(file)", path)) }
        }
    }

    /// - Throws: ``BadInput`` naming the output and what it would overwrite.
    func check() throws {
        var seen: [(Output, FileIdentity)] = []
        let read = inputs.compactMap { input in FileIdentity(existing: input.path).map { (input, $0) } }
        for output in outputs {
            let identity = output.path == "-" ? FileIdentity.standardOutput : FileIdentity(path: output.path)
            if let (input, _) = read.first(where: { $0.1 == identity }) {
                throw BadInput(
                    "\(output.text) is \(input.what) \(input.path): writing it would overwrite what the command "
                        + "reads; give another path")
            }
            if !identity.isCharacterDevice, let (earlier, _) = seen.first(where: { $0.1 == identity }) {
                throw BadInput(
                    "\(output.text) and \(earlier.text) are the same file; each output needs a path of its own")
            }
            seen.append((output, identity))
        }
    }
}

/// What makes two paths the same file: the device and inode of an existing file (links followed), else the absolute
/// path with its directory's links resolved.
struct FileIdentity: Equatable {
    private enum Key: Equatable {
        case inode(UInt64, UInt64)
        case path(String)
    }

    private let key: Key
    /// Whether the file is a character device (`/dev/null`, a terminal).
    let isCharacterDevice: Bool

    /// The identity of an existing file, nil when there is none.
    init?(existing path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        key = .inode(UInt64(info.st_dev), UInt64(info.st_ino))
        isCharacterDevice = info.st_mode & S_IFMT == S_IFCHR
    }

    init(path: String) {
        if let existing = FileIdentity(existing: path) {
            self = existing
            return
        }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let url = URL(fileURLWithPath: absolute)
        let directory = url.deletingLastPathComponent().path
        let resolved = realpath(directory, nil).map { pointer in
            defer { free(pointer) }
            return String(cString: pointer)
        }
        key = .path((resolved ?? directory) + "/" + url.lastPathComponent)
        isCharacterDevice = false
    }

    /// Standard output's file (a pipe, a terminal, a redirected file).
    static var standardOutput: FileIdentity {
        var info = stat()
        guard fstat(1, &info) == 0 else { return FileIdentity(path: "/dev/stdout") }
        return FileIdentity(key: .inode(UInt64(info.st_dev), UInt64(info.st_ino)), device: info.st_mode)
    }

    private init(key: Key, device mode: mode_t) {
        self.key = key
        isCharacterDevice = mode & S_IFMT == S_IFCHR
    }
}
