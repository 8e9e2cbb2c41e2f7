import AgentSimCore
import OpenAIText

/// The `options` knobs of `openai-chat`, validated once at session start: the ones OpenAI's text plugins share.
@dynamicMemberLookup
struct OpenAIChatOptions: Sendable {
    var text = OpenAITextOptions()

    subscript<T>(dynamicMember keyPath: KeyPath<OpenAITextOptions, T>) -> T { text[keyPath: keyPath] }

    init(_ value: ScenarioValue, path: String, model: OpenAITextModel) throws(ScenarioError) {
        var r = try MapReader(value, path: path)
        try text.readTokenKnobs(&r)
        try text.readHostAndReasoning(&r, path: path, model: model, models: OpenAIChatModels.all)
        try r.finish()
    }

    static let documentation: [OptionDocumentation] = [
        OpenAITextOptions.charactersPerTokenDocumentation,
        .init(
            key: "message_overhead_tokens", form: "whole number from 0 to 1000", defaultValue: "3",
            summary:
                "Tokens each message adds to the prompt besides its content (OpenAI cookbook 'How to count tokens with tiktoken': tokens_per_message = 3)."
        ),
        .init(
            key: "reply_priming_tokens", form: "whole number from 0 to 1000", defaultValue: "3",
            summary:
                "Tokens every prompt adds to prime the reply (the same cookbook: 'every reply is primed with <|start|>assistant<|message|>', 3 tokens)."
        ),
        .init(
            key: "caching", form: "true | false", defaultValue: "true",
            summary:
                "Automatic prompt caching of the prefix shared with the previous request (OpenAI prompt-caching guide: on by default, no code change)."
        ),
        OpenAITextOptions.cacheMinimumDocumentation,
        OpenAITextOptions.cacheStepDocumentation,
        .init(
            key: "reasoning_effort", form: "minimal | low | medium | high (reasoning models only)",
            defaultValue: "minimal on gpt-5-mini",
            summary:
                "The reasoning_effort LiveKit sends; livekit-plugins-openai 1.8.9 llm.py l.139-152 sends minimal when none is given. An error on a model that does not reason."
        ),
        .init(
            key: "reasoning_tokens", form: "whole number from 0 to 1000000 (reasoning models only)",
            defaultValue: "by effort: minimal 0, low 256, medium 1024, high 4096",
            summary:
                "Reasoning tokens each request generates before its first text token (hidden inside llm_ttft, billed inside completion_tokens). OpenAI documents no counts; the defaults are ours."
        ),
        .init(
            key: "host", form: "host name", defaultValue: "api.openai.com",
            summary:
                "The base URL's host; LiveKit reports it as metadata.model_provider (llm.py l.217-218: base_url netloc)."
        ),
    ]
}
