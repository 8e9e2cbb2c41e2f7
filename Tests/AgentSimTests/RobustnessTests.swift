import AgentSimCLI
import AgentSimCore
import Foundation
import Testing

/// Bad input never crashes: mangled scenario files load or give a ScenarioError; random scenarios are valid.
struct RobustnessTests {
    /// Deterministic byte-level damage to every shipped scenario: deletions, duplications and
    /// substitutions of a few bytes. Each result must load or throw a positioned ScenarioError.
    @Test(arguments: TestSupport.scenarioFiles)
    func mangledFilesLoadOrGiveAScenarioError(_ name: String) throws {
        let original = Array(try String(contentsOfFile: TestSupport.scenario(name), encoding: .utf8).utf8)
        var rng = SeededGenerator(seed: 42, salt: name)
        let alphabet = Array(" :-{}[],\"'\n\t#0123456789.e-abcxyz!&*|>".utf8)
        for _ in 0..<40 {
            var bytes = original
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(bytes[at], at: at)
                default: bytes[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                _ = try ScenarioLoader.parse(text, file: TestSupport.scenario(name))
            } catch {
                #expect(error.description.hasPrefix(TestSupport.scenario(name)))
                #expect(error.description.contains(": error: "))
            }
        }
    }

    @Test func randomScenariosAreValidAndRepeatable() throws {
        for index in 0..<50 {
            let a = RandomScenario.make(index: index, seed: 9, plugins: AgentSim.plugins)
            let b = RandomScenario.make(index: index, seed: 9, plugins: AgentSim.plugins)
            #expect(a.yaml == b.yaml)
            let scenario = try ScenarioLoader.parse(a.yaml, file: "\(a.name).yaml")
            // Realtime providers take turns, then a pipeline (when every role has a plugin), so all are covered.
            let realtime = AgentSim.plugins.filter { $0.roles.contains(.realtime) }.map(\.id)
            let hasPipeline = [ServiceRole.stt, .llm, .tts].allSatisfy { role in
                AgentSim.plugins.contains { $0.roles.contains(role) }
            }
            let slots = realtime + (hasPipeline ? [PipelineConfig.providerID] : [])
            #expect(scenario.session.provider == slots[index % slots.count])
        }
        #expect(
            RandomScenario.make(index: 0, seed: 9, plugins: AgentSim.plugins).yaml
                != RandomScenario.make(index: 0, seed: 10, plugins: AgentSim.plugins).yaml)
    }

    @Test func corruptRecordingIsExitStatus2NamingTheTurn() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("RIFF\u{10}\0\0\0WAVEjunkjunkjunk".utf8).write(to: dir.appendingPathComponent("broken.wav"))
        let file = dir.appendingPathComponent("s.yaml").path
        try
            "version: 1\nsession:\n  provider: openai-realtime\nturns:\n  - user: {audio: broken.wav}\n  - agent: hello\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let result = try TestSupport.agentsim("run", file)
        #expect(result.status == 2)
        // The turn's position, then the audio reader's message naming the recording.
        #expect(result.stderr.hasPrefix("\(file):5:5: error: \(dir.path)/broken.wav: "), "\(result.stderr)")
    }
}
