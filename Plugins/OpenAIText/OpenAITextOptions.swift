import AgentSimCore

/// The `options` knobs OpenAI's Chat Completions and Responses plugins share, held by each plugin's own options type
/// (as its `text`); the rows both declare alike are made here, for the plugin's table.
public struct OpenAITextOptions: Sendable {
    public var charactersPerToken = 4
    public var messageOverheadTokens = 3
    public var replyPrimingTokens = 3
    public var caching = true
    public var cacheMinimumTokens = 1024
    public var cacheStepTokens = 128
    /// The effort sent on a reasoning model (nil on the others).
    public var reasoningEffort: String?
    /// `reasoning_tokens` as the scenario gives it; nil: by effort.
    public var reasoningTokensGiven: Int?
    public var host = "api.openai.com"

    /// Reasoning tokens per request by effort, when `reasoning_tokens` is not given. OpenAI documents no counts (its
    /// reasoning guide: "a few hundred to tens of thousands" by the problem); minimal effort is documented to spend
    /// very few, and these figures are ours, to be overridden with an observation.
    public static let reasoningTokensByEffort: [(effort: String, tokens: Int)] = [
        ("minimal", 0), ("low", 256), ("medium", 1024), ("high", 4096),
    ]

    /// The reasoning tokens each request generates: `reasoning_tokens`, else the effort's figure (0 without one).
    public var reasoningTokens: Int {
        reasoningTokensGiven ?? Self.reasoningTokensByEffort.first { $0.effort == reasoningEffort }?.tokens ?? 0
    }

    /// The defaults for `model`: a reasoning model gets the effort LiveKit sends when none is given.
    public init(model: OpenAITextModel) { reasoningEffort = model.reasoning?.livekitDefault }
}

extension OpenAITextOptions {
    /// `characters_per_token`, in the same words for both plugins.
    public static func charactersPerToken<Options>(
        _ text: WritableKeyPath<Options, OpenAITextOptions>, draw: OptionDraw
    ) -> OptionRow<Options> {
        .int(
            "characters_per_token", text.appending(path: \.charactersPerToken), in: 1...100,
            summary: """
                Text-token estimate for context text without an exact count: ceil(characters / this) (OpenAI's rule \
                of thumb, ~4 characters per token in English).
                """,
            draw: draw)
    }

    /// `cache_min_tokens`, in the same words for both plugins.
    public static func cacheMinimum<Options>(
        _ text: WritableKeyPath<Options, OpenAITextOptions>, draw: OptionDraw
    ) -> OptionRow<Options> {
        .int(
            "cache_min_tokens", text.appending(path: \.cacheMinimumTokens), in: 1...10_000_000, shown: .atLeast,
            summary: "Shortest prefix that is cached (prompt-caching guide: 1,024 tokens).", draw: draw)
    }

    /// `cache_step_tokens`, in the same words for both plugins.
    public static func cacheStep<Options>(
        _ text: WritableKeyPath<Options, OpenAITextOptions>, draw: OptionDraw
    ) -> OptionRow<Options> {
        .int(
            "cache_step_tokens", text.appending(path: \.cacheStepTokens), in: 1...10_000_000, shown: .atLeast,
            summary: """
                Cache hits grow in steps of this many tokens above the minimum (prompt-caching guide: increments of \
                128).
                """,
            draw: draw)
    }

    /// `reasoning_effort`: one of the model's efforts, refused on a model that does not reason.
    /// - Parameters:
    ///   - model: The session's model.
    ///   - models: The plugin's model table, to print the efforts and defaults and name the reasoning models.
    public static func reasoningEffort<Options>(
        _ text: WritableKeyPath<Options, OpenAITextOptions>, model: OpenAITextModel, models: [OpenAITextModel],
        summary: String
    ) -> OptionRow<Options> {
        let reasoners = models.filter { $0.reasoning != nil }
        var efforts: [String] = []
        for effort in reasoners.flatMap({ $0.reasoning!.efforts }) where !efforts.contains(effort) {
            efforts.append(effort)
        }
        let defaults = reasoners.map { "\($0.reasoning!.livekitDefault) on \($0.name)" }.joined(separator: ", ")
        let accepted = model.reasoning?.efforts ?? []
        return OptionRow(
            "reasoning_effort", form: efforts.joined(separator: " | ") + " (reasoning models only)", default: defaults,
            summary: summary, draw: .oneOf(accepted.map { .string($0) })
        ) { value, reader, options throws(ScenarioError) in
            let effort = try MapReader.string(value, path: reader.path(of: "reasoning_effort"))
            guard accepted.contains(effort) else {
                throw ScenarioError(
                    "\(reader.path(of: "reasoning_effort")): \(model.name) accepts "
                        + "\(accepted.joined(separator: ", ")), got '\(effort)'",
                    at: value.location)
            }
            options[keyPath: text].reasoningEffort = effort
        }
        .only(where: model.reasoning != nil, otherwise: notReasoning("reasoning_effort", model, reasoners))
    }

    /// `reasoning_tokens`: the reasoning tokens of every request, refused on a model that does not reason.
    public static func reasoningTokens<Options>(
        _ text: WritableKeyPath<Options, OpenAITextOptions>, model: OpenAITextModel, models: [OpenAITextModel],
        summary: String, draw: OptionDraw
    ) -> OptionRow<Options> {
        let byEffort = reasoningTokensByEffort.map { "\($0.effort) \($0.tokens)" }.joined(separator: ", ")
        return .int(
            "reasoning_tokens", text.appending(path: \.reasoningTokensGiven), in: 0...1_000_000,
            note: "reasoning models only", default: "by effort: \(byEffort)", summary: summary, draw: draw
        )
        .only(
            where: model.reasoning != nil,
            otherwise: notReasoning("reasoning_tokens", model, models.filter { $0.reasoning != nil }))
    }

    /// `host`, which LiveKit reports as model_provider.
    public static func host<Options>(
        _ text: WritableKeyPath<Options, OpenAITextOptions>, summary: String
    ) -> OptionRow<Options> {
        .string(
            "host", text.appending(path: \.host), nonEmpty: "a host name such as api.openai.com", form: "host name",
            summary: summary, draw: ["api.openai.com", "example-resource.openai.azure.com"])
    }

    private static func notReasoning(
        _ key: String, _ model: OpenAITextModel, _ reasoners: [OpenAITextModel]
    ) -> String {
        let names = reasoners.map(\.name).joined(separator: ", ")
        return "\(model.name) is not a reasoning model; expected no \(key), or a reasoning model (\(names))"
    }
}
