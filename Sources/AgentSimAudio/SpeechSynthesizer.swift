import Foundation

/// Deterministic, seeded, speech-like mono Int16 PCM: voiced harmonic source with a slowly moving pitch (roughly
/// 100–220 Hz), syllable-rate (3–6 Hz) amplitude envelope with short pauses between words, some noise for fricatives.
/// Same (text, seconds, seed, sampleRate) → bit-identical samples on every run. Randomness comes from ``SplitMix64``
/// seeded from the seed and the FNV-1a hash of the text's UTF-8 bytes. Length: `Int((seconds *
/// Double(sampleRate)).rounded())` samples; empty for a non-positive sample rate, non-positive or non-finite seconds,
/// or more than `Int32.max` samples (over 12 hours at 48 kHz).
public enum SpeechSynthesizer {
    /// Peak level of the output relative to full scale (about -6 dBFS; typical RMS is around -24 dBFS).
    private static let peakLevel = 0.5 * 32767
    /// Harmonics of the voiced source are capped at this count (and at 0.45 × the sample rate).
    static let maxHarmonics = 12
    /// Samples between recomputations of harmonic amplitudes.
    static let blockLength = 32

    /// Synthesizes `seconds` of speech-like audio for `text` at `sampleRate` (``SpeechStream`` read to its end).
    public static func synthesize(text: String, seconds: Double, seed: UInt64, sampleRate: Int) -> [Int16] {
        var stream = SpeechStream(text: text, seconds: seconds, seed: seed, sampleRate: sampleRate)
        guard stream.count > 0 else { return [] }
        return [Int16](unsafeUninitializedCapacity: stream.count) { buffer, initialized in
            initialized = stream.fill(buffer)
        }
    }

    /// Samples in `seconds` at `sampleRate`: `Int((seconds * Double(sampleRate)).rounded())`, or 0 for a non-positive
    /// rate, non-positive or non-finite seconds, or more than `Int32.max` samples.
    public static func sampleCount(seconds: Double, sampleRate: Int) -> Int {
        guard sampleRate > 0, seconds.isFinite, seconds > 0 else { return 0 }
        let exactCount = (seconds * Double(sampleRate)).rounded()
        guard exactCount >= 1, exactCount < Double(Int32.max) else { return 0 }
        return Int(exactCount)
    }

    /// Attack/release envelope of a voiced nucleus at relative position `x` in 0...1.
    static func envelopeValue(_ x: Double) -> Double {
        let attack = smoothStep(min(1, x / 0.15))
        let release = smoothStep(min(1, (1 - x) / 0.3))
        return attack * release
    }

    /// Cubic ease from 0 to 1.
    private static func smoothStep(_ u: Double) -> Double {
        let v = max(0, u)
        return v * v * (3 - 2 * v)
    }

    /// Scales a nominal -1...1 value to Int16 at ``peakLevel`` with clamping.
    static func quantize(_ value: Double) -> Int16 {
        let scaled = (value * peakLevel).rounded()
        return Int16(max(-32768, min(32767, scaled)))
    }
}
