import AgentSimAudio
import AgentSimCore
import AgentSimLoad
import ArgumentParser
import Foundation

/// The summary `load` and `merge` print, made from the report JSON so both say the same things.
enum LoadSummary {
    static func attach(_ v: VerifyOutcome, to report: JSONValue) -> JSONValue {
        guard case var .object(pairs) = report else { return report }
        pairs.removeAll { $0.0 == "verify" }
        pairs.append(
            (
                "verify",
                .object([
                    ("url", .string(v.url)),
                    ("livekit_version", v.livekitVersion.map { .string($0) } ?? .null),
                    ("collector_events", v.collectorEvents.map { .int($0) } ?? .null),
                    ("compared_fields", .int(v.comparedFields)),
                    ("matches", .bool(v.matches)),
                    ("faults_explain_everything", .bool(v.faultsExplainEverything)),
                    ("reading", v.reading.map { .string($0) } ?? .null),
                    (
                        "differences",
                        .array(
                            v.differences.map { d in
                                .object([
                                    ("field", .string(d.field)),
                                    ("collector", d.isInteger ? .int(Int(d.collector)) : .double(d.collector)),
                                    ("oracle", d.isInteger ? .int(Int(d.oracle)) : .double(d.oracle)),
                                    ("explanation", d.explanation.map { .string($0) } ?? .null),
                                ])
                            })
                    ),
                ])
            ))
        return .object(pairs)
    }

    /// Writes the report (whole or not at all), prints the summary and throws the exit status.
    static func finish(
        report: JSONValue, verdict: VerifyOutcome?, file: String?, format json: Bool, toStderr: Bool, expectFaults: Bool
    ) throws {
        if let file {
            do { try AtomicFile.write(Array((report.prettyString() + "\n").utf8), to: file) } catch {
                throw CommandFailure(message: "--report: \(error.description)", status: 2)
            }
        }
        let out = json ? report.prettyString() + "\n" : text(report)
        if toStderr { Console.error(out) } else { print(out, terminator: "") }
        guard let verdict, !verdict.matches else { return }
        if expectFaults, verdict.faultsExplainEverything { return }
        throw ExitCode(1)
    }

    static func n(_ value: Int) -> String { value.formatted(.number.grouping(.automatic)) }

