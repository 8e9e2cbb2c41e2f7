import AgentSimCLI
import AgentSimCore
import AgentSimTesting
import ExampleFlatRate
import Testing

/// Every plugin the command line ships runs the conformance suite of each role it plays.
struct RoleConformanceTests {
    /// The plugins under test: those `agentsim` ships, and docs/PLUGINS.md's example.
    static let plugins: [any ProviderPlugin] = AgentSim.plugins + [ExampleFlatRatePlugin()]

    static var realtime: [String] { plugins.filter { $0.roles.contains(.realtime) }.map(\.id) }
    static var pipeline: [String] { plugins.filter { !$0.roles.contains(.realtime) }.map(\.id) }

    static func plugin(_ id: String) throws -> any ProviderPlugin {
        try #require(plugins.first { $0.id == id })
    }

    @Test(arguments: realtime)
    func realtimePluginConforms(_ id: String) throws {
        #expect(RealtimeConformance.findings(for: try Self.plugin(id)) == [])
    }

    @Test(arguments: pipeline)
    func pipelinePluginConforms(_ id: String) throws {
        #expect(PipelineConformance.findings(for: try Self.plugin(id)) == [])
    }

    @Test func everyRoleIsCovered() {
        // Thirteen plugins: four realtime models (the example among them), nine pipeline services (STT, LLM, TTS).
        #expect(Self.realtime.count == 4)
        #expect(Self.pipeline.count == 9)
    }
}
