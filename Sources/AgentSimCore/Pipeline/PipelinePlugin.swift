import LiveKitMetrics

/// A pipeline as one provider: three service plugins (STT, LLM, TTS) behind the realtime-session interface the
/// engine, the collectors and every command already use. The engine gives a pipeline session its own timeline
/// (`PipelineTiming`) and pipeline events; this session hands each event to the role it concerns, adds the
/// `eou_metrics` LiveKit's core emits at each end of turn, and releases every output in session-clock order.
public struct PipelinePlugin: ProviderPlugin {
    public let config: PipelineConfig
    public let stt: any ProviderPlugin
    public let llm: any ProviderPlugin
    public let tts: any ProviderPlugin

    /// Picks each service's plugin from `plugins`.
    /// - Throws: `ScenarioError` at the service's provider when the id is unknown or the plugin does not play the role.
    public init(config: PipelineConfig, plugins: [any ProviderPlugin]) throws(ScenarioError) {
        func pick(_ role: ServiceRole, _ spec: ServiceSpec) throws(ScenarioError) -> any ProviderPlugin {
            let candidates = plugins.filter { $0.roles.contains(role) }.map(\.id)
            guard let plugin = plugins.first(where: { $0.id == spec.provider }) else {
                throw ScenarioError(
                    "\(spec.path): unknown provider '\(spec.provider)'; expected one of "
                        + "\(candidates.joined(separator: ", "))",
                    at: spec.providerLocation)
            }
            guard plugin.roles.contains(role) else {
                throw ScenarioError(
                    "\(spec.path): \(spec.provider) is not a \(role.rawValue) service (it plays "
                        + "\(plugin.roles.map(\.rawValue).joined(separator: ", "))); expected one of "
                        + "\(candidates.joined(separator: ", "))",
                    at: spec.providerLocation)
            }
            return plugin
        }
        self.config = config
        stt = try pick(.stt, config.stt)
        llm = try pick(.llm, config.llm)
        tts = try pick(.tts, config.tts)
    }

    public var id: String { PipelineConfig.providerID }
    public var pipelineTiming: PipelineTiming? { config.timing }
    public var roles: [ServiceRole] { [.stt, .llm, .tts] }

    public var documentation: PluginDocumentation {
        PluginDocumentation(
            id: id, title: "Pipeline \(config.label)",
            summary:
                "A speech-to-text service, a text LLM and a text-to-speech service, each billed on its own terms and "
                + "reported by its own LiveKit plugin.",
            models: [], options: [], rules: PipelineSession.rules,
            sources: ["livekit-agents 1.8.9 voice/agent_activity.py (eou_metrics), PIPELINE.md"])
    }

    public func makeSession(_ setup: SessionSetup) throws(ScenarioError) -> any ProviderSession {
        func roleSetup(_ spec: ServiceSpec) -> SessionSetup {
            var s = SessionSetup(
                model: spec.model, modelLocation: spec.modelLocation, options: spec.options, seed: setup.seed,
                scenarioName: setup.scenarioName, startTime: setup.startTime)
            s.idSalt = setup.idSalt
            s.optionsPath = "\(spec.path).options"
            s.modelPath = "\(spec.path).model"
            s.providerLocation = spec.providerLocation
            s.instructions = setup.instructions
            s.audio = setup.audio
            return s
        }
        let sttSession = try stt.makeSTT(roleSetup(config.stt))
        let llmSession = try llm.makeLLM(roleSetup(config.llm))
        let ttsSession = try tts.makeTTS(roleSetup(config.tts))
        return PipelineSession(
            stt: sttSession, llm: llmSession, tts: ttsSession, startTime: setup.startTime,
            frameSeconds: Double(setup.audio.frameMilliseconds) / 1000)
    }
}

