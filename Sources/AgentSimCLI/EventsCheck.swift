import AgentSimCore
import ArgumentParser
import Foundation

/// `agentsim check --events FILE`: a metrics events file (JSON lines) through LiveKit's collectors and agentsim's.
///
/// The file is read and forwarded in chunks, never whole. Line numbers in messages are the file's own.
struct EventsCheck {
    var file: String
    var versions: [String]
    var environment: CollectorBridge.Environment
    var format: TextOrJSON

    /// Longest line accepted (1 MiB); a real event is well under a kilobyte, and an endless line
    /// (`/dev/zero`, a stuck producer) must end in an error, not in memory.
    static let maxLineBytes = 1 << 20

    /// What a line holds: a metrics event (bare, or the `"metrics"` of an envelope `{"id", "session", "seq",
    /// "metrics"}` as `load` writes it), or a `session_usage_updated` snapshot (bare, or the `"event"` of an envelope).
    enum LineEvent {
        case metrics(JSONValue)
        case snapshot
    }

    /// The event of a line, unwrapped as `Collectors/livekit/bridge.py` unwraps it: an object with no `"type"` and
    /// an object `"metrics"` is an envelope.
    static func event(in json: JSONValue) -> LineEvent {
        var event = json
        if case .object = json, json["type"] == nil {
            if let inner = json["metrics"], case .object = inner {
                event = inner
            } else if let inner = json["event"], inner["type"]?.stringValue == "session_usage_updated" {
                return .snapshot
            }
        }
        if event["type"]?.stringValue == "session_usage_updated" { return .snapshot }
        return .metrics(event)
    }

    /// The reason a rejected event is bad input on its own: the field it failed on holds a whole number outside
    /// −2^63 … 2^63 − 1, which Python counts exactly and agentsim cannot.
    static func outOfRange(_ error: any Error, in event: JSONValue) -> String? {
        guard let error = error as? MetricsDecodingError, !error.path.isEmpty else { return nil }
        var value: JSONValue? = event
        for key in error.path.split(separator: ".") { value = value?[String(key)] }
        let text: String
        switch value {
        case let .double(d)? where d == d.rounded() && abs(d) >= 9.2e18 && d.isFinite:
            text = JSONValue.format(d)
        case let .string(s)?:
            let digits = s.trimmingCharacters(in: .whitespaces)
            let body = digits.hasPrefix("-") || digits.hasPrefix("+") ? digits.dropFirst() : Substring(digits)
            guard !body.isEmpty, body.allSatisfy(\.isASCII), body.allSatisfy(\.isNumber), Int(digits) == nil else {
                return nil
            }
            text = "\"\(digits)\""
        default:
            return nil
        }
        return "\(error.path): \(text) is outside the 64-bit integers agentsim counts in (−2^63 … 2^63 − 1); "
            + "expected smaller counts"
    }

    func run() async throws {
        let input = try EventsInput(file: file)
        defer { input.close() }
        let outcome = try await CollectorBridge.with(versions: versions, environment: environment) { bridges in
            try await check(input, bridges: bridges)
        }
        print(format == .json ? outcome.json.prettyString() : outcome.text, terminator: format == .json ? "\n" : "")
        if !outcome.allMatch { throw DifferenceFound() }
    }

    /// Streams the file to the bridges and through agentsim's collectors, and compares what each side made of it.
    private func check(_ input: EventsInput, bridges: [CollectorBridge]) async throws -> CheckOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        var own = UsageTotals()
        var ownSeconds = 0.0
        var rejected: [(line: Int, message: String)] = []
        var lineNumber = 0
        var pending: [UInt8] = []
        var outgoing = ""
        /// Lines agentsim cannot read at all (not JSON, an integer past 64 bits): bad input on their own.
        var unreadable = Set<Int>()

        func forward(_ text: String) async throws {
            outgoing += text + "\n"
            if outgoing.utf8.count > 256 * 1024 {
                for bridge in bridges { try await bridge.send(outgoing) }
                outgoing = ""
            }
        }

        func take(_ raw: ArraySlice<UInt8>) async throws {
            lineNumber += 1
            let text = String(decoding: raw, as: UTF8.self)
            if text.allSatisfy(\.isWhitespace) { return try await forward(text) }
            let json: JSONValue
            do { json = try JSONValue.parse(text) } catch {
                // A line agentsim cannot read is bad input whatever Python makes of it (nesting past 512 levels).
                unreadable.insert(lineNumber)
                rejected.append((lineNumber, "not JSON: \(error)"))
                return try await forward(text)
            }
            switch Self.event(in: json) {
            case .snapshot:
                // A cumulative session_usage_updated snapshot is no event to sum, on either side: the bridges get
                // a blank line in its place, so their line numbers stay the file's.
                return try await forward("")
            case let .metrics(event):
                try await forward(text)
                do {
                    let metrics = try AgentMetrics.decode(event)
                    let t0 = clock.now
                    own.collect(metrics)
                    ownSeconds += (clock.now - t0).seconds
                } catch {
                    if let problem = Self.outOfRange(error, in: event) {
                        unreadable.insert(lineNumber)
                        rejected.append((lineNumber, problem))
                    } else {
                        rejected.append((lineNumber, "\(error)"))
                    }
                }
            }
        }

