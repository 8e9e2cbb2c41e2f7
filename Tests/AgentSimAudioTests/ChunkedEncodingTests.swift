import Foundation
import Testing

@testable import AgentSimAudio

/// An utterance longer than a minute is encoded a minute at a time by encoders of their own, each warmed on the second
/// of audio before its chunk (docs/SCENARIOS.md, "Long utterances"): the chunks are fixed by the length alone, so the
/// packets do not depend on how many threads encode them.
struct ChunkedEncodingTests {
    static let text = "A long monologue that goes on past the minute, so it is encoded a minute at a time."

    /// 130 s at 8 kHz in 60 ms frames: 1,040,000 samples / 480 = 2,166.7 → 2,167 packets; a minute is 1,000 frames,
    /// so the chunks are frames 0..<1000, 1000..<2000 and 2000..<2167, and the warm-up is 1,000 ms / 60 = 16 frames.
    static let settings = AudioSettings(sampleRate: 8000, frameMilliseconds: 60)
    static let seconds = 130.0

    @Test func chunksFollowTheRuleWhateverTheThreads() throws {
        let pcm = SpeechSynthesizer.synthesize(text: Self.text, seconds: Self.seconds, seed: 3, sampleRate: 8000)
        #expect(pcm.count == 1_040_000)
        let stream = SpeechStream(text: Self.text, seconds: Self.seconds, seed: 3, sampleRate: 8000)
        let byThreads = try [1, 2, 3].map { workers in
            try SpeechEncoding.chunkedPackets(
                of: stream, first: OpusEncoder(settings: Self.settings), frameCount: 2167, workers: workers)
        }
        #expect(byThreads[0].count == 2167)
        #expect(byThreads[1] == byThreads[0], "two threads")
        #expect(byThreads[2] == byThreads[0], "three threads")
        // The public path (ClipCache) gives the same packets.
        let clip = try ClipCache().clip(
            .speech(text: Self.text, seconds: Self.seconds, seed: 3), settings: Self.settings)
        #expect(clip.packets == byThreads[0], "ClipCache")
        // Chunk 0 is the plain encoding of its frames; chunk k is a fresh encoder's packets for frames
        // 1000k - 16 ..< 1000(k + 1), the first 16 dropped.
        let plain = try OpusEncoder(settings: Self.settings).encode(Array(pcm[0..<480_000]))
        #expect(Array(byThreads[0][0..<1000]) == plain, "chunk 0")
        for (chunk, end) in [(1, 2000), (2, 2167)] {
            let warmStart = chunk * 1000 - 16
            let samples = Array(pcm[(warmStart * 480)..<min(pcm.count, end * 480)])
            let fresh = try OpusEncoder(settings: Self.settings).encode(samples)
            let same = Array(byThreads[0][(chunk * 1000)..<end]) == Array(fresh.dropFirst(16))
            #expect(same, "chunk \(chunk)")
        }
        // Not the plain encoding of the whole utterance past the first chunk: a different encoder state.
        let whole = try OpusEncoder(settings: Self.settings).encode(pcm)
        #expect(whole.count == 2167)
        let differs = Array(whole[1000..<2167]) != Array(byThreads[0][1000..<2167])
        #expect(differs, "past the first chunk")
    }

    @Test func theWarmUpHidesTheJoin() throws {
        // Decoded, the chunked stream is as close to the synthesised audio in the 0.5 s after each join as the
        // plain, one-encoder stream is: its error energy there at most 1.5× the plain one's. A chunk shifted by a
        // frame, or one that kept its warm-up packets (16 frames late), would be far off.
        let pcm = SpeechSynthesizer.synthesize(text: Self.text, seconds: Self.seconds, seed: 3, sampleRate: 8000)
        let chunked = try ClipCache().clip(
            .speech(text: Self.text, seconds: Self.seconds, seed: 3), settings: Self.settings
        ).packets
        let plain = try OpusEncoder(settings: Self.settings).encode(pcm)
        func errorEnergy(_ packets: [[UInt8]], from sample: Int) throws -> Double {
            let decoder = try OpusDecoder(sampleRate: 8000)
            var decoded: [Int16] = []
            for packet in packets { decoded += try decoder.decode(packet) }
            // The decoder's output lags the input by the encoder's look-ahead.
            let lag = try OpusEncoder(settings: Self.settings).lookahead
            var sum = 0.0
            for index in sample..<(sample + 4000) {
                let difference = Double(decoded[index + lag]) - Double(pcm[index])
                sum += difference * difference
            }
            return sum
        }
        for join in [480_000, 960_000] {
            let plainError = try errorEnergy(plain, from: join)
            #expect(try errorEnergy(chunked, from: join) <= 1.5 * plainError, "join at sample \(join)")
        }
    }
}
