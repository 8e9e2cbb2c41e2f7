import Foundation
import Testing

/// Hostile command lines and streams (issue 12): empty provider ids, seeds out of range, standard
/// output and error that cannot be written, endless and special events files, `--audio-out` pairs.
struct HostileCommandLineTests {
    static let greeting = TestSupport.scenario("greeting.yaml")
    static let providerHint =
        "expected ID or ID:MODEL such as openai-realtime or gemini-live:gemini-2.0-flash-live-001, or pipeline:STT+LLM+TTS"

    /// An empty id (or model) indexed out of range and trapped; now one message and exit 2.
    @Test(arguments: [
        (["run", greeting, "--provider", ""], "Error: --provider: \(providerHint), got ''"),
        (["run", greeting, "--provider", ":"], "Error: --provider: \(providerHint), got ':'"),
        (["run", greeting, "--provider", ":gpt-realtime"], "Error: --provider: \(providerHint), got ':gpt-realtime'"),
        (
            ["run", greeting, "--provider", "openai-realtime:"],
            "Error: --provider: \(providerHint), got 'openai-realtime:'"
        ),
        (["compare", greeting, "--providers", ":"], "Error: --providers: \(providerHint), got ':'"),
        (["compare", greeting, "--providers", "openai-realtime,:"], "Error: --providers: \(providerHint), got ':'"),
    ])
    func emptyProviderIdIsOneMessage(_ arguments: [String], _ expected: String) throws {
        let result = try Hostile.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").first.map(String.init) == expected)
        #expect(!result.stderr.contains("note:"))
        #expect(result.seconds < 3)
    }

    /// `--provider nope` printed the "options are not used" note and then the error; now the error alone.
    @Test func unknownProviderIsOneMessage() throws {
        let file = TestSupport.scenario("livekit-thread-openai.yaml")  // has session.options, which drew the note
        let result = try Hostile.run("run", file, "--provider", "nope")
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "--provider: error: session.provider: unknown provider 'nope'; expected one of openai-realtime, gemini-live, openai-live, deepgram, openai-chat, anthropic, gemini, elevenlabs, openai-responses, cartesia, openai-tts, openai-stt (see `agentsim providers`)\n"
        )
    }

    /// `--seed` takes what a file's `seed` takes, 0 to 2^63 − 1; `-1` was "missing value".
    @Test(arguments: ["-1", "18446744073709551615", "9223372036854775808", "1e3", "seven"])
    func seedOutOfRangeIsOneMessage(_ seed: String) throws {
        for command in [
            ["run", Self.greeting], ["compare", Self.greeting, "--providers", "openai-realtime"],
            ["check", "--random", "1"],
            ["views", TestSupport.scenario("pipeline-anthropic.yaml")],
        ] {
            let result = try Hostile.run(command + ["--seed", seed])
            #expect(result.status == 2, "\(command)")
            #expect(
                result.stderr.split(separator: "\n").first.map(String.init)
                    == "Error: The value '\(seed)' is invalid for '--seed <seed>': expected a whole number from 0 to 9223372036854775807 (2^63 − 1)"
            )
        }
    }

    @Test func largestSeedIsAccepted() throws {
        let result = try Hostile.run("run", Self.greeting, "--seed", "9223372036854775807", "--format", "json")
        #expect(result.status == 0)
    }

    @Test(arguments: ["0", "10001", "-5"])
    func randomCountOutOfRangeIsOneMessage(_ count: String) throws {
        let result = try Hostile.run(["check", "--random", count])
        #expect(result.status == 2)
        #expect(
            result.stderr.split(separator: "\n").first.map(String.init)
                == "Error: --random takes a count from 1 to 10000, got \(count)")
    }

    /// A full standard output gave status 0; now status 2 and a message on standard error.
    @Test(arguments: [
        ["run", greeting], ["run", greeting, "--format", "jsonl"], ["run", greeting, "--format", "json"],
        ["compare", greeting, "--providers", "openai-realtime,openai-realtime:gpt-realtime"], ["providers"],
        ["explain", "gemini-live"],
        ["views", TestSupport.scenario("pipeline-anthropic.yaml")], ["views", "--rules"],
    ])
    func fullStandardOutputIsAnError(_ arguments: [String]) throws {
        let result = try Hostile.run(arguments, redirect: ">/dev/full")
        #expect(result.status == 2)
        #expect(result.stderr == "agentsim: cannot write to standard output (No space left on device)\n")
    }

    /// A full standard error trapped (status 132/133) while writing the message; now the status is kept.
    @Test(arguments: [
        ["run", "/nonexistent.yaml"], ["run", greeting, "--provider", ":"], ["run", greeting, "--seed", "-1"],
        ["check", "--events", "/dev/zero"],
    ])
    func fullStandardErrorKeepsTheStatus(_ arguments: [String]) throws {
        let result = try Hostile.run(arguments, redirect: "2>/dev/full")
        #expect(result.status == 2)
    }

    @Test func fullStandardErrorAndOutputOnSuccess() throws {
        let result = try Hostile.run(["run", Self.greeting], redirect: ">/dev/full 2>/dev/full")
        #expect(result.status == 2)
    }

    /// Special events files: a device or directory is refused before opening; a pipe is read, but one
    /// line longer than 1 MiB is an error (an endless line ran out of memory before).
    @Test func specialEventsFilesAreRefused() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (path, problem) in [
            ("/dev/zero", "is a device, expected a regular file or a pipe"),
            (dir.path, "is a directory, expected a regular file or a pipe"),
            (dir.appendingPathComponent("missing.jsonl").path, "no such file"),
        ] {
            let result = try Hostile.run("check", "--events", path)
            #expect(result.status == 2)
            #expect(result.stderr == "agentsim: --events: \(path): \(problem)\n")
            #expect(result.seconds < 3)
        }
    }

    @Test(arguments: [0, 2, 5])
    func endlessLineOnAPipeIsAnError(_ blankLines: Int) throws {
        var input = Data(repeating: UInt8(ascii: "\n"), count: blankLines)
        input.append(Data(repeating: UInt8(ascii: "x"), count: (1 << 20) + 1))
        let result = try Hostile.run(["check", "--events", "-"], input: input)
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "agentsim: --events: -:\(blankLines + 1): the line is longer than 1048576 bytes (1 MiB); expected one JSON event per line\n"
        )
        #expect(result.seconds < 5)
    }

    /// `/dev/zero` through a pipe (as a process substitution gives it): no newline in the first 1 MiB + 1 bytes.
    @Test(arguments: ["-", "/dev/stdin"])
    func devZeroThroughAPipeIsAnError(_ path: String) throws {
        let result = try Hostile.run(["check", "--events", path], pipe: "cat /dev/zero 2>/dev/null |")
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "agentsim: --events: \(path):1: the line is longer than 1048576 bytes (1 MiB); expected one JSON event per line\n"
        )
        #expect(result.seconds < 5)
    }

    /// A line just under the bound is handled in time linear in its length: reading it, and reading the
    /// bridges' result line that echoes it three times (both were quadratic; this case took over 20 s).
    /// Alone it takes about 5 s, most of it the two Python bridges' start-up; the bound leaves room for the
    /// other suites' bridges starting on the same 2 cores.
    @Test func longLineTakesLinearTime() throws {
        var line = Data("{\"type\":\"".utf8)
        line.append(Data(repeating: UInt8(ascii: "a"), count: 1_000_000))
        line.append(Data("\"}\n".utf8))
        let result = try Hostile.run(["check", "--events", "-"], input: line, watchdog: 90)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("agentsim: --events: 1 line are not valid metrics events:\n-:1: "))
        #expect(result.seconds < 45, "took \(result.seconds) s")
    }

    /// `--audio-out` writes both tracks or neither: when the agent track cannot be written, the user
    /// track is removed again.
    @Test func audioOutWritesBothTracksOrNeither() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let blocker = dir.appendingPathComponent("greeting.agent.opus/inside")  // a non-empty directory in the way
        try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: true)
        let result = try Hostile.run("run", Self.greeting, "--audio-out", dir.path)
        #expect(result.status == 2)
        // AtomicFile refuses a directory as the destination before it writes anything (issue 23).
        #expect(
            result.stderr
                == "agentsim: --audio-out: \(dir.path)/greeting.agent.opus: is a directory, expected a file path "
                + "(\(dir.path)/greeting.user.opus removed: both tracks or neither)\n")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("greeting.user.opus").path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(leftovers == ["greeting.agent.opus"])
    }
}