    static func text(_ r: JSONValue) -> String {
        let plan = r["plan"] ?? .null
        var out = ""
        let shards = (r["shards"]?.arrayValue ?? []).compactMap(\.stringValue)
        let sources =
            plan["sources"]?.stringValue
            ?? (plan["sources"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: " ")
        out +=
            "agentsim load: \(n(r["sessions"]?.intValue ?? 0)) sessions from \(sources), seed \(plan["seed"]?.intValue ?? 0), "
        out +=
            "\(plan["shape"]?.stringValue ?? ""), pace \(plan["pace"]?.stringValue ?? ""), shard\(shards.count == 1 ? "" : "s") \(shards.joined(separator: ", "))\n"
        let wall = r["wall_seconds"]?.doubleValue ?? 0
        out +=
            "  \(n(r["events"]?.intValue ?? 0)) events, \(n(r["lines_sent"]?.intValue ?? 0)) lines, \(n(r["bytes_sent"]?.intValue ?? 0)) bytes in \(Figures.fixed(wall, decimals: 2)) s: "
        out +=
            "\(n(Int(r["sessions_per_second"]?.doubleValue ?? 0))) sessions/s, \(n(Int(r["events_per_second"]?.doubleValue ?? 0))) events/s, \(Figures.fixed((r["bytes_per_second"]?.doubleValue ?? 0) / 1_000_000, decimals: 1)) MB/s\n"
        out +=
            "  sessions in flight at most \(n(r["sessions_in_flight_max"]?.intValue ?? 0)) · peak memory \(Figures.fixed(Double(r["max_rss_bytes"]?.intValue ?? 0) / 1_048_576, decimals: 1)) MiB"
        if let snapshots = r["snapshots"]?.intValue, snapshots > 0 {
            out += " · \(n(snapshots)) session_usage_updated snapshots"
        }
        out += "\n"
        for s in r["sinks"]?.arrayValue ?? [] {
            let l = s["latency_ms"] ?? .null
            func ms(_ k: String) -> String { Figures.fixed(l[k]?.doubleValue ?? 0, decimals: 2) }
            out +=
                "  sink \(s["sink"]?.stringValue ?? ""): \(n(s["lines"]?.intValue ?? 0)) lines, \(n(s["bytes"]?.intValue ?? 0)) bytes, \(n(s["requests"]?.intValue ?? 0)) writes/requests, "
            if s["sink"]?.stringValue?.hasPrefix("jsonl:") == false {
                out +=
                    "\(n(s["retries"]?.intValue ?? 0)) retries, in flight at most \(s["in_flight_max"]?.intValue ?? 0); "
            }
            out +=
                "delivery latency p50 \(ms("p50")) ms, p90 \(ms("p90")) ms, p99 \(ms("p99")) ms, max \(ms("max")) ms\n"
        }
        let f = r["faults"] ?? .null
        out += "  faults: \(f["spec"]?.stringValue ?? "none")"
        if f["spec"]?.stringValue != "none" {
            func ids(_ k: String) -> String {
                let e = f[k] ?? .null
                let count = e["count"]?.intValue ?? 0
                guard count > 0 else { return "0" }
                return
                    "\(n(count)) (\(Verification.idList((e["ids"]?.arrayValue ?? []).compactMap(\.stringValue), count: count, shown: 3)))"
            }
            out +=
                " → dropped \(ids("dropped")), duplicated \(ids("duplicated")), reordered \(n(f["reordered"]?["count"]?.intValue ?? 0)) pairs, delayed \(n(f["delayed"]?["count"]?.intValue ?? 0))"
        }
        out += "\n\noracle: the totals a correct collector holds (\(n(r["oracle"]?["events"]?.intValue ?? 0)) events)\n"
        out += totalsText(r["oracle"] ?? .null, indent: "  ")
        if f["spec"]?.stringValue != "none" {
            out +=
                "\nwhat the faults change: dropped events are missing from every collector; duplicates are counted twice by a collector that does not de-duplicate by event id:\n"
            out +=
                "  a collector that de-duplicates holds the oracle less the dropped events: \(usageLine(subtract(r["oracle"], r["faults"]?["dropped"]?["totals"])))\n"
            out += "  one that does not holds what was sent: \(usageLine(r["sent"]))\n"
        }
        if let trap = r["snapshot_sum"] {
            out +=
                "\na collector that sums the session_usage_updated snapshots (cumulative, not deltas) would report:\n"
            for entry in trap["model_usage"]?.arrayValue ?? [] { out += "  " + entryLine(entry) + "\n" }
        }
        if let v = r["verify"] { out += "\n" + verifyText(v) }
        return out
    }

    static func totalsText(_ t: JSONValue, indent: String) -> String {
        var out = "\(indent)model_usage (ModelUsageCollector.flatten(), livekit-agents 1.8.9):\n"
        for entry in t["model_usage"]?.arrayValue ?? [] { out += "\(indent)  \(entryLine(entry))\n" }
        if case let .object(fields) = t["usage_summary"] ?? .null { out += "\(indent)1.8.9:  \(reprLine(fields))\n" }
        if case let .object(fields) = t["usage_summary_v1_2"] ?? .null {
            out += "\(indent)1.2.18: \(reprLine(fields))\n"
        }
        return out
    }

    /// `llm_usage api.openai.com gpt-4o-realtime-preview: input_tokens=123, …` (non-zero fields only).
    static func entryLine(_ e: JSONValue) -> String {
        guard case let .object(pairs) = e else { return e.compactString() }
        let head =
            "\(e["type"]?.stringValue ?? "") \(e["provider"]?.stringValue ?? "") \(e["model"]?.stringValue ?? "")"
        let fields = pairs.filter { !["type", "provider", "model"].contains($0.0) && ($0.1.doubleValue ?? 0) != 0 }
        return head + ": "
            + (fields.isEmpty ? "(all zero)" : fields.map { "\($0.0)=\(valueText($0.1))" }.joined(separator: ", "))
    }

    static func valueText(_ v: JSONValue) -> String {
        if case let .double(d) = v { return JSONValue.format(d) }
        return v.compactString()
    }

    static func reprLine(_ fields: [(String, JSONValue)]) -> String {
        "UsageSummary(" + fields.map { "\($0.0)=\(valueText($0.1))" }.joined(separator: ", ") + ")"
    }

    static func usageLine(_ t: JSONValue?) -> String {
        (t?["model_usage"]?.arrayValue ?? []).map(entryLine).joined(separator: "; ")
    }

    /// `a − b` for totals JSON.
    static func subtract(_ a: JSONValue?, _ b: JSONValue?) -> JSONValue {
        guard let a else { return .null }
        guard let b else { return a }
        return TotalsJSON.add(a, negate(b))
    }

    static func negate(_ v: JSONValue) -> JSONValue {
        switch v {
        case let .int(i): return .int(-i)
        case let .double(d): return .double(-d)
        case let .object(pairs):
            return .object(pairs.map { ($0.0, ["type", "provider", "model"].contains($0.0) ? $0.1 : negate($0.1)) })
        case let .array(items): return .array(items.map(negate))
        default: return v
        }
    }

    static func verifyText(_ v: JSONValue) -> String {
        var out = "verify \(v["url"]?.stringValue ?? "")"
        if let version = v["livekit_version"]?.stringValue {
            out +=
                " (livekit-agents \(version)" + (v["collector_events"]?.intValue.map { ", \(n($0)) events" } ?? "")
                + ")"
        }
        out += ":\n"
        let diffs = v["differences"]?.arrayValue ?? []
        if diffs.isEmpty {
            out +=
                "  the collector holds exactly the oracle's totals (\(v["compared_fields"]?.intValue ?? 0) fields compared)\n"
            return out
        }
        out += "  \(diffs.count) of \(v["compared_fields"]?.intValue ?? 0) fields differ from the oracle:\n"
        for d in diffs {
            let c = d["collector"]?.doubleValue ?? 0, o = d["oracle"]?.doubleValue ?? 0
            let isInt: Bool = { if case .int = d["collector"] ?? .null { return true } else { return false } }()
            let delta = c - o
            out +=
                "  \(d["field"]?.stringValue ?? "") \(delta >= 0 ? "+" : "−")\(Figures.number(abs(delta), isInteger: isInt)) (collector \(Figures.number(c, isInteger: isInt)), oracle \(Figures.number(o, isInteger: isInt))): "
            out +=
                (d["explanation"]?.stringValue
                    ?? "UNEXPLAINED: no combination of the injected faults and resends gives this difference") + "\n"
        }
        if v["faults_explain_everything"]?.boolValue == true {
            out += "  every difference is exactly the injected faults' effect: \(v["reading"]?.stringValue ?? "")\n"
        } else {
            out +=
                "  some differences are not explained by the injected faults: the collector lost, added or mis-summed events\n"
        }
        return out
    }
}

extension AgentSim {
    /// `agentsim merge`: adds the reports of a sharded run.
    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add the reports of a sharded load run (agentsim load --shard i/N --report …) into one.",
            discussion: """
                Counts, totals and the oracle are summed, fault ids concatenated, latency histograms added (so the \
                merged percentiles are true percentiles), the wall time is the slowest shard's. Reports of different \
                plans, or the same shard twice, are refused (exit 2). With --verify the collector is checked against \
                the whole run's oracle, as `load --verify` does.
                """)

