import AgentSimCore

/// A test-only LLM plugin whose API no view has rules for: each request ends with one message shaped like an OpenAI
/// Chat usage chunk (`usage.prompt_tokens` 100), which a view that fell back on OpenAI Chat's rules would read, and a
/// usage record that says its figures follow the "Acme Metered" API.
struct AcmeLLMPlugin: ProviderPlugin {
    static let api = UsageRecord.API("Acme Metered")

    var id: String { "acme" }
    var roles: [ServiceRole] { [.llm] }
    var documentation: PluginDocumentation {
        PluginDocumentation(
            id: id, title: "Acme (test)", summary: "A test LLM with its own usage API.", models: [], options: [],
            rules: [], sources: [])
    }

    func makeLLM(_ setup: SessionSetup) throws(ScenarioError) -> any LLMSession { Session() }

    struct Session: LLMSession {
        var bill = ServiceBill(role: .llm, provider: "acme", model: "acme-1")
        var modelName: String { "acme-1" }

        mutating func complete(_ request: LLMRequest) -> [ProviderOutput] {
            let prompt = 100
            let output = request.cutAt.map { request.tokensGenerated(by: $0) } ?? request.replyTokens
            bill.requests += 1
            bill.inputTokens += prompt
            bill.outputTokens += output
            let text: String
            if case let .text(reply, _) = request.reply { text = reply } else { text = "" }
            let json = JSONValue.object([
                ("id", .string("acme-\(request.index)")),
                (
                    "usage",
                    .object([
                        ("prompt_tokens", .int(prompt)), ("completion_tokens", .int(output)),
                        ("total_tokens", .int(prompt + output)),
                    ])
                ),
            ])
            let record = UsageRecord(
                api: AcmeLLMPlugin.api, reading: .final,
                tokens: UsageRecord.Tokens(input: prompt, output: output, total: prompt + output), text: text,
                endsStream: true)
            return [
                ProviderOutput(
                    time: request.endsAt, turn: request.turn, payload: ProviderPayload(type: "acme.usage", json: json),
                    metrics: [], request: RequestRef(index: request.index, id: "acme-\(request.index)"),
                    usage: record)
            ]
        }
    }
}
