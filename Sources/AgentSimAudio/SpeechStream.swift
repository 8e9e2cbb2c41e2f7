import Foundation

/// ``SpeechSynthesizer``'s output produced a block at a time, sample for sample the same as the whole array.
///
/// The synthesis is one pass over the samples in order (syllables never overlap, and every random draw and pitch-phase
/// step happens at the sample it belongs to), so it can stop anywhere and resume: the stream keeps the generator, the
/// voice's phase, the last noise value and its place in the syllable plan between calls. A long utterance is then
/// encoded while it is being synthesised, holding a few blocks of PCM instead of the whole of it.
public struct SpeechStream: Sendable {
    /// Samples in the whole utterance.
    public let count: Int
    /// Samples produced so far (the next call starts here).
    public private(set) var position = 0
    private let syllables: [Syllable]
    private var rng: SplitMix64
    private var voice: VoiceSource
    private var previousNoise = 0.0
    /// The syllable the next sample falls in or before.
    private var syllableIndex = 0
    /// One past the last sample of the voiced block being played; a voiced sample at or past it starts a new block.
    private var blockEnd = 0

    /// The stream ``SpeechSynthesizer/synthesize(text:seconds:seed:sampleRate:)`` would return whole.
    public init(text: String, seconds: Double, seed: UInt64, sampleRate: Int) {
        let count = SpeechSynthesizer.sampleCount(seconds: seconds, sampleRate: sampleRate)
        self.count = count
        var rng = SplitMix64(seed: seed ^ (FNV1a.hash(text) &* 0x9E37_79B9_7F4A_7C15))
        if count > 0 {
            syllables = SyllablePlanner.plan(text: text, sampleCount: count, sampleRate: sampleRate, rng: &rng)
        } else {
            syllables = []
        }
        voice = VoiceSource(sampleRate: Double(max(1, sampleRate)), rng: &rng)
        self.rng = rng
    }

    /// Whether every sample has been produced.
    public var isFinished: Bool { position >= count }

    /// Writes the next `min(buffer.count, count - position)` samples to the start of `buffer` and returns how many.
    public mutating func fill(_ buffer: UnsafeMutableBufferPointer<Int16>) -> Int {
        let limit = min(count, position + buffer.count)
        let first = position
        while position < limit {
            guard syllableIndex < syllables.count else {
                for index in position..<limit { buffer[index - first] = 0 }
                position = limit
                break
            }
            let syllable = syllables[syllableIndex]
            let fricativeEnd = min(count, syllable.start + syllable.fricativeLength)
            let voicedEnd = min(count, syllable.end)
            if position < syllable.start {
                // Between syllables: silence.
                let end = min(limit, syllable.start)
                for index in position..<end { buffer[index - first] = 0 }
                position = end
            } else if position < fricativeEnd {
                let end = min(limit, fricativeEnd)
                for index in position..<end {
                    // High-passed white noise (first difference) shaped by a half-sine.
                    let noise = rng.unit() * 2 - 1
                    let hiss = (noise - previousNoise) * 0.5
                    previousNoise = noise
                    let x = Double(index - syllable.start) / Double(syllable.fricativeLength)
                    buffer[index - first] = SpeechSynthesizer.quantize(
                        hiss * 0.3 * sin(Double.pi * x) * syllable.loudness)
                }
                position = end
            } else if position < voicedEnd {
                if position >= blockEnd {
                    let x = Double(position - fricativeEnd) / Double(syllable.voicedLength)
                    voice.prepareBlock(
                        at: position, position: x, syllable: syllable, maxHarmonics: SpeechSynthesizer.maxHarmonics)
                    blockEnd = min(voicedEnd, position + SpeechSynthesizer.blockLength)
                }
                let end = min(limit, blockEnd)
                for index in position..<end {
                    let x = Double(index - fricativeEnd) / Double(syllable.voicedLength)
                    let envelope = SpeechSynthesizer.envelopeValue(x) * syllable.loudness
                    let breath = (rng.unit() * 2 - 1) * 0.04
                    buffer[index - first] = SpeechSynthesizer.quantize((voice.nextSample() + breath) * envelope)
                }
                position = end
            } else {
                syllableIndex += 1
            }
        }
        return limit - first
    }
}
