import AgentSimAudio
import AgentSimCore
import Foundation

/// Writes a session's two tracks as `NAME.user.opus` and `NAME.agent.opus`.
enum TrackFiles {
    /// `NAME.ROLE.opus`, with characters other than letters, digits, `-`, `_` and `.` replaced by `_`.
    static func fileName(_ name: String, role: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
            + ".\(role).opus"
    }

    static func write(_ tracks: SessionTracks, name: String, directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw BadInput(
                "--audio-out: cannot create directory '\(directory)': \(error.localizedDescription)")
        }
        let paths = ["user", "agent"].map { (directory as NSString).appendingPathComponent(fileName(name, role: $0)) }
        // Both or neither: the user track is removed again when the agent track cannot be written.
        for (index, track) in [tracks.user, tracks.agent].enumerated() {
            do {
                try track.writeOggOpus(to: paths[index])
            } catch {
                if index > 0 { unlink(paths[0]) }
                let removed = index > 0 ? " (\(paths[0]) removed: both tracks or neither)" : ""
                throw BadInput("--audio-out: \(error.description)\(removed)")
            }
        }
    }
}
