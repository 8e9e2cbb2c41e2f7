import AgentSimAudio
import AgentSimCore
import AgentSimJSON
import AgentSimServe
import Foundation

/// `check --serve` for pipeline scenarios: each runs the real livekit-agents 1.8.9 pipeline `AgentSession`
/// (Collectors/livekit/drive_pipeline.py: the scenario's STT, LLM and TTS as LiveKit's own plugins, their base URLs
/// pointed at serve) and its `LLMMetrics`, `TTSMetrics` and `STTMetrics` are compared with agentsim's prediction
/// (`agentsim run`'s metrics): tokens and characters exactly, event by event; the audio durations LiveKit measures
/// on its own clock within the tolerances it states (``ServeCheck/ttsTolerance``, ``ServeCheck/sttTolerance``).
extension ServeCheck {
    /// Fields of a pipeline metrics event compared exactly, event by event in order.
    static let pipelineExactFields: [String: [String]] = [
        "llm_metrics": [
            "prompt_tokens", "prompt_cached_tokens", "cache_creation_tokens", "completion_tokens", "reasoning_tokens",
            "total_tokens", "cancelled",
        ],
        "tts_metrics": ["characters_count", "input_tokens", "output_tokens", "cancelled"],
    ]

    /// A TTS segment's audio seconds, which LiveKit measures from the frames it decoded: within this many seconds.
    static let ttsTolerance = 0.01
    /// The STT's seconds when LiveKit measures them on its own clock (Deepgram's pushed audio and its socket's
    /// lifetime): within ``sttTolerance`` seconds plus ``sttShare`` of what agentsim's STT plugin says for the
    /// served session.
    static let sttTolerance = 0.5
    static let sttShare = 0.05

    /// Why some pipeline figures are compared loosely or not at all; shown with the results.
    static let pipelineExceptions: [(field: String, reason: String)] = [
        (
            "stt_metrics (Deepgram Flux): the sum",
            "LiveKit's STTv2 reports the audio it pushed each time 5 s of its own wall clock have passed since its "
                + "collector was made (before the connection), and never the rest; serve cannot see that clock, and a "
                + "driver at speed x has only 1/x of the session's seconds of it, so the sum is compared as a bound: "
                + "no more than the audio the served connection received (+0.5 s)"
        ),
        (
            "stt_metrics (Deepgram): count and each audio_duration",
            "LiveKit's Deepgram plugin reports pushed audio every 5 s of its own wall clock and the socket's "
                + "lifetime at close; their sum is compared, within the tolerance, with what the Deepgram plugin "
                + "says for the served connection (longer than the script's: the real pipeline's end of turn and "
                + "sentence-by-sentence TTS take longer than the scenario's timing)"
        ),
        (
            "ttft, duration, tokens_per_second, timestamp, acquire_time",
            "LiveKit's client clock: the served stream starts when the client asks for it"
        ),
        (
            "request_id, speech_id, segment_id, metadata.model_provider",
            "ids are drawn per session; LiveKit names the provider by the base URL's host"
        ),
    ]

    /// Payloads after which LiveKit's plugin raises (an error event, and no metrics for the request), by type, with
    /// what LiveKit's error says: the Responses API's `response.incomplete` (responses/llm.py
    /// `_handle_response_incomplete`). Each one agentsim predicts expects one such session error.
    static let raisingPayloads: [String: String] = ["response.incomplete": "response incomplete"]

    struct PipelineRow {
        var scenario: String
        var llmReports = 0
        var ttsReports = 0
        /// The STT's seconds: LiveKit's sum, and agentsim's for the served session.
        var sttSeconds: (served: Double, scripted: Double) = (0, 0)
        /// agentsim's STT seconds for the scripted session (shown).
        var sttScripted = 0.0
        var bargeIns = 0
        var mismatches: [Mismatch] = []
        var seconds = 0.0
        var error: String?
    }

