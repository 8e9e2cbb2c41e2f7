import Foundation

/// Runs `agentsim` as a hostile user's input would meet it: under a 1 GB address-space limit
/// (`prlimit --as`) and a watchdog (`timeout -s KILL`, 20 s unless told, status 137 on a hang), timing the run.
enum Hostile {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double
    }

    static let memoryLimit = 1 << 30

    /// `agentsim ARGUMENTS`, optionally through `sh -c` with `redirect` appended (e.g. `>/dev/full`) and
    /// `pipe` in front (e.g. `cat /dev/zero |`).
    static func run(
        _ arguments: [String], input: Data? = nil, redirect: String? = nil, pipe: String = "", watchdog: Int = 20,
        in directory: URL? = nil
    ) throws -> Outcome {
        var command =
            [
                "/usr/bin/timeout", "-s", "KILL", "\(watchdog)", "/usr/bin/prlimit", "--as=\(memoryLimit)",
                TestSupport.agentsim,
            ] + arguments
        if redirect != nil || !pipe.isEmpty {
            let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(
                separator: " ")
            command = ["/bin/sh", "-c", "\(pipe) exec \(quoted) \(redirect ?? "")"]
        }
        let started = ContinuousClock.now
        let result = try TestSupport.run(
            command[0], Array(command.dropFirst()), input: input, currentDirectory: directory)
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Outcome(status: result.status, stdout: result.stdout, stderr: result.stderr, seconds: seconds)
    }

    static func run(_ arguments: String..., input: Data? = nil, redirect: String? = nil) throws -> Outcome {
        try run(arguments, input: input, redirect: redirect)
    }

    /// Writes `text` to `name` in `directory` and returns the path.
    static func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    static let header = "version: 1\nsession:\n  provider: openai-realtime\n"

    /// A RIFF WAV of 8-bit mono PCM: `frames` samples at `rate` Hz.
    static func wav(frames: Int, rate: Int) -> Data {
        var d = Data()
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { d.append(contentsOf: $0) } }
        func u16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { d.append(contentsOf: $0) } }
        d.append(contentsOf: Array("RIFF".utf8)); u32(36 + frames); d.append(contentsOf: Array("WAVE".utf8))
        d.append(contentsOf: Array("fmt ".utf8)); u32(16); u16(1); u16(1); u32(rate); u32(rate); u16(1); u16(8)
        d.append(contentsOf: Array("data".utf8)); u32(frames)
        d.append(Data(repeating: 128, count: frames))
        if frames % 2 == 1 { d.append(0) }
        return d
    }
}
