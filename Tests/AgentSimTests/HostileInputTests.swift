import AgentSimCore
import Foundation
import Testing

/// Hostile scenario files (issue 12): counts past their bounds, alias bombs, special files, long
/// recordings. Each gets one message naming the file (and line:column where the parser gives one) and
/// exit 2, quickly, under a 1 GB address-space limit. Expected texts are derived by hand from the
/// bounds in `ScenarioLimits` and `RecordingLimits`; columns are counted on the lines written here.
struct HostileInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        /// The message after `FILE:`; `DIR` stands for the scenario's directory.
        var expected: String
        var testDescription: String { name }
    }

    static let header = Hostile.header
    static let turn = "turns:\n  - user: hi\n"

    /// Counts and durations past their bounds (these overflowed the plugins' sums and trapped).
    static let bounds: [Case] = [
        Case(
            name: "instructions_tokens at Int.max",
            text: header + "  instructions_tokens: 9223372036854775807\n" + turn,
            expected:
                "4:24: error: session.instructions_tokens: expected a whole number from 0 to 10000000, got 9223372036854775807"
        ),
        Case(
            name: "user text_tokens one past the bound",
            text: header + "turns:\n  - user: {say: hi, text_tokens: 10000001}\n",
            expected: "5:34: error: turns[0].user.text_tokens: expected a whole number from 0 to 10000000, got 10000001"
        ),
        Case(
            name: "agent text_tokens", text: header + "turns:\n  - agent: {say: hi, text_tokens: 99999999999}\n",
            expected:
                "5:35: error: turns[0].agent.text_tokens: expected a whole number from 0 to 10000000, got 99999999999"),
        Case(
            name: "tool call arguments_tokens",
            text: header + "turns:\n  - agent: {tool_call: {name: f, arguments_tokens: 9223372036854775807}}\n",
            expected:
                "5:52: error: turns[0].agent.tool_call.arguments_tokens: expected a whole number from 0 to 10000000, got 9223372036854775807"
        ),
        Case(
            name: "tool call result_tokens",
            text: header + "turns:\n  - agent: {tool_call: {name: f, result_tokens: 20000000}}\n",
            expected:
                "5:49: error: turns[0].agent.tool_call.result_tokens: expected a whole number from 0 to 10000000, got 20000000"
        ),
        Case(
            name: "instruction update tokens",
            text: header + "turns:\n  - instructions: {text: x, tokens: 9223372036854775807}\n",
            expected:
                "5:37: error: turns[0].instructions.tokens: expected a whole number from 0 to 10000000, got 9223372036854775807"
        ),
        Case(
            name: "10,001 turns", text: header + "turns:\n" + String(repeating: "  - user: hi\n", count: 10_001),
            expected: "5:3: error: turns: 10001 turns; expected at most 10000"),
        Case(
            name: "seconds past an hour", text: header + "turns:\n  - user: {say: hi, seconds: 3601}\n",
            expected: "5:30: error: turns[0].user.seconds: expected a number from 0.0 to 3600.0, got 3601.0"),
        Case(
            name: "a day of silence", text: header + "turns:\n  - user: {silence: 86400}\n",
            expected: "5:21: error: turns[0].user.silence: expected a number from 0.0 to 3600.0, got 86400.0"),
    ]

    /// Memory: alias expansion and sizes.
    static let memory: [Case] = [
        // Values before f: root, version, then a, b, c, d, e with 11, 111, 1111, 11111, 111111 values:
        // 123,457. The 250,001st is the 126,544th of f: f, 1 whole e, then e, 1 d, d, 3 c's, c, 8 b's, b,
        // 8 a's, a and its 7th x, at column 8 + 3 × 6 = 26 of line 2.
        Case(
            name: "billion laughs (values)",
            text: "version: 1\n" + laughs(["a", "b", "c", "d", "e", "f", "g", "h", "i"]),
            expected:
                "2:26: error: the document holds more than 250000 values once YAML aliases are expanded; expected at most 250000"
        ),
        // a is 1,000 bytes; a, b, c, d hold 1,111,000; 3,083 copies of a fit in the 3,083,304 left, the 3,084th
        // does not: it is the scalar of line 2, whose mark is its anchor `&a`, column 4.
        Case(
            name: "alias bomb (text)",
            text: "version: 1\na: &a " + String(repeating: "x", count: 1000) + "\n"
                + laughs(["a", "b", "c", "d", "e"]).split(separator: "\n").dropFirst().joined(separator: "\n") + "\n",
            expected:
                "2:4: error: the document holds more than 4194304 bytes of text once YAML aliases are expanded; expected at most 4194304 (4 MiB)"
        ),
        Case(
            name: "file over 1 MiB", text: header + turn + "# " + String(repeating: "x", count: 1 << 20) + "\n",
            expected:
                " error: the file is \(header.utf8.count + turn.utf8.count + 3 + (1 << 20)) bytes; expected a scenario of at most 1048576 bytes (1 MiB)"
        ),
        Case(
            name: "100 levels of nesting",
            text: "version: 1\nx: " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "\n",
            expected: "2:67: error: lists and maps nest deeper than 64 levels; expected at most 64"),
        // libyaml stops at its own 1,000-level limit; its scanner reads ahead of the parser, which reports the
        // error at the start of the node it was parsing: the second `[`, column 5.
        Case(
            name: "10,000 levels of nesting", text: "version: 1\nx: " + String(repeating: "[", count: 10_000) + "\n",
            expected: "2:5: error: lists and maps nest too deep; expected at most 64 levels"),
    ]

    /// Silently wrong or unclear before.
    static let unclear: [Case] = [
        Case(
            name: "start_time 1e308", text: header + "  start_time: 1e308\n" + turn,
            expected: "4:15: error: session.start_time: expected a number from 0.0 to 10000000000.0, got 1e+308"),
        Case(
            name: "speech shorter than a sample", text: header + "turns:\n  - user: {say: hi, seconds: 0.0001}\n",
            expected:
                "5:30: error: turns[0].user.seconds: expected at least 0.001 s (shorter audio holds no sample), got 0.0001"
        ),
        Case(
            name: "seed 2^64 − 1", text: "version: 1\nseed: 18446744073709551615\n",
            expected:
                "2:7: error: seed: expected a whole number from 0 to 9223372036854775807 (2^63 − 1), got 1.8446744073709552e+19"
        ),
        Case(
            name: "seed below zero", text: "version: 1\nseed: -1\n",
            expected: "2:7: error: seed: expected a whole number from 0 to 9223372036854775807 (2^63 − 1), got -1"),
        Case(
            name: "scalar-only document", text: "hello\n",
            expected: "1:1: error: expected a scenario map starting with 'version: 1', got a string 'hello'"),
        Case(
            name: "list document", text: "- version: 1\n",
            expected: "1:1: error: expected a scenario map starting with 'version: 1', got a list"),
        // 61 words at 1 word per minute: 3,660 s.
        Case(
            name: "utterance over an hour from its words",
            text: header + "  user_wpm: 1\nturns:\n  - user: {say: " + String(repeating: "word ", count: 61) + "}\n",
            expected:
                "6:17: error: turns[0].user.say: 61 words at 1.0 words per minute last 3660.0 s; expected at most 3600 s per turn (split the turn or give 'seconds')"
        ),
        Case(
            name: "agent reply over an hour",
            text: header + "  agent_wpm: 1\nturns:\n  - agent: " + String(repeating: "word ", count: 70) + "\n",
            expected:
                "6:12: error: turns[0].agent: 70 words at 1.0 words per minute last 4200.0 s; expected at most 3600 s per turn (split the turn or give 'seconds')"
        ),
        Case(
            name: "escape sequence in name", text: "version: 1\nname: \"x\\e[31mred\"\n",
            expected: "2:7: error: name: control character U+001B at character 2; expected printable text"),
        Case(
            name: "bell in name", text: "version: 1\nname: \"\\a\"\n",
            expected: "2:7: error: name: control character U+0007 at character 1; expected printable text"),
        // Quoted back in a message, a control character is shown escaped, never sent to the terminal.
        Case(
            name: "escape sequence in a provider id", text: "version: 1\nsession:\n  provider: \"\\e[2J\"\n" + turn,
            expected:
                "3:13: error: session.provider: unknown provider '\\u{1B}[2J'; expected one of openai-realtime, gemini-live, openai-live, or session.pipeline (see `agentsim providers`)"
        ),
    ]

    /// `version: 1` then anchors `a`…: the first a list of ten x, each next one ten aliases of the one before.
    static func laughs(_ names: [String]) -> String {
        var out = "\(names[0]): &\(names[0]) [" + Array(repeating: "x", count: 10).joined(separator: ", ") + "]\n"
        for (previous, name) in zip(names, names.dropFirst()) {
            out += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        return out
    }

    @Test(arguments: bounds + memory + unclear)
    func hostileFileGivesOneMessageAndExitStatus2(_ c: Case) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try Hostile.write(c.text, "bad.yaml", in: dir)
        let result = try Hostile.run("run", file)
        #expect(result.status == 2)
        #expect(result.stderr == "\(file):\(c.expected.replacingOccurrences(of: "DIR", with: dir.path))\n")
        #expect(result.stdout.isEmpty)
        #expect(result.seconds < 3, "took \(result.seconds) s")
    }

    /// Special files where a scenario belongs are refused before they are opened (a FIFO blocked the open).
    @Test func specialFilesAsScenariosAreRefused() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("fifo.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let loop = dir.appendingPathComponent("loop.yaml").path
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        let cases: [(String, String)] = [
            (fifo, "is a FIFO (named pipe), expected a regular file"),
            ("/dev/zero", "is a device, expected a regular file"),
            ("/dev/null", "is a device, expected a regular file"),
            (dir.path, "is a directory, expected a scenario file"),
            (loop, "too many levels of symbolic links (a symlink loop?)"),
        ]
        for (path, problem) in cases {
            let result = try Hostile.run("run", path)
            #expect(result.status == 2, "\(path)")
            #expect(result.stderr == "\(path): error: \(problem)\n")
            #expect(result.seconds < 3)
        }
    }

    /// Special files where a recording belongs, and recordings past their bounds.
    @Test func badRecordingsAreRefused() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(mkfifo(dir.appendingPathComponent("fifo.wav").path, 0o600) == 0)
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("dir.wav"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(
            atPath: dir.appendingPathComponent("zero.wav").path, withDestinationPath: "/dev/zero")
        try Hostile.wav(frames: 601 * 8000, rate: 8000).write(to: dir.appendingPathComponent("long.wav"))
        try Hostile.wav(frames: 0, rate: 8000).write(to: dir.appendingPathComponent("empty.wav"))
        let big = dir.appendingPathComponent("big.wav").path
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        #expect(truncate(big, 200 << 20) == 0)  // sparse: 200 MiB that take no disk
        let resolved = { (name: String) in dir.appendingPathComponent(name).path }
        let cases: [(String, String)] = [
            (
                "fifo.wav",
                "5:19: error: turns[0].user.audio: the recording 'fifo.wav' (resolved to \(resolved("fifo.wav"))) is a FIFO (named pipe), expected a regular file; expected a WAV or Ogg Opus file"
            ),
            (
                "dir.wav",
                "5:19: error: turns[0].user.audio: the recording 'dir.wav' (resolved to \(resolved("dir.wav"))) is a directory, expected a regular file; expected a WAV or Ogg Opus file"
            ),
            (
                "zero.wav",
                "5:19: error: turns[0].user.audio: the recording 'zero.wav' (resolved to \(resolved("zero.wav"))) is a device, expected a regular file; expected a WAV or Ogg Opus file"
            ),
            // 601 s of 8 kHz samples: over the 600 s bound (the engine reports at the turn, line 5, column 5).
            (
                "long.wav",
                "5:5: error: \(resolved("long.wav")): the recording lasts 601 s (4808000 samples at 8000 Hz); expected at most 600 s and 28800000 samples"
            ),
            (
                "empty.wav",
                "5:5: error: \(resolved("empty.wav")): the recording holds no audio (0 samples); expected at least one"
            ),
            (
                "big.wav",
                "5:5: error: \(resolved("big.wav")): file too large (209715200 bytes; expected at most 134217728, 128 MiB)"
            ),
        ]
        for (name, expected) in cases {
            let file = try Hostile.write(
                Hostile.header + "turns:\n  - user: {audio: \(name)}\n", "s-\(name).yaml", in: dir)
            let result = try Hostile.run("run", file)
            #expect(result.status == 2, "\(name)")
            #expect(result.stderr == "\(file):\(expected)\n")
            #expect(result.seconds < 3)
        }
    }
}

