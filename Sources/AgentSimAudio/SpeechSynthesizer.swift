import Foundation

/// Deterministic, seeded, speech-like mono Int16 PCM: voiced harmonic source with a slowly moving pitch (roughly 100–220 Hz),
/// syllable-rate (3–6 Hz) amplitude envelope with short pauses between words, some noise for fricatives.
/// Same (text, seconds, seed, sampleRate) → bit-identical samples on every run. Randomness comes from ``SplitMix64``
/// seeded from the seed and the FNV-1a hash of the text's UTF-8 bytes.
/// Length: `Int((seconds * Double(sampleRate)).rounded())` samples; empty for a non-positive sample rate, non-positive or
/// non-finite seconds, or more than `Int32.max` samples (over 12 hours at 48 kHz).
public enum SpeechSynthesizer {
    /// Peak level of the output relative to full scale (about -6 dBFS; typical RMS is around -24 dBFS).
    private static let peakLevel = 0.5 * 32767
    /// Harmonics of the voiced source are capped at this count (and at 0.45 × the sample rate).
    private static let maxHarmonics = 12
    /// Samples between recomputations of harmonic amplitudes.
    private static let blockLength = 32

    /// Synthesizes `seconds` of speech-like audio for `text` at `sampleRate`.
    public static func synthesize(text: String, seconds: Double, seed: UInt64, sampleRate: Int) -> [Int16] {
        guard sampleRate > 0, seconds.isFinite, seconds > 0 else { return [] }
        let exactCount = (seconds * Double(sampleRate)).rounded()
        guard exactCount >= 1, exactCount < Double(Int32.max) else { return [] }
        let count = Int(exactCount)

        var rng = SplitMix64(seed: seed ^ (FNV1a.hash(text) &* 0x9E37_79B9_7F4A_7C15))
        let syllables = SyllablePlanner.plan(text: text, sampleCount: count, sampleRate: sampleRate, rng: &rng)
        var voice = VoiceSource(sampleRate: Double(sampleRate), rng: &rng)

        var output = [Int16](repeating: 0, count: count)
        var previousNoise = 0.0
        for syllable in syllables {
            let fricativeEnd = min(count, syllable.start + syllable.fricativeLength)
            if syllable.start < fricativeEnd {
                for index in syllable.start..<fricativeEnd {
                    // High-passed white noise (first difference) shaped by a half-sine.
                    let noise = rng.unit() * 2 - 1
                    let hiss = (noise - previousNoise) * 0.5
                    previousNoise = noise
                    let x = Double(index - syllable.start) / Double(syllable.fricativeLength)
                    output[index] = quantize(hiss * 0.3 * sin(Double.pi * x) * syllable.loudness)
                }
            }
            let voicedEnd = min(count, syllable.end)
            if fricativeEnd < voicedEnd {
                var index = fricativeEnd
                while index < voicedEnd {
                    let x = Double(index - fricativeEnd) / Double(syllable.voicedLength)
                    voice.prepareBlock(at: index, position: x, syllable: syllable, maxHarmonics: maxHarmonics)
                    let blockEnd = min(voicedEnd, index + blockLength)
                    while index < blockEnd {
                        let position = Double(index - fricativeEnd) / Double(syllable.voicedLength)
                        let envelope = envelopeValue(position) * syllable.loudness
                        let breath = (rng.unit() * 2 - 1) * 0.04
                        output[index] = quantize((voice.nextSample() + breath) * envelope)
                        index += 1
                    }
                }
            }
        }
        return output
    }

    /// Attack/release envelope of a voiced nucleus at relative position `x` in 0...1.
    private static func envelopeValue(_ x: Double) -> Double {
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
    private static func quantize(_ value: Double) -> Int16 {
        let scaled = (value * peakLevel).rounded()
        return Int16(max(-32768, min(32767, scaled)))
    }
}
