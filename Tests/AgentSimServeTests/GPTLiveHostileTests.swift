import Foundation
import Testing

/// A running `agentsim serve` fed every hostile case for GPT-Live (Collectors/serve/gpt_live_hostile.py, aiohttp): an
/// event that is not JSON, audio before `session.start`, a start without a model, another model, an unknown scenario,
/// a second start, audio at 16 kHz, audio that is not PCM16, an unknown event, a binary frame, a client that never
/// reads. Each gets GPT-Live's `error` event (and a close where the session cannot go on); then a normal session is
/// served with gpt-live.yaml's figures (backend runs 5/6 and 17/6, snapshots 4.6 and 7.2 s, closed at 7.2 s), and the
/// server stops cleanly on SIGTERM.
@Suite(.serialized) struct GPTLiveHostileTests {
    @Test func everyHostileCaseIsAnsweredAndTheServerKeepsServing() throws {
        let server = try ServeTestSupport.Server(
            arguments: [
                "serve", ServeTestSupport.root.appendingPathComponent("Scenarios/gpt-live.yaml").path, "--port", "0",
            ])
        let before = server.residentKilobytes()
        let python = ServeTestSupport.root.appendingPathComponent(".venvs/livekit-1.8.9/bin/python").path
        let result = try ServeTestSupport.run(
            python,
            [
                ServeTestSupport.root.appendingPathComponent("Collectors/serve/gpt_live_hostile.py").path, "--url",
                server.url,
            ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        // 10 refused cases, never reads, the normal session.
        #expect(lines.count == 12, "\(result.stdout)")
        #expect(lines.allSatisfy { $0.contains("\"ok\": true") }, "\(result.stdout)")
        #expect(lines.last?.contains("runs [(5, 6), (17, 6)], snapshots [4.6, 7.2], closed [7.2]") == true)
        #expect(server.isRunning)
        let after = server.residentKilobytes()
        #expect(after - before < 150_000, "resident \(before) kB before, \(after) kB after")
        #expect(server.stop() == 0)
    }
}
