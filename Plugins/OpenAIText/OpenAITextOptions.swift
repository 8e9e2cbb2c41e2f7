import AgentSimCore

/// The `options` knobs OpenAI's Chat Completions and Responses plugins share, read once at session start by the
/// plugin's own options type (which adds its own keys and finishes the reader).
public struct OpenAITextOptions: Sendable {
    public var charactersPerToken = 4
    public var messageOverheadTokens = 3
    public var replyPrimingTokens = 3
    public var caching = true
    public var cacheMinimumTokens = 1024
    public var cacheStepTokens = 128
    /// The effort sent on a reasoning model (nil on the others), and the reasoning tokens each request generates.
    public var reasoningEffort: String?
    public var reasoningTokens = 0
    public var host = "api.openai.com"

    /// Reasoning tokens per request by effort, when `reasoning_tokens` is not given. OpenAI documents no counts (its
    /// reasoning guide: "a few hundred to tens of thousands" by the problem); minimal effort is documented to spend
    /// very few, and these figures are ours, to be overridden with an observation.
    public static let reasoningTokensByEffort: [(effort: String, tokens: Int)] = [
        ("minimal", 0), ("low", 256), ("medium", 1024), ("high", 4096),
    ]

    public init() {}

    /// Reads characters_per_token, message_overhead_tokens, reply_priming_tokens, caching, cache_min_tokens and
    /// cache_step_tokens, in that order.
    public mutating func readTokenKnobs(_ r: inout MapReader) throws(ScenarioError) {
        charactersPerToken = try r.int("characters_per_token", in: 1...100) ?? charactersPerToken
        messageOverheadTokens = try r.int("message_overhead_tokens", in: 0...1000) ?? messageOverheadTokens
        replyPrimingTokens = try r.int("reply_priming_tokens", in: 0...1000) ?? replyPrimingTokens
        caching = try r.bool("caching") ?? caching
        cacheMinimumTokens = try r.int("cache_min_tokens", in: 1...10_000_000) ?? cacheMinimumTokens
        cacheStepTokens = try r.int("cache_step_tokens", in: 1...10_000_000) ?? cacheStepTokens
    }

    /// Reads host, then reasoning_effort and reasoning_tokens, which only a reasoning model takes: LiveKit's default
    /// effort when none is given, the tokens by effort when no count is.
    /// - Parameters:
    ///   - path: The options' path in the scenario, for messages.
    ///   - model: The session's model.
    ///   - models: The plugin's model table, to name the reasoning models in a message.
    public mutating func readHostAndReasoning(
        _ r: inout MapReader, path: String, model: OpenAITextModel, models: [OpenAITextModel]
    ) throws(ScenarioError) {
        host = try r.string("host") ?? host
        guard !host.isEmpty else {
            throw ScenarioError(
                "\(path).host: expected a host name such as api.openai.com, got an empty string",
                at: r.value("host")?.location ?? r.location)
        }

        let effortValue = r.value("reasoning_effort")
        let tokensValue = r.value("reasoning_tokens")
        if let reasoning = model.reasoning {
            reasoningEffort = reasoning.livekitDefault
            if let effortValue {
                let effort = try MapReader.string(effortValue, path: "\(path).reasoning_effort")
                guard reasoning.efforts.contains(effort) else {
                    throw ScenarioError(
                        "\(path).reasoning_effort: \(model.name) accepts \(reasoning.efforts.joined(separator: ", ")), got '\(effort)'",
                        at: effortValue.location)
                }
                reasoningEffort = effort
            }
            reasoningTokens = Self.reasoningTokensByEffort.first { $0.effort == reasoningEffort }?.tokens ?? 0
            if let tokensValue {
                reasoningTokens = try MapReader.int(tokensValue, path: "\(path).reasoning_tokens", in: 0...1_000_000)
            }
        } else {
            let reasoningModels = models.filter { $0.reasoning != nil }.map(\.name).joined(separator: ", ")
            for (key, value) in [("reasoning_effort", effortValue), ("reasoning_tokens", tokensValue)] {
                if let value {
                    throw ScenarioError(
                        "\(path).\(key): \(model.name) is not a reasoning model; expected no \(key), or a reasoning model (\(reasoningModels))",
                        at: value.location)
                }
            }
        }
    }

    /// The entries both plugins document in the same words.
    public static let charactersPerTokenDocumentation = OptionDocumentation(
        key: "characters_per_token", form: "whole number from 1 to 100", defaultValue: "4",
        summary:
            "Text-token estimate for context text without an exact count: ceil(characters / this) (OpenAI's rule of thumb, ~4 characters per token in English)."
    )
    public static let cacheMinimumDocumentation = OptionDocumentation(
        key: "cache_min_tokens", form: "whole number ≥ 1", defaultValue: "1024",
        summary: "Shortest prefix that is cached (prompt-caching guide: 1,024 tokens).")
    public static let cacheStepDocumentation = OptionDocumentation(
        key: "cache_step_tokens", form: "whole number ≥ 1", defaultValue: "128",
        summary:
            "Cache hits grow in steps of this many tokens above the minimum (prompt-caching guide: increments of 128).")
}
