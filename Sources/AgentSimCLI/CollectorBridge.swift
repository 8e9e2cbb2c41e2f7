import AgentSimCore
import Foundation
import Subprocess
import Synchronization

/// One running `Collectors/livekit/bridge.py` in the venv of one livekit-agents version, run with swift-subprocess.
///
/// Bridges live for the closure given to ``with(versions:environment:_:)``: start-up (importing livekit-agents,
/// about a second) is paid once per `check` run. Their standard output and error are read by tasks of their own
/// from the start, so a bridge never blocks on a full pipe however far ahead we write; result lines queue up until
/// ``nextResult()`` takes them. Nothing blocks a thread: writes and waits are suspensions.
final class CollectorBridge: Sendable {
    let version: String
    private let input: StandardInputWriter
    private let state = Mutex(State())

    private struct State {
        /// Result lines not taken yet, from `next` on.
        var results: [String] = []
        var next = 0
        /// The bridge closed its standard output.
        var ended = false
        /// The task waiting in ``nextResult()`` for a line.
        var waiter: CheckedContinuation<Void, Never>?
        /// The last 4,000 characters of its standard error, for the message when it fails.
        var stderrTail = ""
    }

    /// Why a bridge stopped answering; turned into a ``BadInput`` naming its exit status once it has exited.
    private struct Stopped: Error {
        var version: String
        var what: String
    }

    /// What the closure given to a bridge's run made of the work: its value, or the error it ended with.
    private enum Outcome<Value: Sendable>: Sendable {
        case value(Value)
        case failure(Failure)
    }

    /// An error carried out of the bridge's run to be thrown again once the bridge has exited. Only that one
    /// thread of control ever holds it.
    private struct Failure: @unchecked Sendable {
        var error: any Error
    }

    private init(version: String, input: StandardInputWriter) {
        self.version = version
        self.input = input
    }

    /// Where the venvs and the bridge live: the repository that holds `Collectors/livekit/bridge.py`.
    struct Environment: Sendable {
        var root: URL

        /// Finds the repository from `AGENTSIM_HOME`, the current directory or the executable's location.
        /// - Throws: ``BadInput`` when none of them holds the bridge.
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
            throw BadInput(
                "cannot find Collectors/livekit/bridge.py; run agentsim from its repository or set AGENTSIM_HOME to it")
        }

