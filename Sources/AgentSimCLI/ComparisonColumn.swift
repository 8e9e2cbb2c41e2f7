import AgentSimAudio
import AgentSimCore
import AgentSimViews
import ArgumentParser
import Foundation

/// One provider's column of `compare` and `report`: the spec it was asked for and the session's record.
struct ComparisonColumn {
    var spec: String
    var report: SessionReport

    /// The plugin's sentences on where the figures come from, from the record.
    var explanations: [String] { report.explanations }

    /// What LiveKit 1.8.9's `ModelUsage` entries cost at list price (``PriceTable/standard``): the figure a team
    /// pricing LiveKit's metrics gets. The session's realtime model is priced only from the realtime table.
    var cost: ViewCost {
        let realtime: Set<String> = report.bills.isEmpty ? [report.model] : []
        return ModelUsagePricing.cost(report.modelUsage.flatten(), prices: .standard, realtimeModels: realtime)
    }

    /// The cost as one cell: dollars, "unpriced", or dollars with the rest unpriced.
    var costCell: String {
        let c = cost
        if c.unpriced.isEmpty { return Number.dollars(c.dollars) }
        return c.dollars == 0 ? "unpriced" : Number.dollars(c.dollars) + " + unpriced"
    }

    /// The provider specs of a `--providers` list (`A,B:MODEL`), blanks dropped.
    /// - Throws: `ValidationError` when the list names no provider.
    static func specs(_ list: String) throws -> [String] {
        let specs = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !specs.isEmpty else { throw ValidationError("--providers: give at least one provider id") }
        return specs
    }

    /// Runs `scenario` on the provider `spec` (ID or ID:MODEL; nil for the file's own) to its record.
    /// - Parameters:
    ///   - recordsTracks: also lay the two audio tracks (`report.tracks`).
    ///   - onStep: sees every step as it happens.
    /// - Throws: `ScenarioError` or `ValidationError` for bad input.
    static func run(
        _ scenario: ScenarioOptions, spec: String?, clips: ClipCache, recordsTracks: Bool = false,
        onStep: (SessionStep) -> Void = { _ in }
    ) async throws -> ComparisonColumn {
        let prepared = try scenario.prepare(provider: spec, option: "--providers")
        let run = SessionRun(
            scenario: prepared.scenario, plugin: prepared.plugin, clips: clips, recordsTracks: recordsTracks)
        let report = try await SessionReport.collect(run, onStep: onStep)
        return ComparisonColumn(spec: spec ?? report.providerID, report: report)
    }
}
