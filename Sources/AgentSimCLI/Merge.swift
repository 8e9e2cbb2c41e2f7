import AgentSimCore
import AgentSimLoad
import ArgumentParser
import Foundation

extension AgentSim {
    /// `agentsim merge`: adds the reports of a sharded run.
    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add the reports of a sharded load run (agentsim load --shard i/N --report …) into one.",
            discussion: """
                Counts, totals and the oracle are summed, fault ids concatenated, latency histograms added (so the \
                merged percentiles are true percentiles), the wall time is the slowest shard's. Reports of different \
                plans, or the same shard twice, are refused (exit 2). With --verify the collector is checked against \
                the whole run's oracle, as `load --verify` does, on its totals as they are (the shards ran before: \
                there is no baseline).
                """)

        @Argument(help: "Report files written by `agentsim load --report`.")
        var reports: [String]

        @Option(help: "GET the collector's totals here and compare them with the merged oracle.")
        var verify: String?

        @Flag(
            name: .customLong("expect-faults"),
            help: "With --verify: accept a difference that is exactly the injected faults' effect.")
        var expectFaults = false

        @Option(
            name: .customLong("require-fields"),
            help: "With --verify: fields the collector must report, all or a comma list (default: those it reports).",
            transform: VerifyOptions.Required.flag)
        var requireFields: VerifyOptions.Required = .reported

        @Option(help: "Write the merged report to this JSON file.")
        var report: String?

        @Option(help: "Summary format: text or json.")
        var format: TextOrJSON = .text

        @Option(help: "Seconds to wait for --verify's answer.")
        var timeout: Double = 10

        func validate() throws {
            if reports.isEmpty { throw ValidationError("give one or more report files") }
            if let verify { try SinkSpec.checkURL(verify, option: "--verify") }
            if expectFaults, verify == nil { throw ValidationError("--expect-faults goes with --verify URL") }
            if verify == nil, requireFields != .reported {
                throw ValidationError("--require-fields goes with --verify URL")
            }
        }

        func run() async throws {
            var loaded: [(file: String, report: LoadReport)] = []
            for file in reports {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw BadInput("\(file): cannot read the report")
                }
                let json: JSONValue
                do { json = try JSONValue.parse(bytes: data) } catch { throw BadInput("\(file):\(error)") }
                do { loaded.append((file, try LoadReport(file: file, json: json))) } catch {
                    throw BadInput(error.description)
                }
            }
            var merged: LoadReport
            do { merged = try LoadReport.merge(loaded) } catch {
                throw BadInput(error.description)
            }
            if let verify {
                // The shards ran before: there is no baseline to read, the totals are compared as they are.
                merged.verify = await LoadSummary.verify(
                    verify, report: merged, options: VerifyOptions(required: requireFields),
                    expectFaults: expectFaults, timeout: timeout)
            }
            try LoadSummary.finish(report: merged, file: report, format: format == .json, toStderr: false)
        }
    }
}
