import AgentSimCore
import Foundation
import Synchronization

/// One running `Collectors/livekit/bridge.py` in the venv of one livekit-agents version.
///
/// Start-up (importing livekit-agents, about a second) is paid once per `check` run. Its standard
/// output and error are drained by their own threads from the start, so the bridge can never block
/// on a full pipe however far ahead we write; results queue up until `nextResult()` takes them.
final class CollectorBridge: Sendable {
    let version: String
    private let process: Process
    private let input: FileHandle
    private let state = Mutex(State())
    private let resultReady = DispatchSemaphore(value: 0)

    private struct State {
        var results: [String] = []
        var ended = false
        var stderrTail = ""
    }

    /// Where the venvs and the bridge live: the repository that holds `Collectors/livekit/bridge.py`.
    struct Environment: Sendable {
        var root: URL

        /// Finds the repository from `AGENTSIM_HOME`, the current directory or the executable's location.
        static func locate() throws -> Environment {
            var candidates: [URL] = []
            if let home = ProcessInfo.processInfo.environment["AGENTSIM_HOME"] {
                candidates.append(URL(fileURLWithPath: home))
            }
            candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            candidates.append(
                URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent())
            for start in candidates {
                var dir = start.standardizedFileURL
                for _ in 0..<8 {
                    if FileManager.default.fileExists(
                        atPath: dir.appendingPathComponent("Collectors/livekit/bridge.py").path)
                    {
                        return Environment(root: dir)
                    }
                    dir.deleteLastPathComponent()
                }
            }
            throw CommandFailure(
                message:
                    "cannot find Collectors/livekit/bridge.py; run agentsim from its repository or set AGENTSIM_HOME to it",
                status: 2)
        }

        var bridge: String { root.appendingPathComponent("Collectors/livekit/bridge.py").path }
        func python(_ version: String) -> String {
            root.appendingPathComponent(".venvs/livekit-\(version)/bin/python").path
        }
    }

    /// Starts the bridge for `version`.
    /// - Throws: `CommandFailure` (status 2) naming the missing venv and the command that makes it.
    init(version: String, environment: Environment) throws {
        self.version = version
        let python = environment.python(version)
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw CommandFailure(
                message:
                    "no Python environment for livekit-agents \(version) at \(python); create it with `make setup` (or `make venvs`) in \(environment.root.path)",
                status: 2)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [environment.bridge]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw CommandFailure(message: "cannot start \(python): \(error.localizedDescription)", status: 2)
        }
        self.process = process
        input = stdin.fileHandleForWriting
        Thread.detachNewThread { [self] in
            // Only the new bytes are searched for a newline, and consumed lines are dropped once per chunk,
            // so a result line of megabytes (echoed error messages) is read in linear time.
            var pending: [UInt8] = []
            let handle = stdout.fileHandleForReading
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                var searchFrom = pending.count
                pending.append(contentsOf: chunk)
                var start = 0
                while let newline = pending[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[start..<newline], as: UTF8.self)
                    start = newline + 1
                    searchFrom = start
                    state.withLock { $0.results.append(line) }
                    resultReady.signal()
                }
                pending.removeSubrange(0..<start)
            }
            state.withLock { $0.ended = true }
            resultReady.signal()
        }
        Thread.detachNewThread { [self] in
            let handle = stderr.fileHandleForReading
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                state.withLock { s in
                    s.stderrTail += String(decoding: chunk, as: UTF8.self)
                    if s.stderrTail.count > 4000 { s.stderrTail = String(s.stderrTail.suffix(4000)) }
                }
            }
        }
    }

    /// Sends text (whole JSON lines) to the bridge.
    func send(_ text: String) throws {
        do {
            try input.write(contentsOf: Data(text.utf8))
        } catch {
            throw failure("stopped reading its input")
        }
    }

    /// Tells the bridge no more input is coming.
    func finish() {
        try? input.close()
    }

    /// The next result line, in order; waits for it.
    /// - Throws: `CommandFailure` (status 2) when the bridge ended without it (it crashed or was killed).
    func nextResult() throws -> JSONValue {
        while true {
            let next: (line: String?, ended: Bool) = state.withLock { s in
                if !s.results.isEmpty { return (s.results.removeFirst(), false) }
                return (nil, s.ended)
            }
            if let line = next.line {
                do {
                    return try JSONValue.parse(line)
                } catch {
                    throw CommandFailure(
                        message:
                            "the livekit-agents \(version) bridge wrote a line that is not JSON: \(line.prefix(200))",
                        status: 2)
                }
            }
            if next.ended { throw failure("ended before answering") }
            resultReady.wait()
        }
    }

    private func failure(_ what: String) -> CommandFailure {
        process.waitUntilExit()
        let tail = state.withLock { $0.stderrTail }.trimmingCharacters(in: .whitespacesAndNewlines)
        let lastLines = tail.split(separator: "\n").suffix(6).joined(separator: "\n  ")
        return CommandFailure(
            message: "the livekit-agents \(version) bridge \(what) (exit status \(process.terminationStatus))"
                + (lastLines.isEmpty ? "" : ":\n  \(lastLines)"),
            status: 2)
    }

    /// Waits for the process to exit after `finish()`.
    func waitUntilExit() { process.waitUntilExit() }
}
