import AgentSimAudio

/// The state machine behind `SessionRun`: turns the scenario's turns into timed events.
///
/// Timing (all deterministic): a user utterance lasts its encoded duration; the agent's first audio
/// comes `response_latency` after the previous turn ends; a reply lasts its encoded duration, or
/// stops at the barge-in (`interrupted_after`, rounded up to whole frames) where the next turn
/// starts; a tool call's response takes `tool_call_latency`.
struct SessionEngine: Sendable {
    private let scenario: Scenario
    private let plugin: any ProviderPlugin
    private let clips: ClipCache
    private var provider: (any ProviderSession)?
    var pending: [SessionEvent] = []
    private var nextTurn = 0
    var clock = 0.0
    private var responses = 0
    var userSpokeLast = false
    private var truth = GroundTruth(rates: AudioTokenRates(inputPerSecond: 0, outputPerSecond: 0, billsSilence: false))
    private var started = false
    private var finished = false
    private var tracks: SessionTracks?
    private let idSalt: UInt64
    /// A pipeline session's timeline; nil for a realtime model.
    private let timing: PipelineTiming?
    /// Pipeline state: the text context the next LLM request carries, when the last user turn's end-of-utterance
    /// decision comes, its speech id, and the request and segment counters.
    var context: [ContextItem] = []
    var lastEndOfUtterance: Double?
    var speechID: String?
    var speechOpen = false
    var speechIDs: SeededGenerator
    var requests = 0
    var segments = 0
    private let organisation: OrganisationHistory
    /// Turns before this one have had their clips asked for ahead (``prefetchClips(after:)``).
    private var prefetched = 0

    init(
        scenario: Scenario, plugin: any ProviderPlugin, clips: ClipCache, recordsTracks: Bool, idSalt: UInt64 = 0,
        organisation: OrganisationHistory = .none
    ) {
        self.scenario = scenario
        self.plugin = plugin
        self.clips = clips
        self.idSalt = idSalt
        timing = plugin.pipelineTiming
        speechIDs = SeededGenerator(seed: scenario.seed ^ idSalt, salt: "speech-id")
        self.organisation = organisation
        if recordsTracks {
            tracks = SessionTracks(
                user: TrackBuilder(settings: scenario.session.audio),
                agent: TrackBuilder(settings: scenario.session.audio))
        }
    }

    mutating func nextStep() throws(ScenarioError) -> SessionStep? {
        try fill()
        guard !pending.isEmpty else { return nil }
        let event = pending.removeFirst()
        let outputs = provider?.handle(event) ?? []
        var step = SessionStep(event: event, outputs: outputs)
        if case .sessionEnded = event.kind { step.session = provider }
        if case .sessionEnded = event.kind, tracks != nil {
            let end = clock
            try editTracks { (t: inout SessionTracks) throws(AudioError) in
                try t.user.appendSilence(until: end)
                try t.agent.appendSilence(until: end)
            }
            step.tracks = tracks
        }
        return step
    }

    /// Edits the tracks in place, reporting an audio failure as a problem of the scenario file. In place matters:
    /// copying a track out and back, as this once did, copied every packet laid so far on each utterance,
    /// quadratic in the session's length.
    private mutating func editTracks(_ edit: (inout SessionTracks) throws(AudioError) -> Void) throws(ScenarioError) {
        guard tracks != nil else { return }
        do { try edit(&tracks!) } catch {
            throw ScenarioError(
                "cannot lay the audio track: \(error.description)", at: SourceLocation(file: scenario.file))
        }
    }

    private var session: SessionConfig { scenario.session }

    /// Schedules turns until the earliest pending event is due no later than the point the scheduled turns reach
    /// (`clock`), so events come out in time order even when one is later than the next turn's start (a pipeline's
    /// transcript arrives after the user's speech ends, while the next turn may already have begun).
    private mutating func fill() throws(ScenarioError) {
        while true {
            if let first = pending.first, first.time <= clock + 1e-9 { return }
            let before = pending.count
            try refill()
            if pending.count == before, !(nextTurn < scenario.turns.count) { return }
        }
    }

