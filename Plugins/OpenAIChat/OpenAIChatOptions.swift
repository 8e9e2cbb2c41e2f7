import AgentSimCore
import OpenAIText

/// The `options` knobs of `openai-chat`, validated once at session start: the ones OpenAI's text plugins share, each
/// a row of ``knobs(model:)``.
@dynamicMemberLookup
struct OpenAIChatOptions: Sendable {
    var text: OpenAITextOptions

    subscript<T>(dynamicMember keyPath: KeyPath<OpenAITextOptions, T>) -> T { text[keyPath: keyPath] }

    /// The defaults for `model`.
    init(model: OpenAITextModel) { text = OpenAITextOptions(model: model) }

    init(_ value: ScenarioValue, path: String, model: OpenAITextModel) throws(ScenarioError) {
        self.init(model: model)
        try Self.knobs(model: model).read(value, path: path, into: &self)
    }

    /// Every knob, as `agentsim providers openai-chat` lists it; the reasoning knobs only on a reasoning model.
    static func knobs(model: OpenAITextModel) -> OptionTable<Self> {
        let models = OpenAIChatModels.all
        return [
            OpenAITextOptions.charactersPerToken(\.text, draw: [3, 4, 5]),
            .int(
                "message_overhead_tokens", \.text.messageOverheadTokens, in: 0...1000,
                summary: """
                    Tokens each message adds to the prompt besides its content (OpenAI cookbook 'How to count tokens \
                    with tiktoken': tokens_per_message = 3).
                    """,
                draw: [0, 3, 4]),
            .int(
                "reply_priming_tokens", \.text.replyPrimingTokens, in: 0...1000,
                summary: """
                    Tokens every prompt adds to prime the reply (the same cookbook: 'every reply is primed with \
                    <|start|>assistant<|message|>', 3 tokens).
                    """,
                draw: [0, 3]),
            .bool(
                "caching", \.text.caching,
                summary: """
                    Automatic prompt caching of the prefix shared with the previous request (OpenAI prompt-caching \
                    guide: on by default, no code change).
                    """,
                draw: [true, false]),
            OpenAITextOptions.cacheMinimum(\.text, draw: [128, 256, 1024]),
            OpenAITextOptions.cacheStep(\.text, draw: [64, 128]),
            OpenAITextOptions.reasoningEffort(
                \.text, model: model, models: models,
                summary: """
                    The reasoning_effort LiveKit sends; livekit-plugins-openai 1.8.9 llm.py l.139-152 sends minimal \
                    when none is given. An error on a model that does not reason.
                    """),
            OpenAITextOptions.reasoningTokens(
                \.text, model: model, models: models,
                summary: """
                    Reasoning tokens each request generates before its first text token (hidden inside llm_ttft, \
                    billed inside completion_tokens). OpenAI documents no counts; the defaults are ours.
                    """,
                draw: [0, 40, 300]),
            OpenAITextOptions.host(
                \.text,
                summary: """
                    The base URL's host; LiveKit reports it as metadata.model_provider (llm.py l.217-218: base_url \
                    netloc).
                    """),
        ]
    }
}
