import ArgumentParser
import Foundation

/// `--livekit 1.2.18,1.8.9`: the livekit-agents versions `check` compares with, each one agentsim has a venv for.
struct LiveKitVersions: Sendable, Equatable, CustomStringConvertible {
    /// The versions `make setup` installs, oldest first.
    static let known = ["1.2.18", "1.8.9"]
    static let all = LiveKitVersions(versions: known)

    var versions: [String]

    /// Parses a comma-separated list.
    /// - Throws: `ValidationError` naming an unknown version and the known ones.
    init(parsing text: String) throws {
        versions = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for v in versions where !Self.known.contains(v) {
            throw ValidationError(
                "--livekit: unknown version '\(v)'; expected some of \(Self.known.joined(separator: ","))")
        }
    }

    private init(versions: [String]) { self.versions = versions }

    var description: String { versions.joined(separator: ",") }
}

/// `--livekit VERSIONS`, the collectors to check against.
struct LiveKitOption: ParsableArguments {
    @Option(
        help:
            ArgumentHelp(
                "Comma-separated livekit-agents versions to check against (installed venvs). "
                    + "(default: \(LiveKitVersions.all))"),
        transform: LiveKitVersions.init(parsing:))
    var livekit: LiveKitVersions = .all
}
