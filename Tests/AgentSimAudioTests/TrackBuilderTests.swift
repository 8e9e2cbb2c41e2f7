import AgentSimAudio
import Foundation
import Testing

/// A track layout with its hand-derived packet count and 48 kHz length.
struct TrackCase: Sendable, CustomTestStringConvertible {
    var sampleRate: Int
    var frameMilliseconds: Int
    var dtx: Bool
    var expectedPackets: Int
    var expectedDuration: Double

    var testDescription: String { "\(sampleRate) Hz, \(frameMilliseconds) ms, dtx \(dtx)" }
    var settings: AudioSettings {
        AudioSettings(sampleRate: sampleRate, frameMilliseconds: frameMilliseconds, dtx: dtx)
    }
    var expectedSamples48k: Int { Int((expectedDuration * 48000).rounded()) }
}

struct TrackBuilderTests {
    /// Timeline used by every case: silence to 0.5 s, a 1 s speech clip, silence to 2.013 s, the first 0.3 s of the
    /// clip, a no-op silence to 1.0 s (already past), silence to 3.05 s.
    static func buildTrack(_ settings: AudioSettings) throws -> TrackBuilder {
        let clip = try ClipCache().clip(
            .speech(text: "sure, I can help with that", seconds: 1.0, seed: 21), settings: settings)
        var track = TrackBuilder(settings: settings)
        try track.appendSilence(until: 0.5)
        track.append(clip)
        try track.appendSilence(until: 2.013)
        track.append(clip.prefix(seconds: 0.3))
        try track.appendSilence(until: 1.0)
        try track.appendSilence(until: 3.05)
        return track
    }

    static let cases: [TrackCase] = [
        // 20 ms: 0.5/0.02 = 25 → 0.5 s; clip 50 → 1.5 s; 0.513/0.02 = 25.65 → 26 → 2.02 s; prefix 15 → 2.32 s;
        // 0.73/0.02 = 36.5 → 37 → 3.06 s. 25+50+26+15+37 = 153 packets, 3.06 s = 146880 samples at 48 kHz.
        TrackCase(sampleRate: 48000, frameMilliseconds: 20, dtx: false, expectedPackets: 153, expectedDuration: 3.06),
        TrackCase(sampleRate: 48000, frameMilliseconds: 20, dtx: true, expectedPackets: 153, expectedDuration: 3.06),
        // 60 ms: 0.5/0.06 = 8.33 → 9 → 0.54 s; clip 16000/960 = 16.67 → 17 → 1.56 s; 0.453/0.06 = 7.55 → 8 → 2.04 s;
        // prefix 0.3/0.06 = 5 → 2.34 s; 0.71/0.06 = 11.83 → 12 → 3.06 s. 9+17+8+5+12 = 51 packets.
        TrackCase(sampleRate: 16000, frameMilliseconds: 60, dtx: true, expectedPackets: 51, expectedDuration: 3.06),
        // 10 ms: 50 → 0.5 s; clip 100 → 1.5 s; 0.513/0.01 = 51.3 → 52 → 2.02 s; prefix 30 → 2.32 s; 0.73/0.01 = 73 → 3.05 s.
        // 50+100+52+30+73 = 305 packets, 3.05 s = 146400 samples.
        TrackCase(sampleRate: 8000, frameMilliseconds: 10, dtx: false, expectedPackets: 305, expectedDuration: 3.05),
    ]

    @Test(arguments: cases)
    func oggFileIsValidAndHasTheTrackDuration(_ scenario: TrackCase) throws {
        let track = try Self.buildTrack(scenario.settings)
        #expect(track.packets.count == scenario.expectedPackets)
        #expect(track.duration == scenario.expectedDuration)
        #expect(track.sampleCount48k == scenario.expectedSamples48k)

        let directory = try TemporaryDirectory()
        let path = directory.file("agent.ogg")
        try track.writeOggOpus(to: path)
        // Only the final file remains: the temporary file was renamed, not left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["agent.ogg"])

        let info = try runTool("/usr/bin/opusinfo", [path])
        #expect(info.status == 0, "\(info.output)")
        #expect(!info.output.contains("WARNING"), "\(info.output)")
        // opusinfo prints whole milliseconds, truncating (3.05 s shows as 0m:03.049s), so allow one display unit.
        let reported = try #require(Self.playbackLength(info.output), "\(info.output)")
        #expect(abs(reported - scenario.expectedDuration) < 0.0011, "opusinfo says \(reported) s")
        #expect(info.output.contains("Original sample rate: \(scenario.sampleRate) Hz"))

        // opusdec trims pre-skip and the end per the granule positions: 2 bytes per 48 kHz sample.
        let raw = directory.file("decoded.raw")
        let decode = try runTool("/usr/bin/opusdec", ["--quiet", "--rate", "48000", path, raw])
        #expect(decode.status == 0, "\(decode.output)")
        let rawSize = try #require(try FileManager.default.attributesOfItem(atPath: raw)[.size] as? Int)
        #expect(rawSize == 2 * scenario.expectedSamples48k)
    }

