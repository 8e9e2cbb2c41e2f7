import AgentSimAudio
import Testing

struct SpeechSynthesizerTests {
    static let text = "Hello, thanks for calling. How can I help you today?"

    @Test func lengthIsRoundedSecondsTimesRate() {
        // 1.5 s × 16000 = 24000; 0.123456 s × 8000 = 987.648 → 988; 0 s and negative → empty.
        #expect(SpeechSynthesizer.synthesize(text: Self.text, seconds: 1.5, seed: 1, sampleRate: 16000).count == 24000)
        #expect(
            SpeechSynthesizer.synthesize(text: Self.text, seconds: 0.123456, seed: 1, sampleRate: 8000).count == 988)
        #expect(SpeechSynthesizer.synthesize(text: Self.text, seconds: 0, seed: 1, sampleRate: 16000).isEmpty)
        #expect(SpeechSynthesizer.synthesize(text: Self.text, seconds: -2, seed: 1, sampleRate: 16000).isEmpty)
        #expect(SpeechSynthesizer.synthesize(text: Self.text, seconds: .nan, seed: 1, sampleRate: 16000).isEmpty)
    }

    @Test func sameArgumentsGiveIdenticalSamples() {
        let first = SpeechSynthesizer.synthesize(text: Self.text, seconds: 2, seed: 99, sampleRate: 24000)
        let second = SpeechSynthesizer.synthesize(text: Self.text, seconds: 2, seed: 99, sampleRate: 24000)
        #expect(first.count == 48000)
        #expect(first == second)
    }

    @Test func seedAndTextChangeTheSamples() {
        let base = SpeechSynthesizer.synthesize(text: Self.text, seconds: 2, seed: 99, sampleRate: 16000)
        let otherSeed = SpeechSynthesizer.synthesize(text: Self.text, seconds: 2, seed: 100, sampleRate: 16000)
        let otherText = SpeechSynthesizer.synthesize(text: Self.text + "!", seconds: 2, seed: 99, sampleRate: 16000)
        let otherWords = SpeechSynthesizer.synthesize(
            text: "Goodbye and have a nice day", seconds: 2, seed: 99, sampleRate: 16000)
        // Count differing samples: a real difference touches most of the signal, not a handful of samples.
        let differing = { (other: [Int16]) in zip(base, other).filter { $0 != $1 }.count }
        #expect(differing(otherSeed) > 10000)
        #expect(differing(otherText) > 10000)
        #expect(differing(otherWords) > 10000)
    }

    @Test func outputIsSpeechLike() throws {
        let rate = 16000
        let samples = SpeechSynthesizer.synthesize(text: Self.text, seconds: 4, seed: 7, sampleRate: rate)
        // Loud enough to be heard, far from full scale: peak is at most 0.5 FS (16384), RMS around 2000.
        let level = rms(samples)
        #expect(level > 1000)
        #expect(level < 8000)
        let clipped = samples.filter { $0 == .max || $0 == .min }.count
        #expect(clipped == 0)

        // Pauses between words: at least three runs of ≥ 50 ms (800 samples) of digital silence in 4 s.
        var pauses = 0
        var run = 0
        for sample in samples {
            if sample == 0 { run += 1 } else { if run >= 800 { pauses += 1 }; run = 0 }
        }
        #expect(pauses >= 3)

        // Voiced and periodic: in the loudest 64 ms window the normalised autocorrelation peaks at a lag
        // corresponding to 95…230 Hz (searched over 90…250 Hz, i.e. lags 64…177 at 16 kHz) and is strong.
        let window = 1024
        var bestStart = 0
        var bestEnergy = 0.0
        for start in stride(from: 0, to: samples.count - window, by: 256) {
            let energy = rms(samples[start..<(start + window)])
            if energy > bestEnergy { bestEnergy = energy; bestStart = start }
        }
        let segment = samples[bestStart..<(bestStart + window)].map(Double.init)
        func correlation(_ lag: Int) -> Double {
            var product = 0.0, left = 0.0, right = 0.0
            for index in 0..<(window - lag) {
                product += segment[index] * segment[index + lag]
                left += segment[index] * segment[index]
                right += segment[index + lag] * segment[index + lag]
            }
            return product / (left * right).squareRoot()
        }
        let lags = (rate / 250)...(rate / 90)
        let bestLag = try #require(lags.max { correlation($0) < correlation($1) })
        let pitch = Double(rate) / Double(bestLag)
        #expect(pitch >= 95 && pitch <= 230)
        #expect(correlation(bestLag) > 0.6)
    }

    @Test func fricativesAddHighFrequencyNoise() {
        // Zero-crossing rate of the noisy onsets is far above that of voiced speech: compare the busiest 20 ms window
        // (fricative) with the overall median window. Voiced 100–220 Hz speech crosses zero a few dozen times per 20 ms
        // at most once formants are included; white-ish noise crosses hundreds of times at 16 kHz (320 samples).
        let samples = SpeechSynthesizer.synthesize(text: "sss fish sauce", seconds: 3, seed: 5, sampleRate: 16000)
        var rates: [Int] = []
        for start in stride(from: 0, to: samples.count - 320, by: 320) {
            let window = samples[start..<(start + 320)]
            guard rms(window) > 100 else { continue }
            rates.append(zip(window, window.dropFirst()).filter { ($0 < 0) != ($1 < 0) }.count)
        }
        let sorted = rates.sorted()
        #expect(!sorted.isEmpty)
        #expect((sorted.last ?? 0) > 100)
        #expect(sorted[sorted.count / 2] < 100)
    }
}
