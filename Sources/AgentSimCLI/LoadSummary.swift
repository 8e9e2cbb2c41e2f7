import AgentSimAudio
import AgentSimCore
import AgentSimLoad
import Foundation

/// What `load` and `merge` print: the report as JSON, or the summary text read from the same typed report.
enum LoadSummary {
    /// GETs the collector's totals and compares them (or their change since `options.baseline`) with the report's
    /// oracle; an answer that cannot be read gives a verdict holding the error, so the summary is still printed.
    static func verify(
        _ url: String, report: LoadReport, options: VerifyOptions, expectFaults: Bool, timeout: Double
    ) async -> LoadReport.Verify {
        let answer: JSONValue
        do { answer = try await Verification.fetch(url, timeoutSeconds: timeout) } catch {
            return LoadReport.Verify(
                url: url, error: "\(error)", required: options.required, expectFaults: expectFaults)
        }
        let outcome = Verification.compare(
            collector: answer, oracle: report.oracle.value, effects: report.effects(verifyURL: url), url: url,
            options: options)
        return LoadReport.Verify(outcome, expectFaults: expectFaults)
    }

    /// Writes the report (whole or not at all), prints the summary and throws the exit status.
    /// - Throws: ``BadInput`` when the report cannot be written or the `--verify` answer could not be read (after
    ///   the summary and the report); ``DifferenceFound`` when `--verify` found a difference (one the faults do not
    ///   explain, with `--expect-faults`).
    static func finish(report: LoadReport, file: String?, format json: Bool, toStderr: Bool) throws {
        let written = report.json.prettyString() + "\n"
        if let file {
            do { try AtomicFile.write(Array(written.utf8), to: file) } catch {
                throw BadInput("--report: \(error.description)")
            }
        }
        let out = json ? written : text(report)
        if toStderr { Console.error(out) } else { print(out, terminator: "") }
        guard let verify = report.verify else { return }
        if let error = verify.error { throw BadInput(error) }
        if !verify.passed { throw DifferenceFound() }
    }

    static func n(_ value: Int) -> String { value.formatted(.number.grouping(.automatic)) }

