import AgentSimCore
import Anthropic
import ArgumentParser
import Cartesia
import Deepgram
import ElevenLabs
import Foundation
import Gemini
import GeminiLive
import OpenAIChat
import OpenAILive
import OpenAIRealtime
import OpenAIResponses
import OpenAISTT
import OpenAITTS

/// The `agentsim` command.
public struct AgentSim: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "agentsim",
        abstract:
            "Simulate LiveKit AgentSession voice conversations and report token usage exactly as each provider and "
            + "LiveKit would.",
        discussion: """
            A scenario file scripts a conversation (who says what, for how long, on which provider and model). \
            agentsim synthesises the audio, encodes it with libopus so every duration is real, feeds the session's \
            events to the provider's plugin, and sums the resulting LiveKit metrics with ports of LiveKit's collectors.

            Bad input (a malformed scenario, an unknown provider, a bad option) prints one message naming the file, \
            line and column, and exits with status 2. A check that finds a difference (`check`, `load --verify`, \
            `merge --verify`) exits with status 1; an error agentsim did not anticipate (a bug) with status 70.
            """,
        version: AgentSimVersion.current,
        subcommands: [
            Run.self, Compare.self, Views.self, Report.self, Check.self, Load.self, Merge.self, Inspect.self,
            Serve.self,
            Providers.self, Explain.self,
        ])

    public init() {}

    /// The provider plugins this build knows, wired explicitly (no global registry).
    public static let plugins: [any ProviderPlugin] = [
        OpenAIRealtimePlugin(), GeminiLivePlugin(), OpenAILivePlugin(),
        DeepgramPlugin(), OpenAIChatPlugin(), AnthropicPlugin(), GeminiPlugin(), ElevenLabsPlugin(),
        OpenAIResponsesPlugin(), CartesiaPlugin(), OpenAITTSPlugin(), OpenAISTTPlugin(),
    ]

    /// Looks a plugin up by id.
    static func plugin(_ id: String, at location: SourceLocation?) throws -> any ProviderPlugin {
        if let found = plugins.first(where: { $0.id == id }) { return found }
        let known = plugins.map(\.id).joined(separator: ", ")
        if let location {
            throw ScenarioError(
                "session.provider: unknown provider '\(id)'; expected one of \(known) (see `agentsim providers`)",
                at: location)
        }
        throw ValidationError("unknown provider '\(id)'; expected one of \(known) (see `agentsim providers`)")
    }

    /// Runs the command line and exits with an ``ExitStatus``: 0 on success, 1 when a check finds a difference, 2
    /// on bad input (with one clear message), 70 on an error no one anticipated.
    public static func entry(_ arguments: [String]? = nil) async -> Never {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            finish(.success)
        } catch {
            let (status, message) = ExitStatus.of(error)
            if status == .success {
                // --help and --version.
                print(message ?? "")
                finish(.success)
            }
            fail(message, status: status)
        }
    }

    /// Exits with `status` once standard output is flushed; a failed write to it turns a success into bad input
    /// (2), as for any destination that cannot take the output (`load`'s dying sink, an unwritable `--report`).
    private static func finish(_ status: ExitStatus) -> Never {
        if !Console.flushOutput() {
            Console.error("agentsim: cannot write to standard output (\(String(cString: strerror(errno))))\n")
            Foundation.exit((status == .success ? ExitStatus.badInput : status).rawValue)
        }
        Foundation.exit(status.rawValue)
    }

    /// Prints one message (control characters escaped) to standard error and exits with `status`.
    private static func fail(_ message: String?, status: ExitStatus) -> Never {
        _ = Console.flushOutput()
        if let message { Console.error(Console.escaped(message) + "\n") }
        Foundation.exit(status.rawValue)
    }
}
