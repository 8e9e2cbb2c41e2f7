import Foundation
import Synchronization

/// Paths and process helpers shared by the tests.
enum TestSupport {
    /// The repository root, found from this file's location.
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let scenariosDirectory = root.appendingPathComponent("Scenarios")

    /// Every scenario file shipped in `Scenarios/`, sorted.
    static let scenarioFiles: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: scenariosDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }.sorted()
    }()

    static func scenario(_ name: String) -> String { scenariosDirectory.appendingPathComponent(name).path }

    /// The `agentsim` executable built beside the test bundle.
    static let agentsim: String = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "agentsim"
        ).path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return root.appendingPathComponent(".build/debug/agentsim").path
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutData: Data
    }

    /// Runs a program to completion, feeding `input` on standard input.
    static func run(
        _ executable: String, _ arguments: [String], input: Data? = nil, currentDirectory: URL? = nil
    ) throws -> Result {
        signal(SIGPIPE, SIG_IGN)  // a child that exits early must not take the test runner with it
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        // Drain standard error on its own thread while this one writes the input and reads standard
        // output, so a chatty child never blocks on a full pipe.
        let errors = Mutex(Data())
        let errorsDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            errors.withLock { $0 = data }
            errorsDone.signal()
        }
        let writer = inPipe.fileHandleForWriting
        if let input {
            Thread.detachNewThread {
                try? writer.write(contentsOf: input)
                try? writer.close()
            }
        } else {
            try? writer.close()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errorsDone.wait()
        let errData = errors.withLock { $0 }
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
    }

    /// Runs `agentsim` with `arguments`.
    static func agentsim(_ arguments: String...) throws -> Result { try run(agentsim, arguments) }
    static func agentsim(arguments: [String]) throws -> Result { try run(agentsim, arguments) }

    /// A fresh temporary directory for one test.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("agentsim-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The python of the venv holding livekit-agents `version`, made by `make setup`.
    static func livekitPython(_ version: String) -> String {
        root.appendingPathComponent(".venvs/livekit-\(version)/bin/python").path
    }

    static let bridge = root.appendingPathComponent("Collectors/livekit/bridge.py").path
}
