import AgentSimCore

/// The `options` knobs of `openai-responses`, validated once at session start.
struct OpenAIResponsesOptions: Sendable {
    var charactersPerToken = 4
    var messageOverheadTokens = 3
    var replyPrimingTokens = 3
    var caching = true
    var cacheMinimumTokens = 1024
    var cacheStepTokens = 128
    var reasoningEffort: String?
    var reasoningTokens = 0
    /// `max_output_tokens` as LiveKit forwards it (nil: not sent, no limit).
    var maxOutputTokens: Int?
    var host = "api.openai.com"

    /// Reasoning tokens per request by effort when `reasoning_tokens` is not given. OpenAI documents no counts (its
    /// reasoning guide: "a few hundred to tens of thousands"); these figures are ours.
    static let reasoningTokensByEffort: [(effort: String, tokens: Int)] = [("minimal", 0), ("low", 256), ("medium", 1024), ("high", 4096)]

    init(_ value: ScenarioValue, path: String, model: OpenAIResponsesModel) throws(ScenarioError) {
        var r = try MapReader(value, path: path)
        charactersPerToken = try r.int("characters_per_token", in: 1...100) ?? charactersPerToken
        messageOverheadTokens = try r.int("message_overhead_tokens", in: 0...1000) ?? messageOverheadTokens
        replyPrimingTokens = try r.int("reply_priming_tokens", in: 0...1000) ?? replyPrimingTokens
        caching = try r.bool("caching") ?? caching
        cacheMinimumTokens = try r.int("cache_min_tokens", in: 1...10_000_000) ?? cacheMinimumTokens
        cacheStepTokens = try r.int("cache_step_tokens", in: 1...10_000_000) ?? cacheStepTokens
        maxOutputTokens = try r.int("max_output_tokens", in: 16...1_000_000)
        host = try r.string("host") ?? host
        guard !host.isEmpty else {
            throw ScenarioError("\(path).host: expected a host name such as api.openai.com, got an empty string", at: r.value("host")?.location ?? r.location)
        }
        let effortValue = r.value("reasoning_effort")
        let tokensValue = r.value("reasoning_tokens")
        if let reasoning = model.reasoning {
            reasoningEffort = reasoning.livekitDefault
            if let effortValue {
                let effort = try MapReader.string(effortValue, path: "\(path).reasoning_effort")
                guard reasoning.efforts.contains(effort) else {
                    throw ScenarioError(
                        "\(path).reasoning_effort: \(model.name) accepts \(reasoning.efforts.joined(separator: ", ")), got '\(effort)'", at: effortValue.location)
                }
                reasoningEffort = effort
            }
            reasoningTokens = Self.reasoningTokensByEffort.first { $0.effort == reasoningEffort }?.tokens ?? 0
            if let tokensValue {
                reasoningTokens = try MapReader.int(tokensValue, path: "\(path).reasoning_tokens", in: 0...1_000_000)
            }
        } else {
            let reasoningModels = OpenAIResponsesModel.all.filter { $0.reasoning != nil }.map(\.name).joined(separator: ", ")
            for (key, value) in [("reasoning_effort", effortValue), ("reasoning_tokens", tokensValue)] {
                if let value {
                    throw ScenarioError(
                        "\(path).\(key): \(model.name) is not a reasoning model; expected no \(key), or a reasoning model (\(reasoningModels))", at: value.location)
                }
            }
        }
        try r.finish()
    }

    static let documentation: [OptionDocumentation] = [
        .init(key: "characters_per_token", form: "whole number from 1 to 100", defaultValue: "4", summary: "Text-token estimate for context text without an exact count: ceil(characters / this) (OpenAI's rule of thumb, ~4 characters per token in English)."),
        .init(key: "message_overhead_tokens", form: "whole number from 0 to 1000", defaultValue: "3", summary: "Tokens each input item adds besides its content (OpenAI cookbook 'How to count tokens with tiktoken': tokens_per_message = 3)."),
        .init(key: "reply_priming_tokens", form: "whole number from 0 to 1000", defaultValue: "3", summary: "Tokens every request adds to prime the reply (the same cookbook: 3)."),
        .init(key: "caching", form: "true | false", defaultValue: "true", summary: "Automatic prompt caching of the prefix shared with the previous request (OpenAI prompt-caching guide: on by default for the Responses API too)."),
        .init(key: "cache_min_tokens", form: "whole number ≥ 1", defaultValue: "1024", summary: "Shortest prefix that is cached (prompt-caching guide: 1,024 tokens)."),
        .init(key: "cache_step_tokens", form: "whole number ≥ 1", defaultValue: "128", summary: "Cache hits grow in steps of this many tokens above the minimum (prompt-caching guide: increments of 128)."),
        .init(key: "reasoning_effort", form: "minimal | low | medium | high (reasoning models only)", defaultValue: "minimal on gpt-5-mini", summary: "The reasoning.effort LiveKit sends (responses/llm.py l.263-278 sends minimal when none is given). An error on a model that does not reason."),
        .init(key: "reasoning_tokens", form: "whole number from 0 to 1000000 (reasoning models only)", defaultValue: "by effort: minimal 0, low 256, medium 1024, high 4096", summary: "Reasoning tokens each request generates before its first output token (billed inside output_tokens). OpenAI documents no counts; the defaults are ours."),
        .init(key: "max_output_tokens", form: "whole number from 16 to 1000000", defaultValue: "none (not sent)", summary: "LLM(max_output_tokens=…): an upper bound on reasoning + output tokens (Responses API reference; the API's minimum is 16). A reply that needs more ends with response.incomplete (reason max_output_tokens) after exactly this many output tokens."),
        .init(key: "host", form: "host name", defaultValue: "api.openai.com", summary: "The base URL's host; LiveKit reports it as metadata.model_provider (responses/llm.py l.355-364: the WebSocket URL's netloc)."),
    ]
}