        @Argument(help: "Report files written by `agentsim load --report`.")
        var reports: [String]

        @Option(help: "GET the collector's totals here and compare them with the merged oracle.")
        var verify: String?

        @Flag(
            name: .customLong("expect-faults"),
            help: "With --verify: accept a difference that is exactly the injected faults' effect.")
        var expectFaults = false

        @Option(help: "Write the merged report to this JSON file.")
        var report: String?

        @Option(help: "Summary format: text or json.")
        var format: Load.SummaryFormat = .text

        @Option(help: "Seconds to wait for --verify's answer.")
        var timeout: Double = 10

        func validate() throws {
            if reports.isEmpty { throw ValidationError("give one or more report files") }
            if let verify { try SinkSpec.checkURL(verify, option: "--verify") }
            if expectFaults, verify == nil { throw ValidationError("--expect-faults goes with --verify URL") }
        }

        func run() async throws {
            var loaded: [(file: String, json: JSONValue)] = []
            for file in reports {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw CommandFailure(message: "\(file): cannot read the report", status: 2)
                }
                do {
                    loaded.append((file, try JSONValue.parse(bytes: data)))
                } catch {
                    throw CommandFailure(message: "\(file):\(error)", status: 2)
                }
            }
            var merged: JSONValue
            do { merged = try LoadReport.merge(loaded) } catch {
                throw CommandFailure(message: error.description, status: 2)
            }
            var verdict: VerifyOutcome?
            if let verify {
                let answer: JSONValue
                do { answer = try await Verification.fetch(verify, timeoutSeconds: timeout) } catch let failure
                    as VerifyFailure
                {
                    throw CommandFailure(message: failure.description, status: 2)
                }
                let v = Verification.compare(
                    collector: answer, oracle: merged["oracle"] ?? .null,
                    effects: LoadReport.effects(merged, verifyURL: verify), url: verify)
                verdict = v
                merged = LoadSummary.attach(v, to: merged)
            }
            try LoadSummary.finish(
                report: merged, verdict: verdict, file: report, format: format == .json, toStderr: false,
                expectFaults: expectFaults)
        }
    }
}
