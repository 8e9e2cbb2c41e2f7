/// Opus encoding parameters shared by every clip and track of one audio configuration.
public struct AudioSettings: Sendable, Hashable {
    /// Sample rate of the PCM fed to (and decoded from) Opus; one of ``validSampleRates``.
    public var sampleRate: Int
    /// Duration of one Opus frame in milliseconds; one of ``validFrameMilliseconds``.
    public var frameMilliseconds: Int
    /// Target bitrate in bits per second (libopus accepts 500...512000).
    public var bitrate: Int
    /// Encoder complexity, 0...10.
    public var complexity: Int
    /// Whether discontinuous transmission is enabled (tiny packets during silence).
    public var dtx: Bool

    /// Sample rates libopus can encode and decode.
    public static let validSampleRates: [Int] = [8000, 12000, 16000, 24000, 48000]
    /// Frame durations this module supports (libopus also has 2.5, 5, 80, 100 and 120 ms).
    public static let validFrameMilliseconds: [Int] = [10, 20, 40, 60]
    /// Bitrates libopus accepts for a mono stream.
    public static let validBitrates: ClosedRange<Int> = 500...512_000
    /// Complexities libopus accepts.
    public static let validComplexities: ClosedRange<Int> = 0...10

    /// Creates settings; call ``validate()`` (or create an ``OpusEncoder``) to check them.
    public init(
        sampleRate: Int = 48000, frameMilliseconds: Int = 20, bitrate: Int = 24000, complexity: Int = 5,
        dtx: Bool = false
    ) {
        self.sampleRate = sampleRate
        self.frameMilliseconds = frameMilliseconds
        self.bitrate = bitrate
        self.complexity = complexity
        self.dtx = dtx
    }

    /// PCM samples in one frame: `sampleRate * frameMilliseconds / 1000` (always whole for valid settings).
    public var samplesPerFrame: Int { sampleRate * frameMilliseconds / 1000 }

    /// Duration of one frame in seconds.
    public var frameDuration: Double { Double(frameMilliseconds) / 1000 }

    /// Throws an ``AudioError`` naming the first out-of-range field.
    public func validate() throws(AudioError) {
        guard Self.validSampleRates.contains(sampleRate) else {
            throw AudioError(
                "invalid sample rate \(sampleRate) Hz (expected one of "
                    + "\(Self.validSampleRates.map(String.init).joined(separator: ", ")))"
            )
        }
        guard Self.validFrameMilliseconds.contains(frameMilliseconds) else {
            throw AudioError(
                "invalid frame duration \(frameMilliseconds) ms (expected one of "
                    + "\(Self.validFrameMilliseconds.map(String.init).joined(separator: ", ")))"
            )
        }
        guard Self.validBitrates.contains(bitrate) else {
            throw AudioError(
                "invalid bitrate \(bitrate) b/s (expected "
                    + "\(Self.validBitrates.lowerBound)...\(Self.validBitrates.upperBound))"
            )
        }
        guard Self.validComplexities.contains(complexity) else {
            throw AudioError("invalid complexity \(complexity) (expected 0...10)")
        }
    }
}
