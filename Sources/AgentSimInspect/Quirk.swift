import LiveKitMetrics

/// A way a provider or LiveKit counts that a recorded session shows, with the sentence that explains its figures.
public struct Quirk: Sendable, Equatable {
    /// A short stable id (`gemini-turn-index-audio`).
    public var id: String
    /// The session it was seen in.
    public var session: String
    /// What the figures mean, with the figures.
    public var sentence: String
    /// Where the rule is documented.
    public var source: String
    /// The recording's lines that show it.
    public var lines: [Int]

    public init(id: String, session: String, sentence: String, source: String, lines: [Int]) {
        self.id = id
        self.session = session
        self.sentence = sentence
        self.source = source
        self.lines = lines
    }
}

/// Which LiveKit plugin reported an event, read from its label (1.2.18 and 1.8.9 alike) and metadata.
enum Reporter: Equatable {
    case openAIRealtime
    case geminiLive
    case gptLive
    case deepgram
    case other

    init(_ metrics: AgentMetrics) {
        let label: String
        switch metrics {
        case let .realtime(m): label = m.label
        case let .llm(m): label = m.label
        case let .stt(m): label = m.label
        case let .tts(m): label = m.label
        default: label = ""
        }
        if label.contains("gpt_live") {
            self = .gptLive
        } else if label.contains("google") && label.contains("realtime") {
            self = .geminiLive
        } else if label.contains("openai") && label.contains("realtime") {
            self = .openAIRealtime
        } else if label.contains("deepgram") {
            self = .deepgram
        } else {
            self = .other
        }
    }
}

/// The detectors: each looks at one session's events (and snapshots) for one quirk.
enum QuirkDetectors {
    typealias Event = Recording.Event

    /// Realtime responses (not LiveKit's zero-usage connection event) by one reporter.
    static func responses(_ events: [Event], by reporter: Reporter) -> [(line: Int, m: RealtimeModelMetrics)] {
        events.compactMap { event in
            guard case let .realtime(m) = event.metrics, !m.requestId.isEmpty, Reporter(event.metrics) == reporter
            else { return nil }
            return (event.line, m)
        }
    }

    static func all(session: String, events: [Event], snapshots: [Recording.Snapshot]) -> [Quirk] {
        [
            geminiTurnIndexAudio(session, events), geminiNoOutputAudio(session, events),
            cachedOnFirstResponse(session, events), summedSnapshots(session, snapshots),
            gptLiveSecondsBack(session, events),
            deepgramSteps(session, events),
        ].compactMap { $0 }
    }

    /// Gemini 2.0 half-cascade: the prompt is labelled TEXT but for an AUDIO entry equal to the response's index.
    static func geminiTurnIndexAudio(_ session: String, _ events: [Event]) -> Quirk? {
        let responses = responses(events, by: .geminiLive)
        guard responses.count >= 2 else { return nil }
        let audio = responses.map(\.m.inputTokenDetails.audioTokens)
        guard audio == Array(0..<responses.count) else { return nil }
        let total = audio.reduce(0, +), text = responses.reduce(0) { $0 + $1.m.inputTokenDetails.textTokens }
        let terms =
            responses.count > 4 ? "0 + 1 + … + \(responses.count - 1)" : audio.map(String.init).joined(separator: " + ")
        return Quirk(
            id: "gemini-turn-index-audio", session: session,
            sentence:
                "Gemini's half-cascade models label the prompt TEXT but for one AUDIO entry equal to the response's "
                + "index: the \(responses.count) responses report input_audio_tokens \(terms) = \(total), while the "
                + "user's speech, which the model heard, is inside the \(text) input text tokens. The AUDIO figure "
                + "is a label, not the audio heard.",
            source: "livekit/agents#2426; google-genai UsageMetadata.prompt_tokens_details",
            lines: responses.map(\.line))
    }

    /// Half-cascade models speak through text-to-speech after the model: replies are TEXT, never output AUDIO.
    static func geminiNoOutputAudio(_ session: String, _ events: [Event]) -> Quirk? {
        let responses = responses(events, by: .geminiLive)
        guard !responses.isEmpty,
            responses.allSatisfy({ $0.m.outputTokenDetails.audioTokens == 0 }),
            responses.contains(where: { $0.m.outputTokenDetails.textTokens > 0 })
        else { return nil }
        let text = responses.reduce(0) { $0 + $1.m.outputTokenDetails.textTokens }
        return Quirk(
            id: "gemini-no-output-audio", session: session,
            sentence:
                "The spoken replies report no output audio tokens: \(text) output text tokens over "
                + "\(responses.count) responses, the size of their transcripts. On a half-cascade model the speech "
                + "is synthesised after the model and its audio is not counted as output AUDIO.",
            source: "googleapis/python-genai#1342", lines: responses.map(\.line))
    }

