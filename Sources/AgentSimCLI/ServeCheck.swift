import AgentSimAudio
import AgentSimCore
import AgentSimJSON
import AgentSimServe
import Foundation
import Subprocess
import SystemPackage

/// `agentsim check --serve`: starts `agentsim serve` in this process (a plain listener and a self-signed TLS one)
/// and, for each OpenAI Realtime, Gemini Live and GPT-Live scenario, runs the real livekit-agents 1.8.9
/// `AgentSession` (Collectors/livekit/drive.py) against it; then compares, field by field, the metrics LiveKit's
/// real plugin (openai's, google's, or the `gpt_live` client) built from what was served with agentsim's own
/// prediction (`agentsim run`'s metrics): every token field exactly (for GPT-Live each snapshot's
/// `session_duration` and the backend's `llm_metrics` too), the summaries of LiveKit's real collectors too; times
/// are shown, not compared.
struct ServeCheck {
    var paths: [String]
    var speed: Double
    var json: Bool

    /// Fields of a metrics event compared exactly (every token count, and a transcription's audio seconds).
    static let tokenFields: [String: [String]] = [
        "realtime_model_metrics": [
            "input_tokens", "output_tokens", "total_tokens", "input_token_details", "output_token_details",
        ],
        "stt_metrics": ["input_tokens", "output_tokens", "total_tokens", "input_audio_tokens", "audio_duration"],
    ]

    /// GPT-Live's reports besides the token fields: each snapshot's `session_duration` (the delta LiveKit makes of the
    /// cumulative seconds) and the backend model's `llm_metrics`, compared exactly.
    static let gptLiveFields: [String: [String]] = [
        "realtime_model_metrics": tokenFields["realtime_model_metrics"]! + ["session_duration"],
        "llm_metrics": [
            "prompt_tokens", "prompt_cached_tokens", "cache_creation_tokens", "completion_tokens", "reasoning_tokens",
            "total_tokens",
        ],
    ]

    /// The fields compared for a scenario of `provider`.
    static func fields(provider: String) -> [String: [String]] {
        provider == "openai-live" ? gptLiveFields : tokenFields
    }

    /// What LiveKit's plugin cannot know the way agentsim's script does, and why; shown per scenario, never compared.
    static let exceptions: [(field: String, reason: String)] = [
        (
            "ttft, duration, tokens_per_second, timestamp",
            "LiveKit's client clock: the served reply starts when the client asks for it, the scripted one after "
                + "the scenario's response_latency"
        ),
        (
            "cancelled (a barged-in reply)",
            "the served model finishes generating before the user barges in (generation outruns playback), so its "
                + "response.done is completed and the cut comes after, as conversation.item.truncate; the scripted "
                + "session reports the cut reply as cancelled. The tokens are the same either way"
        ),
        (
            "LiveKit's connection-timing reports",
            "a realtime_model_metrics with no request id and no usage when the socket opens (OpenAI's and the google "
                + "plugin's in 1.8.9; agentsim's gemini-live does not emit the google one): no usage report, left "
                + "out on both sides"
        ),
        (
            "request_id, metadata.model_provider",
            "ids are drawn per session; LiveKit names the provider by the base URL's host (127.0.0.1:PORT)"
        ),
    ]

    struct Row {
        var scenario: String
        var reports: Int
        var bargeIns: Int
        var mismatches: [Mismatch]
        var ttft: (served: [Double], scripted: [Double])
        var seconds: Double
        var error: String?
    }