    static func text(_ r: LoadReport) -> String {
        let plan = r.plan
        var out = "agentsim load: \(n(r.sessions)) sessions from \(plan.sources.text), seed \(plan.seed), "
        out += "\(plan.shape), pace \(plan.pace), shard\(r.shards.count == 1 ? "" : "s") "
        out += "\(r.shards.joined(separator: ", "))\n"
        out += "  \(n(r.events)) events, \(n(r.linesSent)) lines, \(n(r.bytesSent)) bytes in "
        out += "\(Figures.fixed(r.wallSeconds, decimals: 2)) s: "
        out += "\(n(Int(r.sessionsPerSecond))) sessions/s, \(n(Int(r.eventsPerSecond))) events/s, "
        out += "\(Figures.fixed(r.bytesPerSecond / 1_000_000, decimals: 1)) MB/s\n"
        out += "  sessions in flight at most \(n(r.sessionsInFlightMax)) · peak memory "
        out += "\(Figures.fixed(Double(r.maxResidentBytes) / 1_048_576, decimals: 1)) MiB"
        if r.snapshots > 0 { out += " · \(n(r.snapshots)) session_usage_updated snapshots" }
        out += "\n"
        for s in r.sinks {
            let l = s.latencyMilliseconds
            func ms(_ value: Double) -> String { Figures.fixed(value, decimals: 2) }
            out += "  sink \(s.sink): \(n(s.lines)) lines, \(n(s.bytes)) bytes, \(n(s.requests)) writes/requests, "
            if !s.sink.hasPrefix("jsonl:") {
                out += "\(n(s.retries)) retries, in flight at most \(s.inFlightMax); "
            }
            out +=
                "delivery latency p50 \(ms(l.p50)) ms, p90 \(ms(l.p90)) ms, p99 \(ms(l.p99)) ms, max \(ms(l.max)) ms\n"
        }
        let f = r.faults
        let faulted = f.spec != "none"
        out += "  faults: \(f.spec)"
        if faulted {
            func ids(_ e: LoadReport.Effect) -> String {
                guard e.count > 0 else { return "0" }
                return "\(n(e.count)) (\(Verification.idList(e.ids, count: e.count, shown: 3)))"
            }
            out += " → dropped \(ids(f.dropped)), duplicated \(ids(f.duplicated)), "
            out += "reordered \(n(f.reordered.count)) pairs, delayed \(n(f.delayed.count))"
        }
        out += "\n\noracle: the totals a correct collector holds (\(n(r.oracle["events"]?.intValue ?? 0)) events)\n"
        out += totalsText(r.oracle.value, indent: "  ")
        if faulted {
            out += "\nwhat the faults change: dropped events are missing from every collector; duplicates are counted "
            out += "twice by a collector that does not de-duplicate by event id:\n"
            out += "  a collector that de-duplicates holds the oracle less the dropped events: "
            out += "\(usageLine(subtract(r.oracle.value, f.dropped.totals.value)))\n"
            out += "  one that does not holds what was sent: \(usageLine(r.sent.value))\n"
        }
        if let trap = r.snapshotSum {
            out += "\na collector that sums the session_usage_updated snapshots (cumulative, not deltas) would "
            out += "report:\n"
            for entry in trap["model_usage"]?.arrayValue ?? [] { out += "  " + entryLine(entry) + "\n" }
        }
        if let v = r.verify { out += "\n" + verifyText(v, linesSent: r.linesSent) }
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

    /// The verdict first, then what was compared, the differences by cause (one line each), the fields not
    /// reported and the extra ones.
    static func verifyText(_ v: LoadReport.Verify, linesSent: Int) -> String {
        var out = "verify \(v.url)"
        let events = v.baseline == nil ? v.collectorEvents : v.runEvents
        let about = [v.livekitVersion.map { "livekit-agents \($0)" }, events.map { "\(n($0)) events" }].compactMap {
            $0
        }
        if !about.isEmpty { out += " (\(about.joined(separator: ", ")))" }
        out += ": "
        if let error = v.error { return out + "ERROR — the answer cannot be compared: \(error)\n" }
        let differ = "\(n(v.differences.count)) of \(n(v.comparedFields)) fields differ"
        if v.matches {
            out += "PASS — the collector holds exactly the oracle's totals (\(n(v.comparedFields)) fields compared)\n"
        } else if v.nothingCompared {
            out += "FAIL — " + (v.causes.last?.text ?? "nothing compared") + "\n"
        } else if v.faultsExplainEverything {
            out += v.expectFaults ? "PASS (--expect-faults) — " : "FAIL — "
            out += "every difference is exactly the injected faults' effect (\(differ)): \(v.reading ?? "")"
            out += v.expectFaults ? "\n" : "; --expect-faults accepts that\n"
        } else {
            out += "FAIL — \(differ) from the oracle, and the injected faults do not explain "
            out += v.causes.contains(where: \.isFault) ? "them all\n" : "them\n"
        }
        out += "  compared: " + comparedText(v, linesSent: linesSent) + "\n"
        for cause in v.causes where cause.kind != "nothing-compared" {
            out += "  " + causeLine(cause) + "\n"
        }
        if !v.notReported.isEmpty {
            out += "  not reported, so not compared (--require-fields makes them required): "
            out += v.notReported.map { "\($0.group) \($0.fields.joined(separator: ", "))" }.joined(separator: "; ")
            out += "\n"
        }
        if !v.extra.isEmpty {
            out += "  extra, not compared (agentsim does not know them): "
            out += v.extra.prefix(10).joined(separator: ", ")
            out += v.extra.count > 10 ? " … and \(n(v.extra.count - 10)) more\n" : "\n"
        }
        return out
    }

    /// What `--verify` compared: the change since the baseline, or the totals as they are.
    static func comparedText(_ v: LoadReport.Verify, linesSent: Int) -> String {
        guard let baseline = v.baseline else {
            var out = "the collector's totals as they are (no baseline read before the run)"
            if let events = v.collectorEvents, events > linesSent {
                out += "; it reports \(n(events)) events, more than the \(n(linesSent)) lines sent: it held data "
                out += "before the run (load without --no-baseline compares the change the run made)"
            }
            return out
        }
        var out = "the change the run made, from the totals read before it (the baseline): "
        guard baseline.holdsData else { return out + "the collector held nothing then" }
        let entries = "\(n(baseline.entries)) model_usage entr\(baseline.entries == 1 ? "y" : "ies")"
        if let before = baseline.events, let after = v.collectorEvents {
            out += "the collector held \(n(before)) events (\(entries)) before the run and \(n(after)) after"
        } else {
            out += "the collector held data (\(entries)) before the run"
        }
        return out
    }

    /// `<cause> (<ids>): <N> fields: <entry>: <field> <amount>, …; <entry>: …` (collector and oracle shown when the
    /// cause is not the faults').
    static func causeLine(_ cause: LoadReport.Verify.Cause, shown: Int = 4) -> String {
        var out = cause.text
        if let events = cause.events, events > 0 { out += " (\(Verification.idList(cause.ids, count: events)))" }
        let count = cause.fields.count
        out += ": \(n(count)) field\(count == 1 ? "" : "s"): "
        var prefix: Substring?
        for (i, share) in cause.fields.prefix(shown).enumerated() {
            func number(_ value: Double) -> String { Figures.number(value, isInteger: share.isInteger) }
            // `model_usage[llm_usage p m].input_tokens`: the entry once, then its fields (names have no dot).
            let dot = share.field.lastIndex(of: ".") ?? share.field.startIndex
            let (entry, name) = (share.field[..<dot], share.field[dot...].dropFirst())
            if entry != prefix {
                out += (i == 0 ? "" : "; ") + (entry.isEmpty ? "" : "\(entry) ")
                prefix = entry
            } else {
                out += ", "
            }
            out += "\(name) \(share.amount < 0 ? "−" : "+")\(number(abs(share.amount)))"
            if !cause.isFault { out += " (collector \(number(share.collector)), oracle \(number(share.oracle)))" }
        }
        if count > shown { out += " … and \(n(count - shown)) more" }
        return out
    }
}