    /// Runs the pipeline driver on one scenario and compares.
    func checkPipeline(
        _ script: PipelineScript, url: String, python: String, driver: String, directory: String,
        server: PipelineServer?
    ) async throws -> PipelineRow {
        let scriptPath: String
        do {
            scriptPath = try script.writeDriverFiles(to: directory)
        } catch {
            throw BadInput("cannot write into \(directory): \(error.description)")
        }
        let name = script.scenario.name
        let out = (directory as NSString).appendingPathComponent(name + ".result.json")
        let log = (directory as NSString).appendingPathComponent(name + ".log")
        let began = ContinuousClock.now
        let status = try await runProcess(
            python,
            [driver, "--url", url, "--script", scriptPath, "--speed", String(speed), "--timeout", "60", "--out", out],
            log: log)
        let took = ContinuousClock.now - began
        var row = PipelineRow(scenario: script.scenario.file)
        row.seconds = Double(took.components.seconds) + Double(took.components.attoseconds) * 1e-18
        row.bargeIns = script.agentTurns.filter { $0.speech?.interruptedAfter != nil }.count
        guard status == 0, let data = FileManager.default.contents(atPath: out),
            let result = try? JSONValue.parse(bytes: data)
        else {
            let tail = (try? String(contentsOfFile: log, encoding: .utf8)).map { String($0.suffix(3000)) } ?? ""
            row.error = "drive_pipeline.py exited with status \(status):\n\(tail)"
            return row
        }

        // agentsim's prediction: the scripted session's metrics, as `agentsim run` makes them.
        var predicted: [JSONValue] = []
        var raised: [String] = []
        var own = UsageTotals()
        var iterator = SessionRun(
            scenario: script.scenario, plugin: try script.scenario.session.plugin(from: AgentSim.plugins),
            clips: ClipCache()
        ).makeAsyncIterator()
        while let step = try iterator.nextStep() {
            for output in step.outputs {
                if let type = output.payload?.type, let error = Self.raisingPayloads[type] { raised.append(error) }
                for metrics in output.metrics {
                    own.collect(metrics)
                    predicted.append(metrics.json())
                }
            }
        }
        let served = result["metrics"]?.arrayValue ?? []
        func of(_ type: String, _ list: [JSONValue]) -> [JSONValue] {
            list.filter { $0["type"]?.stringValue == type }
        }
        var mismatches: [Mismatch] = []
        for type in ["llm_metrics", "tts_metrics"] {
            let ours = of(type, predicted), theirs = of(type, served)
            if type == "llm_metrics" { row.llmReports = theirs.count } else { row.ttsReports = theirs.count }
            if ours.count != theirs.count {
                mismatches.append(
                    Mismatch(field: "\(type) reports", agentsim: "\(ours.count)", livekit: "\(theirs.count)"))
            }
            for (index, (a, b)) in zip(ours, theirs).enumerated() {
                for field in Self.pipelineExactFields[type] ?? [] {
                    mismatches += SummaryComparison.compare(a[field], b[field], path: "\(type)[\(index)].\(field)")
                }
                if type == "tts_metrics" {
                    mismatches += within(
                        a["audio_duration"], b["audio_duration"], path: "\(type)[\(index)].audio_duration",
                        allowed: Self.ttsTolerance)
                }
            }
        }
        // STT: every token field exactly, event by event, when the plugin reports tokens; the seconds summed.
        let ourSTT = of("stt_metrics", predicted), theirSTT = of("stt_metrics", served)
        let reportsTokens = ourSTT.contains { ($0["input_tokens"]?.intValue ?? 0) > 0 }
        if reportsTokens {
            let ours = ourSTT.filter { ($0["audio_duration"]?.doubleValue ?? 0) > 0 }
            let theirs = theirSTT.filter { ($0["audio_duration"]?.doubleValue ?? 0) > 0 }
            if ours.count != theirs.count {
                mismatches.append(
                    Mismatch(field: "stt_metrics reports", agentsim: "\(ours.count)", livekit: "\(theirs.count)"))
            }
            for (index, (a, b)) in zip(ours, theirs).enumerated() {
                for field in ["input_tokens", "output_tokens", "total_tokens", "input_audio_tokens"] {
                    mismatches += SummaryComparison.compare(a[field], b[field], path: "stt_metrics[\(index)].\(field)")
                }
            }
        }
        func seconds(_ list: [JSONValue]) -> Double { list.reduce(0) { $0 + ($1["audio_duration"]?.doubleValue ?? 0) } }
        // The STT's seconds follow the served session's own length (the real pipeline's latencies make it longer
        // than the script's): LiveKit's sum is compared with what the STT plugin, fed the served connection, says
        // LiveKit reports.
        let before = server?.oracle.sessions.count ?? 0
        for _ in 0..<30 where (server?.oracle.sessions.count ?? 0) == before {
            try await Task.sleep(for: .milliseconds(100))
        }
        server?.finishAll()
        let servedSession = server?.oracle.sessions.last { $0.scenario == script.scenario.name }
        let predictedSTT = servedSession?.totals["usage_summary"]?["stt_audio_duration"]?.doubleValue ?? 0
        row.sttSeconds = (seconds(theirSTT), predictedSTT)
        row.sttScripted = seconds(ourSTT)
        let stt = script.plugin.config.stt
        if stt.provider == "deepgram", stt.model?.hasPrefix("flux") == true {
            // Flux: LiveKit reports on its own wall clock's phase, which serve cannot see (see fluxException).
            let received = servedSession?.sttReceivedSeconds ?? 0
            if row.sttSeconds.served > received + Self.sttTolerance {
                mismatches.append(
                    Mismatch(
                        field: "stt_metrics audio_duration (sum)",
                        agentsim: "at most the served connection's \(Figures.number(received)) s",
                        livekit: Figures.number(row.sttSeconds.served)))
            }
        } else {
            mismatches += within(
                .double(predictedSTT), .double(row.sttSeconds.served), path: "stt_metrics audio_duration (sum)",
                allowed: Self.sttAllowed(predictedSTT))
        }

        // LiveKit's UsageCollector summary: tokens and characters exactly, durations within the tolerance.
        let summary = own.usage.summary.json()
        if case let .object(fields) = summary {
            for (key, value) in fields {
                let theirs = result["usage_summary"]?[key]
                if key.hasPrefix("stt"), key.hasSuffix("_duration") {
                    continue  // compared above, with the served session's figure
                } else if key.hasSuffix("_duration") {
                    mismatches += within(value, theirs, path: "usage_summary.\(key)", allowed: Self.ttsTolerance * 10)
                } else {
                    mismatches += SummaryComparison.compare(value, theirs, path: "usage_summary.\(key)")
                }
            }
        }
        // LiveKit's session errors: each one agentsim predicts (a raising payload) is expected, once.
        var expected = raised
        for error in result["errors"]?.arrayValue ?? [] {
            let text = error.stringValue ?? ""
            if let k = expected.firstIndex(where: { text.contains($0) }) {
                expected.remove(at: k)
                continue
            }
            mismatches.append(Mismatch(field: "session error", agentsim: "none", livekit: text))
        }
        for missing in expected {
            mismatches.append(Mismatch(field: "session error", agentsim: missing, livekit: "none"))
        }
        row.mismatches = mismatches
        return row
    }

