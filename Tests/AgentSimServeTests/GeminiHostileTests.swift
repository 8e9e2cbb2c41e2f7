import Foundation
import Testing

/// A running `agentsim serve --tls self-signed` fed every hostile case the issue lists for Gemini Live
/// (Collectors/serve/gemini_hostile.py, aiohttp and google-genai): a `setup` that is not JSON, one without a model,
/// one for another model, audio before `setup`, a second `setup`, audio at 24 kHz, TLS handshakes that fail (plain
/// HTTP, garbage) or stall (20 silent connections), a client that never reads. Each gets Google's close code or a
/// closed connection; then google-genai's own client is served gemini-tool-call's first turn with the figures its
/// header derives (prompt 508 + 40 + 10 = 558, response 9, total 567), and the server stops cleanly on SIGTERM.
@Suite(.serialized) struct GeminiHostileTests {
    @Test func everyHostileCaseIsAnsweredAndTheServerKeepsServing() throws {
        let server = try TLSServer(
            arguments: [
                "serve", ServeTestSupport.root.appendingPathComponent("Scenarios/gemini-tool-call.yaml").path,
                ServeTestSupport.root.appendingPathComponent("Scenarios/livekit-thread-gemini.yaml").path,
                "--port", "0", "--tls", "self-signed", "--tls-port", "0",
            ])
        let secure = server.secureURL, trust = server.trustFile
        let python = ServeTestSupport.root.appendingPathComponent(".venvs/livekit-1.8.9/bin/python").path
        let result = try ServeTestSupport.run(
            "/usr/bin/env",
            [
                "SSL_CERT_FILE=" + trust, python,
                ServeTestSupport.root.appendingPathComponent("Collectors/serve/gemini_hostile.py").path, "--url",
                secure,
            ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        // 4 refused setups, setup answered once, a second setup, 24 kHz audio, 3 TLS cases, never reads, normal.
        #expect(lines.count == 12, "\(result.stdout)")
        #expect(lines.allSatisfy { $0.contains("\"ok\": true") }, "\(result.stdout)")
        #expect(lines.last?.contains("usage (558, 9, 567)") == true)
        #expect(server.isRunning)
        #expect(server.stop() == 0)
    }
}

/// A running `agentsim serve --tls …`: its TLS URL and the certificate file to trust, read from what it prints.
final class TLSServer {
    let process = Process()
    let secureURL: String
    let trustFile: String
    private let output = Pipe()

    init(arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: ServeTestSupport.binary)
        process.arguments = arguments
        process.currentDirectoryURL = ServeTestSupport.root
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var secure: String?, trust: String?
        let handle = output.fileHandleForReading
        // `listening on http://…` and `listening on https://…` (either order), then
        // `trust the certificate: SSL_CERT_FILE=…`.
        for _ in 0..<3 {
            var line = Data()
            while true {
                let byte = handle.readData(ofLength: 1)
                if byte.isEmpty || byte == Data([0x0A]) { break }
                line.append(byte)
            }
            let text = String(decoding: line, as: UTF8.self)
            if text.hasPrefix("listening on https://") { secure = String(text.dropFirst("listening on ".count)) }
            if text.hasPrefix("trust the certificate: SSL_CERT_FILE=") {
                trust = String(text.dropFirst("trust the certificate: SSL_CERT_FILE=".count))
            }
        }
        guard let secure, let trust else {
            process.terminate()
            throw ServeTestSupport.ServeError(message: "serve --tls did not print its TLS URL and trust file")
        }
        secureURL = secure
        trustFile = trust
    }

    var isRunning: Bool { process.isRunning }

    /// SIGTERM, then the exit status.
    func stop() -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}
