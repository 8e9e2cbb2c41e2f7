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
