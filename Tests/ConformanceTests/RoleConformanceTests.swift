import AgentSimCLI
import AgentSimCore
import AgentSimTesting
import Testing

/// Every plugin the command line ships runs the conformance suite of each role it plays.
struct RoleConformanceTests {
    /// The plugins under test: those `agentsim` ships.
    static let plugins: [any ProviderPlugin] = AgentSim.plugins

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
        // Twelve plugins: three realtime models, nine pipeline services (STT, LLM, TTS).
        #expect(Self.realtime.count == 3)
        #expect(Self.pipeline.count == 9)
    }
}
