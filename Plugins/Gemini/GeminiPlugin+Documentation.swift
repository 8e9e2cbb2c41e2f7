import AgentSimCore

extension GeminiPlugin {
    public var documentation: PluginDocumentation {
        let models = GeminiModel.all.map(\.documentation)
        let model = GeminiModel.named(models.defaultName)!
        return PluginDocumentation(
            id: id,
            title: "Gemini generateContent",
            summary:
                """
                A pipeline LLM on the Gemini Developer API or Vertex AI: each request streams \
                GenerateContentResponse chunks (camelCase usageMetadata on every chunk or on the last), and \
                LiveKit's Google plugin turns every chunk with usage into a usage ChatChunk; the core keeps the \
                last one for the request's LLMMetrics.
                """,
            models: models,
            options: GeminiOptions.knobs(model: model).documentation(defaults: GeminiOptions(model: model)),
            rules: Self.rules,
            sources: [
                """
                livekit-plugins-google 1.8.9 google/models.py (ChatModels, the model names), google/llm.py l.163 \
                (default model), l.328-333 (provider \"Gemini\" / \"Vertex AI\"), l.461-503 (thinking_budget on \
                2.5, thinking_level on 3), l.570 (request_id = shortuuid()), l.666-692 (a usage chunk per \
                response with usage_metadata: completion = candidates_token_count, prompt = prompt_token_count, \
                prompt_cached = cached_content_token_count, total = total_token_count), l.896-900 (thought parts \
                dropped)
                """,
                "livekit-plugins-google 1.2.18 google/llm.py l.384-394 (the same usage mapping)",
                """
                livekit-agents 1.8.9 llm/llm.py _metrics_monitor_task (last usage wins; ttft at the first chunk \
                with content; no chunk, no metrics; cancelled = the task was cancelled); 1.2.18 the same, ttft at \
                the first chunk of any kind and no metrics when ttft < 0; voice/agent_activity.py l.2193-2196 \
                (speech_id)
                """,
                """
                seed 004 (Letta's Gemini usage notes): prompt_token_count includes cached, \
                cached_content_token_count a subset, thoughts_token_count for thinking, usage typically in the \
                final chunk, google_ai and google_vertex share the response format
                """,
                """
                ai.google.dev caching page (implicit caching on for 2.5 and newer; minimum prefix by model: 1,024 \
                / 2,048 / 4,096, changing by date: 2026-05-07, 2026-07-07, 2026-10-13)
                """,
                """
                ai.google.dev thinking page (thinking_budget ranges: 2.5 Flash 0-24,576, 2.5 Pro 128-32,768, -1 \
                dynamic; thinking_level on Gemini 3)
                """,
                """
                hermes-agent#17786 and hydra PR #858 (usageMetadata on every SSE event, running totals); \
                hermes-agent#15493 (usage on the final event); langchain-google#1016 (the last chunk is \
                authoritative)
                """,
                "python-genai#811 (thoughts_token_count beside candidates, traffic_type ON_DEMAND on Vertex)",
            ])
    }

    static let rules: [String] = [
        """
        Prompt: promptTokenCount = the sum of the request's context items (instructions, transcripts, earlier \
        replies as heard, tool calls and results), each its scenario token count or the estimate ceil(characters \
        / 4); the cached part is inside it.
        """,
        """
        Implicit caching: when a request's context starts with the previous request's whole context and that \
        prompt reached cache_min_tokens, cachedContentTokenCount = the previous prompt (cacheTokensDetails TEXT); \
        never on the first request.
        """,
        """
        totalTokenCount = promptTokenCount + candidatesTokenCount + thoughtsTokenCount + toolUsePromptTokenCount; \
        zero counts and empty lists are left out of the wire JSON (proto3), and the modality lists hold TEXT only.
        """,
        """
        Thinking: thoughtsTokenCount = thoughts_tokens on every request while thinking is on (capped by a \
        positive thinking_budget), spent before the first reply token; billed as output, not inside \
        candidatesTokenCount.
        """,
        """
        Stream: the first chunk holds the first reply token (at the timeline's first token), then one chunk per \
        chunk_tokens tokens, each arriving with its last token; the last chunk has finishReason STOP. A tool call \
        is one chunk (functionCall name and args) at the stream's end.
        """,
        """
        usage_on every_chunk: each chunk's usageMetadata restates the prompt, cache, thoughts and tool-use prompt \
        in full and the candidates so far; final_chunk: only the last chunk carries it.
        """,
        """
        Bill: input = prompt + tool-use prompt (cached part as cached input), output = reply tokens generated + \
        thoughts (reasoning = thoughts); a stream cut by a barge-in is billed for the prompt, the thoughts and \
        the tokens generated by the cut.
        """,
        """
        LiveKit: one usage ChatChunk per chunk with usageMetadata; the monitor keeps the last, so LLMMetrics has \
        prompt_tokens = promptTokenCount, prompt_cached_tokens = cachedContentTokenCount, completion_tokens = \
        candidatesTokenCount (thoughts left out), total_tokens = totalTokenCount, reasoning_tokens and \
        cache_creation_tokens 0; tool-use prompt tokens are read nowhere but in the total.
        """,
        """
        LiveKit: a cut stream (cancelled=true) reports the last usage received (every_chunk) or zeros \
        (final_chunk), at the cut; a stream cut before its first chunk reports nothing (1.8.9: no chunk received; \
        1.2.18: ttft < 0).
        """,
        """
        LiveKit: label livekit.plugins.google.llm.LLM; request_id = 12 hex digits (shortuuid, drawn from the \
        seed); ttft = first chunk − request sent; duration = end of stream (or cut) − request sent; timestamp at \
        the end; tokens_per_second = completion / duration; speech_id the reply's; metadata model_name = the \
        model, model_provider \"Gemini\" or \"Vertex AI\".
        """,
        """
        Not emulated: gemini-4-argon's long-decode continuation hops (google/llm.py l.638-819), thought summaries \
        (include_thoughts; LiveKit drops them), explicit cached_content.
        """,
    ]
}
