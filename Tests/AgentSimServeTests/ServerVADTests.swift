import Testing

@testable import AgentSimServe

/// The server VAD on hand-made audio: OpenAI's documented defaults (threshold 0.5, prefix 300 ms, silence 500 ms)
/// over 10 ms windows at 24 kHz.
@Suite struct ServerVADTests {
    /// 1 s of silence, 0.5 s of a loud square wave (±8000, about -12 dBFS, far over the -35 dBFS gate), 1 s of
    /// silence. Speech is detected in the window that starts at 1.0 s, so audio_start is 1.0 s - 300 ms = 0.7 s
    /// (16,800 samples); the last voiced window ends at 1.5 s, and 500 ms of silence later, at 2.0 s, speech stops
    /// with audio_end = 1.5 s + 0.5 s = 2.0 s (48,000 samples).
    @Test func onsetAndEndFollowOpenAIsDefinitions() {
        var vad = ServerVAD(settings: .init(), sampleRate: 24_000)
        let silence = [Int16](repeating: 0, count: 24_000)
        let tone = (0..<12_000).map { $0 % 48 < 24 ? Int16(8000) : Int16(-8000) }
        var events = vad.feed(silence)
        #expect(events.isEmpty)
        events = vad.feed(tone)
        #expect(events == [.speechStarted(audioStart: 16_800)])
        events = vad.feed(silence)
        #expect(events == [.speechStopped(audioEnd: 48_000)])
    }

    /// Gaps shorter than the silence duration (here 200 ms inside a 500 ms setting) keep one turn; a level under the
    /// gate (±10, about -70 dBFS) is never speech.
    @Test func shortGapsKeepOneTurnAndQuietIsSilence() {
        var vad = ServerVAD(settings: .init(), sampleRate: 24_000)
        let tone = (0..<4_800).map { $0 % 48 < 24 ? Int16(8000) : Int16(-8000) }
        let gap = [Int16](repeating: 0, count: 4_800)
        let quiet = (0..<24_000).map { $0 % 48 < 24 ? Int16(10) : Int16(-10) }
        var events = vad.feed(quiet)
        #expect(events.isEmpty)
        events = vad.feed(tone + gap + tone + quiet)
        // Onset at 1.0 s (24,000) less 300 ms = 16,800; speech ends at 1.0 + 0.2 + 0.2 + 0.2 = 1.6 s (38,400), and
        // the turn ends at 1.6 + 0.5 = 2.1 s (50,400).
        #expect(events == [.speechStarted(audioStart: 16_800), .speechStopped(audioEnd: 50_400)])
    }
}
