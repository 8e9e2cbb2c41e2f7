/// One planned syllable of synthetic speech: an optional noisy (fricative) onset followed by a voiced nucleus.
struct Syllable: Sendable, Equatable {
    /// First sample of the syllable (the fricative onset, if any, starts here).
    var start: Int
    /// Samples of fricative noise before the voiced part (0 for none).
    var fricativeLength: Int
    /// Samples of the voiced nucleus.
    var voicedLength: Int
    /// First formant of the vowel, in Hz.
    var firstFormant: Double
    /// Second formant of the vowel, in Hz.
    var secondFormant: Double
    /// Peak amplitude multiplier, roughly 0.55...1.
    var loudness: Double
    /// Pitch rise (Hz) at the middle of the nucleus, modelling stress.
    var pitchAccent: Double

    /// One past the last sample of the syllable.
    var end: Int { start + fricativeLength + voicedLength }
}
