import AgentSimCore
import ArgumentParser
import Foundation
import GeminiLive
import OpenAIRealtime

/// The `agentsim` command.
public struct AgentSim: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "agentsim",
        abstract: "Simulate LiveKit AgentSession voice conversations and report token usage exactly as each provider and LiveKit would.",
        discussion: """
            A scenario file scripts a conversation (who says what, for how long, on which provider and model). \
            agentsim synthesises the audio, encodes it with libopus so every duration is real, feeds the session's \
            events to the provider's plugin, and sums the resulting LiveKit metrics with ports of LiveKit's collectors.

            Bad input (a malformed scenario, an unknown provider, a bad option) prints one message naming the file, \
            line and column, and exits with status 2.
            """,
        subcommands: [Run.self, Compare.self, Report.self, Check.self, Load.self, Merge.self, Providers.self, Explain.self])

    public init() {}

    /// The provider plugins this build knows, wired explicitly (no global registry).
    public static let plugins: [any ProviderPlugin] = [OpenAIRealtimePlugin(), GeminiLivePlugin()]

    /// Looks a plugin up by id.
    static func plugin(_ id: String, at location: SourceLocation?) throws -> any ProviderPlugin {
        if let found = plugins.first(where: { $0.id == id }) { return found }
        let known = plugins.map(\.id).joined(separator: ", ")
        if let location {
            throw ScenarioError("session.provider: unknown provider '\(id)'; expected one of \(known) (see `agentsim providers`)", at: location)
        }
        throw ValidationError("unknown provider '\(id)'; expected one of \(known) (see `agentsim providers`)")
    }

    /// Runs the command line and exits: 0 on success, 2 on bad input (with one clear message),
    /// 1 when a check finds a mismatch.
    public static func entry(_ arguments: [String]? = nil) async -> Never {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch let error as ScenarioError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            Foundation.exit(2)
        } catch let error as CommandFailure {
            FileHandle.standardError.write(Data("agentsim: \(error.message)\n".utf8))
            Foundation.exit(error.status)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data("\(fullMessage(for: error))\n".utf8))
            // Usage mistakes are bad input too: status 2, not argument-parser's 64.
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// A failure with its own message and exit status.
struct CommandFailure: Error {
    var message: String
    var status: Int32
}
