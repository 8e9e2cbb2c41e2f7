import AgentSimAudio
import Foundation
import Testing

struct AudioFileReaderTests {
    /// 1 s ramp at 16 kHz: sample i = (i × 7) mod 20001 − 10000, covering negative and positive values.
    static let ramp: [Int16] = (0..<16000).map { Int16(($0 * 7) % 20001 - 10000) }

    @Test func sixteenBitMonoRoundTripsExactly() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("mono16k.wav")
        // An odd-sized LIST chunk before data exercises chunk skipping and the pad byte.
        try writeFile(
            WAVWriter.file(
                channels: 1, sampleRate: 16000, bitsPerSample: 16,
                extraChunks: [("LIST", Array("INFOtest!".utf8))], data: WAVWriter.pcm16(Self.ramp)), to: path)
        let same = try AudioFileReader.readPCM(path: path, sampleRate: 16000)
        #expect(same == Self.ramp)
        // 16000 samples: ×3 → 48000 at 48 kHz, ÷2 → 8000 at 8 kHz, ×1.5 → 24000 at 24 kHz.
        let up = try AudioFileReader.readPCM(path: path, sampleRate: 48000)
        #expect(up.count == 48000)
        #expect(up[0] == Self.ramp[0] && up[3] == Self.ramp[1] && up[300] == Self.ramp[100])
        // Linear interpolation: a third of the way from ramp[1] = -9993 to ramp[2] = -9986 → -9990.67 → -9991.
        #expect(up[4] == -9991)
        #expect(try AudioFileReader.readPCM(path: path, sampleRate: 8000).count == 8000)
        #expect(try AudioFileReader.readPCM(path: path, sampleRate: 24000).count == 24000)
    }

    @Test func stereo44100IsDownmixedAndResampled() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("stereo.wav")
        // 1 s of 44.1 kHz stereo: left 1000, right 3000 → mono 2000 everywhere.
        let frames = 44100
        var interleaved: [Int16] = []
        for _ in 0..<frames { interleaved += [1000, 3000] }
        try writeFile(
            WAVWriter.file(channels: 2, sampleRate: 44100, bitsPerSample: 16, data: WAVWriter.pcm16(interleaved)),
            to: path)
        // round(44100 × 16000 / 44100) = 16000; × 48000 / 44100 = 48000.
        let at16k = try AudioFileReader.readPCM(path: path, sampleRate: 16000)
        #expect(at16k.count == 16000)
        #expect(at16k.allSatisfy { $0 == 2000 })
        #expect(try AudioFileReader.readPCM(path: path, sampleRate: 48000).count == 48000)
        // 0.5 s = 22050 frames at 44.1 kHz → 22050 × 24000 / 44100 = 12000 at 24 kHz.
        let half = directory.file("half.wav")
        try writeFile(
            WAVWriter.file(
                channels: 2, sampleRate: 44100, bitsPerSample: 16,
                data: WAVWriter.pcm16(Array(interleaved.prefix(44100)))), to: half)
        #expect(try AudioFileReader.readPCM(path: half, sampleRate: 24000).count == 12000)
    }

    @Test func otherSampleFormatsDecode() throws {
        let directory = try TemporaryDirectory()
        // 8-bit unsigned: 128 is zero, 192 is +64 × 256 = 16384, 64 is -16384.
        let eight = directory.file("u8.wav")
        try writeFile(WAVWriter.file(channels: 1, sampleRate: 8000, bitsPerSample: 8, data: [128, 192, 64]), to: eight)
        #expect(try AudioFileReader.readPCM(path: eight, sampleRate: 8000) == [0, 16384, -16384])

        // 24-bit, extensible, 3 channels: (0x123456, 0x000100, -0x000100) per frame → (1193046 / 256 + 1 − 1) / 3 = 1553.45 → 1553.
        let twentyFour = directory.file("s24.wav")
        let frame: [UInt8] = [0x56, 0x34, 0x12, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xFF]
        try writeFile(
            WAVWriter.file(channels: 3, sampleRate: 16000, bitsPerSample: 24, extensible: true, data: frame + frame),
            to: twentyFour)
        #expect(try AudioFileReader.readPCM(path: twentyFour, sampleRate: 16000) == [1553, 1553])

        // 32-bit float extensible: 0.5 → 16384, -0.25 → -8192, 2.0 clamps to 32767.
        let float = directory.file("f32.wav")
        var floats: [UInt8] = []
        for value: Float in [0.5, -0.25, 2.0] { WAVWriter.append32(value.bitPattern, to: &floats) }
        try writeFile(
            WAVWriter.file(
                formatTag: 3, channels: 1, sampleRate: 48000, bitsPerSample: 32, extensible: true, data: floats),
            to: float)
        #expect(try AudioFileReader.readPCM(path: float, sampleRate: 48000) == [16384, -8192, 32767])

        // 32-bit integer: 0x40000000 → 16384.
        let thirtyTwo = directory.file("s32.wav")
        var ints: [UInt8] = []
        WAVWriter.append32(0x4000_0000, to: &ints)
        try writeFile(WAVWriter.file(channels: 1, sampleRate: 12000, bitsPerSample: 32, data: ints), to: thirtyTwo)
        #expect(try AudioFileReader.readPCM(path: thirtyTwo, sampleRate: 12000) == [16384])
    }

    @Test func badWAVFilesThrowErrorsNamingThePath() throws {
        let directory = try TemporaryDirectory()
        let valid = WAVWriter.file(channels: 1, sampleRate: 16000, bitsPerSample: 16, data: WAVWriter.pcm16(Self.ramp))
        func failure(_ name: String, _ bytes: [UInt8]) throws -> AudioError {
            let path = directory.file(name)
            try writeFile(bytes, to: path)
            let error = try #require(throws: AudioError.self) {
                try AudioFileReader.readPCM(path: path, sampleRate: 16000)
            }
            #expect(error.message.hasPrefix(path + ": "), "\(error)")
            return error
        }
        #expect(try failure("truncated.wav", Array(valid.prefix(valid.count / 2))).message.contains("truncated"))
        #expect(try failure("header-only.wav", Array(valid.prefix(30))).message.contains("truncated"))
        #expect(try failure("riff-only.wav", Array(valid.prefix(12))).message.contains("no fmt chunk"))
        var generator = SystemRandomNumberGenerator()
        let garbage = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(
            try failure("garbage.wav", Array("JUNK".utf8) + garbage).message.hasSuffix(
                "not a WAV file (no RIFF header)"))
        #expect(try failure("empty.wav", []).message.contains("no RIFF header"))
        #expect(
            try failure(
                "adpcm.wav",
                WAVWriter.file(formatTag: 2, channels: 1, sampleRate: 8000, bitsPerSample: 4, data: [1, 2])
            ).message.contains("Microsoft ADPCM"))
        #expect(try failure("notwave.wav", Array("RIFF\u{4}\0\0\0AVI ".utf8)).message.contains("not WAVE"))
        var badFormat = valid
        badFormat[22] = 0  // zero channels
        #expect(try failure("zero-channels.wav", badFormat).message.contains("0 channels"))

        let missing = directory.file("missing.wav")
        let error = try #require(throws: AudioError.self) {
            try AudioFileReader.readPCM(path: missing, sampleRate: 16000)
        }
        #expect(error.message == "\(missing): cannot open file (No such file or directory)")
        let directoryError = try #require(throws: AudioError.self) {
            try AudioFileReader.readPCM(path: directory.path, sampleRate: 16000)
        }
        #expect(directoryError.message.hasPrefix(directory.path + ": "))
    }

    @Test func oggOpusFromTrackBuilderReadsBack() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("agent.opus")
        let settings = AudioSettings(sampleRate: 24000, frameMilliseconds: 20)
        let clip = try ClipCache().clip(
            .speech(text: "your order has shipped", seconds: 1.0, seed: 4), settings: settings)
        var track = TrackBuilder(settings: settings)
        try track.appendSilence(until: 0.5)
        track.append(clip)
        try track.appendSilence(until: 2.0)
        try track.writeOggOpus(to: path)
        // 0.5 s silence + 1.0 s speech + 0.5 s silence = 2.0 s = 96000 samples at 48 kHz, 32000 at 16 kHz.
        let full = try AudioFileReader.readPCM(path: path, sampleRate: 48000)
        #expect(full.count == 96000)
        #expect(try AudioFileReader.readPCM(path: path, sampleRate: 16000).count == 32000)
        // Speech sits between 0.5 s and 1.5 s; the leading and trailing silence decode (near) silent.
        #expect(rms(full[0..<19200]) < 50)  // 0 – 0.4 s
        #expect(rms(full[26400..<69600]) > 500)  // 0.55 – 1.45 s
        #expect(rms(full[76800..<96000]) < 50)  // 1.6 – 2.0 s
        // The same file through ClipSource.recording re-encodes to 2.0 s at 20 ms = 100 packets.
        let reencoded = try ClipCache().clip(.recording(path: path), settings: AudioSettings())
        #expect(reencoded.packets.count == 100)
        #expect(reencoded.duration == 2.0)
    }

    @Test func badOggFilesThrowErrorsNamingThePath() throws {
        let directory = try TemporaryDirectory()
        var track = TrackBuilder(settings: AudioSettings())
        try track.appendSilence(until: 3)
        try track.append(ClipCache().clip(.speech(text: "ogg", seconds: 2, seed: 1), settings: AudioSettings()))
        let valid = try track.oggOpusBytes(serialNumber: 7)
        func failure(_ name: String, _ bytes: [UInt8]) throws -> AudioError {
            let path = directory.file(name)
            try writeFile(bytes, to: path)
            let error = try #require(throws: AudioError.self) {
                try AudioFileReader.readPCM(path: path, sampleRate: 48000)
            }
            #expect(error.message.hasPrefix(path + ": "), "\(error)")
            return error
        }
        // Cut mid-page, cut after the header pages, flipped byte (CRC mismatch), garbage after the capture pattern.
        #expect(try failure("cut.ogg", Array(valid.prefix(valid.count - 100))).message.contains("truncated"))
        let pages = try #require(OggPage.parse(valid))
        let headerBytes = pages.prefix(2).reduce(0) { $0 + 27 + ($1.body.count + 254) / 255 + $1.body.count }
        #expect(try failure("headers-only.ogg", Array(valid.prefix(headerBytes))).message.contains("end-of-stream"))
        var flipped = valid
        flipped[valid.count / 2] ^= 0x40
        #expect(try failure("flipped.ogg", flipped).message.contains("corrupt"))
        #expect(
            try failure("garbage.ogg", Array("OggS".utf8) + [UInt8](repeating: 0x5A, count: 500)).message.contains(
                "Ogg"))
        #expect(try failure("not-ogg.opus", Array("hello world".utf8)).message.contains("not an Ogg Opus file"))
        // A structurally valid Ogg stream whose first packet is not OpusHead (CRC recomputed) → libopusfile rejects it.
        var notOpus = valid
        notOpus[28 + 7] = UInt8(ascii: "X")  // page 0 has 1 segment, so its body starts at 27 + 1 = 28
        OggPage.fixChecksum(&notOpus, pageAt: 0)
        #expect(OggPage.parse(notOpus)?.first?.body.prefix(8).elementsEqual("OpusHeaX".utf8) == true)
        #expect(try failure("not-opus.ogg", notOpus).message.contains("not a valid Ogg Opus file"))
        #expect(try failure("short.ogg", Array(valid.prefix(20))).message.contains("truncated"))
    }
}
