/// One row of the per-turn table (and of `run --format json`'s `turns`).
public struct TurnRow: Sendable, Equatable, Codable {
    public var turn: Int
    public var speaker: String
    public var audioSeconds = 0.0
    public var playedSeconds: Double?
    /// How many usage reports (realtime, or a pipeline's LLM requests) landed on this turn.
    public var reports = 0
    public var contextTokens = 0
    public var cachedTokens = 0
    public var inputAudioTokens = 0
    public var outputTokens = 0
    public var outputAudioTokens = 0

    enum CodingKeys: String, CodingKey {
        case turn, speaker, audioSeconds = "audio_seconds", playedSeconds = "played_seconds", reports
        case contextTokens = "context_tokens", cachedTokens = "cached_tokens"
        case inputAudioTokens = "input_audio_tokens", outputTokens = "output_tokens"
        case outputAudioTokens = "output_audio_tokens"
    }

    public init(turn: Int, speaker: String) {
        self.turn = turn
        self.speaker = speaker
    }

    /// Adds what a usage report says about this turn (other metrics leave it as it is).
    mutating func add(_ metrics: AgentMetrics) {
        switch metrics {
        case let .llm(l):
            // A pipeline's LLM request: what LiveKit reported for the turn it answers.
            reports += 1
            contextTokens += l.promptTokens
            cachedTokens += l.promptCachedTokens
            outputTokens += l.completionTokens
        case let .realtime(r):
            reports += 1
            contextTokens += r.inputTokens
            cachedTokens += r.inputTokenDetails.cachedTokens
            inputAudioTokens += r.inputTokenDetails.audioTokens
            outputTokens += r.outputTokens
            outputAudioTokens += r.outputTokenDetails.audioTokens
        default:
            break
        }
    }
}
