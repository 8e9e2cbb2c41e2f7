/// The record of one finished session, computed once and read by every command (`run`, `compare`, `check`,
/// `views`, `report`, `explain`): the provider's outputs, what each service billed, the ground truth, the LiveKit
/// collector bundle over its metrics, and the sentences the plugins give on where the figures come from.
public struct SessionReport: Sendable {
    public var scenario: Scenario
    public var providerID: String
    public var model: String
    public var outputs: [ProviderOutput]
    public var truth: GroundTruth
    public var tracks: SessionTracks?
    /// The provider session as it ended (a plugin's walk-through reads its own session's state).
    public var session: (any ProviderSession)?
    /// Per scenario turn: the audio and what the provider reported for it.
    public var turns: [TurnRow]
    /// LiveKit's collectors over every metrics event of the session.
    public private(set) var totals = UsageTotals()
    /// Seconds spent in ``totals``' collectors, summed over the session's events in one pass once it has ended
    /// (the `agentsim` figure of `check`'s throughput line).
    public private(set) var collectorSeconds = 0.0
    /// What each service of a pipeline billed (empty for a realtime model: its ground truth is `truth`).
    public private(set) var bills: [ServiceBill] = []
    /// Where the reported figures part from the ground truth, in the session's and then the plugin's words
    /// (`compare`'s and `report`'s "where the figures come from").
    public private(set) var explanations: [String] = []
    /// A pipeline's explanations per service (`views`); empty for a realtime model.
    public private(set) var serviceExplanations: [ServiceRole: [String]] = [:]

    /// livekit-agents 1.2.18's `UsageSummary` collector.
    public var usageV1_2: UsageCollectorV1_2 { totals.usageV1_2 }
    /// livekit-agents 1.8.9's `UsageCollector`.
    public var usage: UsageCollector { totals.usage }
    /// livekit-agents 1.8.9's `ModelUsageCollector`.
    public var modelUsage: ModelUsageCollector { totals.modelUsage }

    /// Every metrics event in the order LiveKit would emit them.
    public var metrics: [AgentMetrics] { outputs.flatMap(\.metrics) }

    /// Runs `run` to its end and completes the record.
    /// - Parameter onStep: called with every step as it happens (for streaming output).
    /// - Throws: `ScenarioError` when the session hits a problem in the file.
    public static func collect(
        _ run: SessionRun, onStep: (SessionStep) -> Void = { _ in }
    ) async throws -> SessionReport {
        var report = SessionReport(
            scenario: run.scenario, providerID: run.plugin.id, model: "", outputs: [],
            truth: GroundTruth(rates: AudioTokenRates(inputPerSecond: 0, outputPerSecond: 0, billsSilence: false)),
            tracks: nil, session: nil,
            turns: run.scenario.turns.enumerated().map { TurnRow(turn: $0.offset, speaker: $0.element.speaker) })
        for try await step in run {
            onStep(step)
            report.absorb(step)
        }
        report.complete(plugin: run.plugin)
        return report
    }

    private mutating func absorb(_ step: SessionStep) {
        switch step.event.kind {
        case let .sessionStarted(start): model = start.model
        case let .sessionEnded(truth): self.truth = truth
        case let .userSpeechEnded(audio), let .userSilence(audio):
            if let t = step.event.turn { turns[t].audioSeconds += audio.seconds }
        case let .responseDone(done):
            if let t = step.event.turn, case let .speech(reply) = done.content {
                turns[t].audioSeconds += reply.generatedSeconds
                turns[t].playedSeconds = reply.playedSeconds
            }
        default: break
        }
        if let tracks = step.tracks { self.tracks = tracks }
        if let session = step.session { self.session = session }
        for output in step.outputs {
            outputs.append(output)
            guard let t = output.turn else { continue }
            for m in output.metrics { turns[t].add(m) }
        }
    }

    /// The collector bundle, the bills and the explanations, once the session has ended.
    private mutating func complete(plugin: any ProviderPlugin) {
        let clock = ContinuousClock()
        let started = clock.now
        for output in outputs {
            for m in output.metrics { totals.collect(m) }
        }
        let elapsed = (clock.now - started).components
        collectorSeconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        bills = session?.bills ?? []
        let facts = UsageFacts(
            model: model, options: scenario.session.options, summary: usageV1_2.summary, truth: truth,
            reports: usageReports, metrics: metrics)
        explanations = (session?.explain(facts) ?? []) + plugin.explain(facts)
        // A pipeline's services explain themselves one by one, each from its own metrics and bill.
        guard let pipeline = session as? PipelineSession else { return }
        for bill in bills {
            let facts = ServiceFacts(bill: bill, metrics: pipeline.metricsByRole[bill.role] ?? [], truth: truth)
            switch bill.role {
            case .stt: serviceExplanations[.stt] = pipeline.stt.explain(facts)
            case .llm: serviceExplanations[.llm] = pipeline.llm.explain(facts)
            case .tts: serviceExplanations[.tts] = pipeline.tts.explain(facts)
            case .realtime: break
            }
        }
    }
}