    /// Adds `event` after every pending event that is not later (a stable insertion by time).
    mutating func post(_ event: SessionEvent) {
        var index = pending.count
        while index > 0, pending[index - 1].time > event.time { index -= 1 }
        pending.insert(event, at: index)
    }

    private mutating func refill() throws(ScenarioError) {
        if !started {
            started = true
            var setup = SessionSetup(
                model: session.model, modelLocation: session.modelLocation, options: session.options,
                seed: scenario.seed, scenarioName: scenario.name, startTime: session.startTime)
            setup.idSalt = idSalt
            setup.instructions = Instructions(text: session.instructions, tokens: session.instructionsTokens)
            setup.audio = AudioFacts(
                sampleRate: session.audio.sampleRate, frameMilliseconds: session.audio.frameMilliseconds)
            setup.organisation = organisation
            let made = try plugin.makeSession(setup)
            provider = made
            truth = GroundTruth(rates: made.audioTokenRates)
            let start = SessionStart(
                model: made.modelName,
                instructions: Instructions(text: session.instructions, tokens: session.instructionsTokens),
                audio: AudioFacts(
                    sampleRate: session.audio.sampleRate, frameMilliseconds: session.audio.frameMilliseconds))
            post(SessionEvent(time: 0, turn: nil, kind: .sessionStarted(start)))
            if !session.instructions.isEmpty || session.instructionsTokens != nil {
                context.append(
                    ContextItem(role: .system, text: session.instructions, tokens: session.instructionsTokens))
            }
            return
        }
        guard nextTurn < scenario.turns.count else {
            if !finished {
                finished = true
                // The session lasts until its last event (a pipeline's last transcript may come after the last turn).
                clock = max(clock, pending.last?.time ?? clock)
                truth.sessionSeconds = clock
                post(SessionEvent(time: clock, turn: nil, kind: .sessionEnded(truth)))
            }
            return
        }
        let index = nextTurn
        nextTurn += 1
        try schedule(scenario.turns[index], index: index)
    }

