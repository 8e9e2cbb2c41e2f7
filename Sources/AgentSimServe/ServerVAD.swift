import Foundation

/// OpenAI Realtime's server VAD, computed on the received samples: the same audio always gives the same turns.
///
/// OpenAI documents three knobs (`threshold` 0.5, `prefix_padding_ms` 300, `silence_duration_ms` 500 by default) and
/// two events: `speech_started`, whose `audio_start_ms` is where speech was detected less the prefix padding, and
/// `speech_stopped`, whose `audio_end_ms` is the end of speech plus the silence that ended it; the buffer is then
/// committed as one item holding that stretch. The detector here is an energy gate over 10 ms windows: a window is
/// speech when its RMS level exceeds `-60 dBFS + 50 dB × threshold` (so 0.5 is -35 dBFS, well under the
/// synthesiser's speech at about -24 dBFS RMS and over its silence). Gaps between syllables and words are shorter
/// than the silence duration, so an utterance stays one turn.
public struct ServerVAD: Sendable {
    /// The turn-detection settings a client sends in `session.update` (`audio.input.turn_detection`).
    public struct Settings: Sendable, Equatable {
        public var threshold = 0.5
        public var prefixPaddingMilliseconds = 300
        public var silenceDurationMilliseconds = 500
        public var createResponse = true
        public var interruptResponse = true

        public init() {}
    }

    /// A turn boundary, in samples since the session's first appended sample.
    public enum Event: Sendable, Equatable {
        /// Speech began; the item will start at `audioStart` (the onset less the prefix padding).
        case speechStarted(audioStart: Int)
        /// Speech ended; the item ends at `audioEnd` (the last speech sample plus the silence duration).
        case speechStopped(audioEnd: Int)
    }

    public var settings: Settings
    let sampleRate: Int
    /// Samples per window (10 ms).
    private let window: Int
    /// Samples of the current, incomplete window, and their sum of squares.
    private var pending = 0
    private var energy = 0.0
    /// Samples seen so far (the session's audio clock).
    private(set) var position = 0
    /// While speech is on: where the last speech window ended.
    private var speechEnd: Int?

    /// A detector whose audio clock starts at `position` samples.
    public init(settings: Settings, sampleRate: Int, position: Int = 0) {
        self.settings = settings
        self.sampleRate = sampleRate
        self.position = position
        window = max(1, sampleRate / 100)
    }

    /// True between `speechStarted` and `speechStopped`.
    public var inSpeech: Bool { speechEnd != nil }

    /// The RMS level (as a fraction of full scale) above which a window is speech.
    var gate: Double {
        let db = -60 + 50 * min(1, max(0, settings.threshold))
        return pow(10, db / 20)
    }

    /// Forgets any speech in progress (the buffer was cleared or committed), keeping the audio clock.
    public mutating func reset() {
        speechEnd = nil
    }

    /// Feeds samples; returns the boundaries they complete, in order.
    public mutating func feed(_ samples: some Collection<Int16>) -> [Event] {
        var events: [Event] = []
        let level = gate * 32768
        let threshold = level * level
        let silence = settings.silenceDurationMilliseconds * sampleRate / 1000
        let prefix = settings.prefixPaddingMilliseconds * sampleRate / 1000
        for sample in samples {
            let value = Double(sample)
            energy += value * value
            pending += 1
            position += 1
            guard pending == window else { continue }
            let voiced = energy / Double(window) > threshold
            pending = 0
            energy = 0
            if voiced {
                if speechEnd == nil {
                    events.append(.speechStarted(audioStart: max(0, position - window - prefix)))
                }
                speechEnd = position
            } else if let end = speechEnd, position - end >= silence {
                events.append(.speechStopped(audioEnd: end + silence))
                speechEnd = nil
            }
        }
        return events
    }
}
