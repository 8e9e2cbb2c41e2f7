import Foundation
import Testing

/// A running `agentsim serve` fed every hostile case the issue lists (Collectors/serve/hostile.py, aiohttp): malformed
/// JSON, unknown events, a 100 MB frame, audio that is not PCM16, a client that never reads, disconnects mid-response,
/// 1,000 connections opened and dropped. Each gets OpenAI's `error` event or a close; then a normal session is still
/// served correctly, and the server stops cleanly on SIGTERM.
@Suite(.serialized) struct HostileClientTests {
    @Test func everyHostileCaseIsAnsweredAndTheServerKeepsServing() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("agentsim-hostile-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try ServeTestSupport.Server(
            arguments: [
                "serve", ServeTestSupport.root.appendingPathComponent("Scenarios/greeting.yaml").path,
                ServeTestSupport.root.appendingPathComponent("Scenarios/livekit-thread-openai.yaml").path,
                "--port", "0", "--driver-script", directory.path,
            ])
        let before = server.residentKilobytes()
        let python = ServeTestSupport.root.appendingPathComponent(".venvs/livekit-1.8.9/bin/python").path
        let result = try ServeTestSupport.run(
            python,
            [
                ServeTestSupport.root.appendingPathComponent("Collectors/serve/hostile.py").path, "--url", server.url,
                "--pcm", directory.appendingPathComponent("greeting.user.0.pcm").path,
            ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        // 8 error cases, the unknown scenario, 100 MB, never reads, disconnects, 1,000 connections, binary, normal.
        #expect(lines.count == 15, "\(result.stdout)")
        #expect(lines.last?.contains("\"ok\": true") == true)
        #expect(server.isRunning)
        // Memory stays bounded: the 100 MB frame is refused, not read; 1,000 sessions leave nothing behind. Allow
        // 150 MB of growth over the loaded server (a stuck client holds one reply's events at most).
        let after = server.residentKilobytes()
        #expect(after - before < 150_000, "resident \(before) kB before, \(after) kB after")
        let status = server.stop()
        #expect(status == 0)
    }
}
