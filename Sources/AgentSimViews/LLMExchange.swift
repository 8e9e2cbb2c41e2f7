import AgentSimCore
import AgentSimJSON

/// One LLM request: the stream the provider sent for it, exactly as it came, and the usage record its plugin filled
/// for each message. Views read the records (the API whose accounting they follow, their figures, the text carried);
/// the payloads are kept for `views --format json`, which the Pipecat and Letta bridges replay.
public struct LLMExchange: Sendable {
    public var provider: String
    public var model: String
    public var payloads: [JSONValue]
    /// The usage record of each message, in order (a message whose plugin filled none has none here).
    public var records: [UsageRecord]
    /// The stream reached its end (the record that ends it arrived: the usage chunk, `message_stop`,
    /// `response.completed`/`incomplete`, a finish reason); false when a barge-in cut it.
    public var complete: Bool

    public init(provider: String, model: String, payloads: [JSONValue], records: [UsageRecord]) {
        self.provider = provider
        self.model = model
        self.payloads = payloads
        self.records = records
        complete = records.contains { $0.endsStream }
    }

    /// The API whose accounting the request's records follow, nil when its plugin filled no record.
    public var api: UsageRecord.API? { records.first?.api }

    /// The records that carry usage figures, in order.
    public var readings: [UsageRecord] { records.filter(\.hasUsage) }

    /// The text the stream carried (the reply as far as it came).
    public var text: String { records.compactMap(\.text).joined() }

    /// Cuts an LLM service's outputs into requests by the request each answers (an output that names none stays with
    /// the request before it); outputs without a payload (LiveKit's own metrics) are left out.
    static func split(_ outputs: [ProviderOutput], provider: String, model: String) -> [LLMExchange] {
        var groups: [(index: Int?, outputs: [ProviderOutput])] = []
        for output in outputs where output.payload != nil {
            let index = output.request?.index
            if groups.isEmpty || (index != nil && index != groups[groups.count - 1].index) {
                groups.append((index, []))
            }
            groups[groups.count - 1].outputs.append(output)
        }
        return groups.map { group in
            LLMExchange(
                provider: provider, model: model, payloads: group.outputs.compactMap { $0.payload?.json },
                records: group.outputs.compactMap(\.usage))
        }
    }

    /// The sentence a view gives for requests whose API it has no rules for (or whose plugin filled no record):
    /// named, never read by another API's rules.
    static func unknownSentences(_ requests: [LLMExchange], view: String, known: Set<UsageRecord.API>) -> [String] {
        var seen: [String] = []
        for r in requests {
            let sentence: String
            if let api = r.api {
                guard !known.contains(api) else { continue }
                sentence = "\(view): no rules for \(api) usage (from \(r.provider)); its requests count nothing here."
            } else {
                sentence = "\(view): \(r.provider) fills no usage record; its requests count nothing here."
            }
            if !seen.contains(sentence) { seen.append(sentence) }
        }
        return seen
    }
}
