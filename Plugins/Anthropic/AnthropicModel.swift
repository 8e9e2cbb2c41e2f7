import AgentSimCore

/// What differs between the Claude models this plugin emulates: the shortest prefix Anthropic caches, and
/// whether LiveKit's plugin closes a request that ends on an assistant turn with a dummy user message.
struct AnthropicModel: Sendable, Equatable {
    var name: String
    /// Anthropic's minimum cacheable prompt length for the model (prompt-caching docs): a breakpoint whose prefix
    /// is shorter caches nothing.
    var minimumCacheableTokens: Int
    /// LiveKit 1.8.9 `llm.py` `_NO_PREFILL_PATTERNS` (`claude-sonnet-4-6`, `claude-opus-4-6`): a request whose
    /// messages end with an assistant turn gets a trailing `{"role": "user", "content": "."}`.
    var disablesPrefill: Bool

    static let all: [AnthropicModel] = [
        AnthropicModel(name: "claude-sonnet-4-6", minimumCacheableTokens: 1024, disablesPrefill: true),
        AnthropicModel(name: "claude-sonnet-4-5", minimumCacheableTokens: 1024, disablesPrefill: false),
        AnthropicModel(name: "claude-haiku-4-5", minimumCacheableTokens: 4096, disablesPrefill: false),
        AnthropicModel(name: "claude-3-5-haiku-20241022", minimumCacheableTokens: 2048, disablesPrefill: false),
    ]

    static let documentation: [ModelDocumentation] = [
        ModelDocumentation(
            name: "claude-sonnet-4-6",
            summary: "LiveKit 1.8.9's default and in its ChatModels list; caches from 1,024 tokens (Anthropic's docs; "
                + "anthropic-sdk-python#1194 saw 2,048, see min_cacheable_tokens); LiveKit adds a trailing '.' user "
                + "message when the request ends on an assistant turn (no prefill on 4.6).",
            isDefault: true),
        ModelDocumentation(
            name: "claude-sonnet-4-5",
            summary: "Anthropic's alias for Sonnet 4.5; not in LiveKit 1.8.9's ChatModels literal, which takes any "
                + "string; caches from 1,024 tokens."),
        ModelDocumentation(
            name: "claude-haiku-4-5",
            summary: "Anthropic's alias for Haiku 4.5; not in LiveKit 1.8.9's ChatModels literal; caches from "
                + "4,096 tokens."),
        ModelDocumentation(
            name: "claude-3-5-haiku-20241022",
            summary: "The newest Haiku in LiveKit 1.8.9's ChatModels list; caches from 2,048 tokens."),
    ]

    static func named(_ name: String) -> AnthropicModel? { all.first { $0.name == name } }
}
