import AgentSimCore
import Foundation
import Testing

/// The `jsonl` of every scenario validates as livekit-agents' own pydantic classes (1.2.18 and 1.8.9),
/// and LiveKit's real collectors sum it to the same figures as agentsim's ports.
/// Needs the venvs `make setup` creates (.venvs/livekit-<version>).
struct LiveKitValidationTests {
    static let versions = ["1.2.18", "1.8.9"]

    @Test(arguments: versions)
    func everyScenarioValidatesAndSumsTheSame(_ version: String) throws {
        let python = TestSupport.livekitPython(version)
        try #require(FileManager.default.isExecutableFile(atPath: python), "missing \(python): run `make setup`")
        var input = ""
        var expected: [String: JSONValue] = [:]
        for name in TestSupport.scenarioFiles {
            let jsonl = try TestSupport.agentsim("run", TestSupport.scenario(name), "--format", "jsonl")
            let json = try TestSupport.agentsim("run", TestSupport.scenario(name), "--format", "json")
            try #require(jsonl.status == 0 && json.status == 0)
            expected[name] = try JSONValue.parse(json.stdout)
            input += "{\"agentsim\": \"begin\", \"id\": \"\(name)\"}\n" + jsonl.stdout + "{\"agentsim\": \"end\"}\n"
        }
        let bridge = try TestSupport.run(python, [TestSupport.bridge], input: Data(input.utf8))
        #expect(bridge.status == 0, "\(bridge.stderr)")
        let results = try bridge.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        #expect(results.count == TestSupport.scenarioFiles.count)
        for result in results {
            let name = result["id"]?.stringValue ?? ""
            let mine = try #require(expected[name])
            #expect(result["livekit_version"]?.stringValue == version)
            #expect(result["errors"]?.arrayValue?.isEmpty == true, "\(name): \(result["errors"]?.compactString() ?? "")")
            #expect(result["events"]?.intValue == mine["metrics"]?.arrayValue?.count)
            let theirs = try #require(result["usage_summary"])
            let ours = try #require(version == "1.2.18" ? mine["usage_summary_v1_2"] : mine["usage_summary"])
            #expect(theirs.keys == ours.keys, "\(name)")
            for key in ours.keys {
                let a = ours[key]?.doubleValue ?? .nan, b = theirs[key]?.doubleValue ?? .nan
                #expect(abs(a - b) <= 1e-9, "\(name) \(key): agentsim \(a), LiveKit \(b)")
            }
            if version == "1.8.9" {
                #expect(result["model_usage"]?.compactString() == mine["model_usage"]?.compactString(), "\(name)")
            }
        }
    }
}
