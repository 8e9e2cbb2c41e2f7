/// Turns text into a deterministic sequence of timed ``Syllable``s at a 3–6 Hz syllable rate,
/// with short pauses between words and longer ones between phrases. The words are reused cyclically
/// when the requested duration outlasts the text.
enum SyllablePlanner {
    /// Vowel letters and their (F1, F2) formants in Hz.
    private static let vowelFormants: [Character: (Double, Double)] = [
        "a": (730, 1090), "e": (530, 1840), "i": (270, 2290), "o": (570, 840),
        "u": (300, 870), "y": (400, 1900),
    ]
    /// Onset consonants rendered with a noise burst.
    private static let fricatives: Set<Character> = ["s", "f", "z", "h", "c", "x", "v", "j", "t", "k", "p", "q"]

    /// The vowel (or nil for a random neutral one) and whether the onset is fricative, per syllable of `word`.
    private static func syllables(of word: [Character]) -> [(vowel: Character?, fricative: Bool)] {
        var result: [(vowel: Character?, fricative: Bool)] = []
        var previous: Character?
        var inVowel = false
        for character in word {
            let isVowel = vowelFormants[character] != nil
            if isVowel && !inVowel {
                let onset = previous.map { fricatives.contains($0) } ?? false
                result.append((character, onset))
            }
            inVowel = isVowel
            previous = character
        }
        if result.isEmpty {
            // Numbers, initialisms and vowel-less words: about one syllable per three characters.
            let count = min(3, max(1, word.count / 3))
            result = (0..<count).map { index in (nil, index == 0 && word.first.map { fricatives.contains($0) } == true)
            }
        }
        return Array(result.prefix(4))
    }

    /// Plans syllables covering `sampleCount` samples at `sampleRate`, drawing all randomness from `rng`.
    static func plan(text: String, sampleCount: Int, sampleRate: Int, rng: inout SplitMix64) -> [Syllable] {
        let rate = Double(sampleRate)
        let words: [[Character]] = text.lowercased()
            .split { !($0.isLetter || $0.isNumber) }
            .map { Array($0) }
        var plan: [Syllable] = []
        var time = Int(rng.uniform(0.02...0.08) * rate)
        var wordIndex = 0
        var wordsInPhrase = 0
        var phraseLength = rng.integer(4...8)
        while time < sampleCount {
            let parts: [(vowel: Character?, fricative: Bool)]
            if words.isEmpty {
                parts = (0..<rng.integer(1...3)).map { _ in (nil, rng.unit() < 0.3) }
            } else {
                parts = syllables(of: words[wordIndex % words.count])
            }
            for (index, part) in parts.enumerated() where time < sampleCount {
                let length = rate / rng.uniform(3.0...6.0)
                let fricativeLength = part.fricative ? Int(length * rng.uniform(0.2...0.35)) : 0
                let formants: (Double, Double)
                if let vowel = part.vowel, let known = vowelFormants[vowel] {
                    formants = known
                } else {
                    formants = (rng.uniform(350...700), rng.uniform(900...2000))
                }
                let syllable = Syllable(
                    start: time,
                    fricativeLength: fricativeLength,
                    voicedLength: max(1, Int(length) - fricativeLength),
                    firstFormant: formants.0 * rng.uniform(0.92...1.08),
                    secondFormant: formants.1 * rng.uniform(0.92...1.08),
                    loudness: rng.uniform(0.55...1.0) * (index == 0 ? 1.0 : 0.85),
                    pitchAccent: index == 0 ? rng.uniform(5...25) : rng.uniform(-5...8)
                )
                plan.append(syllable)
                time = syllable.end
            }
            wordIndex += 1
            wordsInPhrase += 1
            if wordsInPhrase >= phraseLength || (!words.isEmpty && wordIndex % words.count == 0) {
                time += Int(rate * rng.uniform(0.25...0.45))  // breath between phrases
                wordsInPhrase = 0
                phraseLength = rng.integer(4...8)
            } else {
                time += Int(rate * rng.uniform(0.05...0.15))  // short gap between words
            }
        }
        return plan
    }
}
