import AgentSimCore
import Foundation

/// A scenario to check: a file, or a generated one with its YAML; its plugin is resolved once, when it is loaded.
struct CheckItem: Sendable {
    var label: String
    var scenario: Scenario
    var plugin: any ProviderPlugin
    var yaml: String?
    /// For a random scenario: what the random scenarios before it in the sequence send (the organisation's cache).
    var organisation = OrganisationHistory.none

    static func collect(paths: [String], random: Int?, seed: UInt64) throws -> [CheckItem] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ScenarioError("no such file or directory", at: SourceLocation(file: path))
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                let found = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }
                    .sorted()
                guard !found.isEmpty else {
                    throw ScenarioError(
                        "no .yaml, .yml or .json scenario files in this directory", at: SourceLocation(file: path))
                }
                files += found.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        // Every file is loaded (and so validated) before anything runs.
        var items = try files.map { file in
            let scenario = try ScenarioLoader.load(path: file)
            return CheckItem(
                label: file, scenario: scenario, plugin: try scenario.session.plugin(from: AgentSim.plugins), yaml: nil)
        }
        var seen = OrganisationHistory.FirstSeen()
        for index in 0..<(random ?? 0) {
            let generated = RandomScenario.make(index: index, seed: seed, plugins: AgentSim.plugins)
            let scenario = try ScenarioLoader.parse(generated.yaml, file: "\(generated.name).yaml")
            seen.record(scenario, at: index)
            let plugin: any ProviderPlugin
            do { plugin = try scenario.session.plugin(from: AgentSim.plugins) } catch {
                throw BadInput("\(error)\ngenerated scenario:\n\(generated.yaml)")
            }
            items.append(
                CheckItem(
                    label: generated.name, scenario: scenario, plugin: plugin, yaml: generated.yaml,
                    organisation: seen.history(of: scenario, at: index)))
        }
        return items
    }
}
