import Foundation
import Synchronization

/// `Collectors/livekit/server.py` started for one test on a free port of 127.0.0.1, stopped with it.
final class ReferenceCollector: Sendable {
    let port: Int
    private let process: Process

    var events: String { "http://127.0.0.1:\(port)/events" }
    var totals: String { "http://127.0.0.1:\(port)/totals" }

    /// Starts the server in the 1.8.9 venv with `arguments` (e.g. `--dedupe`) and waits for its port.
    convenience init(_ arguments: [String] = [], version: String = "1.8.9") throws {
        try self.init(
            python: TestSupport.livekitPython(version), script: "Collectors/livekit/server.py",
            arguments: ["--port", "0", "--quiet"] + arguments)
    }

    /// Starts any collector script of the repository that prints `listening on http://HOST:PORT` first (e.g.
    /// `examples/python/minimal_collector.py` with `--port 0`) and waits for its port.
    init(python: String, script: String, arguments: [String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [TestSupport.root.appendingPathComponent(script).path] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.standardError
        try process.run()
        let line = Mutex<String?>(nil)
        let ready = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var bytes: [UInt8] = []
            let handle = out.fileHandleForReading
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                bytes += chunk
                if bytes.contains(UInt8(ascii: "\n")) { break }
            }
            line.withLock { $0 = String(decoding: bytes, as: UTF8.self) }
            ready.signal()
        }
        _ = ready.wait(timeout: .now() + 60)
        let text = line.withLock { $0 } ?? ""
        guard let portText = text.split(separator: ":").last?.trimmingCharacters(in: .whitespacesAndNewlines),
            let port = Int(portText)
        else {
            process.terminate()
            throw ServerError(message: "\(script) did not say where it listens: '\(text)'")
        }
        self.port = port
    }

    /// Kills the server at once (SIGKILL), as a crash would.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    // SIGKILL, not SIGTERM: a child spawned from a test thread inherits libdispatch's blocked signals,
    // so a SIGTERM would wait there forever.
    deinit {
        if process.isRunning { kill() }
    }

    struct ServerError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// GET or POST a path with curl-free Python (urllib), returning the body: the tests read the collector's
    /// own answer, not agentsim's account of it.
    func request(_ method: String, _ path: String) throws -> String {
        let script =
            "import sys,urllib.request as u; r=u.Request(sys.argv[1], method=sys.argv[2]); print(u.urlopen(r).read().decode())"
        let result = try TestSupport.run(
            "/usr/bin/env", ["python3", "-c", script, "http://127.0.0.1:\(port)\(path)", method])
        return result.stdout
    }
}