    /// The first response of a session already reads from the cache: an earlier session warmed it.
    static func cachedOnFirstResponse(_ session: String, _ events: [Event]) -> Quirk? {
        for event in events {
            let cached: Int
            switch event.metrics {
            case let .realtime(m) where !m.requestId.isEmpty && m.sessionDuration == 0:
                cached = m.inputTokenDetails.cachedTokens
            case let .llm(m):
                cached = m.promptCachedTokens
            default:
                continue
            }
            guard cached > 0 else { return nil }
            return Quirk(
                id: "cached-on-first-response", session: session,
                sentence:
                    "The session's first response already reports \(cached) cached input tokens. Prompt caches are "
                    + "shared by the organisation's requests, not kept per session: an earlier session that sent the "
                    + "same prefix (the same instructions) warmed it.",
                source: "OpenAI prompt-caching guide; Gemini implicit caching", lines: [event.line])
        }
        return nil
    }

    /// `session_usage_updated` carries running totals; summing its snapshots counts the early usage again and again.
    static func summedSnapshots(_ session: String, _ snapshots: [Recording.Snapshot]) -> Quirk? {
        guard snapshots.count >= 2, let last = snapshots.last,
            let entry = last.usage.first(where: { $0["input_tokens"] > 0 || $0["audio_duration"] > 0 })
        else { return nil }
        let field = entry["input_tokens"] > 0 ? "input_tokens" : "audio_duration"
        let summed = snapshots.reduce(0.0) { total, snapshot in
            total
                + (snapshot.usage.first {
                    $0.type == entry.type && $0.model == entry.model && $0.provider == entry.provider
                }?[
                    field] ?? 0)
        }
        func show(_ v: Double) -> String { field == "input_tokens" ? "\(Int(v))" : "\(v) s" }
        return Quirk(
            id: "summed-usage-snapshots", session: session,
            sentence:
                "session_usage_updated carries the session's running totals, not increments: its \(snapshots.count) "
                + "snapshots here sum to \(field) \(show(summed)) for \(entry.model), while the session used "
                + "\(show(entry[field])) (the last snapshot). A collector that adds the snapshots up over-counts; "
                + "keep the last snapshot per session, or sum the metrics_collected events instead.",
            source: "livekit-agents 1.8.9 voice/events.py SessionUsageUpdatedEvent (AgentSession.usage)",
            lines: snapshots.map(\.line))
    }

    /// GPT-Live's cumulative seconds, turned into deltas by LiveKit, stall or go back.
    static func gptLiveSecondsBack(_ session: String, _ events: [Event]) -> Quirk? {
        let deltas = events.compactMap { event -> (line: Int, seconds: Double)? in
            guard case let .realtime(m) = event.metrics, Reporter(event.metrics) == .gptLive else { return nil }
            return (event.line, m.sessionDuration)
        }
        guard let first = deltas.firstIndex(where: { $0.seconds > 0 }),
            let stall = deltas[first...].firstIndex(where: { $0.seconds == 0 })
        else { return nil }
        let sum = deltas.reduce(0) { $0 + $1.seconds }
        return Quirk(
            id: "gpt-live-seconds-back", session: session,
            sentence:
                "GPT-Live reports cumulative seconds and LiveKit 1.8.9 emits max(0, seconds − previous) as "
                + "session_duration. A snapshot at or below the one before gives 0 here (line "
                + "\(deltas[stall].line)), and the next delta counts again the seconds it went back: the "
                + "session_duration sum, \(sum) s, can exceed the session's length.",
            source: "livekit-agents 1.8.9 llm/_realtime/gpt_live.py (session.usage.updated, session.closed)",
            lines: deltas.map(\.line))
    }

    /// Deepgram's streaming STT reports usage every 5 s of audio pushed, and the rest at close.
    static func deepgramSteps(_ session: String, _ events: [Event]) -> Quirk? {
        let reports = events.compactMap { event -> (line: Int, seconds: Double)? in
            guard case let .stt(m) = event.metrics, Reporter(event.metrics) == .deepgram else { return nil }
            return (event.line, m.audioDuration)
        }
        let steps = reports.filter { $0.seconds == 5 }
        guard steps.count >= 2 else { return nil }
        let total = reports.reduce(0) { $0 + $1.seconds }
        return Quirk(
            id: "deepgram-five-second-steps", session: session,
            sentence:
                "Deepgram's streaming STT reports audio_duration in 5-second steps of audio pushed (\(steps.count) "
                + "reports of 5.0 s here) and the rest when the stream closes: \(total) s in all, which is the audio "
                + "streamed, silence included, not the user's speech.",
            source: "livekit-plugins-deepgram 1.8.9 stt.py (the 5 s usage period)", lines: reports.map(\.line))
    }
}
