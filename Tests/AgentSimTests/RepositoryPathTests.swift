import AgentSimCLI
import Foundation
import Testing

/// Nothing agentsim prints or ships names a path outside the repository (issue 21, point 2): a clone has only the
/// repository, not the background docs beside it (`../shared`), nor the machine the tool was built on (`/work/`,
/// the checkout's own absolute path, a home directory, the temporary directory).
///
/// The commands run from the repository's root with relative paths, as the README shows them: what they print
/// comes from the tool, not from a path the test gave it.
struct RepositoryPathTests {
    /// What no README, doc or output may contain: fixed fragments, then this machine's own places.
    static let outside: [String] = {
        var fragments = ["../shared", "shared/docs", "/work/", "/tmp/", "/root/", "/home/", "/Users/", "~/"]
        fragments.append(TestSupport.root.standardizedFileURL.path + "/")
        if let home = ProcessInfo.processInfo.environment["HOME"], home.count > 1 {
            fragments.append(home.hasSuffix("/") ? home : home + "/")
        }
        let temporary = FileManager.default.temporaryDirectory.standardizedFileURL.path
        if temporary.count > 1 { fragments.append(temporary.hasSuffix("/") ? temporary : temporary + "/") }
        return fragments
    }()

    static func clean(_ text: String, _ what: String, also: [String] = []) {
        for fragment in outside + also where text.contains(fragment) {
            let line = text.split(separator: "\n").first { $0.contains(fragment) } ?? ""
            Issue.record("\(what) names '\(fragment)': \(line.prefix(200))")
        }
    }

    /// `agentsim ARGUMENTS` from the repository's root.
    static func agentsim(_ arguments: [String]) throws -> TestSupport.Result {
        try TestSupport.run(TestSupport.agentsim, arguments, currentDirectory: TestSupport.root)
    }

    /// The reference pages, explanations and help: `providers` and `explain` for every plugin id, `ID:MODEL` for
    /// each plugin's last model, `pipeline`, and every command's `--help`.
    @Test func theReferenceOutputsNameNoOutsidePath() throws {
        var outputs: [(String, [String])] = [
            ("providers", ["providers"]), ("providers pipeline", ["providers", "pipeline"]),
            ("views --rules", ["views", "--rules"]), ("--help", ["--help"]),
            ("explain pipeline", ["explain", "pipeline"]),
        ]
        for plugin in AgentSim.plugins {
            outputs.append(("providers \(plugin.id)", ["providers", plugin.id]))
            outputs.append(("explain \(plugin.id)", ["explain", plugin.id]))
            if let model = plugin.documentation.models.last?.name {
                outputs.append(("explain \(plugin.id):\(model)", ["explain", "\(plugin.id):\(model)"]))
            }
        }
        for command in ["run", "compare", "views", "report", "check", "load", "merge", "inspect", "serve", "explain"] {
            outputs.append(("\(command) --help", [command, "--help"]))
        }
        for (what, arguments) in outputs {
            let result = try Self.agentsim(arguments)
            #expect(result.status == 0, "\(what): \(result.stderr)")
            // `../` at all: a page citing a file beside the repository.
            Self.clean(result.stdout + result.stderr, what, also: ["../"])
        }
    }

    /// `run` (text and JSON) on shipped scenarios, a realtime one, a recorded thread and a pipeline; `compare`,
    /// `views` (a pipeline and a realtime scenario), `load` and `check` (against the real livekit-agents); and two
    /// errors.
    @Test func runsAndChecksOfShippedScenariosNameNoOutsidePath() throws {
        let scenarios = [
            "Scenarios/greeting.yaml", "Scenarios/livekit-thread-gemini.yaml", "Scenarios/pipeline-anthropic.yaml",
        ]
        var outputs: [(String, [String], Int32)] = []
        for file in scenarios {
            outputs.append(("run \(file)", ["run", file], 0))
            outputs.append(("run \(file) --format json", ["run", file, "--format", "json"], 0))
        }
        outputs += [
            (
                "compare",
                ["compare", "Scenarios/livekit-thread-gemini.yaml", "--providers", "openai-realtime,gemini-live"],
                0
            ),
            ("views", ["views", "Scenarios/pipeline-anthropic.yaml"], 0),
            ("views realtime", ["views", "Scenarios/openai-cache-forum.yaml", "--format", "json"], 0),
            ("check", ["check", "Scenarios/greeting.yaml", "Scenarios/pipeline-anthropic.yaml"], 0),
            ("load", ["load", "Scenarios/greeting.yaml", "--sessions", "5", "--sink", "jsonl:-"], 0),
            ("run of a missing file", ["run", "Scenarios/no-such-file.yaml"], 2),
            ("explain of an unknown id", ["explain", "no-such-plugin"], 2),
        ]
        for (what, arguments, status) in outputs {
            let result = try Self.agentsim(arguments)
            #expect(result.status == status, "\(what): \(result.stderr)")
            Self.clean(result.stdout + result.stderr, what)
        }
    }

    /// README.md and every page under docs/.
    @Test func theReadmeAndDocsNameNoOutsidePath() throws {
        var files = [TestSupport.root.appendingPathComponent("README.md")]
        let docs = TestSupport.root.appendingPathComponent("docs")
        for name in try FileManager.default.contentsOfDirectory(atPath: docs.path).sorted() where name.hasSuffix(".md")
        {
            files.append(docs.appendingPathComponent(name))
        }
        #expect(files.count >= 3, "docs/ has its pages")
        for file in files {
            Self.clean(try String(contentsOf: file, encoding: .utf8), file.lastPathComponent)
        }
    }
}
