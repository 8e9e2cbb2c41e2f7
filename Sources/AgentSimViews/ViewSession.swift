import AgentSimCore
import AgentSimJSON
import LiveKitMetrics

/// One finished pipeline session as the normalisers read it: each service's native payloads, LiveKit's metrics and
/// the bill, and the LLM's requests cut out of its stream.
public struct ViewSession: Sendable {
    public struct Service: Sendable {
        public var role: ServiceRole
        /// The agentsim plugin id (`anthropic`, `deepgram`).
        public var provider: String
        public var model: String
        /// What the provider charged (agentsim's ground truth).
        public var bill: ServiceBill
        /// The service's native messages, in the order they arrived.
        public var payloads: [JSONValue]
        /// The LiveKit metrics its LiveKit plugin emitted, in order.
        public var metrics: [AgentMetrics]
    }

    public var scenario: String
    public var services: [Service]
    /// The LLM's requests, in order, each with the stream the provider sent for it.
    public var requests: [LLMExchange]
    /// livekit-agents 1.2.18's `UsageSummary` and 1.8.9's `ModelUsageCollector` of the whole session.
    public var usageV1_2: UsageSummaryV1_2
    public var modelUsage: [ModelUsage]
    /// Seconds of audio the session streamed to its STT: the user's track from the session's start to its end,
    /// speech and the silence around it (the pipeline's STT connection hears all of it).
    public var streamedSeconds: Double
    /// Each service plugin's own sentences on where LiveKit's metrics differ from its bill (as `compare` shows them).
    public var pluginExplanations: [ServiceRole: [String]]

    /// Reads a finished session.
    /// - Throws: `ViewsError.notAPipeline` for a realtime session (its bill is not itemised per service).
    public init(_ report: SessionReport) throws(ViewsError) {
        let bills = report.bills
        guard !bills.isEmpty else { throw .notAPipeline(provider: report.providerID) }
        scenario = report.scenario.name
        services = bills.map { bill in
            let outputs = report.outputs.filter { $0.role == bill.role }
            return Service(
                role: bill.role, provider: bill.provider, model: bill.model, bill: bill,
                payloads: outputs.compactMap { $0.payload?.json }, metrics: outputs.flatMap(\.metrics))
        }
        if let llm = services.first(where: { $0.role == .llm }) {
            requests = LLMExchange.split(
                report.outputs.filter { $0.role == .llm }, provider: llm.provider, model: llm.model)
        } else {
            requests = []
        }
        streamedSeconds = report.truth.sessionSeconds
        usageV1_2 = report.usageV1_2.summary
        modelUsage = report.modelUsage.flatten()
        pluginExplanations = report.serviceExplanations
    }

    public func service(_ role: ServiceRole) -> Service? { services.first { $0.role == role } }

    /// LiveKit 1.8.9's `LLMMetrics` for the session's LLM requests, in order.
    public var llmMetrics: [LLMMetrics] {
        (service(.llm)?.metrics ?? []).compactMap { if case let .llm(m) = $0 { m } else { nil } }
    }
}

public enum ViewsError: Error, Equatable, CustomStringConvertible {
    case notAPipeline(provider: String)

    public var description: String {
        switch self {
        case let .notAPipeline(provider):
            "views reads pipeline sessions (session.pipeline: an STT, an LLM and a TTS, each with its own bill); this "
                + "scenario runs the realtime model \(provider), whose usage `agentsim compare` and `agentsim run` show"
        }
    }
}