        // `pending` holds the start of an unfinished line; `scanned` bytes of it are known to hold no
        // newline, so each byte is searched once and the work is linear in the input.
        var scanned = 0
        func tooLong() -> BadInput {
            BadInput(
                "--events: \(file):\(lineNumber + 1): the line is longer than \(Self.maxLineBytes) bytes (1 MiB); "
                    + "expected one JSON event per line"
            )
        }
        while let chunk = try input.read(maximum: 1 << 20) {
            pending.append(contentsOf: chunk)
            var start = 0
            while let newline = pending[(start + scanned)...].firstIndex(of: UInt8(ascii: "\n")) {
                guard newline - start <= Self.maxLineBytes else { throw tooLong() }
                try await take(pending[start..<newline])
                start = newline + 1
                scanned = 0
            }
            scanned = pending.count - start
            guard scanned <= Self.maxLineBytes else { throw tooLong() }
            pending.removeSubrange(0..<start)
        }
        if !pending.isEmpty { try await take(pending[...]) }
        guard lineNumber > 0 else { throw BadInput("--events: '\(file)' is empty") }
        let sums = [
            ("usage_summary_v1_2", own.usageV1_2.summary.json()), ("usage_summary", own.usage.summary.json()),
            ("model_usage", own.modelUsageJSON),
        ]
        for (label, sum) in sums {
            if let field = SaturatedSum.find(in: sum, path: label) {
                throw BadInput(
                    "--events: \(file): \(field) reaches the 64-bit bound (2^63 − 1) after \(own.events) events; "
                        + "Python would keep counting, so the sum cannot be checked; expected smaller counts"
                )
            }
            if let field = SaturatedSum.findInfinite(in: sum, path: label) {
                throw BadInput(
                    "--events: \(file): \(field) passes the largest float (about 1.8e308) after \(own.events) "
                        + "events; the sum is infinite, so it cannot be checked; expected smaller figures")
            }
        }
        for bridge in bridges {
            try await bridge.send(outgoing)
            await bridge.finish()
        }

        var verdicts: [CheckOutcome.Verdict] = []
        var throughput = [CheckOutcome.Throughput(collector: "agentsim", events: own.events, seconds: ownSeconds)]
        var theirRejections: [Int: [String]] = [:]
        for bridge in bridges {
            let result = try await bridge.nextResult()
            for error in result["errors"]?.arrayValue ?? [] {
                theirRejections[error["line"]?.intValue ?? 0, default: []].append(
                    "livekit-agents \(bridge.version): \(error["message"]?.stringValue ?? "")")
            }
            throughput.append(
                .init(
                    collector: "livekit-agents \(bridge.version)", events: result["events"]?.intValue ?? 0,
                    seconds: result["seconds"]?.doubleValue ?? 0))
            var stripped = result
            if case var .object(pairs) = result {
                pairs.removeAll { $0.0 == "errors" }
                stripped = .object(pairs)
            }
            verdicts.append(
                CheckOutcome.Verdict(bridge.version, own.mismatches(against: stripped, version: bridge.version)))
        }

        // A line both sides reject is bad input: name it and stop with status 2.
        let ours = Dictionary(rejected.map { ($0.line, $0.message) }, uniquingKeysWith: { a, _ in a })
        let bothReject = ours.keys.filter { theirRejections[$0] != nil || unreadable.contains($0) }.sorted()
        if !bothReject.isEmpty {
            let lines = bothReject.prefix(10).map { line in
                "\(file):\(line): \(ours[line] ?? "")\n"
                    + (theirRejections[line] ?? []).map { "  \($0.replacingOccurrences(of: "\n", with: "\n    "))" }
                    .joined(separator: "\n")
            }
            throw BadInput(
                "--events: \(bothReject.count) line\(bothReject.count == 1 ? "" : "s") are not valid metrics events:\n"
                    + lines.joined(separator: "\n"))
        }
        // A line only one side accepts is a disagreement between the collectors' parsers.
        for (index, verdict) in verdicts.enumerated() {
            let version = verdict.version
            for line in Set(ours.keys).union(theirRejections.keys).sorted() where !unreadable.contains(line) {
                let theirs = theirRejections[line]?.first { $0.hasPrefix("livekit-agents \(version):") }
                if (ours[line] == nil) != (theirs == nil) {
                    verdicts[index].mismatches.append(
                        Mismatch(
                            field: "line \(line)", agentsim: ours[line].map { "rejected: \($0)" } ?? "valid event",
                            livekit: theirs.map { "rejected: \($0)" } ?? "valid event"))
                }
            }
        }
        return CheckOutcome(
            versions: versions,
            rows: [CheckOutcome.Row(label: file, events: own.events, yaml: nil, verdicts: verdicts)],
            throughput: throughput, wallSeconds: (clock.now - started).seconds)
    }
}