    /// The STT seconds allowed either side of agentsim's `seconds`.
    static func sttAllowed(_ seconds: Double) -> Double { sttTolerance + sttShare * abs(seconds) }

    /// A duration LiveKit measures itself, within `allowed` seconds of agentsim's.
    func within(_ ours: JSONValue?, _ theirs: JSONValue?, path: String, allowed: Double) -> [Mismatch] {
        guard let a = ours?.doubleValue, let b = theirs?.doubleValue else {
            return SummaryComparison.compare(ours, theirs, path: path)
        }
        guard abs(a - b) > allowed + 1e-9 else { return [] }
        return [
            Mismatch(
                field: path, agentsim: Figures.number(a),
                livekit: Figures.number(b) + " (allowed ±" + Figures.number(allowed) + " s)")
        ]
    }

    func pipelineText(_ rows: [PipelineRow]) -> String {
        guard !rows.isEmpty else { return "" }
        let width = max(8, rows.map(\.scenario.count).max() ?? 8)
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        func left(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
        var out =
            "\nPipelines: \(rows.count) scenario\(rows.count == 1 ? "" : "s") served to livekit-agents 1.8.9's real "
            + "pipeline AgentSession (its STT, LLM and TTS plugins)\n\n"
        out += pad("scenario", width) + "  llm  tts  barge-ins  verdict   stt s livekit / agentsim  drive s\n"
        for row in rows {
            let verdict = row.error != nil ? "ERROR" : row.mismatches.isEmpty ? "match" : "MISMATCH"
            out +=
                pad(row.scenario, width) + "  " + left(String(row.llmReports), 3) + "  "
                + left(String(row.ttsReports), 3) + "  " + left(String(row.bargeIns), 9) + "  " + pad(verdict, 8)
                + "  "
                + pad(
                    String(format: "%.2f", row.sttSeconds.served) + " / "
                        + String(format: "%.2f", row.sttSeconds.scripted), 23) + "  "
                + left(String(format: "%.1f", row.seconds), 7) + "\n"
        }
        for row in rows {
            if let error = row.error { out += "\n\(row.scenario): \(error)\n" }
            for m in row.mismatches {
                out += "\(row.scenario): \(m.field): agentsim \(m.agentsim), livekit \(m.livekit)\n"
            }
        }
        out += "\nCompared exactly: every token field of every llm_metrics event, every tts_metrics event's "
        out += "characters and tokens, every token field of a token-reporting STT, LiveKit's UsageCollector summary's "
        out += "tokens "
        out += "and characters. Within tolerance: each TTS segment's audio_duration (±"
        out += Figures.number(Self.ttsTolerance) + " s, the frames LiveKit decoded; ±"
        out += Figures.number(Self.ttsTolerance * 10) + " s summed), the STT's seconds against the served session's (±"
        out += Figures.number(Self.sttTolerance) + " s + \(Int(Self.sttShare * 100))% of agentsim's figure). "
        out += "LiveKit's session errors: one for each payload agentsim predicts LiveKit raises on ("
        out += Self.raisingPayloads.keys.sorted().joined(separator: ", ") + "), none otherwise.\n"
        out += "Not compared exactly:\n"
        for exception in Self.pipelineExceptions { out += "- \(exception.field): \(exception.reason).\n" }
        return out
    }

    func pipelineJSON(_ rows: [PipelineRow]) -> JSONValue {
        .array(
            rows.map { row in
                .object([
                    ("scenario", .string(row.scenario)), ("llm_reports", .int(row.llmReports)),
                    ("tts_reports", .int(row.ttsReports)), ("barge_ins", .int(row.bargeIns)),
                    ("stt_seconds_livekit", .double(row.sttSeconds.served)),
                    ("stt_seconds_agentsim", .double(row.sttSeconds.scripted)),
                    ("stt_seconds_scripted", .double(row.sttScripted)),
                    ("match", .bool(row.mismatches.isEmpty && row.error == nil)),
                    ("mismatches", .array(row.mismatches.map(\.json))),
                    ("error", row.error.map { .string($0) } ?? .null),
                ])
            })
    }
}
