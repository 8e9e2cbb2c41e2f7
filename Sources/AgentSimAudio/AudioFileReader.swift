/// Reads a recording to mono Int16 PCM at `sampleRate` (resampling with simple linear interpolation if the file's rate
/// differs).
///
/// The format is detected from the first bytes: `RIFF` → WAV PCM (8/16/24/32-bit integer or 32/64-bit float, any
/// channel count, averaged to mono), `OggS` → Ogg Opus (decoded at 48 kHz with libopusfile). Anything else — including
/// truncated or corrupt files — throws an ``AudioError`` whose message starts with the path.
public enum AudioFileReader {
    /// File extensions that announce Ogg Opus (used only to word the error for unrecognised content).
    private static let oggExtensions: Set<String> = ["ogg", "opus", "oga"]

    /// Decodes the file at `path` to mono Int16 samples at `sampleRate` Hz.
    public static func readPCM(path: String, sampleRate: Int) throws(AudioError) -> [Int16] {
        guard sampleRate > 0, sampleRate <= 768_000 else {
            throw AudioError(path: path, "invalid target sample rate \(sampleRate) Hz")
        }
        let decoded = try decode(path: path)
        let resampled = LinearResampler.resample(decoded.samples, from: decoded.sampleRate, to: sampleRate)
        return resampled.map(quantize)
    }

    /// Decodes a WAV file's bytes (`name` words the errors: an upload's file name) to mono Int16 samples at the
    /// file's own sample rate: what a server does with an uploaded recording.
    public static func readWAV(bytes: [UInt8], name: String) throws(AudioError) -> (samples: [Int16], sampleRate: Int) {
        let decoded = try WAVReader.decode(bytes, path: name)
        return (decoded.samples.map(quantize), decoded.sampleRate)
    }

    /// Decodes the file at `path` at its own sample rate (48 kHz for Ogg Opus).
    static func decode(path: String) throws(AudioError) -> DecodedAudio {
        let bytes = try FileBytes.read(path: path)
        if bytes.starts(with: "OggS".utf8) {
            _ = try OggPageScanner().scan(bytes, path: path)
            let samples = try OpusFileDecoder(bytes: bytes, path: path).decodeMono()
            return DecodedAudio(samples: samples, sampleRate: 48000)
        }
        if !bytes.starts(with: "RIFF".utf8), let dot = path.lastIndex(of: "."),
            oggExtensions.contains(path[path.index(after: dot)...].lowercased())
        {
            throw AudioError(path: path, "not an Ogg Opus file (no OggS capture pattern)")
        }
        return try WAVReader.decode(bytes, path: path)
    }

    /// Rounds and clamps a sample on the Int16 scale.
    private static func quantize(_ value: Double) -> Int16 {
        guard value.isFinite else { return 0 }
        return Int16(max(-32768, min(32767, value.rounded())))
    }
}
