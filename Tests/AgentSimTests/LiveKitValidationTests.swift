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
            #expect(
                result["errors"]?.arrayValue?.isEmpty == true, "\(name): \(result["errors"]?.compactString() ?? "")")
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

/// The seed thread's two lines, as LiveKit 1.2.18's own `UsageCollector` prints them from agentsim's events.
struct SeedLinesThroughLiveKitTests {
    static let seeds: [(file: String, line: String)] = [
        (
            "livekit-thread-openai.yaml",
            "UsageSummary(llm_prompt_tokens=2060, llm_prompt_cached_tokens=1408, llm_input_audio_tokens=1455, llm_completion_tokens=1753, llm_output_audio_tokens=1346, tts_characters_count=0, tts_audio_duration=0.0, stt_audio_duration=0.0)"
        ),
        (
            "livekit-thread-gemini.yaml",
            "UsageSummary(llm_prompt_tokens=5354, llm_prompt_cached_tokens=0, llm_input_audio_tokens=21, llm_completion_tokens=80, llm_output_audio_tokens=0, tts_characters_count=0, tts_audio_duration=0.0, stt_audio_duration=0.0)"
        ),
    ]

    @Test(arguments: seeds.map(\.file))
    func realCollectorPrintsTheSeedLine(_ file: String) throws {
        let expected = try #require(Self.seeds.first { $0.file == file }?.line)
        let python = TestSupport.livekitPython("1.2.18")
        try #require(FileManager.default.isExecutableFile(atPath: python), "missing \(python): run `make setup`")
        let jsonl = try TestSupport.agentsim("run", TestSupport.scenario(file), "--format", "jsonl")
        try #require(jsonl.status == 0)
        let bridge = try TestSupport.run(python, [TestSupport.bridge], input: Data(jsonl.stdoutData))
        let result = try JSONValue.parse(bridge.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(result["usage_summary_repr"]?.stringValue == expected)
        let text = try TestSupport.agentsim("run", TestSupport.scenario(file))
        #expect(text.stdout.hasSuffix(expected + "\n"))
    }
}
