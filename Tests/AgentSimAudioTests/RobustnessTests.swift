import AgentSimAudio
import Foundation
import Testing

/// Damaged files must throw ``AudioError`` — never crash, never silently return partial audio.
struct RobustnessTests {
    /// Writes `bytes` to `path` and reports whether reading it threw an AudioError naming the path.
    static func throwsNamingPath(_ bytes: [UInt8], at path: String) throws -> Bool {
        try writeFile(bytes, to: path)
        do {
            _ = try AudioFileReader.readPCM(path: path, sampleRate: 16000)
            return false
        } catch {
            return error.message.hasPrefix(path + ": ")
        }
    }

    @Test func everyProperPrefixOfAWAVFileThrows() throws {
        let directory = try TemporaryDirectory()
        let pcm = SpeechSynthesizer.synthesize(text: "prefix", seconds: 0.05, seed: 2, sampleRate: 16000)
        let valid = WAVWriter.file(
            channels: 1, sampleRate: 16000, bitsPerSample: 16,
            extraChunks: [("LIST", Array("INFOabc".utf8))], data: WAVWriter.pcm16(pcm))
        let path = directory.file("cut.wav")
        // Every length from 0 up to (but excluding) the full 1600 + 60 bytes.
        let survivors = try (0..<valid.count).filter { try !Self.throwsNamingPath(Array(valid.prefix($0)), at: path) }
        #expect(survivors.isEmpty, "prefix lengths read without error: \(survivors.prefix(10))")
        #expect(try !Self.throwsNamingPath(valid, at: path))
    }

    @Test func everyProperPrefixAndEverySingleByteFlipOfAnOggFileThrows() throws {
        let directory = try TemporaryDirectory()
        var track = TrackBuilder(settings: AudioSettings(sampleRate: 16000, frameMilliseconds: 60))
        try track.append(ClipCache().clip(.speech(text: "ogg", seconds: 0.3, seed: 3), settings: track.settings))
        let valid = try track.oggOpusBytes(serialNumber: 5)
        let path = directory.file("cut.opus")
        let step = max(1, valid.count / 150)  // ~150 cut points and ~150 flipped bytes keep this well under a second
        let cutSurvivors = try stride(from: 0, to: valid.count, by: step).filter {
            try !Self.throwsNamingPath(Array(valid.prefix($0)), at: path)
        }
        #expect(cutSurvivors.isEmpty, "prefix lengths read without error: \(cutSurvivors.prefix(10))")
        // Ogg pages carry a CRC-32, so any single flipped byte is detected.
        let flipSurvivors = try stride(from: 0, to: valid.count, by: step).filter { index in
            var damaged = valid
            damaged[index] ^= 0x01
            return try !Self.throwsNamingPath(damaged, at: path)
        }
        #expect(flipSurvivors.isEmpty, "flipped offsets read without error: \(flipSurvivors.prefix(10))")
        #expect(try !Self.throwsNamingPath(valid, at: path))
    }

    @Test func randomlyCorruptedWAVHeadersNeverCrash() throws {
        let directory = try TemporaryDirectory()
        let valid = WAVWriter.file(
            formatTag: 1, channels: 2, sampleRate: 22050, bitsPerSample: 16, extensible: true,
            data: WAVWriter.pcm16([Int16](repeating: 100, count: 400)))
        let path = directory.file("fuzz.wav")
        var generator = SplitMixForTests(seed: 1234)
        var outcomes = (thrown: 0, read: 0)
        for _ in 0..<300 {
            var damaged = valid
            for _ in 0..<3 {
                damaged[Int(generator.next() % 68)] = UInt8(truncatingIfNeeded: generator.next())  // header bytes only
            }
            try writeFile(damaged, to: path)
            do {
                let samples = try AudioFileReader.readPCM(path: path, sampleRate: 16000)
                #expect(samples.count < 100_000)
                outcomes.read += 1
            } catch {
                #expect(error.message.hasPrefix(path + ": "))
                outcomes.thrown += 1
            }
        }
        #expect(outcomes.thrown + outcomes.read == 300)
        #expect(outcomes.thrown > 0)
    }
}

/// Deterministic generator for the fuzz test (the library's PRNG is internal).
struct SplitMixForTests: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
