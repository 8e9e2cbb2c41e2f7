/// What a clip is made from.
public enum ClipSource: Sendable, Hashable {
    /// Synthetic speech from ``SpeechSynthesizer`` lasting `seconds` (rounded up to whole frames when encoded).
    case speech(text: String, seconds: Double, seed: UInt64)
    /// Digital silence lasting `seconds` (rounded up to whole frames when encoded), encoded like any other PCM.
    case silence(seconds: Double)
    /// An audio file at an absolute path: WAV PCM (8/16/24/32-bit int or 32/64-bit float, any channel count → downmix)
    /// or Ogg Opus (decoded with libopusfile).
    case recording(path: String)

    /// Produces the PCM for this source and encodes it with a fresh encoder (speech is encoded while it is being
    /// synthesised, on two threads: ``SpeechEncoding``).
    func encode(settings: AudioSettings) throws(AudioError) -> Clip {
        let encoder = try OpusEncoder(settings: settings)
        switch self {
        case let .speech(text, seconds, seed):
            try Self.checkDuration(seconds)
            let stream = SpeechStream(text: text, seconds: seconds, seed: seed, sampleRate: settings.sampleRate)
            return try Clip(settings: settings, packets: SpeechEncoding.packets(of: stream, encoder: encoder))
        case let .silence(seconds):
            try Self.checkDuration(seconds)
            return try Clip(settings: settings, packets: encoder.encode(Self.silence(seconds, settings: settings)))
        case .recording:
            return try Clip(settings: settings, packets: encoder.encode(recordingPCM(settings: settings)))
        }
    }

    /// How many frames of `settings` the encoded clip has, found without encoding (a recording is read and decoded
    /// for its length). Throws exactly where ``encode(settings:)`` would for the duration or the file.
    func frameCount(settings: AudioSettings) throws(AudioError) -> Int {
        try settings.validate()
        let samples: Int
        switch self {
        case let .speech(_, seconds, _):
            try Self.checkDuration(seconds)
            samples = SpeechSynthesizer.sampleCount(seconds: seconds, sampleRate: settings.sampleRate)
        case let .silence(seconds):
            try Self.checkDuration(seconds)
            samples = max(0, Int((seconds * Double(settings.sampleRate)).rounded()))
        case .recording:
            samples = try recordingPCM(settings: settings).count
        }
        return (samples + settings.samplesPerFrame - 1) / settings.samplesPerFrame
    }

    /// The zero samples of `.silence(seconds)`.
    private static func silence(_ seconds: Double, settings: AudioSettings) -> [Int16] {
        let count = Int((seconds * Double(settings.sampleRate)).rounded())
        return [Int16](repeating: 0, count: max(0, count))
    }

    /// A recording's PCM at `settings.sampleRate`; throws for an empty one.
    private func recordingPCM(settings: AudioSettings) throws(AudioError) -> [Int16] {
        guard case let .recording(path) = self else { return [] }
        let pcm = try AudioFileReader.readPCM(path: path, sampleRate: settings.sampleRate)
        guard !pcm.isEmpty else {  // like `seconds: 0`, which the loader refuses
            throw AudioError(path: path, "the recording holds no audio (0 samples); expected at least one")
        }
        return pcm
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
