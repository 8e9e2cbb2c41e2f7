import AgentSimCore
import OpenAIText

/// The `options` knobs of `openai-responses`, validated once at session start: the ones OpenAI's text plugins share
/// and `max_output_tokens`.
@dynamicMemberLookup
struct OpenAIResponsesOptions: Sendable {
    var text = OpenAITextOptions()
    /// `max_output_tokens` as LiveKit forwards it (nil: not sent, no limit).
    var maxOutputTokens: Int?

    subscript<T>(dynamicMember keyPath: KeyPath<OpenAITextOptions, T>) -> T { text[keyPath: keyPath] }

    init(_ value: ScenarioValue, path: String, model: OpenAITextModel) throws(ScenarioError) {
        var r = try MapReader(value, path: path)
        try text.readTokenKnobs(&r)
        maxOutputTokens = try r.int("max_output_tokens", in: 16...1_000_000)
        try text.readHostAndReasoning(&r, path: path, model: model, models: OpenAIResponsesModels.all)
        try r.finish()
    }

    static let documentation: [OptionDocumentation] = [
        OpenAITextOptions.charactersPerTokenDocumentation,
        .init(
            key: "message_overhead_tokens", form: "whole number from 0 to 1000", defaultValue: "3",
            summary:
                "Tokens each input item adds besides its content (OpenAI cookbook 'How to count tokens with tiktoken': tokens_per_message = 3)."
        ),
        .init(
            key: "reply_priming_tokens", form: "whole number from 0 to 1000", defaultValue: "3",
            summary: "Tokens every request adds to prime the reply (the same cookbook: 3)."),
        .init(
            key: "caching", form: "true | false", defaultValue: "true",
            summary:
                "Automatic prompt caching of the prefix shared with the previous request (OpenAI prompt-caching guide: on by default for the Responses API too)."
        ),
        OpenAITextOptions.cacheMinimumDocumentation,
        OpenAITextOptions.cacheStepDocumentation,
        .init(
            key: "reasoning_effort", form: "minimal | low | medium | high (reasoning models only)",
            defaultValue: "minimal on gpt-5-mini",
            summary:
                "The reasoning.effort LiveKit sends (responses/llm.py l.263-278 sends minimal when none is given). An error on a model that does not reason."
        ),
        .init(
            key: "reasoning_tokens", form: "whole number from 0 to 1000000 (reasoning models only)",
            defaultValue: "by effort: minimal 0, low 256, medium 1024, high 4096",
            summary:
                "Reasoning tokens each request generates before its first output token (billed inside output_tokens). OpenAI documents no counts; the defaults are ours."
        ),
        .init(
            key: "max_output_tokens", form: "whole number from 16 to 1000000", defaultValue: "none (not sent)",
            summary:
                "LLM(max_output_tokens=…): an upper bound on reasoning + output tokens (Responses API reference; the API's minimum is 16). A reply that needs more ends with response.incomplete (reason max_output_tokens) after exactly this many output tokens."
        ),
        .init(
            key: "host", form: "host name", defaultValue: "api.openai.com",
            summary:
                "The base URL's host; LiveKit reports it as metadata.model_provider (responses/llm.py l.355-364: the WebSocket URL's netloc)."
        ),
    ]
}
