/// Everything one finished session produced: the provider's reports, the LiveKit summaries of
/// their metrics, and the ground truth.
public struct SessionReport: Sendable {
    public var scenario: Scenario
    public var providerID: String
    public var model: String
    public var outputs: [ProviderOutput]
    public var truth: GroundTruth
    public var tracks: SessionTracks?
    /// The provider session as it ended (it explains its own figures).
    public var session: (any ProviderSession)?
    /// Per scenario turn: the audio and what the provider reported for it.
    public var turns: [TurnRow]
    public var usageV1_2 = UsageCollectorV1_2()
    public var usage = UsageCollector()
    public var modelUsage = ModelUsageCollector()

    /// What each service of a pipeline billed (empty for a realtime model: its ground truth is `truth`).
    public var bills: [ServiceBill] { session?.bills ?? [] }

    /// Every metrics event in the order LiveKit would emit them.
    public var metrics: [AgentMetrics] { outputs.flatMap(\.metrics) }

    /// Runs `run` to its end.
    /// - Parameter onStep: called with every step as it happens (for streaming output).
    /// - Throws: `ScenarioError` when the session hits a problem in the file.
    public static func collect(
        _ run: SessionRun, onStep: (SessionStep) -> Void = { _ in }
    ) async throws -> SessionReport {
        var report = SessionReport(
            scenario: run.scenario, providerID: run.plugin.id, model: "", outputs: [],
            truth: GroundTruth(rates: AudioTokenRates(inputPerSecond: 0, outputPerSecond: 0, billsSilence: false)),
            tracks: nil,
            turns: run.scenario.turns.enumerated().map { TurnRow(turn: $0.offset, speaker: $0.element.speaker) })
        for try await step in run {
            onStep(step)
            report.absorb(step)
        }
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
            for m in output.metrics {
                usageV1_2.collect(m)
                usage.collect(m)
                modelUsage.collect(m)
                guard let t = output.turn else { continue }
                if case let .llm(l) = m {
                    // A pipeline's LLM request: what LiveKit reported for the turn it answers.
                    turns[t].reports += 1
                    turns[t].contextTokens += l.promptTokens
                    turns[t].cachedTokens += l.promptCachedTokens
                    turns[t].outputTokens += l.completionTokens
                }
                guard case let .realtime(r) = m else { continue }
                turns[t].reports += 1
                turns[t].contextTokens += r.inputTokens
                turns[t].cachedTokens += r.inputTokenDetails.cachedTokens
                turns[t].inputAudioTokens += r.inputTokenDetails.audioTokens
                turns[t].outputTokens += r.outputTokens
                turns[t].outputAudioTokens += r.outputTokenDetails.audioTokens
            }
        }
    }
}

/// One row of the per-turn table.
public struct TurnRow: Sendable, Equatable {
    public var turn: Int
    public var speaker: String
    public var audioSeconds = 0.0
    public var playedSeconds: Double?
    /// How many realtime usage reports landed on this turn.
    public var reports = 0
    public var contextTokens = 0
    public var cachedTokens = 0
    public var inputAudioTokens = 0
    public var outputTokens = 0
    public var outputAudioTokens = 0

    public init(turn: Int, speaker: String) {
        self.turn = turn
        self.speaker = speaker
    }
}
