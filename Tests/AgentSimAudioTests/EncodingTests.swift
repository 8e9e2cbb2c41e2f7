import AgentSimAudio
import COpus
import Testing

/// One encode/decode scenario with its hand-derived frame count.
struct EncodingCase: Sendable, CustomTestStringConvertible {
    var seconds: Double
    var frameMilliseconds: Int
    var sampleRate: Int
    var dtx: Bool
    /// ceil(round(seconds × rate) / samplesPerFrame), worked out by hand below.
    var expectedFrames: Int
    /// expectedFrames × frameMilliseconds / 1000, written out by hand.
    var expectedDuration: Double

    var testDescription: String { "\(seconds) s, \(frameMilliseconds) ms, \(sampleRate) Hz, dtx \(dtx)" }
}

struct EncodingTests {
    static let cases: [EncodingCase] = [
        // 2.41 s × 48000 = 115680 samples; / 960 per frame = 120.5 → 121 frames → 2.42 s.
        EncodingCase(
            seconds: 2.41, frameMilliseconds: 20, sampleRate: 48000, dtx: false, expectedFrames: 121,
            expectedDuration: 2.42),
        // 1.0 s × 8000 = 8000 samples; / 80 = 100 frames exactly → 1.0 s.
        EncodingCase(
            seconds: 1.0, frameMilliseconds: 10, sampleRate: 8000, dtx: false, expectedFrames: 100,
            expectedDuration: 1.0),
        // 0.95 s × 16000 = 15200; / 960 = 15.83 → 16 frames → 0.96 s.
        EncodingCase(
            seconds: 0.95, frameMilliseconds: 60, sampleRate: 16000, dtx: true, expectedFrames: 16,
            expectedDuration: 0.96),
        // 3.3 s × 24000 = 79200; / 960 = 82.5 → 83 frames → 3.32 s.
        EncodingCase(
            seconds: 3.3, frameMilliseconds: 40, sampleRate: 24000, dtx: false, expectedFrames: 83,
            expectedDuration: 3.32),
        // 0.5 s × 12000 = 6000; / 240 = 25 frames → 0.5 s.
        EncodingCase(
            seconds: 0.5, frameMilliseconds: 20, sampleRate: 12000, dtx: true, expectedFrames: 25, expectedDuration: 0.5
        ),
        // 0.001 s × 48000 = 48 samples → one zero-padded 10 ms frame → 0.01 s.
        EncodingCase(
            seconds: 0.001, frameMilliseconds: 10, sampleRate: 48000, dtx: false, expectedFrames: 1,
            expectedDuration: 0.01),
    ]

    @Test(arguments: cases)
    func encodedDurationEqualsDecodedSampleCount(_ scenario: EncodingCase) throws {
        let settings = AudioSettings(
            sampleRate: scenario.sampleRate, frameMilliseconds: scenario.frameMilliseconds, dtx: scenario.dtx)
        let pcm = SpeechSynthesizer.synthesize(
            text: "testing one two three", seconds: scenario.seconds, seed: 42, sampleRate: scenario.sampleRate)
        let clip = try Clip(settings: settings, packets: try OpusEncoder(settings: settings).encode(pcm))
        #expect(clip.packets.count == scenario.expectedFrames)
        #expect(clip.sampleCount == scenario.expectedFrames * settings.samplesPerFrame)
        #expect(clip.duration == scenario.expectedDuration)

        let decoder = try OpusDecoder(sampleRate: scenario.sampleRate)
        var decoded = 0
        for packet in clip.packets {
            let samples = try decoder.decode(packet)
            #expect(samples.count == settings.samplesPerFrame)
            decoded += samples.count
        }
        #expect(decoded == clip.sampleCount)
    }

    @Test func dtxShrinksSilenceButKeepsItsDuration() throws {
        // 2 s of digital silence at 48 kHz / 20 ms = 100 frames either way.
        let silence = [Int16](repeating: 0, count: 96000)
        let plain = try Clip(
            settings: AudioSettings(dtx: false),
            packets: OpusEncoder(settings: AudioSettings(dtx: false)).encode(silence))
        let dtx = try Clip(
            settings: AudioSettings(dtx: true), packets: OpusEncoder(settings: AudioSettings(dtx: true)).encode(silence)
        )
        #expect(plain.packets.count == 100)
        #expect(dtx.packets.count == 100)
        #expect(plain.duration == 2.0)
        #expect(dtx.duration == 2.0)
        // DTX frames are 1–2 bytes once DTX engages (after ~200 ms), plain silence frames are ~25 bytes.
        #expect(dtx.packets.filter { $0.count <= 2 }.count >= 50)
        #expect(dtx.byteCount * 3 < plain.byteCount)
        // Each DTX packet still decodes to a full 20 ms frame (960 samples): 100 × 960 = 96000 = dtx.sampleCount.
        let decoder = try OpusDecoder(sampleRate: 48000)
        var decoded = 0
        for packet in dtx.packets { decoded += try decoder.decode(packet).count }
        #expect(decoded == 96000)
        #expect(dtx.sampleCount == 96000)
    }

    @Test func clipSampleCountMatchesLibopusDirectly() throws {
        // Cross-check Clip.sampleCount against opus_packet_get_nb_samples called here, at 16 kHz with 40 ms frames.
        let settings = AudioSettings(sampleRate: 16000, frameMilliseconds: 40)
        let pcm = SpeechSynthesizer.synthesize(text: "cross check", seconds: 1.0, seed: 3, sampleRate: 16000)
        let clip = try Clip(settings: settings, packets: OpusEncoder(settings: settings).encode(pcm))
        var total = 0
        for packet in clip.packets {
            let count = packet.withUnsafeBufferPointer {
                opus_packet_get_nb_samples($0.baseAddress!, Int32($0.count), 16000)
            }
            #expect(count == 640)  // 40 ms × 16 samples/ms
            total += Int(count)
        }
        // 16000 samples / 640 = 25 frames → 16000 samples.
        #expect(total == 16000)
        #expect(clip.sampleCount == total)
    }

    @Test func emptyInputGivesNoPackets() throws {
        let packets = try OpusEncoder(settings: AudioSettings()).encode([])
        #expect(packets.isEmpty)
        #expect(try Clip(settings: AudioSettings(), packets: packets).duration == 0)
    }

    @Test func invalidSettingsAndPacketsThrow() throws {
        #expect(throws: AudioError.self) { try OpusEncoder(settings: AudioSettings(sampleRate: 44100)) }
        #expect(throws: AudioError.self) { try OpusEncoder(settings: AudioSettings(frameMilliseconds: 25)) }
        #expect(throws: AudioError.self) { try OpusEncoder(settings: AudioSettings(complexity: 11)) }
        #expect(throws: AudioError.self) { try OpusDecoder(sampleRate: 22050) }
        // An empty packet and a code-3 TOC byte without its frame-count byte are both invalid.
        #expect(throws: AudioError.self) { try Clip(settings: AudioSettings(), packets: [[]]) }
        #expect(throws: AudioError.self) { try Clip(settings: AudioSettings(), packets: [[0xFF]]) }
        #expect(throws: AudioError.self) { try OpusDecoder(sampleRate: 48000).decode([]) }
        let error = try #require(throws: AudioError.self) {
            try OpusEncoder(settings: AudioSettings(sampleRate: 44100))
        }
        #expect(error.message.contains("44100"))
    }
}