        var bridge: String { root.appendingPathComponent("Collectors/livekit/bridge.py").path }
        func python(_ version: String) -> String {
            root.appendingPathComponent(".venvs/livekit-\(version)/bin/python").path
        }
    }

    /// Starts one bridge per version, runs `body` with them, then closes their input and waits for them to exit
    /// (when `body` fails, they are killed instead).
    /// - Throws: ``BadInput`` naming a missing venv and the command that makes it, a bridge that cannot start, or one
    ///   that stopped reading or answering (with its exit status and last words); else what `body` throws.
    static func with<Value: Sendable>(
        versions: [String], environment: Environment, _ body: ([CollectorBridge]) async throws -> Value
    ) async throws -> Value {
        guard let version = versions.first else { return try await body([]) }
        let python = environment.python(version)
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw BadInput(
                "no Python environment for livekit-agents \(version) at \(python); create it with `make setup` "
                    + "(or `make venvs`) in \(environment.root.path)")
        }
        let later = Array(versions.dropFirst())
        let ran: ExecutionResult<(Outcome<Value>, String), SequenceOutput, SequenceOutput>
        do {
            // The body never throws, so the bridge is not torn down behind our back: its input is closed and it exits
            // on its own once it has answered (it is killed first when the check failed for another reason).
            ran = try await Subprocess.run(
                .path(.init(python)), arguments: [environment.bridge], input: .inputWriter, output: .sequence,
                error: .sequence
            ) { execution in
                let bridge = CollectorBridge(version: version, input: execution.standardInputWriter)
                return await withTaskGroup(of: Void.self) { group in
                    group.addTask { await bridge.readResults(execution.standardOutput) }
                    group.addTask { await bridge.readErrors(execution.standardError) }
                    let outcome: Outcome<Value>
                    do {
                        outcome = .value(
                            try await with(versions: later, environment: environment) { try await body([bridge] + $0) })
                    } catch {
                        outcome = .failure(Failure(error: error))
                        // Anything but this bridge's own end stops the check: the bridge is not waited for.
                        if (error as? Stopped)?.version != version { try? execution.send(signal: .kill) }
                    }
                    await bridge.finish()
                    await group.waitForAll()
                    return (outcome, bridge.state.withLock { $0.stderrTail })
                }
            }
        } catch {
            throw BadInput("cannot start \(python): \(error)")
        }
        let (outcome, stderrTail) = ran.closureResult
        switch outcome {
        case let .value(value):
            return value
        case let .failure(failure):
            guard let stopped = failure.error as? Stopped, stopped.version == version else { throw failure.error }
            let status: Int32
            switch ran.terminationStatus {
            case let .exited(code): status = code
            case let .signaled(signal): status = signal
            }
            let tail = stderrTail.trimmingCharacters(in: .whitespacesAndNewlines)
            let lastLines = tail.split(separator: "\n").suffix(6).joined(separator: "\n  ")
            throw BadInput(
                "the livekit-agents \(version) bridge \(stopped.what) (exit status \(status))"
                    + (lastLines.isEmpty ? "" : ":\n  \(lastLines)"))
        }
    }

    /// Queues the result lines of standard output as they come. Only the new bytes are searched for a newline, and
    /// consumed lines are dropped once per chunk, so a result line of megabytes (echoed error messages) is read in
    /// linear time.
    private func readResults(_ output: SubprocessOutputSequence) async {
        var pending: [UInt8] = []
        do {
            for try await chunk in output {
                var searchFrom = pending.count
                chunk.withUnsafeBytes { pending.append(contentsOf: $0) }
                var start = 0
                var lines: [String] = []
                while let newline = pending[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                    lines.append(String(decoding: pending[start..<newline], as: UTF8.self))
                    start = newline + 1
                    searchFrom = start
                }
                pending.removeSubrange(0..<start)
                if !lines.isEmpty { deliver(lines, ended: false) }
            }
        } catch {
            // A read error ends the results as the end of the output does.
        }
        deliver([], ended: true)
    }

    private func deliver(_ lines: [String], ended: Bool) {
        let waiter = state.withLock { s in
            s.results += lines
            if ended { s.ended = true }
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    /// Keeps the tail of standard error.
    private func readErrors(_ errors: SubprocessOutputSequence) async {
        do {
            for try await chunk in errors {
                let text = chunk.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
                state.withLock { s in
                    s.stderrTail += text
                    if s.stderrTail.count > 4000 { s.stderrTail = String(s.stderrTail.suffix(4000)) }
                }
            }
        } catch {
            // The tail so far is what there is to show.
        }
    }

    /// Sends text (whole JSON lines) to the bridge; waits while its input pipe is full.
    func send(_ text: String) async throws {
        do {
            _ = try await input.write(Array(text.utf8))
        } catch {
            throw Stopped(version: version, what: "stopped reading its input")
        }
    }

    /// Tells the bridge no more input is coming.
    func finish() async {
        try? await input.finish()
    }

    /// The next result line, in order; waits for it.
    /// - Throws: ``BadInput`` (status 2) for a line that is not JSON; when the bridge ended without it (it crashed
    ///   or was killed), an error that ``with(versions:environment:_:)`` turns into one with its exit status.
    func nextResult() async throws -> JSONValue {
        while true {
            let next: (line: String?, ended: Bool) = state.withLock { s in
                guard s.next < s.results.count else { return (nil, s.ended) }
                let line = s.results[s.next]
                s.next += 1
                if s.next > 1024, s.next * 2 > s.results.count {
                    s.results.removeFirst(s.next)
                    s.next = 0
                }
                return (line, false)
            }
            if let line = next.line {
                do {
                    return try JSONValue.parse(line)
                } catch {
                    throw BadInput(
                        "the livekit-agents \(version) bridge wrote a line that is not JSON: \(line.prefix(200))")
                }
            }
            if next.ended { throw Stopped(version: version, what: "ended before answering") }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { s in
                    if s.next < s.results.count || s.ended { return true }
                    s.waiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }
}
