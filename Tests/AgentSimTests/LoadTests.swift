import AgentSimCore
import Foundation
import Testing

/// `agentsim load` and `merge` against the real reference collector (LiveKit 1.8.9's ModelUsageCollector
/// behind aiohttp), with faults, failures and shards.
///
/// Most tests load `greeting.yaml`, whose figures are derived in its comments: per session one zero-usage
/// connection event and one response with prompt 44, cached 0, input audio 16, completion 52, output audio 44.
struct LoadTests {
    static let greeting = TestSupport.scenario("greeting.yaml")

    /// The lines of a jsonl file, parsed.
    static func lines(_ url: URL) throws -> [JSONValue] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONValue.parse(String($0)) }
    }

    static func report(_ url: URL) throws -> JSONValue {
        try JSONValue.parse(try String(contentsOf: url, encoding: .utf8))
    }

    /// The ids an explanation names after `phrase (`: `a, b, c … and N more` → [a, b, c].
    static func namedIDs(in text: String, after phrase: String) -> [String] {
        guard let start = text.range(of: phrase + " (") else { return [] }
        let rest = text[start.upperBound...]
        guard let end = rest.firstIndex(of: ")") else { return [] }
        let list = rest[..<end].components(separatedBy: " … and ").first ?? ""
        return list.components(separatedBy: ", ").filter { !$0.isEmpty }
    }

    /// The collector's own `usage_summary` field, read from its answer.
    static func collectorSummary(_ server: ReferenceCollector, _ field: String) throws -> Int? {
        try JSONValue.parse(server.request("GET", "/totals"))["usage_summary"]?[field]?.intValue
    }

    @Test func twoThousandSessionsHoldExactlyTheOracleTotals() throws {
        let server = try ReferenceCollector()
        let dir = try TestSupport.temporaryDirectory()
        let result = try TestSupport.agentsim(
            "load", TestSupport.scenariosDirectory.path, "--sessions", "2000", "--concurrency", "64",
            "--sink", server.events, "--verify", server.totals, "--report", dir.appendingPathComponent("r.json").path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("the collector holds exactly the oracle's totals"))
        let report = try Self.report(dir.appendingPathComponent("r.json"))
        #expect(report["sessions"]?.intValue == 2000)
        #expect(report["verify"]?["matches"] == .bool(true))
        // The collector's own count of events equals what agentsim says it produced.
        let totals = try JSONValue.parse(server.request("GET", "/totals"))
        #expect(totals["events"]?.intValue == report["events"]?.intValue)
        #expect((report["events"]?.intValue ?? 0) > 4000)
    }

    /// Ten copies of greeting: the oracle is ten times the scenario's hand-derived figures, each copy has
    /// its own session id and request ids, and every line is an envelope.
    @Test func copiesOfAScenarioAddUpAndHaveTheirOwnIDs() throws {
        let dir = try TestSupport.temporaryDirectory()
        let out = dir.appendingPathComponent("events.jsonl")
        let result = try TestSupport.agentsim(
            "load", Self.greeting, "--sessions", "10", "--sink", "jsonl:\(out.path)", "--format", "json")
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONValue.parse(result.stdout)
        let v1 = report["oracle"]?["usage_summary_v1_2"]
        // 10 × (44, 0, 16, 52, 44).
        #expect(v1?["llm_prompt_tokens"]?.intValue == 440)
        #expect(v1?["llm_prompt_cached_tokens"]?.intValue == 0)
        #expect(v1?["llm_input_audio_tokens"]?.intValue == 160)
        #expect(v1?["llm_completion_tokens"]?.intValue == 520)
        #expect(v1?["llm_output_audio_tokens"]?.intValue == 440)
        let lines = try Self.lines(out)
        #expect(lines.count == 20)  // 2 events per session
        #expect(Set(lines.compactMap { $0["session"]?.stringValue }).count == 10)
        #expect(lines.first?.keys == ["id", "session", "seq", "metrics"])
        #expect(lines.first?["id"]?.stringValue == "s1-0.0")
        let requestIDs = lines.compactMap { $0["metrics"]?["request_id"]?.stringValue }.filter { !$0.isEmpty }
        #expect(requestIDs.count == 10)
        #expect(Set(requestIDs).count == 10)
    }

    @Test func sameArgumentsGiveByteIdenticalLinesAndAnotherSeedOtherIDs() throws {
        let dir = try TestSupport.temporaryDirectory()
        var files: [Data] = []
        for (name, seed) in [("a", "5"), ("b", "5"), ("c", "6")] {
            let out = dir.appendingPathComponent("\(name).jsonl")
            let result = try TestSupport.agentsim(
                "load", TestSupport.scenariosDirectory.path, "--sessions", "60", "--seed", seed, "--faults",
                "reorder=0.1,delay=300,dup=0.05",
                "--sink", "jsonl:\(out.path)")
            #expect(result.status == 0, "\(result.stderr)")
            files.append(try Data(contentsOf: out))
        }
        #expect(files[0] == files[1])
        #expect(!files[0].isEmpty)
        #expect(files[0] != files[2])
    }

    @Test func duplicatesWithoutDedupeAreCountedTwiceAndNamed() throws {
        let server = try ReferenceCollector()
        let dir = try TestSupport.temporaryDirectory()
        let sent = dir.appendingPathComponent("sent.jsonl")
        let result = try TestSupport.agentsim(
            "load", Self.greeting, "--sessions", "200", "--faults", "dup=0.05", "--sink", server.events,
            "--sink", "jsonl:\(sent.path)", "--verify", server.totals)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        // Responses sent (duplicates included), each worth 44 prompt tokens; the collector summed them all.
        let lines = try Self.lines(sent)
        let responses = lines.filter { !($0["metrics"]?["request_id"]?.stringValue ?? "").isEmpty }
        #expect(responses.count > 200)
        #expect(try Self.collectorSummary(server, "llm_prompt_tokens") == 44 * responses.count)
        var seen: Set<String> = []
        var twice: Set<String> = []
        for line in responses {
            if let id = line["id"]?.stringValue, !seen.insert(id).inserted { twice.insert(id) }
        }
        #expect(twice.count == responses.count - 200)
        // The explanation names duplicated responses (the events behind the difference), and only those.
        let named = Self.namedIDs(in: result.stdout, after: "delivered twice (dup fault) and counted twice")
        #expect(!named.isEmpty)
        #expect(named.allSatisfy { twice.contains($0) }, "\(named) vs \(twice)")
        #expect(result.stdout.contains("the collector counts duplicated events twice"))
    }

    @Test func duplicatesWithDedupeLeaveTheOracleTotals() throws {
        let server = try ReferenceCollector(["--dedupe"])
        let result = try TestSupport.agentsim(
            "load", Self.greeting, "--sessions", "200", "--faults", "dup=0.05", "--sink", server.events, "--verify",
            server.totals)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(try Self.collectorSummary(server, "llm_prompt_tokens") == 44 * 200)
    }

    /// Drops: the collector lacks exactly the dropped events (found by comparing the faulted run's lines with
    /// the same run without faults); --verify says so with exit 1, and --expect-faults accepts it.
    @Test func dropsAreMissingExactlyAndExpectFaultsAcceptsThem() throws {
        let server = try ReferenceCollector()
        let dir = try TestSupport.temporaryDirectory()
        let all = dir.appendingPathComponent("all.jsonl"), part = dir.appendingPathComponent("part.jsonl")
        let report = dir.appendingPathComponent("report.json")
        let clean = try TestSupport.agentsim("load", Self.greeting, "--sessions", "300", "--sink", "jsonl:\(all.path)")
        #expect(clean.status == 0, "\(clean.stderr)")
        let faulted = try TestSupport.agentsim(
            "load", Self.greeting, "--sessions", "300", "--faults", "drop=0.05", "--sink", server.events,
            "--sink", "jsonl:\(part.path)", "--verify", server.totals, "--report", report.path)
        #expect(faulted.status == 1, "\(faulted.stdout)\(faulted.stderr)")
        let kept = Set(try Self.lines(part).compactMap { $0["id"]?.stringValue })
        let dropped = try Self.lines(all).filter { !kept.contains($0["id"]?.stringValue ?? "") }
        let droppedPrompt = dropped.reduce(0) { $0 + ($1["metrics"]?["input_tokens"]?.intValue ?? 0) }
        #expect(!dropped.isEmpty)
        #expect(droppedPrompt > 0)
        #expect(try Self.collectorSummary(server, "llm_prompt_tokens") == 44 * 300 - droppedPrompt)
        // Only dropped responses carry prompt tokens; the explanation names those and only those.
        let droppedResponses = Set(
            dropped.filter { ($0["metrics"]?["input_tokens"]?.intValue ?? 0) > 0 }.compactMap { $0["id"]?.stringValue })
        #expect(droppedPrompt == 44 * droppedResponses.count)
        let named = Self.namedIDs(in: faulted.stdout, after: "dropped by the fault injector and never sent")
        #expect(!named.isEmpty)
        #expect(named.allSatisfy { droppedResponses.contains($0) }, "\(named) vs \(droppedResponses)")
        // The same collector, checked again from the report, accepted as exactly the faults' effect.
        let accepted = try TestSupport.agentsim("merge", report.path, "--verify", server.totals, "--expect-faults")
        #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
        #expect(accepted.stdout.contains("every difference is exactly the injected faults' effect"))
    }

    @Test func serverErrorsAreRetriedAndDedupeKeepsTotalsExact() throws {
        let server = try ReferenceCollector(["--dedupe", "--fail-every", "3"])
        let dir = try TestSupport.temporaryDirectory()
        let report = dir.appendingPathComponent("r.json")
        let result = try TestSupport.agentsim(
            "load", Self.greeting, "--sessions", "500", "--batch", "50", "--sink", server.events, "--verify",
            server.totals,
            "--report", report.path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let sink = try Self.report(report)["sinks"]?.arrayValue?.first
        // 1,000 lines in batches of 50: 20 batches; every third POST is answered 500 and retried.
        #expect((sink?["retries"]?.intValue ?? 0) >= 6)
        #expect(sink?["lines"]?.intValue == 1000)
        #expect(try Self.collectorSummary(server, "llm_prompt_tokens") == 44 * 500)
    }

    @Test func aCollectorKilledMidRunEndsTheRunWithStatusTwoWithinSeconds() throws {
        let server = try ReferenceCollector()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.agentsim)
        // 2,000 sessions of 4.4 s at 40× with 4 in flight: about two minutes if nothing stopped it.
        process.arguments = [
            "load", Self.greeting, "--sessions", "2000", "--concurrency", "4", "--pace", "40x", "--batch", "5",
            "--sink", server.events,
        ]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        Thread.sleep(forTimeInterval: 2)
        server.kill()
        let killed = Date()
        let exited = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            process.waitUntilExit()
            exited.signal()
        }
        let inTime = exited.wait(timeout: .now() + 20) == .success
        if !inTime { process.terminate() }
        #expect(inTime)
        #expect(Date().timeIntervalSince(killed) < 10)
        #expect(process.terminationStatus == 2)
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.contains("load stopped"))
        #expect(message.contains("lines delivered before it stopped"), "\(message)")
        #expect(
            message.contains("connection refused") || message.contains("closed the connection")
                || message.contains("reset"), "\(message)")
    }

    /// Three shards: their lines together are the unsharded run's, and merging their reports gives its oracle.
    @Test func shardsAddUpToTheWholeRun() throws {
        let dir = try TestSupport.temporaryDirectory()
        func load(_ shard: String) throws -> (lines: [String], report: URL) {
            let out = dir.appendingPathComponent("\(shard.replacingOccurrences(of: "/", with: "-")).jsonl")
            let report = dir.appendingPathComponent("\(shard.replacingOccurrences(of: "/", with: "-")).json")
            let result = try TestSupport.agentsim(
                "load", TestSupport.scenariosDirectory.path, "--sessions", "90", "--shard", shard, "--faults",
                "drop=0.05",
                "--sink", "jsonl:\(out.path)", "--report", report.path)
            #expect(result.status == 0, "\(result.stderr)")
            return (try String(contentsOf: out, encoding: .utf8).split(separator: "\n").map(String.init), report)
        }
        let whole = try load("0/1")
        let shards = try ["0/3", "1/3", "2/3"].map(load)
        #expect(shards.flatMap(\.lines).sorted() == whole.lines.sorted())
        #expect(shards.allSatisfy { !$0.lines.isEmpty })
        let merged = try TestSupport.agentsim(arguments: ["merge"] + shards.map(\.report.path) + ["--format", "json"])
        #expect(merged.status == 0, "\(merged.stderr)")
        let m = try JSONValue.parse(merged.stdout), w = try Self.report(whole.report)
        #expect(m["sessions"]?.intValue == 90)
        #expect(m["faults"]?["dropped"]?["count"] == w["faults"]?["dropped"]?["count"])
        for key in ["oracle", "sent"] {
            for field in ["usage_summary", "usage_summary_v1_2"] {
                let a = m[key]?[field], b = w[key]?[field]
                for name in b?.keys ?? [] {
                    let x = a?[name]?.doubleValue ?? .nan, y = b?[name]?.doubleValue ?? .nan
                    #expect(abs(x - y) <= 1e-9 * max(1, abs(y)), "\(key).\(field).\(name): merged \(x), whole \(y)")
                }
            }
            #expect(m[key]?["model_usage"]?.arrayValue?.count == w[key]?["model_usage"]?.arrayValue?.count)
        }
        // The same shard twice would count twice: refused.
        let twice = try TestSupport.agentsim("merge", shards[0].report.path, shards[0].report.path)
        #expect(twice.status == 2)
        #expect(twice.stderr.contains("counted twice"))
    }

    @Test func sessionUsageUpdatesAreSentAndTheReferenceCollectorDoesNotSumThem() throws {
        let server = try ReferenceCollector()
        let result = try TestSupport.agentsim(
            "load", Self.greeting, "--sessions", "3", "--session-usage-updates", "--sink", server.events, "--verify",
            server.totals)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let totals = try JSONValue.parse(server.request("GET", "/totals"))
        #expect(totals["snapshots_ignored"]?.intValue == 6)  // one after each of the 2 events of 3 sessions
        // Snapshots after the connection event (0) and after the response (44): summing them per session
        // gives 0 + 44, so the trap happens to equal the oracle here; the text shows what it would report.
        #expect(result.stdout.contains("a collector that sums the session_usage_updated snapshots"))
    }

    /// Random sessions (every provider, model and knob), Poisson arrivals, to the real collector: exact.
    @Test func randomSessionsHoldExactlyTheOracleTotals() throws {
        let server = try ReferenceCollector()
        let result = try TestSupport.agentsim(
            "load", "--random", "--sessions", "40", "--seed", "3", "--rate", "100", "--arrivals", "poisson",
            "--sink", server.events, "--verify", server.totals)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("the collector holds exactly the oracle's totals"))
        #expect(result.stdout.contains("Gemini") && result.stdout.contains("api.openai.com"))
    }

    /// exec: streams the same lines into a command's standard input; LiveKit's bridge sums them (5 × 44 prompt).
    @Test func execSinksStreamIntoACommand() throws {
        let dir = try TestSupport.temporaryDirectory()
        let viaFile = dir.appendingPathComponent("file.jsonl"), viaExec = dir.appendingPathComponent("exec.jsonl")
        let copy = try TestSupport.agentsim(
            "load", Self.greeting, "--sessions", "5", "--sink", "jsonl:\(viaFile.path)", "--sink",
            "exec:cat > '\(viaExec.path)'")
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(try Data(contentsOf: viaFile) == Data(contentsOf: viaExec))
        let bridge = try TestSupport.agentsim(
            "load", Self.greeting, "--sessions", "5", "--sink",
            "exec:\(TestSupport.livekitPython("1.8.9")) \(TestSupport.bridge)",
            "--format", "json")
        #expect(bridge.status == 0, "\(bridge.stderr)")
        // The bridge's result line comes first on standard output (the command's output is agentsim's), then the report.
        let first = try JSONValue.parse(String(bridge.stdout.split(separator: "\n").first ?? ""))
        #expect(first["usage_summary"]?["llm_prompt_tokens"]?.intValue == 220)
        #expect(first["events"]?.intValue == 10)
        let failing = try TestSupport.agentsim("load", Self.greeting, "--sessions", "5", "--sink", "exec:exit 3")
        #expect(failing.status == 2)
        #expect(failing.stderr.contains("load stopped: exec:exit 3: "), "\(failing.stderr)")
    }

    /// On a terminal (a pty from util-linux's `script`), stderr shows done/total, the rate and an ETA; off a
    /// terminal (every other test) it shows nothing.
    @Test func progressShowsOnATerminalOnly() throws {
        let command = "'\(TestSupport.agentsim)' load '\(Self.greeting)' --sessions 20 --sink jsonl:/dev/null"
        let onTerminal = try TestSupport.run("/usr/bin/script", ["-qec", command, "/dev/null"])
        #expect(onTerminal.status == 0)
        #expect(onTerminal.stdout.contains("load: 20/20 sessions · "), "\(onTerminal.stdout)")
        #expect(onTerminal.stdout.contains(" sessions/s · ETA 0:00"))
        let piped = try TestSupport.agentsim("load", Self.greeting, "--sessions", "20", "--sink", "jsonl:/dev/null")
        #expect(piped.stderr.isEmpty)
    }

    /// The virtual clock: with one session in flight, each session's lines come as one block, in plan order;
    /// with 64 in flight (greeting lasts 4.4 s, all 64 start at 0) they interleave by session-clock time:
    /// every session's connection event (t = 0) comes before any response (t = 4.4 s).
    @Test func linesFollowTheVirtualClock() throws {
        func sessions(_ concurrency: String) throws -> [String] {
            let dir = try TestSupport.temporaryDirectory()
            let out = dir.appendingPathComponent("e.jsonl")
            let result = try TestSupport.agentsim(
                "load", Self.greeting, "--sessions", "64", "--concurrency", concurrency, "--sink", "jsonl:\(out.path)")
            #expect(result.status == 0, "\(result.stderr)")
            return try Self.lines(out).compactMap { $0["id"]?.stringValue }
        }
        let one = try sessions("1")
        #expect(one == (0..<64).flatMap { ["s1-\($0).0", "s1-\($0).1"] })
        let many = try sessions("64")
        #expect(many == (0..<64).map { "s1-\($0).0" } + (0..<64).map { "s1-\($0).1" })
    }

    /// A collector on livekit-agents 1.2.18 serves only the 8-field UsageSummary: --verify compares that form.
    @Test func aLiveKit1_2_18CollectorIsCheckedOnItsUsageSummary() throws {
        let server = try ReferenceCollector(version: "1.2.18")
        let dir = try TestSupport.temporaryDirectory()
        let report = dir.appendingPathComponent("r.json")
        let result = try TestSupport.agentsim(
            "load", Self.greeting, "--sessions", "30", "--sink", server.events, "--verify", server.totals, "--report",
            report.path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("(livekit-agents 1.2.18, 60 events)"))
        #expect(try Self.report(report)["verify"]?["compared_fields"]?.intValue == 8)
        // 30 × 44 prompt tokens, in the collector's own answer.
        #expect(try Self.collectorSummary(server, "llm_prompt_tokens") == 1320)
    }

    /// A 4xx is not retried: it ends the run. Bare snapshots (`--envelope none --session-usage-updates`) are
    /// no metrics class, so the reference collector rejects the batch with 400 naming line 2.
    @Test func aRefusedBatchEndsTheRunWithoutRetrying() throws {
        let server = try ReferenceCollector()
        let dir = try TestSupport.temporaryDirectory()
        let bare = dir.appendingPathComponent("bare.jsonl")
        let result = try TestSupport.agentsim(
            "load", Self.greeting, "--sessions", "2", "--envelope", "none", "--session-usage-updates",
            "--sink", server.events, "--sink", "jsonl:\(bare.path)")
        #expect(result.status == 2)
        #expect(
            result.stderr.contains("the collector refused a batch of 8 lines with HTTP 400 Bad Request"),
            "\(result.stderr)")
        #expect(result.stderr.contains("\"line\": 2"), "\(result.stderr)")
        let totals = try JSONValue.parse(server.request("GET", "/totals"))
        #expect(totals["posts"]?.intValue == 1)  // not retried
        #expect(!FileManager.default.fileExists(atPath: bare.path))  // the failed run leaves no jsonl behind
    }

    /// `--envelope none`: each line is the bare metrics event, as `run --format jsonl` prints it.
    @Test func bareLinesAreTheRunsJSONL() throws {
        let dir = try TestSupport.temporaryDirectory()
        let out = dir.appendingPathComponent("bare.jsonl")
        let load = try TestSupport.agentsim(
            "load", Self.greeting, "--sessions", "1", "--envelope", "none", "--sink", "jsonl:\(out.path)")
        #expect(load.status == 0, "\(load.stderr)")
        let run = try TestSupport.agentsim("run", Self.greeting, "--format", "jsonl")
        // Session 0's id salt differs from run's 0, so only the response's request id differs.
        let ours = try String(contentsOf: out, encoding: .utf8).split(separator: "\n").map {
            try JSONValue.parse(String($0))
        }
        let theirs = try run.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        #expect(ours.count == 2 && theirs.count == 2)
        for (a, b) in zip(ours, theirs) {
            #expect(a.keys == b.keys)
            for key in a.keys where key != "request_id" { #expect(a[key] == b[key], "\(key)") }
        }
    }

    @Test func helpExplainsEveryFlag() throws {
        let result = try TestSupport.agentsim("load", "--help")
        #expect(result.status == 0)
        for flag in [
            "--random", "--sessions", "--concurrency", "--rate", "--arrivals", "--pace", "--mix", "--seed", "--shard",
            "--sink",
            "--envelope", "--session-usage-updates", "--faults", "--batch", "--linger", "--max-in-flight", "--retries",
            "--timeout", "--verify", "--expect-faults", "--require-fields", "--no-baseline", "--report", "--format",
            "--clip-cache-mb",
        ] {
            #expect(result.stdout.contains(flag), "--help does not mention \(flag)")
        }
        #expect(result.stdout.contains("Exit status"))
    }

    @Test(arguments: [
        (["load"], "give scenario files or directories, or --random"),
        (["load", LoadTests.greeting], "give at least one --sink"),
        (
            ["load", LoadTests.greeting, "--sink", "jsonl:/dev/null", "--concurrency", "0"],
            "--concurrency takes a count from 1"
        ),
        (
            ["load", LoadTests.greeting, "--sink", "jsonl:/dev/null", "--sessions", "0"],
            "--sessions takes a count from 1"
        ),
        (
            ["load", LoadTests.greeting, "--sink", "jsonl:/dev/null", "--rate", "0"],
            "--rate takes sessions per second above 0"
        ),
        (
            ["load", LoadTests.greeting, "--sink", "jsonl:/dev/null", "--rate", "5", "--concurrency", "2"],
            "give --concurrency or --rate, not both"
        ),
        (
            ["load", LoadTests.greeting, "--sink", "jsonl:/dev/null", "--pace", "0x"],
            "--pace: '0x' is not max, realtime or Nx"
        ),
        (
            ["load", LoadTests.greeting, "--sink", "jsonl:/dev/null", "--pace", "fast"],
            "--pace: 'fast' is not max, realtime or Nx"
        ),
        (["load", LoadTests.greeting, "--sink", "jsonl:/dev/null", "--shard", "3/3"], "--shard: '3/3' is not i/N"),
        (["load", LoadTests.greeting, "--sink", "jsonl:/dev/null", "--shard", "1"], "--shard: '1' is not i/N"),
        (
            ["load", LoadTests.greeting, "--sink", "jsonl:/dev/null", "--mix", "nope=1"],
            "--mix: no scenario file named 'nope'"
        ),
        (
            ["load", LoadTests.greeting, "--sink", "jsonl:/dev/null", "--mix", "greeting"],
            "--mix: 'greeting' is not NAME=W"
        ),
        (["load", LoadTests.greeting, "--sink", "ftp://x"], "--sink: 'ftp://x' is not jsonl:PATH"),
        (["load", LoadTests.greeting, "--sink", "jsonl:"], "--sink jsonl: needs a path"),
        (
            ["load", LoadTests.greeting, "--sink", "jsonl:/tmp/x.jsonl", "--sink", "jsonl:/tmp/x.jsonl"],
            "--sink jsonl:/tmp/x.jsonl given twice"
        ),
        (["load", LoadTests.greeting, "--sink", "http://"], "is not an http:// URL with a host"),
        (["load", LoadTests.greeting, "--sink", "jsonl:/proc/no/such/dir/x.jsonl"], "cannot open for writing"),
        (
            ["load", LoadTests.greeting, "--sink", "jsonl:/dev/null", "--faults", "drop=2"],
            "--faults: drop=2 is not a probability in 0…1"
        ),
        (
            ["load", LoadTests.greeting, "--sink", "jsonl:/dev/null", "--faults", "lose=0.1"],
            "--faults: unknown fault 'lose'"
        ),
        (
            ["load", LoadTests.greeting, "--sink", "jsonl:/dev/null", "--faults", "drop="],
            "--faults: drop= is not a number"
        ),
        (
            ["load", LoadTests.greeting, "--sink", "jsonl:/dev/null", "--faults", "drop=0.1,drop=0.2"],
            "--faults: 'drop' given twice"
        ),
        (
            ["load", LoadTests.greeting, "--sink", "jsonl:/dev/null", "--faults", "delay=-5"],
            "--faults: delay=-5 is outside"
        ),
        (
            ["load", LoadTests.greeting, "--sink", "jsonl:/dev/null", "--faults", "dup"],
            "--faults: 'dup' is not NAME=VALUE"
        ),
        (
            ["load", LoadTests.greeting, "--sink", "jsonl:/dev/null", "--expect-faults"],
            "--expect-faults goes with --verify URL"
        ),
        (
            ["load", LoadTests.greeting, "--sink", "jsonl:/dev/null", "--verify", "nope"],
            "--verify: 'nope' is not an http:// URL"
        ),
        (
            ["load", LoadTests.greeting, "--sink", "jsonl:/dev/null", "--no-baseline"],
            "--no-baseline goes with --verify URL"
        ),
        (
            ["load", LoadTests.greeting, "--sink", "jsonl:/dev/null", "--require-fields", "all"],
            "--require-fields goes with --verify URL"
        ),
        (
            [
                "load", LoadTests.greeting, "--sink", "jsonl:/dev/null", "--verify", "http://127.0.0.1:9/totals",
                "--require-fields", "input_tokens,tokens",
            ],
            "--require-fields: 'tokens' is not a field --verify compares; expected all, or a comma list"
        ),
        (["load", "/no/such/file.yaml", "--sink", "jsonl:/dev/null"], "no such file or directory"),
        (["merge", "/no/such/report.json"], "cannot read the report"),
    ])
    func badInputGivesOneMessageAndStatusTwo(arguments: [String], message: String) throws {
        let result = try TestSupport.agentsim(arguments: arguments)
        #expect(result.status == 2, "\(arguments): \(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func anUnreachableSinkEndsWithStatusTwoAndTheDeliveredCount() throws {
        // Port 9 (discard) is closed here: every attempt is refused.
        let result = try TestSupport.agentsim(
            "load", Self.greeting, "--sessions", "5", "--retries", "2", "--sink", "http://127.0.0.1:9/events")
        #expect(result.status == 2)
        #expect(
            result.stderr.contains("cannot deliver a batch of 10 lines after 3 attempts; last: connection refused"),
            "\(result.stderr)")
        #expect(result.stderr.contains("lines delivered before it stopped: 0 to http://127.0.0.1:9/events"))
    }

    /// --verify answers that cannot be compared: not JSON, an error status, the wrong shape.
    @Test func badVerifyAnswersExitTwo() throws {
        let server = try ReferenceCollector()
        let dir = try TestSupport.temporaryDirectory()
        let report = dir.appendingPathComponent("r.json")
        let run = try TestSupport.agentsim(
            "load", Self.greeting, "--sessions", "2", "--sink", server.events, "--report", report.path)
        #expect(run.status == 0, "\(run.stderr)")
        let cases = [
            ("/health", "the answer is not JSON"),
            ("/nope", "the collector answered HTTP 404"),
            ("/events", "the collector answered HTTP 405"),
        ]
        for (path, message) in cases {
            let result = try TestSupport.agentsim(
                "merge", report.path, "--verify", "http://127.0.0.1:\(server.port)\(path)")
            #expect(result.status == 2, "\(path): \(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains(message), "\(path): \(result.stderr)")
        }
        let closed = try TestSupport.agentsim("merge", report.path, "--verify", "http://127.0.0.1:9/totals")
        #expect(closed.status == 2)
        #expect(closed.stderr.contains("cannot get the collector's totals: connection refused"), "\(closed.stderr)")
    }
}
