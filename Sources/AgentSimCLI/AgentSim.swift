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
            "Simulate LiveKit AgentSession voice conversations and report token usage exactly as each provider and LiveKit would.",
        discussion: """
            A scenario file scripts a conversation (who says what, for how long, on which provider and model). \
            agentsim synthesises the audio, encodes it with libopus so every duration is real, feeds the session's \
            events to the provider's plugin, and sums the resulting LiveKit metrics with ports of LiveKit's collectors.

            Bad input (a malformed scenario, an unknown provider, a bad option) prints one message naming the file, \
            line and column, and exits with status 2.
            """,
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
            finish(0)
        } catch let error as ScenarioError {
            fail("\(error)", status: 2)
        } catch let error as CommandFailure {
            fail("agentsim: \(error.message)", status: error.status)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                finish(0)
            }
            // Usage mistakes are bad input too: status 2, not argument-parser's 64.
            fail(fullMessage(for: error), status: code == .validationFailure ? 2 : code.rawValue)
        }
    }

    /// Exit status when standard output or standard error cannot be written (a full disk, a closed pipe): 2, as
    /// for any destination that cannot take the output (`load`'s dying sink, an unwritable `--report`).
    static let outputFailureStatus: Int32 = 2

    /// Exits with `status` once standard output is flushed; a failed write to it turns a success into
    /// ``outputFailureStatus``.
    private static func finish(_ status: Int32) -> Never {
        if !Console.flushOutput() {
            Console.error("agentsim: cannot write to standard output (\(String(cString: strerror(errno))))\n")
            Foundation.exit(status == 0 ? outputFailureStatus : status)
        }
        Foundation.exit(status)
    }

    /// Prints one message (control characters escaped) to standard error and exits; when standard error
    /// cannot take it, the status is still non-zero.
    private static func fail(_ message: String, status: Int32) -> Never {
        let flushed = Console.flushOutput()
        let written = Console.error(Console.escaped(message) + "\n")
        Foundation.exit(status != 0 ? status : (flushed && written ? 0 : outputFailureStatus))
    }
}

/// A failure with its own message and exit status.
struct CommandFailure: Error {
    var message: String
    var status: Int32
}
