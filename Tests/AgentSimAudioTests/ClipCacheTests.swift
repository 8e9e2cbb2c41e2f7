import AgentSimAudio
import Testing

struct ClipCacheTests {
    @Test func secondRequestIsAHit() throws {
        let cache = ClipCache()
        let settings = AudioSettings(sampleRate: 16000)
        let source = ClipSource.speech(text: "cached hello", seconds: 1.3, seed: 8)
        let first = try cache.clip(source, settings: settings)
        #expect(cache.statistics == (hits: 0, misses: 1))
        let second = try cache.clip(source, settings: settings)
        #expect(cache.statistics == (hits: 1, misses: 1))
        #expect(first == second)
        // 1.3 s at 20 ms = 65 frames exactly → 1.3 s.
        #expect(first.packets.count == 65)
        #expect(first.duration == 1.3)

        // Different settings or seed are different entries.
        _ = try cache.clip(source, settings: AudioSettings(sampleRate: 16000, dtx: true))
        _ = try cache.clip(.speech(text: "cached hello", seconds: 1.3, seed: 9), settings: settings)
        #expect(cache.statistics == (hits: 1, misses: 3))
        #expect(cache.count == 3)
    }

    @Test func silenceSourceIsEncodedSilence() throws {
        let cache = ClipCache()
        // 0.75 s at 48 kHz = 36000 samples / 960 = 37.5 → 38 frames → 0.76 s.
        let clip = try cache.clip(.silence(seconds: 0.75), settings: AudioSettings())
        #expect(clip.packets.count == 38)
        #expect(clip.duration == 0.76)
        let decoder = try OpusDecoder(sampleRate: 48000)
        for packet in clip.packets {
            #expect(try decoder.decode(packet).allSatisfy { abs(Int($0)) < 64 })
        }
    }

    @Test func concurrentRequestsShareClips() async throws {
        let cache = ClipCache()
        let settings = AudioSettings(sampleRate: 16000, frameMilliseconds: 20)
        let sources = (0..<4).map {
            ClipSource.speech(text: "line \($0)", seconds: 0.5 + Double($0) * 0.1, seed: UInt64($0))
        }
        let results = await withTaskGroup(of: (Int, Clip?).self) { group in
            for request in 0..<32 {
                group.addTask {
                    let index = request % sources.count
                    return (index, try? cache.clip(sources[index], settings: settings))
                }
            }
            var collected: [(Int, Clip?)] = []
            for await result in group { collected.append(result) }
            return collected
        }
        #expect(results.count == 32)
        for index in sources.indices {
            let clips = results.filter { $0.0 == index }.map(\.1)
            #expect(clips.count == 8)
            let first = try #require(clips.first ?? nil)
            #expect(clips.allSatisfy { $0 == first })
            // 0.5, 0.6, 0.7, 0.8 s at 20 ms → 25, 30, 35, 40 packets.
            #expect(first.packets.count == 25 + 5 * index)
        }
        let stats = cache.statistics
        #expect(stats.hits + stats.misses == 32)
        #expect(stats.misses >= 4)
        #expect(cache.count == 4)
    }

    @Test func failuresNameThePathAndAreNotCached() throws {
        let cache = ClipCache()
        let path = "/nonexistent/agentsim/recording.wav"
        let error = try #require(throws: AudioError.self) {
            try cache.clip(.recording(path: path), settings: AudioSettings())
        }
        #expect(error.message.hasPrefix(path + ": "))
        #expect(cache.count == 0)
        #expect(throws: AudioError.self) {
            try cache.clip(.speech(text: "x", seconds: .infinity, seed: 0), settings: AudioSettings())
        }
        #expect(throws: AudioError.self) {
            try cache.clip(.silence(seconds: 1), settings: AudioSettings(sampleRate: 44100))
        }
    }
}