    func run() async throws -> Bool {
        let environment = try CollectorBridge.Environment.locate()
        let python = environment.python("1.8.9")
        let driver = environment.root.appendingPathComponent("Collectors/livekit/drive.py").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw BadInput(
                "no livekit-agents 1.8.9 venv at \(python); run `make setup` (it installs livekit-agents "
                    + "and livekit-plugins-openai 1.8.9 from Collectors/livekit/requirements-1.8.9.txt)")
        }
        let (scripts, pipelineScripts) = try ServeScripts.loadAll(paths: paths)
        let pipelineDriver = environment.root.appendingPathComponent("Collectors/livekit/drive_pipeline.py").path
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("agentsim-check-serve-\(getpid())-\(UInt64.random(in: 0...UInt64.max))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let oracle = ServeOracle(scripts: scripts, seed: nil)
        let pipelines =
            pipelineScripts.isEmpty
            ? nil : PipelineServer(scripts: pipelineScripts, oracle: oracle, seed: nil, speed: speed)
        // Gemini Live's client speaks TLS only: a self-signed listener beside the plain one, trusted by the driver.
        let tls: ServeTLS
        do {
            tls = try ServeTLS(.selfSigned, directory: directory)
        } catch {
            throw BadInput(error.description)
        }
        let (urls, continuation) = AsyncStream.makeStream(of: String.self)
        let server = Task {
            try await ServeServer.run(
                host: "127.0.0.1", port: 0, tls: tls, tlsPort: 0, oracle: oracle, pipelines: pipelines
            ) { continuation.yield($0) }
        }
        defer { server.cancel() }
        var iterator = urls.makeAsyncIterator()
        var listeners: [String] = []
        while listeners.count < 2, let url = await iterator.next() { listeners.append(url) }
        guard let url = listeners.first(where: { $0.hasPrefix("http:") }),
            let secureURL = listeners.first(where: { $0.hasPrefix("https:") })
        else {
            throw BadInput("the server did not start")
        }

        let started = ContinuousClock.now
        var rows: [Row] = []
        for script in scripts {
            let gemini = script.scenario.session.provider == "gemini-live"
            rows.append(
                try await check(
                    script, url: gemini ? secureURL : url, python: python, driver: driver, directory: directory,
                    environment: ["SSL_CERT_FILE": tls.trustFile]))
        }
        var pipelineRows: [PipelineRow] = []
        for script in pipelineScripts {
            pipelineRows.append(
                try await checkPipeline(
                    script, url: url, python: python, driver: pipelineDriver, directory: directory, server: pipelines))
        }
        let elapsed = ContinuousClock.now - started
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let allMatch =
            rows.allSatisfy { $0.mismatches.isEmpty && $0.error == nil }
            && pipelineRows.allSatisfy { $0.mismatches.isEmpty && $0.error == nil }
        print(
            json
                ? jsonText(rows, pipelineRows, wall: wall, allMatch: allMatch)
                : text(rows, pipelineRows, wall: wall, allMatch: allMatch),
            terminator: "")
        return allMatch
    }

    /// Runs the driver on one scenario and compares.
    private func check(
        _ script: ServeScript, url: String, python: String, driver: String, directory: String,
        environment: [String: String]
    ) async throws -> Row {
        let scriptPath: String
        do {
            scriptPath = try script.writeDriverFiles(to: directory)
        } catch {
            throw BadInput("cannot write into \(directory): \(error.description)")
        }
        let out = (directory as NSString).appendingPathComponent(script.scenario.name + ".result.json")
        let log = (directory as NSString).appendingPathComponent(script.scenario.name + ".log")
        let began = ContinuousClock.now
        let status = try await runProcess(
            python,
            [driver, "--url", url, "--script", scriptPath, "--speed", String(speed), "--timeout", "60", "--out", out],
            environment: environment, log: log)
        let took = ContinuousClock.now - began
        let seconds = Double(took.components.seconds) + Double(took.components.attoseconds) * 1e-18
        var row = Row(
            scenario: script.scenario.file, reports: 0,
            bargeIns: script.agentTurns.filter {
                if case let .speech(s) = $0 { return s.interruptedAfter != nil }
                return false
            }.count, mismatches: [], ttft: ([], []), seconds: seconds)
        guard status == 0, let data = FileManager.default.contents(atPath: out),
            let result = try? JSONValue.parse(bytes: data)
        else {
            let tail = (try? String(contentsOfFile: log, encoding: .utf8)).map { String($0.suffix(1500)) } ?? ""
            row.error = "drive.py exited with status \(status):\n\(tail)"
            return row
        }

        // agentsim's prediction: the scripted session's metrics, as `agentsim run` makes them.
        var own = UsageTotals()
        var predicted: [JSONValue] = []
        var iterator = SessionRun(
            scenario: script.scenario, plugin: try script.scenario.session.plugin(from: AgentSim.plugins),
            clips: ClipCache()
        ).makeAsyncIterator()
        while let step = try iterator.nextStep() {
            for output in step.outputs {
                for metrics in output.metrics {
                    own.collect(metrics)
                    let json = metrics.json()
                    if !Self.isConnectionReport(json) { predicted.append(json) }
                }
            }
        }
        let compared = Self.fields(provider: script.scenario.session.provider)
        predicted = predicted.filter { compared[$0["type"]?.stringValue ?? ""] != nil }
        let served = (result["metrics"]?.arrayValue ?? []).filter {
            compared[$0["type"]?.stringValue ?? ""] != nil && !Self.isConnectionReport($0)
        }
        row.reports = served.count
        var mismatches: [Mismatch] = []
        if served.count != predicted.count {
            mismatches.append(
                Mismatch(field: "usage reports", agentsim: "\(predicted.count)", livekit: "\(served.count)"))
        }
        for (index, (ours, theirs)) in zip(predicted, served).enumerated() {
            let type = ours["type"]?.stringValue ?? ""
            guard theirs["type"]?.stringValue == type else {
                mismatches.append(
                    Mismatch(
                        field: "metrics[\(index)].type", agentsim: type, livekit: theirs["type"]?.stringValue ?? ""))
                continue
            }
            for field in compared[type] ?? [] {
                mismatches += SummaryComparison.compare(ours[field], theirs[field], path: "metrics[\(index)].\(field)")
            }
            if type == "realtime_model_metrics", let t = theirs["ttft"]?.doubleValue, t >= 0 {
                row.ttft.served.append(t)
                row.ttft.scripted.append(ours["ttft"]?.doubleValue ?? 0)
            }
        }
        mismatches += SummaryComparison.compare(
            own.usage.summary.json(), result["usage_summary"], path: "usage_summary")
        mismatches += SummaryComparison.compare(
            Self.withoutProvider(.array(own.modelUsage.flatten().map { $0.json() })),
            Self.withoutProvider(result["model_usage"] ?? .array([])), path: "model_usage")
        for error in result["errors"]?.arrayValue ?? [] {
            mismatches.append(Mismatch(field: "session error", agentsim: "none", livekit: error.stringValue ?? ""))
        }
        row.mismatches = mismatches
        return row
    }

