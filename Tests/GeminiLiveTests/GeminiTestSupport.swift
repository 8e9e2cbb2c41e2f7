import AgentSimAudio
import AgentSimCore
import Foundation
import GeminiLive

/// Runs scenarios on the Gemini Live plugin in-process.
enum Gemini {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let scenarios = root.appendingPathComponent("Scenarios")
    /// One cache for the whole test run: identical speech is encoded once.
    static let clips = ClipCache()

    static func path(_ name: String) -> String { scenarios.appendingPathComponent(name).path }

    /// Every `Scenarios/gemini-*.yaml` plus the seed thread's file.
    static let scenarioFiles: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: scenarios.path)) ?? []
        return names.filter { ($0.hasPrefix("gemini-") && $0.hasSuffix(".yaml")) || $0 == "livekit-thread-gemini.yaml" }
            .sorted()
    }()

    /// Loads and runs `Scenarios/<name>`.
    static func report(_ name: String) async throws -> SessionReport {
        try await run(try ScenarioLoader.load(path: path(name)))
    }

    /// Parses scenario text (as if it were a file in `Scenarios/`, so recordings resolve) and runs it.
    static func report(yaml: String) async throws -> SessionReport {
        try await run(try ScenarioLoader.parse(yaml, file: path("inline-test.yaml")))
    }

    static func run(_ scenario: Scenario) async throws -> SessionReport {
        try await SessionReport.collect(SessionRun(scenario: scenario, plugin: GeminiLivePlugin(), clips: clips))
    }

    /// The realtime metrics, in order.
    static func metrics(_ report: SessionReport) -> [RealtimeModelMetrics] {
        report.metrics.compactMap { if case let .realtime(r) = $0 { return r } else { return nil } }
    }

    /// The `usageMetadata` of every payload that carries one, in order.
    static func usages(_ report: SessionReport) -> [JSONValue] {
        report.outputs.compactMap { $0.payload?.json["usageMetadata"] }
    }

    /// A details list as `[modality: count]`.
    static func details(_ list: JSONValue?) -> [String: Int] {
        var out: [String: Int] = [:]
        for entry in list?.arrayValue ?? [] {
            out[entry["modality"]?.stringValue ?? "?", default: 0] += entry["tokenCount"]?.intValue ?? 0
        }
        return out
    }

    /// The modality names of a details list, in order.
    static func modalities(_ list: JSONValue?) -> [String] {
        (list?.arrayValue ?? []).compactMap { $0["modality"]?.stringValue }
    }

    /// A minimal scenario on gemini-live with `options` (YAML flow map) and `turns` (YAML list lines).
    static func yaml(
        model: String? = nil, instructionsTokens: Int = 40, options: String = "{}", turns: [String]
    ) -> String {
        var text = "version: 1\nseed: 9\nsession:\n  provider: gemini-live\n"
        if let model { text += "  model: \(model)\n" }
        text += "  instructions: \"You are a test assistant.\"\n  instructions_tokens: \(instructionsTokens)\n"
        text += "  options: \(options)\nturns:\n"
        for turn in turns { text += "  - \(turn)\n" }
        return text
    }
}