/// One pipeline session: the three role sessions, the user track the STT has heard so far, and the outputs not
/// yet due.
public struct PipelineSession: ProviderSession {
    public private(set) var stt: any STTSession
    public private(set) var llm: any LLMSession
    public private(set) var tts: any TTSSession
    private let startTime: Double
    private let frameSeconds: Double
    /// The end of what the STT connection has heard of the user's track.
    private var heard = 0.0
    /// Outputs later than the current event, in time order, with the role that made them.
    private var waiting: [(role: ServiceRole?, output: ProviderOutput)] = []
    /// Every metrics event released so far, by role (for the explanations; eou_metrics under nil).
    public private(set) var metricsByRole: [ServiceRole: [AgentMetrics]] = [:]
    /// The last spoken reply's LLM stream as the LLM plugin sent it, for the TTS segment that reads it.
    private var replyStream: ReplyStream?

    public init(stt: any STTSession, llm: any LLMSession, tts: any TTSSession, startTime: Double, frameSeconds: Double)
    {
        self.stt = stt
        self.llm = llm
        self.tts = tts
        self.startTime = startTime
        self.frameSeconds = frameSeconds
    }

    /// The rules the pipeline itself applies (the services' own rules are in their plugins' documentation).
    public static let rules = [
        "The STT connection opens at session start and hears the whole user track until the session ends, silence "
            + "included (the user's track is silent while the agent speaks): each utterance as a whole when it "
            + "starts, the silence around it as time passes.",
        "Each user turn ends with one eou_metrics: end_of_utterance_delay = max(endpointing_delay, "
            + "transcription_delay), transcription_delay = the final transcript's delay, "
            + "on_user_turn_completed_delay 0, last_speaking_time = the end of the user's speech (livekit-agents "
            + "voice/agent_activity.py).",
        "The LLM request for a reply is sent at the end of the user's turn (or when the previous reply or tool call "
            + "ends) and carries the instructions, the user transcripts, the earlier replies (an interrupted one as "
            + "far as it was heard) and the tool calls and results.",
        "The reply streams at llm_tokens_per_second after llm_ttft; the TTS gets text at the first token and its "
            + "first frame, which the user hears first, comes tts_ttfb later.",
        "A barge-in stops playback; it cancels the LLM stream if the last token had not arrived, and the TTS segment "
            + "if its last frame had not.",
    ]

    public var modelName: String { [stt.modelName, llm.modelName, tts.modelName].joined(separator: "+") }
    public var audioTokenRates: AudioTokenRates {
        AudioTokenRates(inputPerSecond: 0, outputPerSecond: 0, billsSilence: false)
    }
    public var bills: [ServiceBill] { [stt.bill, llm.bill, tts.bill] }

    public mutating func handle(_ event: SessionEvent) -> [ProviderOutput] {
        var made: [(ServiceRole?, [ProviderOutput])] = []
        // The STT hears the user's track up to now before anything due now is released, so that its reports (which
        // come as the audio streams) keep their place in time: speech as a whole when it starts (its reports wait in
        // the queue for their time), and the silence around it, from any turn or from the agent's, as time passes.
        made.append((.stt, hearSilence(until: event.time)))
        switch event.kind {
        case .sessionStarted:
            made.append((.stt, stt.connect(STTConnect(time: event.time))))
        case let .userSpeechStarted(audio):
            let end = SessionClock.microseconds(event.time + audio.seconds)
            made.append((.stt, stt.hear(STTHeard(start: event.time, time: end, turn: event.turn, audio: audio))))
            heard = max(heard, end)
        case let .userTranscribed(transcript):
            made.append((.stt, stt.transcribe(transcript)))
        case let .endOfUtterance(eou):
            made.append((nil, [eouOutput(eou)]))
        case let .llmRequested(request):
            let outputs = llm.complete(request)
            if case .text = request.reply { replyStream = ReplyStream(request, outputs: outputs) }
            made.append((.llm, outputs))
        case let .speechSynthesized(segment):
            made.append((.tts, tts.synthesize(replyStream?.feeding(segment) ?? segment)))
        case .sessionEnded:
            made.append((.stt, stt.close(STTClose(time: event.time))))
        default:
            break
        }
        for (role, outputs) in made {
            for output in outputs { enqueue(role, output) }
        }
        var due: [ProviderOutput] = []
        let isLast: Bool
        if case .sessionEnded = event.kind { isLast = true } else { isLast = false }
        while let first = waiting.first, isLast || first.output.time <= event.time + 1e-9 {
            waiting.removeFirst()
            var output = first.output
            if let role = first.role {
                metricsByRole[role, default: []] += output.metrics
                output.role = role
            }
            due.append(output)
        }
        return due
    }

