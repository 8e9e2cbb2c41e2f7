import AgentSimCore
import Foundation
import Histogram

/// The `--report FILE.json` of a load run, and `agentsim merge` of several: a `Codable` value that `load` and
/// `merge` render as JSON (``json``) and as the summary text, and that `merge` reads back typed.
///
/// Every count in a report is a sum over sessions, so shard reports add up to the whole run's; latency
/// histograms are kept (as recorded values) so merged percentiles are true percentiles, not averages.
public struct LoadReport: Codable, Sendable {
    public static let kind = "agentsim-load-report"

    /// ``kind``, so that `merge` refuses other JSON files.
    public var kind = LoadReport.kind
    public var plan: Plan
    /// The shards this report covers (`0/3`; several once merged).
    public var shards: [String]
    public var sessions: Int
    public var events: Int
    public var snapshots: Int
    public var linesSent: Int
    public var bytesSent: Int
    public var wallSeconds: Double
    public var sessionsPerSecond: Double
    public var eventsPerSecond: Double
    public var bytesPerSecond: Double
    public var sessionsInFlightMax: Int
    public var maxResidentBytes: Int
    public var sinks: [Sink]
    public var faults: Faults
    /// The totals of every metrics event produced (``UsageTotals/json``): what a correct collector holds.
    public var oracle: RawJSON
    /// The totals of what was sent: what a collector that does not de-duplicate holds.
    public var sent: RawJSON
    /// What a collector that sums the cumulative `session_usage_updated` snapshots reports.
    public var snapshotSum: RawJSON?
    /// `--verify`'s verdict.
    public var verify: Verify?

    enum CodingKeys: String, CodingKey {
        case kind, plan, shards, sessions, events, snapshots
        case linesSent = "lines_sent", bytesSent = "bytes_sent", wallSeconds = "wall_seconds"
        case sessionsPerSecond = "sessions_per_second", eventsPerSecond = "events_per_second"
        case bytesPerSecond = "bytes_per_second", sessionsInFlightMax = "sessions_in_flight_max"
        case maxResidentBytes = "max_rss_bytes", sinks, faults, oracle, sent, snapshotSum = "snapshot_sum", verify
    }

    /// The report of one run.
    /// - Parameter plan: the plan's settings as the command line gave them (shard included).
    public init(_ o: LoadOutcome, plan: Plan, faults spec: FaultSpec) {
        self.plan = plan
        shards = [plan.shard ?? "0/1"]
        sessions = o.sessions
        events = o.events
        snapshots = o.snapshots
        linesSent = o.linesSent
        bytesSent = o.bytesSent
        wallSeconds = o.wallSeconds
        sessionsPerSecond = 0
        eventsPerSecond = 0
        bytesPerSecond = 0
        sessionsInFlightMax = o.sessionsInFlightMax
        maxResidentBytes = o.maxResidentBytes
        sinks = o.sinks.map(Sink.init)
        faults = Faults(o.faults, spec: spec)
        oracle = RawJSON(o.oracle.json)
        sent = RawJSON(o.sent.json)
        snapshotSum = o.snapshotSum.map(RawJSON.init)
        computeRates()
    }

    /// Sessions, events and bytes per second of wall time, to a tenth.
    mutating func computeRates() {
        // A wall time under a microsecond (only a report's, never a run's) counts as one: the rates stay finite.
        func rate(_ n: Int) -> Double {
            wallSeconds > 0 ? (Double(n) / Swift.max(wallSeconds, 1e-6) * 10).rounded() / 10 : 0
        }
        sessionsPerSecond = rate(sessions)
        eventsPerSecond = rate(events)
        bytesPerSecond = rate(bytesSent)
    }

    /// The report as JSON, in the order of ``CodingKeys``.
    public var json: JSONValue {
        // Every field is a number, a string or JSON already: encoding cannot fail.
        (try? JSONValueEncoder().encode(self)) ?? .null
    }

    /// Reads a report written by `load --report` or `merge --report`.
    /// - Throws: ``MergeError`` naming the file and the field that does not fit.
    public init(file: String, json: JSONValue) throws(MergeError) {
        guard json["kind"]?.stringValue == Self.kind else {
            throw MergeError(
                description:
                    "\(file): not a load report (expected \"kind\": \"\(Self.kind)\", written by `agentsim load "
                    + "--report`)"
            )
        }
        do {
            self = try JSONValueDecoder().decode(LoadReport.self, from: json)
        } catch let error as DecodingError {
            throw MergeError(description: "\(file): not a load report: \(Self.describe(error))")
        } catch {
            throw MergeError(description: "\(file): not a load report: \(error)")
        }
        try validate(file: file)
    }

    /// `plan.sessions: expected a whole number, got "x"`.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
                .drop { $0 == "." }.description
        }
        switch error {
        case let .keyNotFound(key, context):
            let at = path(context)
            return "\(at.isEmpty ? "" : at + ": ")no \"\(key.stringValue)\""
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    /// The effects `--verify` explains differences with: drops, duplicates, and the resends of the sinks whose
    /// URL shares the verify URL's scheme, host and port (all HTTP sinks when none does).
    public func effects(verifyURL: String) -> FaultEffects {
        let http = sinks.filter { $0.sink.hasPrefix("http") }
        let origin = Self.origin(verifyURL)
        let matching = http.filter { Self.origin($0.sink) == origin }
        let sets = (matching.isEmpty ? http : matching).map(\.resent)
        let resent = (try? Effect.merge(sets)) ?? Effect(count: 0, ids: [], totals: RawJSON(.object([])), byEntry: [])
        return FaultEffects(
            dropped: faults.dropped.effect(what: "dropped by the fault injector and never sent"),
            duplicated: faults.duplicated.effect(what: "delivered twice (dup fault) and counted twice"),
            resent: resent.effect(what: "resent after a 5xx or connection error and counted again"))
    }

    static func origin(_ url: String) -> String {
        guard let u = URL(string: url) else { return url }
        return "\(u.scheme ?? "")://\(u.host ?? ""):\(u.port ?? 80)"
    }

    /// Why reports cannot be merged (or read).
    public struct MergeError: Error, CustomStringConvertible {
        public var description: String
    }
}
