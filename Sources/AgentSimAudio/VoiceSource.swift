import Foundation

/// The voiced excitation of ``SpeechSynthesizer``: a harmonic series on a slowly moving pitch contour,
/// coloured by two vowel formants. Pitch phase is continuous across syllables.
struct VoiceSource {
    private let sampleRate: Double
    private let basePitch: Double
    private let driftPhase: Double
    private let wobblePhase: Double
    private var phase = 0.0
    private var phaseStep = 0.0
    private var amplitudes: [Double] = []

    /// Draws the speaker's base pitch and contour phases from `rng`.
    init(sampleRate: Double, rng: inout SplitMix64) {
        self.sampleRate = sampleRate
        basePitch = rng.uniform(125...175)
        driftPhase = rng.uniform(0...(2 * Double.pi))
        wobblePhase = rng.uniform(0...(2 * Double.pi))
    }

    /// Pitch in Hz at absolute sample `index` inside `syllable` (relative position `x`), kept within 100...220 Hz.
    private func pitch(at index: Int, position x: Double, syllable: Syllable) -> Double {
        let t = Double(index) / sampleRate
        let drift = 28 * sin(2 * Double.pi * 0.23 * t + driftPhase)
        let wobble = 9 * sin(2 * Double.pi * 1.7 * t + wobblePhase)
        let accent = syllable.pitchAccent * sin(Double.pi * min(1, max(0, x)))
        let fall = -12 * x  // each syllable falls a little
        return min(220, max(100, basePitch + drift + wobble + accent + fall))
    }

    /// Recomputes pitch and harmonic amplitudes for the block starting at `index`.
    mutating func prepareBlock(at index: Int, position x: Double, syllable: Syllable, maxHarmonics: Int) {
        let f0 = pitch(at: index, position: x, syllable: syllable)
        phaseStep = 2 * Double.pi * f0 / sampleRate
        let harmonicCount = max(1, min(maxHarmonics, Int(0.45 * sampleRate / f0)))
        amplitudes.removeAll(keepingCapacity: true)
        var total = 0.0
        for k in 1...harmonicCount {
            let frequency = Double(k) * f0
            let d1 = (frequency - syllable.firstFormant) / 110
            let d2 = (frequency - syllable.secondFormant) / 180
            let gain = (0.25 + 1 / (1 + d1 * d1) + 0.6 / (1 + d2 * d2)) / Double(k)
            amplitudes.append(gain)
            total += gain
        }
        let normalizer = 1 / total
        for k in amplitudes.indices { amplitudes[k] *= normalizer }
    }

    /// Next sample of the harmonic sum (|value| ≤ 1), using the Chebyshev recurrence sin(kφ) = 2cos φ·sin((k−1)φ) −
    /// sin((k−2)φ).
    mutating func nextSample() -> Double {
        phase += phaseStep
        if phase > 2 * Double.pi { phase -= 2 * Double.pi }
        let twoCos = 2 * cos(phase)
        var previous = 0.0
        var current = sin(phase)
        var sum = amplitudes[0] * current
        var k = 1
        while k < amplitudes.count {
            let next = twoCos * current - previous
            previous = current
            current = next
            sum += amplitudes[k] * current
            k += 1
        }
        return sum
    }
}