    private mutating func schedule(_ turn: Turn, index: Int) throws(ScenarioError) {
        switch turn.kind {
        case let .userSpeech(text, _, textTokens):
            let clip = try encode(try clipSource(of: turn, index: index), turn: turn, index: index)
            try userSpeaks(clip, text: text, textTokens: textTokens, isRecording: false, index: index)
        case let .userRecording(_, text, textTokens):
            let clip = try encode(try clipSource(of: turn, index: index), turn: turn, index: index)
            try userSpeaks(clip, text: text, textTokens: textTokens, isRecording: true, index: index)
        case .userSilence:
            let clip = try encode(try clipSource(of: turn, index: index), turn: turn, index: index)
            let audio = UserAudio(
                text: nil, textTokens: nil, seconds: clip.duration, packets: clip.packets.count, bytes: clip.byteCount,
                isSilence: true, isRecording: false)
            try layUser(clip)
            clock = SessionClock.microseconds(clock + clip.duration)
            post(SessionEvent(time: clock, turn: index, kind: .userSilence(audio)))
            truth.userSilenceSeconds += clip.duration
            let tokens =
                truth.rates.billsSilence
                ? AudioTokenRates.tokens(seconds: clip.duration, perSecond: truth.rates.inputPerSecond) : 0
            truth.turns.append(
                .init(
                    turn: index, speaker: "user", audioSeconds: clip.duration, playedSeconds: nil,
                    documentedAudioTokens: tokens))
            userSpokeLast = true
        case let .agentSpeech(text, _, interruptedAfter, textTokens):
            let clip = try encode(try clipSource(of: turn, index: index), turn: turn, index: index)
            var played = clip
            if let after = interruptedAfter {
                played = clip.prefix(seconds: after)
                guard played.sampleCount < clip.sampleCount else {
                    throw ScenarioError(
                        "turns[\(index)].agent.interrupted_after: \(JSONValue.format(after)) s is not before the end "
                            + "of the \(JSONValue.format(clip.duration)) s reply; expected a smaller number",
                        at: turn.location)
                }
            }
            let reply = SpokenReply(
                text: text, textTokens: textTokens, generatedSeconds: clip.duration, playedSeconds: played.duration,
                interruptedAfter: interruptedAfter, packets: clip.packets.count, playedPackets: played.packets.count)
            let start: ResponseStart
            let firstAudio: Double
            if let timing {
                let requestAt = pipelineRequestTime()
                start = beginResponse(index: index, at: requestAt)
                firstAudio = pipelineReply(reply, turn: index, requestAt: requestAt, timing: timing)
            } else {
                start = beginResponse(index: index)
                firstAudio = SessionClock.microseconds(clock + session.responseLatency)
            }
            let done = ResponseDone(
                start: start, content: .speech(reply), firstAudioAt: firstAudio,
                doneAt: SessionClock.microseconds(firstAudio + played.duration))
            try layAgent(played, at: firstAudio)
            post(SessionEvent(time: firstAudio, turn: index, kind: .responseAudio(start)))
            if interruptedAfter != nil {
                post(SessionEvent(time: done.doneAt, turn: index, kind: .interruption(done)))
            }
            post(SessionEvent(time: done.doneAt, turn: index, kind: .responseDone(done)))
            clock = done.doneAt
            truth.agentGeneratedSeconds += clip.duration
            truth.agentPlayedSeconds += played.duration
            truth.turns.append(
                .init(
                    turn: index, speaker: "agent", audioSeconds: clip.duration, playedSeconds: played.duration,
                    documentedAudioTokens: AudioTokenRates.tokens(
                        seconds: clip.duration, perSecond: truth.rates.outputPerSecond)))
        case let .toolCall(call):
            let start: ResponseStart
            let doneAt: Double
            if let timing {
                let requestAt = pipelineRequestTime()
                start = beginResponse(index: index, at: requestAt)
                doneAt = pipelineToolCall(call, turn: index, requestAt: requestAt, timing: timing)
            } else {
                start = beginResponse(index: index)
                doneAt = SessionClock.microseconds(clock + session.toolCallLatency)
            }
            let done = ResponseDone(start: start, content: .toolCall(call), firstAudioAt: nil, doneAt: doneAt)
            post(SessionEvent(time: doneAt, turn: index, kind: .toolCall(start, call)))
            post(SessionEvent(time: doneAt, turn: index, kind: .responseDone(done)))
            post(SessionEvent(time: doneAt, turn: index, kind: .toolResult(call)))
            clock = doneAt
            truth.turns.append(
                .init(turn: index, speaker: "agent", audioSeconds: 0, playedSeconds: 0, documentedAudioTokens: 0))
        case let .instructions(text, tokens):
            post(
                SessionEvent(
                    time: clock, turn: index, kind: .instructionsUpdated(Instructions(text: text, tokens: tokens))))
            if timing != nil {
                context.removeAll { $0.role == .system }
                context.insert(ContextItem(role: .system, text: text, tokens: tokens, turn: index), at: 0)
            }
        }
    }

    /// Salt that gives the agent a different synthetic voice from the user's under the same seed.
    private static let agentVoice: UInt64 = 0xA6E7_0000_0000_0001

    /// Starts a response at `time` (default: now): the end of the user's turn first if the user spoke last.
    private mutating func beginResponse(index: Int, at time: Double? = nil) -> ResponseStart {
        let at = time ?? clock
        if userSpokeLast {
            post(SessionEvent(time: at, turn: index, kind: .endOfTurn))
            userSpokeLast = false
        }
        let start = ResponseStart(index: responses, createdAt: at)
        responses += 1
        post(SessionEvent(time: at, turn: index, kind: .responseCreated(start)))
        return start
    }

    private mutating func layUser(_ clip: Clip) throws(ScenarioError) {
        let now = clock
        try editTracks { (t: inout SessionTracks) throws(AudioError) in
            try t.user.appendSilence(until: now)
            t.user.append(clip)
        }
    }

    private mutating func layAgent(_ clip: Clip, at time: Double) throws(ScenarioError) {
        try editTracks { (t: inout SessionTracks) throws(AudioError) in
            try t.agent.appendSilence(until: time)
            t.agent.append(clip)
        }
    }

