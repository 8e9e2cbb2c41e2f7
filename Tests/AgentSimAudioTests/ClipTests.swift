import AgentSimAudio
import Testing

struct ClipTests {
    /// 6 s of speech at 16 kHz / 20 ms: 96000 samples / 320 per frame = 300 packets.
    static func sixSecondClip() throws -> Clip {
        let settings = AudioSettings(sampleRate: 16000, frameMilliseconds: 20)
        let pcm = SpeechSynthesizer.synthesize(text: "a six second answer", seconds: 6, seed: 11, sampleRate: 16000)
        return try Clip(settings: settings, packets: OpusEncoder(settings: settings).encode(pcm))
    }

    @Test func prefixTakesCeilingOfWholeFrames() throws {
        let clip = try Self.sixSecondClip()
        #expect(clip.packets.count == 300)
        #expect(clip.duration == 6.0)

        // 1.2 s / 0.02 s = 60 exactly (the 1e-9 tolerance absorbs 1.2/0.02 = 59.999…) → 60 packets, 60 × 320 samples.
        let heard = clip.prefix(seconds: 1.2)
        #expect(heard.packets.count == 60)
        #expect(heard.sampleCount == 19200)
        #expect(heard.duration == 1.2)
        #expect(heard.packets == Array(clip.packets.prefix(60)))
        #expect(heard.settings == clip.settings)

        // 0.14 / 0.02 and 1.12 / 0.02 evaluate to 7.000000000000001 and 56.00000000000001 in Double; the tolerance
        // keeps them at 7 and 56 packets instead of rounding up to 8 and 57.
        #expect(clip.prefix(seconds: 0.14).packets.count == 7)
        #expect(clip.prefix(seconds: 1.12).packets.count == 56)
        #expect(clip.prefix(seconds: 1.12).duration == 1.12)
        // 1.21 s / 0.02 = 60.5 → 61 packets → 1.22 s.
        #expect(clip.prefix(seconds: 1.21).packets.count == 61)
        #expect(clip.prefix(seconds: 1.21).duration == 1.22)
        // 0.001 s → 1 packet; 0 / negative / NaN → nothing; beyond the end → everything.
        #expect(clip.prefix(seconds: 0.001).packets.count == 1)
        #expect(clip.prefix(seconds: 0).packets.isEmpty)
        #expect(clip.prefix(seconds: 0).sampleCount == 0)
        #expect(clip.prefix(seconds: -3).packets.isEmpty)
        #expect(clip.prefix(seconds: .nan).packets.isEmpty)
        #expect(clip.prefix(seconds: 6) == clip)
        #expect(clip.prefix(seconds: 100) == clip)
        #expect(clip.prefix(seconds: .infinity) == clip)
    }

    @Test func byteCountSumsPacketSizes() throws {
        let clip = try Clip(
            settings: AudioSettings(),
            packets: OpusEncoder(settings: AudioSettings()).encode([Int16](repeating: 0, count: 4800)))
        // 4800 samples at 48 kHz / 960 = 5 frames.
        #expect(clip.packets.count == 5)
        #expect(clip.byteCount == clip.packets.map(\.count).reduce(0, +))
        #expect(clip.byteCount > 5)
    }
}