    /// Keeps `waiting` sorted by time; outputs of equal time stay in the order they were made.
    private mutating func enqueue(_ role: ServiceRole?, _ output: ProviderOutput) {
        var index = waiting.count
        while index > 0, waiting[index - 1].output.time > output.time { index -= 1 }
        waiting.insert((role, output), at: index)
    }

    /// The user's track is silent from what the STT heard last until `time` (the agent was speaking, or the
    /// pipeline was thinking): the connection still streams it.
    private mutating func hearSilence(until time: Double) -> [ProviderOutput] {
        let gap = SessionClock.microseconds(time - heard)
        guard gap > 1e-6 else { return [] }
        let packets = Int((gap / frameSeconds).rounded())
        let audio = UserAudio(
            text: nil, textTokens: nil, seconds: gap, packets: packets, bytes: 0, isSilence: true, isRecording: false)
        let start = heard
        heard = time
        return stt.hear(STTHeard(start: start, time: time, turn: nil, audio: audio))
    }

    private func eouOutput(_ eou: EndOfUtterance) -> ProviderOutput {
        let metrics = EOUMetrics(
            timestamp: startTime + eou.time,
            endOfUtteranceDelay: SessionClock.microseconds(eou.time - eou.speechEnd),
            transcriptionDelay: SessionClock.microseconds(eou.transcriptAt - eou.speechEnd),
            onUserTurnCompletedDelay: 0,
            lastSpeakingTime: startTime + eou.speechEnd,
            speechId: eou.speechID)
        return ProviderOutput(time: eou.time, turn: eou.turn, payload: nil, metrics: [.eou(metrics)])
    }

    public func explain(_ facts: UsageFacts) -> [String] {
        func f(_ role: ServiceRole, _ bill: ServiceBill) -> ServiceFacts {
            ServiceFacts(bill: bill, metrics: metricsByRole[role] ?? [], truth: facts.truth)
        }
        return stt.explain(f(.stt, stt.bill)) + llm.explain(f(.llm, llm.bill)) + tts.explain(f(.tts, tts.bill))
    }
}

/// The end of a user's turn, as LiveKit's core reports it in `eou_metrics`.
public struct EndOfUtterance: Sendable, Equatable {
    public var time: Double
    public var turn: Int
    public var speechEnd: Double
    public var transcriptAt: Double
    public var speechID: String

    public init(time: Double, turn: Int, speechEnd: Double, transcriptAt: Double, speechID: String) {
        self.time = time
        self.turn = turn
        self.speechEnd = speechEnd
        self.transcriptAt = transcriptAt
        self.speechID = speechID
    }
}

extension SessionConfig {
    /// The plugin this session runs on, from `plugins`: its `session.provider`, or the pipeline its
    /// `session.pipeline` names.
    /// - Throws: `ScenarioError` at the provider (or the pipeline service) that is unknown or plays the wrong role.
    public func plugin(from plugins: [any ProviderPlugin]) throws(ScenarioError) -> any ProviderPlugin {
        if let pipeline { return try PipelinePlugin(config: pipeline, plugins: plugins) }
        let realtime = plugins.filter { $0.roles.contains(.realtime) }
        guard let found = plugins.first(where: { $0.id == provider }) else {
            throw ScenarioError(
                "session.provider: unknown provider '\(provider)'; expected one of "
                    + "\(realtime.map(\.id).joined(separator: ", ")), or session.pipeline (see `agentsim providers`)",
                at: providerLocation)
        }
        guard found.roles.contains(.realtime) else {
            throw ScenarioError(
                "session.provider: \(provider) is a pipeline \(found.roles.map(\.rawValue).joined(separator: "/")) "
                    + "service, not a realtime model; name it under "
                    + "session.pipeline.\(found.roles.first?.rawValue ?? "stt") (expected one of "
                    + "\(realtime.map(\.id).joined(separator: ", ")))",
                at: providerLocation)
        }
        return found
    }
}