    /// LiveKit 1.8.9's connection-timing report (`_report_connection_acquired`, sent by the OpenAI and google plugins
    /// when their socket opens): a `realtime_model_metrics` with no request id, an `acquire_time` and no usage.
    static func isConnectionReport(_ metrics: JSONValue) -> Bool {
        metrics["request_id"]?.stringValue == "" && metrics["acquire_time"] != nil
            && (metrics["total_tokens"]?.intValue ?? 0) == 0
    }

    /// `model_usage` entries without their `provider` (LiveKit's is the served URL's host).
    /// Ordered by type and model: LiveKit's collector lists its entries in the order it first saw them, and the
    /// connection-timing report (left out of the comparison) makes the realtime model's entry first on LiveKit's side
    /// even when agentsim's first usage is another model's (GPT-Live's backend runs before the first snapshot).
    static func withoutProvider(_ value: JSONValue) -> JSONValue {
        let entries = (value.arrayValue ?? []).map { entry -> JSONValue in
            guard case let .object(pairs) = entry else { return entry }
            return .object(pairs.filter { $0.0 != "provider" })
        }
        func key(_ entry: JSONValue) -> String {
            (entry["type"]?.stringValue ?? "") + "/" + (entry["model"]?.stringValue ?? "")
        }
        return .array(
            entries.enumerated().sorted { (key($0.element), $0.offset) < (key($1.element), $1.offset) }.map(\.element))
    }

