extension RealtimeViewsReport {
    /// How each column of a realtime scenario's views is read (`agentsim views --rules`).
    public static let rules: [String] = [
        "A realtime model's bill is not itemised per service: the columns are set beside LiveKit 1.8.9's "
            + "RealtimeModelMetrics, one per response with the provider's own usage for it (the zero-usage "
            + "connection event left out), and the plugin's sentences on where those part from the bill follow.",
        "LiveKit 1.8.9: ModelUsageCollector's entry for the realtime model (input_text_tokens, input_audio_tokens, "
            + "input_cached_text_tokens, input_cached_audio_tokens, output_text_tokens, output_audio_tokens, "
            + "session_duration); priced by modality from the realtime price table, as `compare` prices it.",
        "OTel GenAI: the attributes record_realtime_metrics puts on each realtime span: gen_ai.usage.input_tokens, "
            + "output_tokens, their text, audio and image parts, cache_read.input_tokens, the cached parts when "
            + "cached_tokens_details is reported, and the unofficial input_text_tokens, input_audio_tokens, "
            + "input_cached_tokens, output_text_tokens, output_audio_tokens beside them; priced by modality.",
        "Langfuse: those spans through the same mappings as LLM spans (above). Before #13110 input_tokens stays "
            + "`input`, cached tokens included, and the cached tokens are kept again as input_cached_tokens and "
            + "cache_read.input_tokens: the double count behind livekit/agents#5121. Every text and audio key is a "
            + "bucket of its own, so the total counts each token several times. Not priced: agentsim's copy of "
            + "Langfuse's price file has no realtime model.",
        "Pipecat 1.14: OpenAI Realtime reads every response.done with usage (prompt, completion and total as sent, "
            + "cache read = input_token_details.cached_tokens, the audio fields from the token details); Gemini Live "
            + "reads usage only from a message whose serverContent.turnComplete is true (prompt = promptTokenCount + "
            + "toolUsePromptTokenCount, completion = responseTokenCount + thoughtsTokenCount, total their sum, "
            + "reasoning = thoughtsTokenCount, the AUDIO entries of the details); it has no GPT-Live service.",
    ]

    /// Where the realtime rules come from.
    public static let sources: [String] = [
        "livekit-agents 1.8.9 telemetry/utils.py record_realtime_metrics; metrics/usage.py ModelUsageCollector",
        "pipecat-ai 1.14.0 services/openai/realtime/llm.py:1091-1109, services/google/gemini_live/llm.py:1632-1646 "
            + "and 2532-2558",
        "livekit/agents PR #5121 (gpt-realtime costs in Langfuse near 2× the bill)",
    ]
}
