import Foundation
import Testing

/// `scripts/readme_outputs.py`, which keeps the README's `$ agentsim …` outputs the tool's (`make readme`,
/// `make readme-check` in `make test`), on a small README of its own: `--check` fails with a diff naming the
/// line when an output is wrong, `--write` puts the tool's output in, and `--check` then passes.
struct ReadmeOutputsTests {
    static let script = TestSupport.root.appendingPathComponent("scripts/readme_outputs.py").path

    static func readmeOutputs(_ mode: String, _ readme: URL) throws -> TestSupport.Result {
        try TestSupport.run(
            "/usr/bin/env", ["python3", script, mode, "--readme", readme.path, "--agentsim", TestSupport.agentsim])
    }

    /// The seed thread's OpenAI summary, as the thread pasted it (README, "The discrepancy, reproduced"):
    /// llm_prompt_tokens=2060. The README below claims 9999; the blank line between the two commands stays.
    @Test func aWrongOutputFailsTheCheckAndWriteMendsIt() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let readme = dir.appendingPathComponent("README.md")
        let wrong = """
            # Example

            ```
            $ agentsim run Scenarios/livekit-thread-openai.yaml | tail -1
            UsageSummary(llm_prompt_tokens=9999)

            $ agentsim run Scenarios/no-such-file.yaml
            $ echo $?
            0
            ```
            """
        try wrong.write(to: readme, atomically: true, encoding: .utf8)
        let check = try Self.readmeOutputs("--check", readme)
        #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("README.md:3: `agentsim run Scenarios/livekit-thread-openai.yaml | tail -1`"))
        #expect(check.stdout.contains("-UsageSummary(llm_prompt_tokens=9999)"))
        #expect(check.stdout.contains("+UsageSummary(llm_prompt_tokens=2060, llm_prompt_cached_tokens=1408"))
        // A missing file is bad input: exit status 2.
        #expect(check.stdout.contains("-0\n+2"), "\(check.stdout)")
        #expect(check.stderr.contains("3 of 3 outputs differ from the README"), "\(check.stderr)")

        let write = try Self.readmeOutputs("--write", readme)
        #expect(write.status == 0, "\(write.stderr)")
        let written = try String(contentsOf: readme, encoding: .utf8)
        let lines = written.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[4].hasPrefix("UsageSummary(llm_prompt_tokens=2060, "), "\(written)")
        #expect(lines[5] == "" && lines[6] == "$ agentsim run Scenarios/no-such-file.yaml", "\(written)")
        #expect(lines.suffix(3) == ["$ echo $?", "2", "```"], "\(written)")
        let again = try Self.readmeOutputs("--check", readme)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(again.stderr.contains("the README's 3 outputs match the tool"))
    }
}
