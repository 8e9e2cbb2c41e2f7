import Foundation
import Testing

/// `--audio-out` writes real Ogg Opus files that opus-tools accept.
struct AudioOutTests {
    @Test func tracksAreValidOggOpusOfTheSessionLength() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try TestSupport.agentsim("run", TestSupport.scenario("greeting.yaml"), "--audio-out", dir.path)
        #expect(result.status == 0, "\(result.stderr)")
        for role in ["user", "agent"] {
            let file = dir.appendingPathComponent("greeting.\(role).opus").path
            #expect(FileManager.default.fileExists(atPath: file))
            let info = try TestSupport.run("/usr/bin/opusinfo", [file])
            #expect(info.status == 0, "opusinfo: \(info.stdout)\(info.stderr)")
            // greeting: user 1.6 s, then 0.6 s latency, then the 2.2 s reply: both tracks are padded to 4.4 s.
            #expect(info.stdout.contains("Playback length: 0m:04.4"), "\(info.stdout)")
        }
    }

    @Test func unwritableDirectoryIsExitStatus2() throws {
        let result = try TestSupport.agentsim(
            "run", TestSupport.scenario("greeting.yaml"), "--audio-out", "/proc/agentsim-cannot-write")
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("agentsim: --audio-out: cannot create directory '/proc/agentsim-cannot-write'"))
    }
}