    /// Runs `executable` to its end with its output and errors in the file `log`; returns its exit status (or 128 +
    /// the signal that ended it). Awaited, so the server this process runs keeps serving meanwhile.
    func runProcess(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], log: String
    ) async throws -> Int32 {
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(
                FilePath(log), .writeOnly, options: [.create, .truncate], permissions: [.ownerReadWrite])
        } catch {
            throw BadInput("cannot write \(log): \(error)")
        }
        defer { try? file.close() }
        let status: TerminationStatus
        do {
            status = try await Subprocess.run(
                .path(FilePath(executable)), arguments: Arguments(arguments),
                environment: .inherit.updating(
                    Dictionary(
                        uniqueKeysWithValues: environment.map { (Environment.Key(stringLiteral: $0.key), $0.value) })),
                output: .fileDescriptor(file, closeAfterSpawningProcess: false),
                error: .fileDescriptor(file, closeAfterSpawningProcess: false)
            ).terminationStatus
        } catch {
            throw BadInput("cannot run \(executable): \(error)")
        }
        switch status {
        case let .exited(code): return code
        case let .signaled(signal): return 128 + signal
        }
    }

    private func mean(_ values: [Double]) -> String {
        values.isEmpty ? "-" : String(format: "%.3f", values.reduce(0, +) / Double(values.count))
    }

    private func text(_ rows: [Row], _ pipelineRows: [PipelineRow], wall: Double, allMatch: Bool) -> String {
        let width = max(8, rows.map(\.scenario.count).max() ?? 8)
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        func left(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
        var out =
            "agentsim check --serve: \(rows.count) scenario\(rows.count == 1 ? "" : "s") served to livekit-agents "
            + "1.8.9's real AgentSession (speed x\(JSONValue.format(speed)))\n\n"
        out += pad("scenario", width) + "  reports  barge-ins  tokens    ttft s served / scripted (shown)  drive s\n"
        for row in rows {
            let verdict = row.error != nil ? "ERROR" : row.mismatches.isEmpty ? "match" : "MISMATCH"
            out +=
                pad(row.scenario, width) + "  " + left(String(row.reports), 7) + "  "
                + left(String(row.bargeIns), 9) + "  " + pad(verdict, 8) + "  "
                + pad("\(mean(row.ttft.served)) / \(mean(row.ttft.scripted))", 32) + "  "
                + left(String(format: "%.1f", row.seconds), 7) + "\n"
        }
        for row in rows {
            if let error = row.error { out += "\n\(row.scenario): \(error)\n" }
            for m in row.mismatches {
                out += "\(row.scenario): \(m.field): agentsim \(m.agentsim), livekit \(m.livekit)\n"
            }
        }
        out += "\nCompared exactly: every token field of every realtime_model_metrics and stt_metrics event, "
        out += "LiveKit's UsageCollector summary and ModelUsageCollector entries; for GPT-Live also each "
        out += "snapshot's session_duration and the backend's llm_metrics.\n"
        out += "Not compared (LiveKit's plugin cannot know them as the script does):\n"
        for exception in Self.exceptions { out += "- \(exception.field): \(exception.reason).\n" }
        if rows.isEmpty { out = "" }
        out += pipelineText(pipelineRows)
        let checked = rows.count + pipelineRows.count
        let differing =
            rows.filter { !$0.mismatches.isEmpty || $0.error != nil }.count
            + pipelineRows.filter { !$0.mismatches.isEmpty || $0.error != nil }.count
        out +=
            allMatch
            ? "\nall \(checked) scenarios match (\(String(format: "%.1f", wall)) s)\n"
            : "\n\(differing) of \(checked) scenarios differ "
                + "(\(String(format: "%.1f", wall)) s)\n"
        return out
    }

    private func jsonText(_ rows: [Row], _ pipelineRows: [PipelineRow], wall: Double, allMatch: Bool) -> String {
        let value = JSONValue.object([
            ("speed", .double(speed)), ("all_match", .bool(allMatch)), ("seconds", .double(wall)),
            (
                "scenarios",
                .array(
                    rows.map { row in
                        .object([
                            ("scenario", .string(row.scenario)), ("reports", .int(row.reports)),
                            ("barge_ins", .int(row.bargeIns)),
                            ("match", .bool(row.mismatches.isEmpty && row.error == nil)),
                            (
                                "mismatches",
                                .array(row.mismatches.map(\.json))
                            ),
                            ("error", row.error.map { .string($0) } ?? .null),
                            ("ttft_served", .array(row.ttft.served.map { .double($0) })),
                            ("ttft_scripted", .array(row.ttft.scripted.map { .double($0) })),
                        ])
                    })
            ),
            ("pipelines", pipelineJSON(pipelineRows)),
            (
                "not_compared",
                .array(
                    Self.exceptions.map { .object([("fields", .string($0.field)), ("reason", .string($0.reason))]) })
            ),
        ])
        return value.prettyString() + "\n"
    }
}

extension Mismatch {
    /// `{"field", "agentsim", "livekit"}`, for `check --serve --format json`.
    var json: JSONValue {
        .object([("field", .string(field)), ("agentsim", .string(agentsim)), ("livekit", .string(livekit))])
    }
}
