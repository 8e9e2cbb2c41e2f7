import AgentSimAudio
import Foundation
import Testing

/// Speech synthesised a block at a time and encoded on two threads, clips asked for ahead, and the timing clips of
/// runs that write no audio: each must give exactly what the plain, whole-array path gives.
struct ConcurrentEncodingTests {
    static let text = "Streaming synthesis must match the whole array, sample for sample."

    @Test func streamInAnyBlockSizeEqualsTheWholeArray() {
        // 3.3 s at 16 kHz = 52800 samples; blocks of 1, 31, 32, 33 and 5000 samples cut syllables, voiced blocks
        // (32 samples) and fricatives at every kind of place.
        let whole = SpeechSynthesizer.synthesize(text: Self.text, seconds: 3.3, seed: 5, sampleRate: 16000)
        #expect(whole.count == 52800)
        for blockSize in [1, 31, 32, 33, 5000] {
            var stream = SpeechStream(text: Self.text, seconds: 3.3, seed: 5, sampleRate: 16000)
            var samples: [Int16] = []
            var block = [Int16](repeating: 0, count: blockSize)
            while !stream.isFinished {
                let filled = block.withUnsafeMutableBufferPointer { stream.fill($0) }
                samples.append(contentsOf: block[0..<filled])
            }
            #expect(samples == whole, "block size \(blockSize)")
        }
    }

    @Test func pipelinedEncodingEqualsEncodingTheWholeArray() throws {
        // 7.37 s at 48 kHz, 20 ms frames: 353760 samples = 368.5 frames → 369 packets, the last one zero-padded.
        // Long enough (over 50 frames) to be synthesised on a thread of its own while it is encoded.
        let settings = AudioSettings()
        let clip = try ClipCache().clip(.speech(text: Self.text, seconds: 7.37, seed: 11), settings: settings)
        let pcm = SpeechSynthesizer.synthesize(text: Self.text, seconds: 7.37, seed: 11, sampleRate: 48000)
        let plain = try OpusEncoder(settings: settings).encode(pcm)
        #expect(clip.packets.count == 369)
        #expect(clip.packets == plain)
        // 40 ms frames at 16 kHz: 117920 samples / 640 = 184.25 → 185 packets.
        let other = AudioSettings(sampleRate: 16000, frameMilliseconds: 40, dtx: true)
        let clip40 = try ClipCache().clip(.speech(text: Self.text, seconds: 7.37, seed: 11), settings: other)
        let pcm16 = SpeechSynthesizer.synthesize(text: Self.text, seconds: 7.37, seed: 11, sampleRate: 16000)
        #expect(clip40.packets.count == 185)
        #expect(clip40.packets == (try OpusEncoder(settings: other).encode(pcm16)))
    }

    @Test func prefetchedClipsAreTheClipsAskedForInTurn() throws {
        let settings = AudioSettings(sampleRate: 24000)
        let sources: [ClipSource] = [
            .speech(text: "first line", seconds: 2.5, seed: 1), .speech(text: "second line", seconds: 1.1, seed: 2),
            .silence(seconds: 0.5), .speech(text: "third line", seconds: 3.0, seed: 3),
        ]
        let ahead = ClipCache()
        ahead.prefetch(sources, settings: settings)
        ahead.prefetch(sources, settings: settings)  // already under way or done: nothing more to make
        let fresh = ClipCache()
        for source in sources {
            #expect(try ahead.clip(source, settings: settings) == fresh.clip(source, settings: settings))
        }
        // Each source made once however many times it was asked for (by a worker, or by the request that found it
        // still queued): 4 made.
        #expect(ahead.statistics.misses == 4)
        #expect(ahead.count == 4)
    }

    @Test func aFailedPrefetchFailsTheRequestAgainAndIsNotKept() throws {
        let cache = ClipCache()
        let path = "/nonexistent/agentsim/prefetched.wav"
        cache.prefetch([.recording(path: path)], settings: AudioSettings())
        let error = try #require(throws: AudioError.self) {
            try cache.clip(.recording(path: path), settings: AudioSettings())
        }
        #expect(error.message.hasPrefix(path + ": "))
        #expect(cache.count == 0)
    }

    @Test func timingClipsHaveTheFramesOfTheEncodedClip() throws {
        let settings = AudioSettings()
        let cache = ClipCache()
        // 2.37 s at 48 kHz = 113760 samples / 960 = 118.5 → 119 packets of 20 ms = 2.38 s.
        let speech = ClipSource.speech(text: Self.text, seconds: 2.37, seed: 3)
        let timing = try cache.timingClip(speech, settings: settings)
        let real = try cache.clip(speech, settings: settings)
        #expect(timing.packets.count == 119)
        #expect(timing.sampleCount == real.sampleCount)
        #expect(timing.duration == 2.38)
        // A barge-in after 1.01 s: ceil(1.01 / 0.02) = 51 packets on both.
        #expect(timing.prefix(seconds: 1.01).packets.count == 51)
        #expect(timing.prefix(seconds: 1.01).sampleCount == real.prefix(seconds: 1.01).sampleCount)
        // Silence: 0.75 s → 37.5 → 38 frames, as the encoded silence test derives.
        #expect(try cache.timingClip(.silence(seconds: 0.75), settings: settings).packets.count == 38)
        // Nothing to say: no packets.
        #expect(try cache.timingClip(.speech(text: "x", seconds: 0, seed: 1), settings: settings).packets.isEmpty)
    }

    @Test func timingClipsAreSharedByLengthNotWords() throws {
        let cache = ClipCache()
        let settings = AudioSettings(sampleRate: 16000)
        // 1.3 s and 1.29 s at 16 kHz, 20 ms: 20800 and 20640 samples, both 65 frames; 1.31 s is 66.
        let a = try cache.timingClip(.speech(text: "one thing", seconds: 1.3, seed: 1), settings: settings)
        let b = try cache.timingClip(.speech(text: "another thing", seconds: 1.29, seed: 9), settings: settings)
        let c = try cache.timingClip(.speech(text: "one thing", seconds: 1.31, seed: 1), settings: settings)
        #expect(a == b)
        #expect(a.packets.count == 65)
        #expect(c.packets.count == 66)
        #expect(cache.count == 2)
        #expect(cache.statistics == (hits: 1, misses: 2))
    }

    @Test func timingClipsRefuseWhatEncodingRefuses() throws {
        let cache = ClipCache()
        for (source, settings) in [
            (ClipSource.speech(text: "x", seconds: .infinity, seed: 0), AudioSettings()),
            (.silence(seconds: 1), AudioSettings(sampleRate: 44100)),
            (.speech(text: "x", seconds: 4000, seed: 0), AudioSettings()),
            (.recording(path: "/nonexistent/agentsim/timing.wav"), AudioSettings()),
        ] {
            let encoding = try #require(throws: AudioError.self) { try ClipCache().clip(source, settings: settings) }
            let timing = try #require(throws: AudioError.self) { try cache.timingClip(source, settings: settings) }
            #expect(timing == encoding)
        }
        #expect(cache.count == 0)
    }
}