    private mutating func userSpeaks(
        _ clip: Clip, text: String?, textTokens: Int?, isRecording: Bool, index: Int
    ) throws(ScenarioError) {
        let audio = UserAudio(
            text: text, textTokens: textTokens, seconds: clip.duration, packets: clip.packets.count,
            bytes: clip.byteCount, isSilence: false, isRecording: isRecording)
        try layUser(clip)
        post(SessionEvent(time: clock, turn: index, kind: .userSpeechStarted(audio)))
        clock = SessionClock.microseconds(clock + clip.duration)
        post(SessionEvent(time: clock, turn: index, kind: .userSpeechEnded(audio)))
        if let timing {
            userTurnEndsInPipeline(
                audio, turn: index, speechStart: SessionClock.microseconds(clock - clip.duration), timing: timing)
        }
        truth.userSpeechSeconds += clip.duration
        truth.turns.append(
            .init(
                turn: index, speaker: "user", audioSeconds: clip.duration, playedSeconds: nil,
                documentedAudioTokens: AudioTokenRates.tokens(
                    seconds: clip.duration, perSecond: truth.rates.inputPerSecond)))
        userSpokeLast = true
    }

    /// The scripted length, or the word count at the speaker's rate.
    private func speechSeconds(
        text: String, seconds: Double?, wpm: Double, turn: Turn, index: Int
    ) throws(ScenarioError) -> Double {
        if let seconds { return seconds }
        let words = text.split(whereSeparator: { $0.isWhitespace }).count
        guard words > 0 else {
            throw ScenarioError(
                "turns[\(index)].\(turn.speaker): nothing to say; expected words or an explicit 'seconds'",
                at: turn.location)
        }
        return Double(words) * 60 / wpm
    }

    /// What turn `index`'s audio is made from; nil for a turn without audio.
    private func clipSource(of turn: Turn, index: Int) throws(ScenarioError) -> ClipSource? {
        switch turn.kind {
        case let .userSpeech(text, seconds, _):
            let length = try speechSeconds(text: text, seconds: seconds, wpm: session.userWPM, turn: turn, index: index)
            return .speech(text: text, seconds: length, seed: scenario.seed)
        case let .userRecording(path, _, _):
            return .recording(path: path)
        case let .userSilence(seconds):
            return .silence(seconds: seconds)
        case let .agentSpeech(text, seconds, _, _):
            let length = try speechSeconds(
                text: text, seconds: seconds, wpm: session.agentWPM, turn: turn, index: index)
            return .speech(text: text, seconds: length, seed: scenario.seed ^ Self.agentVoice)
        case .toolCall, .instructions:
            return nil
        }
    }

    /// The clip of turn `index`. A run that writes audio gets the encoded audio, and first hands the clips of the next
    /// ``ClipCache/prefetchDepth`` turns to the cache's workers, so they are synthesised and encoded on the other cores
    /// while this one is (the clips, and so the output, are the same whichever thread makes them). A run that writes
    /// no audio needs only each clip's frames: ``ClipCache/timingClip(_:settings:)``.
    private mutating func encode(_ source: ClipSource?, turn: Turn, index: Int) throws(ScenarioError) -> Clip {
        guard let source else { throw ScenarioError("turns[\(index)]: no audio", at: turn.location) }
        do {
            guard tracks != nil else { return try clips.timingClip(source, settings: session.audio) }
            prefetchClips(after: index)
            return try clips.clip(source, settings: session.audio)
        } catch {
            throw ScenarioError(error.description, at: turn.location)
        }
    }

    /// Asks the cache for the clips of the turns after `index`, up to ``ClipCache/prefetchDepth`` ahead, each once.
    private mutating func prefetchClips(after index: Int) {
        let end = min(scenario.turns.count, index + 1 + ClipCache.prefetchDepth)
        var sources: [ClipSource] = []
        while prefetched < end {
            let next = prefetched
            prefetched += 1
            guard next > index, let source = try? clipSource(of: scenario.turns[next], index: next) else { continue }
            sources.append(source)
        }
        if !sources.isEmpty { clips.prefetch(sources, settings: session.audio) }
    }
}
