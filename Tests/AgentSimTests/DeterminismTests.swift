import AgentSimCore
import Foundation
import Testing

/// Same scenario and seed: byte-identical output. Randomness flows from the seed only.
struct DeterminismTests {
    @Test(arguments: TestSupport.scenarioFiles)
    func sameFileAndSeedGiveIdenticalJSONL(_ name: String) throws {
        let first = try TestSupport.agentsim("run", TestSupport.scenario(name), "--format", "jsonl")
        let second = try TestSupport.agentsim("run", TestSupport.scenario(name), "--format", "jsonl")
        #expect(first.status == 0)
        #expect(!first.stdoutData.isEmpty)
        #expect(first.stdoutData == second.stdoutData)
    }

    @Test func anotherSeedChangesIdsButNotCounts() throws {
        let file = TestSupport.scenario("support-call.yaml")
        let a = try TestSupport.agentsim("run", file, "--format", "json", "--seed", "1")
        let b = try TestSupport.agentsim("run", file, "--format", "json", "--seed", "2")
        let ja = try JSONValue.parse(a.stdout), jb = try JSONValue.parse(b.stdout)
        #expect(ja["usage_summary"] == jb["usage_summary"])
        let idsA = ja["metrics"]?.arrayValue?.compactMap { $0["request_id"]?.stringValue }
        let idsB = jb["metrics"]?.arrayValue?.compactMap { $0["request_id"]?.stringValue }
        #expect(idsA != idsB)
        #expect(idsA?.count == idsB?.count)
    }
}

/// `--provider` runs the conversation elsewhere and says what of the file it leaves behind.
struct ProviderOverrideTests {
    @Test func otherProviderSaysWhichKeysItIgnores() throws {
        let file = TestSupport.scenario("support-call.yaml")
        let result = try TestSupport.agentsim("run", file, "--provider", "gemini-live")
        #expect(result.status == 0)
        #expect(
            result.stderr
                == "note: \(file) is written for openai-realtime; on gemini-live its session.model (gpt-4o-realtime-preview) and session.options are not used: the plugin's defaults apply\n"
        )
        #expect(result.stdout.hasPrefix("support-call — gemini-live gemini-2.0-flash-live-001, seed 7,"))
    }

    @Test func sameProviderOtherModelKeepsTheOptions() throws {
        let result = try TestSupport.agentsim(
            "run", TestSupport.scenario("support-call.yaml"), "--provider", "openai-realtime:gpt-realtime", "--format",
            "json")
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let json = try JSONValue.parse(result.stdout)
        #expect(json["model"]?.stringValue == "gpt-realtime")
        // support-call.yaml turns whisper-1 transcription on: its STT metrics are still there.
        #expect(json["usage_summary"]?["stt_audio_duration"]?.doubleValue ?? 0 > 11.9)
    }
}
