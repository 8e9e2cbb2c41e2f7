import AgentSimAudio
import AgentSimCore
import ArgumentParser
import Foundation

/// One provider's column of `compare` and `report`: the spec it was asked for and the session's record.
struct ComparisonColumn {
    var spec: String
    var report: SessionReport

    /// The plugin's sentences on where the figures come from, from the record.
    var explanations: [String] { report.explanations }

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