/// `check --events` with counts whose sums pass 2^63 − 1: Python keeps counting, agentsim's collectors
/// would stop at `Int.max`, so the sum is refused with its field instead of printed as if true.
struct SaturatedSumTests {
    /// The greeting's reply event (44 input, 52 output tokens) with one count replaced.
    static func event(_ field: String, _ value: String) throws -> String {
        let result = try TestSupport.agentsim("run", TestSupport.scenario("greeting.yaml"), "--format", "jsonl")
        let reply = result.stdout.split(separator: "\n")[1]
        let original = field == "input_tokens" ? "\"input_tokens\":44," : "\"output_tokens\":52,"
        #expect(reply.contains(original))
        return reply.replacingOccurrences(of: original, with: "\"\(field)\":\(value),")
    }

    @Test(arguments: [
        // 2 × (2^63 − 1) and 2 × 2^62 = 2^63 both pass Int.max; 1.2.18's summary is checked first.
        ("input_tokens", "9223372036854775807", 2, "usage_summary_v1_2.llm_prompt_tokens"),
        ("input_tokens", "4611686018427387904", 2, "usage_summary_v1_2.llm_prompt_tokens"),
        ("output_tokens", "4611686018427387904", 3, "usage_summary_v1_2.llm_completion_tokens"),
    ])
    func sumPastTheBoundIsAnError(_ field: String, _ value: String, _ count: Int, _ expected: String) throws {
        let line = try Self.event(field, value)
        let input = Data(String(repeating: line + "\n", count: count).utf8)
        let result = try Hostile.run(["check", "--events", "-"], input: input, watchdog: 60)
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "agentsim: --events: -: \(expected) reaches the 64-bit bound (2^63 − 1) after \(count) events; Python would keep counting, so the sum cannot be checked; expected smaller counts\n"
        )
    }
}
