import AgentSimCore
import AgentSimJSON

extension PipecatView {
    /// One `LLMTokenUsage` a Pipecat 1.14.0 realtime service reports, text and audio apart.
    public struct RealtimeTokenUsage: Sendable, Equatable {
        public var promptTokens = 0
        public var completionTokens = 0
        public var totalTokens = 0
        public var cacheReadInputTokens: Int?
        public var reasoningTokens: Int?
        public var inputAudioTokens: Int?
        public var outputAudioTokens: Int?
        public var cacheReadInputAudioTokens: Int?

        /// As Pipecat's `LLMTokenUsage.model_dump()` writes it (what Collectors/serve's Pipecat drivers print).
        public var json: JSONValue {
            func opt(_ v: Int?) -> JSONValue { v.map { .int($0) } ?? .null }
            return .object([
                ("prompt_tokens", .int(promptTokens)), ("completion_tokens", .int(completionTokens)),
                ("total_tokens", .int(totalTokens)), ("cache_read_input_tokens", opt(cacheReadInputTokens)),
                ("cache_creation_input_tokens", .null), ("reasoning_tokens", opt(reasoningTokens)),
                ("input_audio_tokens", opt(inputAudioTokens)), ("output_audio_tokens", opt(outputAudioTokens)),
                ("cache_read_input_audio_tokens", opt(cacheReadInputAudioTokens)),
            ])
        }
    }

    /// The `LLMTokenUsage`s Pipecat's realtime service for `provider` reports from a realtime session's native
    /// messages, in order; nil when Pipecat 1.14.0 has no service for the provider (GPT-Live).
    ///
    /// - OpenAI Realtime (`OpenAIRealtimeLLMService`, services/openai/realtime/llm.py:1091-1109): every
    ///   `response.done` with usage, completed or cancelled: prompt, completion and total as sent, cache read =
    ///   input_token_details.cached_tokens, the audio fields from the token details.
    /// - Gemini Live (`GeminiLiveLLMService`, services/google/gemini_live/llm.py:1632-1646, 2532-2558): usage read only
    ///   from a message whose serverContent.turnComplete is true; prompt = promptTokenCount + toolUsePromptTokenCount,
    ///   completion = responseTokenCount + thoughtsTokenCount, total = their sum (computed), cache read =
    ///   cachedContentTokenCount, reasoning = thoughtsTokenCount, the audio fields the AUDIO entries of the details
    ///   (absent when not reported).
    public static func realtimeUsage(provider: String, payloads: [JSONValue]) -> [RealtimeTokenUsage]? {
        switch provider {
        case "openai-realtime":
            return payloads.compactMap { payload in
                guard payload["type"] == "response.done", let usage = payload["response"]?["usage"], !usage.isNull
                else { return nil }
                let input = usage["input_token_details"], output = usage["output_token_details"]
                return RealtimeTokenUsage(
                    promptTokens: usage["input_tokens"]?.intValue ?? 0,
                    completionTokens: usage["output_tokens"]?.intValue ?? 0,
                    totalTokens: usage["total_tokens"]?.intValue ?? 0,
                    cacheReadInputTokens: input?["cached_tokens"]?.intValue, reasoningTokens: nil,
                    inputAudioTokens: input?["audio_tokens"]?.intValue,
                    outputAudioTokens: output?["audio_tokens"]?.intValue,
                    cacheReadInputAudioTokens: input?["cached_tokens_details"]?["audio_tokens"]?.intValue)
            }
        case "gemini-live":
            return payloads.compactMap { payload in
                guard payload["serverContent"]?["turnComplete"]?.boolValue == true, let usage = payload["usageMetadata"]
                else { return nil }
                func audio(_ key: String) -> Int? {
                    usage[key]?.arrayValue?.first { $0["modality"] == "AUDIO" }?["tokenCount"]?.intValue
                }
                let prompt =
                    (usage["promptTokenCount"]?.intValue ?? 0) + (usage["toolUsePromptTokenCount"]?.intValue ?? 0)
                let thoughts = usage["thoughtsTokenCount"]?.intValue
                let completion =
                    (usage["responseTokenCount"]?.intValue ?? usage["candidatesTokenCount"]?.intValue ?? 0)
                    + (thoughts ?? 0)
                return RealtimeTokenUsage(
                    promptTokens: prompt, completionTokens: completion, totalTokens: prompt + completion,
                    cacheReadInputTokens: usage["cachedContentTokenCount"]?.intValue, reasoningTokens: thoughts,
                    inputAudioTokens: audio("promptTokensDetails"),
                    outputAudioTokens: audio("responseTokensDetails") ?? audio("candidatesTokensDetails"),
                    cacheReadInputAudioTokens: audio("cacheTokensDetails"))
            }
        default:
            return nil
        }
    }
}
