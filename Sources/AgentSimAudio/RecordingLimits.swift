/// The bounds of a recording (README, "Bounds"): the file is read and decoded whole, so its length
/// decides the memory a run takes.
public enum RecordingLimits {
    /// Largest recording file (128 MiB).
    public static let maxFileBytes = 128 << 20
    /// Longest recording (10 minutes).
    public static let maxSeconds = 600
    /// Most sample frames decoded from one recording: 10 minutes at 48 kHz (a file at a higher rate holds
    /// proportionally less time), so the decoded audio stays under about 250 MB.
    ///
    /// A recording with no samples decodes to nothing; a scenario turn refuses it (``ClipSource``).
    public static let maxFrames = maxSeconds * 48000

    /// Throws unless `frames` at `sampleRate` stays within the bounds.
    static func check(frames: Int, sampleRate: Int, path: String) throws(AudioError) {
        let seconds = Double(frames) / Double(sampleRate)
        guard frames <= maxFrames, seconds <= Double(maxSeconds) else {
            throw AudioError(
                path: path,
                "the recording lasts \(Int(seconds.rounded())) s (\(frames) samples at \(sampleRate) Hz); expected "
                    + "at most \(maxSeconds) s and \(maxFrames) samples"
            )
        }
    }
}
