import AgentSimCore
import OpenAIText

/// The `options` knobs of `openai-responses`, validated once at session start: the ones OpenAI's text plugins share
/// and `max_output_tokens`, each a row of ``knobs(model:)``.
@dynamicMemberLookup
struct OpenAIResponsesOptions: Sendable {
    var text: OpenAITextOptions
    /// `max_output_tokens` as LiveKit forwards it (nil: not sent, no limit).
    var maxOutputTokens: Int?

    subscript<T>(dynamicMember keyPath: KeyPath<OpenAITextOptions, T>) -> T { text[keyPath: keyPath] }

    /// The defaults for `model`.
    init(model: OpenAITextModel) { text = OpenAITextOptions(model: model) }

    init(_ value: ScenarioValue, path: String, model: OpenAITextModel) throws(ScenarioError) {
        self.init(model: model)
        try Self.knobs(model: model).read(value, path: path, into: &self)
    }

    /// Every knob, as `agentsim providers openai-responses` lists it; the reasoning knobs only on a reasoning model.
    static func knobs(model: OpenAITextModel) -> OptionTable<Self> {
        let models = OpenAIResponsesModels.all
        return [
            OpenAITextOptions.charactersPerToken(\.text, draw: [3, 4, 5]),
            .int(
                "message_overhead_tokens", \.text.messageOverheadTokens, in: 0...1000,
                summary: """
                    Tokens each input item adds besides its content (OpenAI cookbook 'How to count tokens with \
                    tiktoken': tokens_per_message = 3).
                    """,
                draw: [0, 3]),
            .int(
                "reply_priming_tokens", \.text.replyPrimingTokens, in: 0...1000,
                summary: "Tokens every request adds to prime the reply (the same cookbook: 3)."),
            .bool(
                "caching", \.text.caching,
                summary: """
                    Automatic prompt caching of the prefix shared with the previous request (OpenAI prompt-caching \
                    guide: on by default for the Responses API too).
                    """,
                draw: [true, false]),
            OpenAITextOptions.cacheMinimum(\.text, draw: [128, 1024]),
            OpenAITextOptions.cacheStep(\.text, draw: .never),
            OpenAITextOptions.reasoningEffort(
                \.text, model: model, models: models,
                summary: """
                    The reasoning.effort LiveKit sends (responses/llm.py l.263-278 sends minimal when none is given). \
                    An error on a model that does not reason.
                    """),
            OpenAITextOptions.reasoningTokens(
                \.text, model: model, models: models,
                summary: """
                    Reasoning tokens each request generates before its first output token (billed inside \
                    output_tokens). OpenAI documents no counts; the defaults are ours.
                    """,
                draw: [0, 20, 300]),
            .int(
                "max_output_tokens", \.maxOutputTokens, in: 16...1_000_000, default: "none (not sent)",
                summary: """
                    LLM(max_output_tokens=…): an upper bound on reasoning + output tokens (Responses API reference; \
                    the API's minimum is 16). A reply that needs more ends with response.incomplete (reason \
                    max_output_tokens) after exactly this many output tokens.
                    """,
                draw: [16, 40, 4096]
            ).drawn(after: "cache_min_tokens"),
            OpenAITextOptions.host(
                \.text,
                summary: """
                    The base URL's host; LiveKit reports it as metadata.model_provider (responses/llm.py l.355-364: \
                    the WebSocket URL's netloc).
                    """),
        ]
    }
}
