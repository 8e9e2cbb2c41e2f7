import AgentSimAudio
import AgentSimCLI
import AgentSimCore

/// Runs scenarios in-process for tests.
enum Running {
    /// One cache for the whole test run: identical speech is encoded once.
    static let clips = ClipCache()

    static func plugin(_ id: String) throws -> any ProviderPlugin {
        guard let plugin = AgentSim.plugins.first(where: { $0.id == id }) else {
            throw ScenarioError("no plugin \(id)", at: SourceLocation(file: "test"))
        }
        return plugin
    }

    /// Loads `Scenarios/<name>` and runs it on its own provider (or on `provider`, with that plugin's defaults).
    static func report(_ name: String, provider: String? = nil, seed: UInt64? = nil) async throws -> SessionReport {
        var scenario = try ScenarioLoader.load(path: TestSupport.scenario(name))
        if let seed { scenario.seed = seed }
        if let provider, provider != scenario.session.provider {
            scenario.session.provider = provider
            scenario.session.model = nil
            scenario.session.options = .emptyMap(at: SourceLocation(file: "test"))
            scenario.session.pipeline = nil
        }
        return try await SessionReport.collect(
            SessionRun(scenario: scenario, plugin: try scenario.session.plugin(from: AgentSim.plugins), clips: clips))
    }

    /// The realtime metrics of a report, in order, without LiveKit's zero-usage connection event.
    static func responses(_ report: SessionReport) -> [RealtimeModelMetrics] {
        report.metrics.compactMap { m in
            if case let .realtime(r) = m, !r.requestId.isEmpty { return r }
            return nil
        }
    }
}