/// A pipeline reply claiming the largest token count the contract allows (10,000,000 `text_tokens`) is still one
/// bounded stream: each LLM plugin caps the chunks it sends, so the run stays under the 1 GB limit and the watchdog.
@Suite struct HostilePipelineTests {
    @Test(arguments: ["openai-chat", "anthropic", "gemini", "openai-responses"])
    func aHugeReplyIsABoundedStream(_ llm: String) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = """
            version: 1
            session:
              pipeline: {stt: deepgram, llm: \(llm), tts: elevenlabs, timing: {llm_tokens_per_second: 100000}}
            turns:
              - user: {say: hi, seconds: 1}
              - agent: {say: "hello there", seconds: 2, text_tokens: 10000000}
            """
        let file = try Hostile.write(text, "huge.yaml", in: dir)
        let result = try Hostile.run("run", file, "--format", "jsonl")
        #expect(result.status == 0, "\(result.stderr)")
        // The completion LiveKit reports is the whole claimed reply: 10,000,000 tokens (Anthropic's start + final: 1 more).
        let completion = result.stdout.split(separator: "\n").compactMap { line -> Int? in
            guard let json = try? JSONValue.parse(String(line)), json["type"]?.stringValue == "llm_metrics" else {
                return nil
            }
            return json["completion_tokens"]?.intValue
        }
        #expect(completion == [llm == "anthropic" ? 10_000_001 : 10_000_000])
    }

    /// A tool call claiming 10,000,000 argument tokens is one bounded stream on every LLM plugin too: each sends its
    /// arguments in at most about a thousand pieces (or whole). LiveKit's completion is the claimed count.
    @Test(arguments: ["openai-chat", "anthropic", "gemini", "openai-responses"])
    func aHugeToolCallIsABoundedStream(_ llm: String) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = """
            version: 1
            session:
              pipeline: {stt: deepgram, llm: \(llm), tts: elevenlabs, timing: {llm_tokens_per_second: 100000}}
            turns:
              - user: {say: hi, seconds: 1}
              - agent: {tool_call: {name: f, arguments: '{"a": 1}', result: '{}', arguments_tokens: 10000000}}
              - agent: {say: "done", seconds: 1}
            """
        let file = try Hostile.write(text, "huge-call.yaml", in: dir)
        let result = try Hostile.run("run", file, "--format", "jsonl")
        #expect(result.status == 0, "\(result.stderr)")
        let completions = result.stdout.split(separator: "\n").compactMap { line -> Int? in
            guard let json = try? JSONValue.parse(String(line)), json["type"]?.stringValue == "llm_metrics" else {
                return nil
            }
            return json["completion_tokens"]?.intValue
        }
        #expect(completions.first.map { $0 >= 10_000_000 } == true, "\(completions)")
        #expect(result.seconds < 15)
    }
}