    /// Seconds from opusinfo's "Playback length: 0m:03.060s" line (also handles an hours field).
    static func playbackLength(_ output: String) -> Double? {
        guard let line = output.split(separator: "\n").first(where: { $0.contains("Playback length:") }) else {
            return nil
        }
        let value = line.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces)
        var seconds = 0.0
        for field in value.split(separator: ":") {
            guard let unit = field.last, let number = Double(field.dropLast()) else { return nil }
            switch unit {
            case "h": seconds += number * 3600
            case "m": seconds += number * 60
            case "s": seconds += number
            default: return nil
            }
        }
        return seconds
    }

    @Test func headersAndGranulesFollowRFC7845() throws {
        let settings = AudioSettings(sampleRate: 16000, frameMilliseconds: 20)
        let track = try Self.buildTrack(settings)
        let directory = try TemporaryDirectory()
        let path = directory.file("user.ogg")
        try track.writeOggOpus(to: path)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let pages = try #require(OggPage.parse(bytes))
        #expect(pages.count >= 3)

        // Page 0: OpusHead alone, BOS. Lookahead at 16 kHz is 104 samples → 104 × 3 = 312 at 48 kHz.
        let head = pages[0].body
        #expect(pages[0].beginsStream)
        #expect(head.count == 19)
        #expect(Array(head[0..<8]) == Array("OpusHead".utf8))
        #expect(head[8] == 1)  // version
        #expect(head[9] == 1)  // channels
        #expect(littleEndian(head[10..<12]) == 312)  // pre-skip
        #expect(littleEndian(head[12..<16]) == 16000)
        #expect(head[16] == 0 && head[17] == 0 && head[18] == 0)  // gain 0, mapping family 0

        // Page 1: OpusTags alone with the vendor string and zero comments.
        let tags = pages[1].body
        #expect(Array(tags[0..<8]) == Array("OpusTags".utf8))
        let vendorLength = littleEndian(tags[8..<12])
        let vendor = String(decoding: tags[12..<(12 + vendorLength)], as: UTF8.self)
        #expect(vendor.hasPrefix("agentsim libopus libopus 1."))
        #expect(tags.count == 12 + vendorLength + 4)
        #expect(tags.suffix(4).allSatisfy { $0 == 0 })
        #expect(pages[0].granulePosition == 0 && pages[1].granulePosition == 0)

        // Data pages: granules never decrease; only the last page is EOS and its granule is pre-skip + 3.06 s × 48000
        // = 312 + 146880 = 147192, so the playback length is exactly the track duration.
        let data = pages.dropFirst(2)
        let granules = data.map(\.granulePosition).filter { $0 >= 0 }
        #expect(granules == granules.sorted())
        #expect(data.filter(\.endsStream).count == 1)
        let last = try #require(pages.last)
        #expect(last.endsStream)
        #expect(last.granulePosition == 147_192)
        #expect(Set(pages.map(\.serialNumber)).count == 1)
        #expect(pages.map(\.sequenceNumber) == (0..<UInt32(pages.count)).map { $0 })
    }

    @Test func dtxMakesSilentTracksSmaller() throws {
        // 10 s of pure silence at 48 kHz / 20 ms = 500 frames either way; DTX packets are 1 byte instead of ~25.
        var plain = TrackBuilder(settings: AudioSettings(dtx: false))
        var dtx = TrackBuilder(settings: AudioSettings(dtx: true))
        try plain.appendSilence(until: 10)
        try dtx.appendSilence(until: 10)
        #expect(plain.packets.count == 500)
        #expect(dtx.packets.count == 500)
        #expect(plain.duration == 10 && dtx.duration == 10)
        #expect(dtx.packets.allSatisfy { $0.count <= 2 })
        let plainBytes = try plain.oggOpusBytes(serialNumber: 1).count
        let dtxBytes = try dtx.oggOpusBytes(serialNumber: 1).count
        #expect(dtxBytes * 4 < plainBytes)
    }

    @Test func emptyTrackIsAValidZeroLengthFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("empty.ogg")
        try TrackBuilder(settings: AudioSettings()).writeOggOpus(to: path)
        let info = try runTool("/usr/bin/opusinfo", [path])
        #expect(info.status == 0, "\(info.output)")
        #expect(Self.playbackLength(info.output) == 0, "\(info.output)")
        #expect(try AudioFileReader.readPCM(path: path, sampleRate: 48000).isEmpty)
    }

    @Test func silencePaddingUsesWholeFramesWithTolerance() throws {
        var track = TrackBuilder(settings: AudioSettings(frameMilliseconds: 40))
        // 1.2 s / 0.04 = 30 frames (1e-9 tolerance: 1.2 is not exactly representable).
        try track.appendSilence(until: 1.2)
        #expect(track.packets.count == 30)
        #expect(track.duration == 1.2)
        try track.appendSilence(until: 1.2 + 1e-10)  // within tolerance → no-op
        #expect(track.packets.count == 30)
        try track.appendSilence(until: 1.2001)  // → one more 40 ms frame
        #expect(track.packets.count == 31)
        #expect(track.duration == 1.24)
        // 0.28 s × 48000 = 13440.000000000002 in Double; without the tolerance that would need 8 frames of 40 ms, not 7.
        var short = TrackBuilder(settings: AudioSettings(frameMilliseconds: 40))
        try short.appendSilence(until: 0.28)
        #expect(short.packets.count == 7)
        #expect(short.duration == 0.28)
        #expect(throws: AudioError.self) { try track.appendSilence(until: .infinity) }
        #expect(throws: AudioError.self) { try track.appendSilence(until: 1e300) }
    }

    @Test func writeFailureNamesThePath() throws {
        let path = "/nonexistent-agentsim-dir/track.ogg"
        let error = try #require(throws: AudioError.self) {
            try TrackBuilder(settings: AudioSettings()).writeOggOpus(to: path)
        }
        #expect(error.message.hasPrefix(path + ": "))
    }
}
