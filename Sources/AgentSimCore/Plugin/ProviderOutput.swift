/// One usage report: the provider's native payload and the LiveKit metrics built from it.
public struct ProviderOutput: Sendable {
    /// Session-clock seconds when the report arrives.
    public var time: Double
    /// The scenario turn it reports on, if any (the connection event has none).
    public var turn: Int?
    /// The message as the provider's API sends it (`response.done`, a `LiveServerMessage`, …), or nil
    /// when the report is LiveKit's own (the zero-usage connection event).
    public var payload: ProviderPayload?
    /// The metrics events LiveKit's plugin emits for it, in order.
    public var metrics: [AgentMetrics]
    /// What the report's input (prompt) tokens are made of, by where they come from, when the plugin knows; they add
    /// up to the reported input tokens. For the report's charts: no payload or LiveKit event carries them.
    public var inputParts: [InputPart]
    /// The service that made it: a pipeline service (set by the pipeline when it releases the output) or
    /// `.realtime` (set by the realtime plugin); nil for LiveKit core's own eou_metrics. `agentsim views` reads each
    /// service's payloads by it.
    public var role: ServiceRole?
    /// The request (response) it answers, set by the plugin; nil for LiveKit's own events that answer none.
    public var request: RequestRef?
    /// The usage its payload reports, typed, set by the plugin from the payload it built; nil when there is no
    /// payload (a LiveKit-only event).
    public var usage: UsageRecord?

    public init(
        time: Double, turn: Int?, payload: ProviderPayload?, metrics: [AgentMetrics], inputParts: [InputPart] = [],
        role: ServiceRole? = nil, request: RequestRef? = nil, usage: UsageRecord? = nil
    ) {
        self.time = time
        self.turn = turn
        self.payload = payload
        self.metrics = metrics
        self.inputParts = inputParts
        self.role = role
        self.request = request
        self.usage = usage
    }
}

/// Some of a report's input tokens, by source.
public struct InputPart: Sendable, Equatable {
    /// Where input tokens come from, in the order the context holds them.
    public enum Source: String, Sendable, CaseIterable {
        case instructions
        case hiddenOverhead = "hidden overhead"
        case specialTokens = "special tokens"
        case userAudio = "user audio"
        case userTranscript = "user transcript"
        case agentAudio = "agent audio"
        case agentTranscript = "agent transcript"
        case toolItems = "tool items"
        case media
    }

    public var source: Source
    public var tokens: Int

    public init(_ source: Source, _ tokens: Int) {
        self.source = source
        self.tokens = tokens
    }

    /// `parts` summed per source, in ``Source`` order, zero sources left out.
    public static func combined(_ parts: [InputPart]) -> [InputPart] {
        Source.allCases.compactMap { source in
            let total = parts.filter { $0.source == source }.reduce(0) { $0 + $1.tokens }
            return total > 0 ? InputPart(source, total) : nil
        }
    }
}

/// A provider-native wire message.
public struct ProviderPayload: Sendable, Equatable {
    /// The message type (`response.done`, `conversation.item.input_audio_transcription.completed`,
    /// `LiveServerMessage`).
    public var type: String
    public var json: JSONValue

    public init(type: String, json: JSONValue) {
        self.type = type
        self.json = json
    }
}
