/// What a clip is made from.
public enum ClipSource: Sendable, Hashable {
    /// Synthetic speech from ``SpeechSynthesizer`` lasting `seconds` (rounded up to whole frames when encoded).
    case speech(text: String, seconds: Double, seed: UInt64)
    /// Digital silence lasting `seconds` (rounded up to whole frames when encoded), encoded like any other PCM.
    case silence(seconds: Double)
    /// An audio file at an absolute path: WAV PCM (8/16/24/32-bit int or 32/64-bit float, any channel count → downmix)
    /// or Ogg Opus (decoded with libopusfile).
    case recording(path: String)

    /// Produces the PCM for this source and encodes it with a fresh encoder.
    func encode(settings: AudioSettings) throws(AudioError) -> Clip {
        let encoder = try OpusEncoder(settings: settings)
        let pcm: [Int16]
        switch self {
        case let .speech(text, seconds, seed):
            try Self.checkDuration(seconds)
            pcm = SpeechSynthesizer.synthesize(
                text: text, seconds: seconds, seed: seed, sampleRate: settings.sampleRate)
        case let .silence(seconds):
            try Self.checkDuration(seconds)
            let count = Int((seconds * Double(settings.sampleRate)).rounded())
            pcm = [Int16](repeating: 0, count: max(0, count))
        case let .recording(path):
            pcm = try AudioFileReader.readPCM(path: path, sampleRate: settings.sampleRate)
            guard !pcm.isEmpty else {  // like `seconds: 0`, which the loader refuses
                throw AudioError(path: path, "the recording holds no audio (0 samples); expected at least one")
            }
        }
        return try Clip(settings: settings, packets: encoder.encode(pcm))
    }

    /// Longest synthetic clip accepted (one hour), which also keeps sample counts far from `Int` overflow.
    static let maxSeconds = 3600.0

    /// Throws unless `seconds` is a finite, non-negative duration of at most ``maxSeconds``.
    private static func checkDuration(_ seconds: Double) throws(AudioError) {
        guard seconds.isFinite, seconds >= 0, seconds <= maxSeconds else {
            throw AudioError("invalid clip duration \(seconds) s (expected 0...\(Int(maxSeconds)) s)")
        }
    }
}
