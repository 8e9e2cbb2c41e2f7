import AgentSimCore
import AgentSimLoad
import Foundation
import Testing

@testable import AgentSimCLI

/// The command line in argument-parser's idiom (issue 17): typed flags parsed once, one seed range everywhere, the
/// sinks' syntax from one registry, and one error protocol that carries the exit status.
struct CommandLineTests {
    static let greeting = TestSupport.scenario("greeting.yaml")

    /// `load`'s flags arrive typed: nothing is kept as a string to be parsed again.
    @Test func loadFlagsArriveTyped() throws {
        let load = try AgentSim.Load.parse([
            "--random", "--pace", "10x", "--shard", "1/3", "--faults", "drop=0.25,delay=40", "--sink", "jsonl:-",
            "--sink", "http://127.0.0.1:9/events", "--sink", "exec:wc -l", "--seed", "42",
        ])
        #expect(load.pace == .realtime(10))
        #expect(load.shard == Shard(index: 1, count: 3))
        #expect(load.faults?.drop == 0.25)
        #expect(load.faults?.delayMilliseconds == 40)
        #expect(load.faults?.dup == 0)
        #expect(load.sinks.map(\.kind) == [.jsonl, .http, .exec])
        #expect(load.seed == Seed(42))
        // The defaults are typed values too: as fast as possible, the whole run, seed 1, no faults.
        let defaults = try AgentSim.Load.parse(["--random", "--sink", "jsonl:-"])
        #expect(defaults.pace == .max)
        #expect(defaults.shard == Shard(index: 0, count: 1))
        #expect(defaults.seed == Seed(1))
        #expect(defaults.faults == nil)
    }

