/// Mono audio straight out of a file reader, before resampling and quantization.
struct DecodedAudio: Sendable {
    /// Mono samples on the Int16 scale (-32768...32767), not yet rounded or clamped.
    var samples: [Double]
    /// The file's sample rate in Hz.
    var sampleRate: Int
}
