import AgentSimAudio
import AgentSimCore
import AgentSimLoad
import ArgumentParser
import Foundation

extension AgentSim {
    /// `agentsim load`: synthetic sessions against a usage collector, with an oracle that knows the totals.
    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Load-test a usage collector with synthetic sessions, and check it holds exactly the right totals.",
            discussion: """
                Each session is a scenario run to its end (real Opus packets behind every duration) with its own \
                session id and request ids; its LiveKit metrics events go to every --sink. agentsim counts every \
                event it produced with ports of LiveKit's collectors: that is the oracle, the totals the collector \
                must hold. With --verify it GETs the collector's totals before the run (the baseline) and after it, \
                and compares the change with the oracle, field by field: the fields the collector reports (the \
                others are listed as not reported; --require-fields makes them required), each difference explained \
                by the injected faults' event ids where it can be, grouped by cause. docs/COLLECTORS.md gives the \
                form of the collector's answer.

                Load shape (AIPerf / GuideLLM vocabulary): --sessions N with --concurrency C sessions in flight, or \
                --rate R new sessions per second with constant or Poisson arrivals. Sessions start on a virtual \
                clock (a free slot, or their arrival), and their events follow at their session-clock times; \
                --pace max sends them as fast as possible in that order, --pace realtime (or Nx) at those times. \
                The same arguments and seed give byte-identical lines.

                Each line is an envelope {"id": "<session>.<seq>", "session": "s<seed>-<index>", "seq": n, \
                "metrics": {<the metrics event, as `run --format jsonl` prints it>}}; with --session-usage-updates, \
                each event is followed by {"id", "session", "seq", "event": {"type": "session_usage_updated", \
                "usage": {"model_usage": [...]}, "created_at": t}}, the cumulative snapshot LiveKit 1.8.9 emits, \
                which a collector must not sum. Copies of one scenario file are the same conversation (same audio, \
                same figures as `agentsim run FILE`) with their own ids.

                \(SinkSpec.discussion)

                Exit status: 0 when the run completed (and --verify found the oracle's totals, or with \
                --expect-faults exactly the injected faults' effect); 1 when --verify finds any other difference; \
                2 on bad input, or a sink that cannot be reached or dies (with the count of lines it had delivered; \
                no file is left half-written and no report is written), or a --verify answer that cannot be read \
                (before the run: nothing is sent; after it: the summary is printed and the report written first).

                Examples:
                  agentsim load Scenarios/ --sessions 2000 --concurrency 64 --sink http://127.0.0.1:8080/events \\
                      --verify http://127.0.0.1:8080/totals
                  agentsim load --random --sessions 500 --faults drop=0.01,dup=0.02 --sink jsonl:run.jsonl \
                --report run.json
                  agentsim load Scenarios/ --sessions 30000 --shard 1/3 --report shard-1.json --sink ...
                """)

        @Argument(help: "Scenario files, or directories whose .yaml/.yml/.json files are all used.")
        var paths: [String] = []

        @Flag(help: "Draw every session from the random generator (every provider, model and knob) instead of files.")
        var random = false

        @Option(help: "Sessions in the whole plan (all shards together).")
        var sessions: Int = 100

        @Option(help: "Sessions in flight at once (a new one starts when one ends). Default 16; not with --rate.")
        var concurrency: Int?

        @Option(help: "New sessions per second instead of a concurrency (e.g. 50, 0.5).")
        var rate: Double?

        @Option(help: "Arrivals under --rate: constant (every 1/R s) or poisson (seeded exponential gaps).")
        var arrivals: ArrivalsArgument = .constant

        @Option(
            help:
                ArgumentHelp(
                    "Pace: max (as fast as possible), realtime (events at their session-clock times), or Nx (N times "
                        + "faster, e.g. 10x). (default: \(Pace.max))"),
            transform: Pace.flag)
        var pace: Pace = .max

        @Option(
            help:
                ArgumentHelp(
                    "Weights by scenario file name, NAME=W,… (e.g. greeting=3,support-call=1); files not named are not "
                        + "drawn. Default: round-robin.")
        )
        var mix: String?

        @Option(
            parsing: .unconditional,
            help:
                ArgumentHelp(
                    "Seed of the plan: session ids, request-id salts, random scenarios, weighted draws, faults, "
                        + "arrivals (0 to 2^63 − 1). (default: 1)"),
            transform: Seed.init(parsing:))
        var seed = Seed(1)

        @Option(
            help:
                ArgumentHelp(
                    "Run only shard i of N: plan indices i, i+N, i+2N, … (e.g. 0/3). The shards' union is the whole "
                        + "run. (default: \(Shard.whole))"),
            transform: Shard.flag)
        var shard: Shard = .whole

        @Option(name: .customLong("sink"), help: "\(SinkSpec.help)", transform: SinkSpec.init(parsing:))
        var sinks: [SinkSpec] = []

        @Option(help: "Line form: id (the envelope with id, session, seq) or none (the bare metrics event).")
        var envelope: EnvelopeArgument = .id

        @Flag(
            name: .customLong("session-usage-updates"),
            help: "After each event, also send LiveKit 1.8.9's cumulative session_usage_updated snapshot.")
        var sessionUsageUpdates = false

        @Option(
            help: "Faults on the transport, seeded and logged by event id: drop=P,dup=P,reorder=P,delay=MS.",
            transform: FaultSpec.flag)
        var faults: FaultSpec?

        @Option(help: "HTTP sinks: lines per POST.")
        var batch: Int = 200

        @Option(help: "HTTP sinks: send a partial batch once its first line has waited this many milliseconds.")
        var linger: Int = 50

        @Option(name: .customLong("max-in-flight"), help: "HTTP sinks: POSTs in flight at once.")
        var maxInFlight: Int = 8

        @Option(
            help:
                ArgumentHelp(
                    "HTTP sinks: retries of a batch after a connection error or a 5xx (backoff 50 ms × 2^k, at most "
                        + "1 s, with jitter).")
        )
        var retries: Int = 5

        @Option(help: "HTTP sinks and --verify: seconds to wait for an answer.")
        var timeout: Double = 10

        @Option(
            help:
                ArgumentHelp(
                    "After the run, GET the collector's totals here ({\"model_usage\": [...]}) and compare them with "
                        + "the oracle.")
        )
        var verify: String?

        @Flag(
            name: .customLong("expect-faults"),
            help: "With --verify: accept a difference that is exactly the injected faults' documented effect.")
        var expectFaults = false

        @Option(
            name: .customLong("require-fields"),
            help:
                ArgumentHelp(
                    "With --verify: fields the collector must report, all or a comma list (e.g. "
                        + "input_tokens,output_tokens). Default: only the fields it reports are compared; the "
                        + "oracle's others are listed as not reported."),
            transform: VerifyOptions.Required.flag)
        var requireFields: VerifyOptions.Required = .reported

        @Flag(
            name: .customLong("no-baseline"),
            help:
                ArgumentHelp(
                    "With --verify: compare the collector's totals as they are (for a collector that starts empty), "
                        + "not the change the run made since it read them before the run."))
        var noBaseline = false

        @Option(help: "Write the run's report (counts, rates, latencies, faults, the oracle) to this JSON file.")
        var report: String?

        @Option(help: "Summary format: text or json (the report).")
        var format: TextOrJSON = .text

        @Option(name: .customLong("clip-cache-mb"), help: "Most MiB of encoded audio kept for reuse across sessions.")
        var clipCacheMB: Int = 256

        enum ArrivalsArgument: String, ExpressibleByArgument, CaseIterable { case constant, poisson }
        enum EnvelopeArgument: String, ExpressibleByArgument, CaseIterable { case id, none }

        func validate() throws {
            if random, !paths.isEmpty {
                throw ValidationError("--random draws every session from the generator; give it without scenario paths")
            }
            if !random, paths.isEmpty { throw ValidationError("give scenario files or directories, or --random") }
            guard (1...100_000_000).contains(sessions) else {
                throw ValidationError("--sessions takes a count from 1 to 100000000, not \(sessions)")
            }
            if let concurrency, !(1...1_000_000).contains(concurrency) {
                throw ValidationError("--concurrency takes a count from 1 to 1000000, not \(concurrency)")
            }
            if let rate {
                guard rate.isFinite, rate > 0, rate <= 1_000_000 else {
                    throw ValidationError("--rate takes sessions per second above 0 and at most 1000000, not \(rate)")
                }
                if concurrency != nil { throw ValidationError("give --concurrency or --rate, not both") }
            }
            if sinks.isEmpty { throw ValidationError("give at least one --sink: \(SinkSpec.alternatives)") }
            for (n, sink) in sinks.enumerated() where sinks[..<n].contains(sink) {
                throw ValidationError("--sink \(sink) given twice; each sink takes every line once")
            }
            guard (1...100_000).contains(batch) else {
                throw ValidationError("--batch takes 1 to 100000 lines, not \(batch)")
            }
            guard (0...600_000).contains(linger) else {
                throw ValidationError("--linger takes 0 to 600000 ms, not \(linger)")
            }
            guard (1...1024).contains(maxInFlight) else {
                throw ValidationError("--max-in-flight takes 1 to 1024, not \(maxInFlight)")
            }
            guard (0...100).contains(retries) else { throw ValidationError("--retries takes 0 to 100, not \(retries)") }
            guard timeout.isFinite, timeout > 0, timeout <= 3600 else {
                throw ValidationError("--timeout takes seconds above 0 and at most 3600, not \(timeout)")
            }
            guard (1...65_536).contains(clipCacheMB) else {
                throw ValidationError("--clip-cache-mb takes 1 to 65536, not \(clipCacheMB)")
            }
            if let verify { try SinkSpec.checkURL(verify, option: "--verify") }
            if expectFaults, verify == nil { throw ValidationError("--expect-faults goes with --verify URL") }
            if verify == nil, requireFields != .reported {
                throw ValidationError("--require-fields goes with --verify URL")
            }
            if noBaseline, verify == nil { throw ValidationError("--no-baseline goes with --verify URL") }
            if random, mix != nil {
                throw ValidationError("--mix weighs scenario files; it does not apply to --random")
            }
        }

        func run() async throws {
            signal(SIGPIPE, SIG_IGN)  // a dead exec: command or a closed socket must give EPIPE, not kill us
            let plan = try makePlan()
            let faultSpec = faults ?? FaultSpec()
            let shape: LoadShape =
                rate.map { .rate($0, arrivals == .poisson ? .poisson : .constant) } ?? .concurrency(concurrency ?? 16)
            var options = HTTPSinkOptions()
            options.batch = batch
            options.lingerMilliseconds = linger
            options.maxInFlight = maxInFlight
            options.retries = retries
            options.timeoutSeconds = timeout
            options.seed = seed.value
            // The collector's totals before the run: a collector that already holds data is verified on the
            // change, and one that cannot answer is found before anything is sent.
            var baseline: JSONValue?
            if let verify, !noBaseline {
                do { baseline = try await Verification.fetch(verify, timeoutSeconds: timeout) } catch let failure
                    as VerifyFailure
                {
                    throw BadInput(
                        failure.description + "\n(reading the collector's totals before the run, the baseline; "
                            + "nothing was sent)")
                }
            }
            let made = try sinks.map { try $0.make(http: options) }
            let sink = MultiplexSink(made)
            let summaryToStderr = sinks.contains { $0.text == "jsonl:-" }
            let progress = isatty(2) == 1 ? ProgressLine() : nil
            var report: (@Sendable (Int, Int, Double) -> Void)?
            if let progress {
                report = { done, total, seconds in progress.show(done: done, total: total, seconds: seconds) }
            }
            let runner = LoadRunner(
                plan: plan, shape: shape, pace: pace,
                format: LineFormat(envelope: envelope == .id, sessionUsageUpdates: sessionUsageUpdates),
                faults: faultSpec, sink: sink, clips: ClipCache(maxBytes: clipCacheMB << 20),
                progress: report)
            let outcome: LoadOutcome
            do {
                outcome = try await runner.run()
            } catch let failure as SinkFailure {
                progress?.clear()
                let delivered = made.map { s in
                    "\(s.statistics().lines.formatted(.number.grouping(.automatic))) to \(s.name)"
                }
                throw BadInput(
                    "load stopped: \(failure.description)\nlines delivered before it stopped: "
                        + "\(delivered.joined(separator: ", ")); no report written")
            }
            progress?.clear()
            var summary = LoadReport(outcome, plan: planSettings(shape: shape, faults: faultSpec), faults: faultSpec)
            if let verify {
                summary.verify = await LoadSummary.verify(
                    verify, report: summary, options: VerifyOptions(required: requireFields, baseline: baseline),
                    expectFaults: expectFaults, timeout: timeout)
            }
            try LoadSummary.finish(
                report: summary, file: self.report, format: format == .json, toStderr: summaryToStderr)
        }

        private func makePlan() throws -> LoadPlan {
            if random {
                return LoadPlan(
                    source: .random(AgentSim.plugins), sessions: sessions, seed: seed.value, shard: shard,
                    plugins: AgentSim.plugins)
            }
            let items = try CheckItem.collect(paths: paths, random: nil, seed: seed.value)
            var entries = try items.map { item in
                LoadPlan.Entry(
                    label: item.label,
                    name: ((item.label as NSString).lastPathComponent as NSString).deletingPathExtension,
                    scenario: item.scenario,
                    plugin: try item.scenario.session.plugin(from: AgentSim.plugins))
            }
            if let mix { try applyMix(mix, to: &entries) }
            return LoadPlan(
                source: .scenarios(entries), sessions: sessions, seed: seed.value, shard: shard,
                plugins: AgentSim.plugins)
        }

        private func applyMix(_ text: String, to entries: inout [LoadPlan.Entry]) throws {
            let expected =
                "expected NAME=W,… with NAME a scenario file's name without extension and W a whole number ≥ 0"
            var weights: [String: Int] = [:]
            for item in text.split(separator: ",", omittingEmptySubsequences: false) {
                let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard pair.count == 2, let w = Int(pair[1]), (0...1_000_000).contains(w), !pair[0].isEmpty else {
                    throw ValidationError("--mix: '\(item)' is not NAME=W; \(expected)")
                }
                guard entries.contains(where: { $0.name == pair[0] }) else {
                    throw ValidationError(
                        "--mix: no scenario file named '\(pair[0])'; expected one of "
                            + "\(entries.map(\.name).joined(separator: ", "))"
                    )
                }
                guard weights.updateValue(w, forKey: pair[0]) == nil else {
                    throw ValidationError("--mix: '\(pair[0])' given twice")
                }
            }
            for i in entries.indices { entries[i].weight = weights[entries[i].name] ?? 0 }
            guard entries.contains(where: { $0.weight > 0 }) else {
                throw ValidationError("--mix: every weight is 0; \(expected)")
            }
            // Weights of exactly 1 everywhere would mean round-robin; a mix always draws by weight.
            if entries.allSatisfy({ $0.weight == 1 }) { for i in entries.indices { entries[i].weight = 2 } }
        }

        /// The plan's settings as given, for the report.
        private func planSettings(shape: LoadShape, faults: FaultSpec) -> LoadReport.Plan {
            LoadReport.Plan(
                sources: random ? .random : .paths(paths), sessions: sessions, seed: Int(seed.value), shape: shape,
                pace: pace, envelope: envelope.rawValue, sessionUsageUpdates: sessionUsageUpdates, faults: faults,
                mix: mix, shard: shard)
        }
    }
}

/// The progress line on a terminal: done/total, rate, ETA.
final class ProgressLine: Sendable {
    func show(done: Int, total: Int, seconds: Double) {
        let rate = seconds > 0 ? Double(done) / seconds : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let line = "\r\u{1B}[Kload: \(done)/\(total) sessions · \(Int(rate)) sessions/s · ETA \(Self.clock(eta))"
        Console.error(line)
    }

    func clear() { Console.error("\r\u{1B}[K") }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600
            ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