    /// A value a typed flag refuses is bad input (status 2), with the reason the flag's type gives.
    @Test(arguments: [
        (
            ["--pace", "fast"], "--pace <pace>", "fast",
            "--pace: 'fast' is not max, realtime or Nx (N from 0.001 to 1000000, e.g. 10x)"
        ),
        (
            ["--pace", "0x"], "--pace <pace>", "0x",
            "--pace: '0x' is not max, realtime or Nx (N from 0.001 to 1000000, e.g. 10x)"
        ),
        (["--shard", "3/3"], "--shard <shard>", "3/3", "--shard: '3/3' is not i/N with 0 ≤ i < N (e.g. 0/3)"),
        (
            ["--faults", "drop=2"], "--faults <faults>", "drop=2",
            "--faults: drop=2 is not a probability in 0…1; expected drop=P,dup=P,reorder=P,delay=MS with P in 0…1 "
                + "and MS in 0…3600000 (e.g. drop=0.01,dup=0.02)"
        ),
        (
            ["--sink", "ftp://host/x"], "--sink <sink>", "ftp://host/x",
            "--sink: 'ftp://host/x' is not jsonl:PATH, jsonl:-, http://HOST:PORT/PATH or exec:COMMAND"
        ),
        (["--sink", "jsonl:"], "--sink <sink>", "jsonl:", "--sink jsonl: needs a path or -, e.g. jsonl:events.jsonl"),
        (
            ["--sink", "http://127.0.0.1:70000/x"], "--sink <sink>", "http://127.0.0.1:70000/x",
            "--sink: port 70000 is outside 1…65535"
        ),
    ])
    func refusedFlagIsBadInputWithItsReason(
        _ flag: [String], _ synopsis: String, _ value: String, _ reason: String
    ) throws {
        let result = try Hostile.run(["load", "--random", "--sink", "jsonl:/dev/null"] + flag)
        #expect(result.status == 2)
        #expect(
            result.stderr.split(separator: "\n").first.map(String.init)
                == "Error: The value '\(value)' is invalid for '\(synopsis)': \(reason)")
    }

    /// `--seed` takes 0 to 2^63 − 1 in every command; `load` and `report` took any 64-bit number before (and `load`
    /// wrote 2^64 − 1 into its report as −1).
    @Test(arguments: ["9223372036854775808", "18446744073709551615", "-1"])
    func seedRangeIsTheSameInLoadAndReport(_ seed: String) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for command in [
            ["load", "--random", "--sessions", "1", "--sink", "jsonl:/dev/null"],
            ["report", Self.greeting, "--html", dir.appendingPathComponent("page.html").path],
        ] {
            let result = try Hostile.run(command + ["--seed", seed])
            #expect(result.status == 2, "\(command)")
            #expect(
                result.stderr.split(separator: "\n").first.map(String.init)
                    == "Error: The value '\(seed)' is invalid for '--seed <seed>': expected a whole number from 0 to "
                    + "9223372036854775807 (2^63 − 1)")
        }
        // The bound itself is accepted, and written as it is.
        let largest = try Hostile.run([
            "load", "--random", "--sessions", "1", "--sink", "jsonl:/dev/null", "--format", "json", "--seed",
            "9223372036854775807",
        ])
        #expect(largest.status == 0, "\(largest.stderr)")
        #expect(largest.stdout.contains("\"seed\": 9223372036854775807,"))
    }

    /// The sinks' syntax is registered once: `--help` and the messages list the same four forms.
    @Test func sinkSyntaxComesFromOneRegistry() throws {
        #expect(SinkSpec.syntaxes == ["jsonl:PATH", "jsonl:-", "http://HOST:PORT/PATH", "exec:COMMAND"])
        let help = try Hostile.run(["load", "--help"])
        #expect(help.status == 0)
        let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            words.contains("Where lines go (repeatable): jsonl:PATH, jsonl:-, http://HOST:PORT/PATH, exec:COMMAND."))
        #expect(words.contains("Sinks (any number): jsonl:PATH (written whole or not at all), jsonl:-,"))
        #expect(
            words.contains(
                "exec:COMMAND (the lines on the command's standard input; it must read them all and exit 0, and one "
                    + "that stops reading for --timeout seconds ends the run)."))
        let none = try Hostile.run(["load", "--random"])
        #expect(none.status == 2)
        #expect(
            none.stderr.hasPrefix(
                "Error: give at least one --sink: jsonl:PATH, jsonl:-, http://HOST:PORT/PATH or exec:COMMAND\n"))
        let twice = try Hostile.run(["load", "--random", "--sink", "jsonl:-", "--sink", "jsonl:-"])
        #expect(twice.status == 2)
        #expect(twice.stderr.hasPrefix("Error: --sink jsonl:- given twice; each sink takes every line once\n"))
    }

    /// One error protocol carries the status: 2 for bad input, 1 for a difference found, 70 for what no one
    /// anticipated (it exited 1 before, the status that means "mismatch").
    @Test func everyErrorCarriesItsExitStatus() throws {
        #expect(ExitStatus.success.rawValue == 0)
        #expect(ExitStatus.difference.rawValue == 1)
        #expect(ExitStatus.badInput.rawValue == 2)
        #expect(ExitStatus.internalError.rawValue == 70)

        let bad = ExitStatus.of(BadInput("--events: x: no such file"))
        #expect(bad.status == .badInput)
        #expect(bad.message == "agentsim: --events: x: no such file")

        let scenario = ExitStatus.of(ScenarioError("turns: expected a list", at: SourceLocation(file: "a.yaml")))
        #expect(scenario.status == .badInput)
        #expect(scenario.message == "a.yaml: error: turns: expected a list")

        let difference = ExitStatus.of(DifferenceFound())
        #expect(difference.status == .difference)
        #expect(difference.message == nil)

        struct Unforeseen: Error {}
        let unforeseen = ExitStatus.of(Unforeseen())
        #expect(unforeseen.status == .internalError)
        #expect(unforeseen.message?.hasPrefix("agentsim: internal error: ") == true)

        // A usage mistake caught by argument-parser is bad input too, with its own message.
        do {
            _ = try AgentSim.Check.parse(["--random", "0"])
            Issue.record("--random 0 was accepted")
        } catch {
            let usage = ExitStatus.of(error)
            #expect(usage.status == .badInput)
            #expect(usage.message?.hasPrefix("Error: --random takes a count from 1 to 10000, got 0") == true)
        }
    }

    /// `agentsim --help` documents every status.
    @Test func helpDocumentsTheExitStatuses() throws {
        let help = try Hostile.run(["--help"])
        #expect(help.status == 0)
        let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("exits with status 2."))
        #expect(words.contains("exits with status 1;"))
        #expect(words.contains("an error agentsim did not anticipate (a bug) with status 70."))
    }
}
