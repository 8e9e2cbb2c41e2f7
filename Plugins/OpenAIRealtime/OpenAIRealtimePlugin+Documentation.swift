import AgentSimCore

extension OpenAIRealtimePlugin {
    public var documentation: PluginDocumentation {
        PluginDocumentation(
            id: id,
            title: "OpenAI Realtime",
            summary: "One response.done usage report per response, over the whole context; LiveKit copies it into RealtimeModelMetrics.",
            models: [
                ModelDocumentation(name: "gpt-realtime", summary: "GA realtime model."),
                ModelDocumentation(name: "gpt-4o-realtime-preview", summary: "Preview realtime model (the seed thread's).", isDefault: true),
                ModelDocumentation(name: "gpt-4o-mini-realtime-preview", summary: "Smaller preview realtime model."),
            ],
            options: OpenAIRealtimeOptions.documentation,
            rules: [
                "Every response bills its whole context as input: instructions, every earlier user audio item, every earlier assistant item (audio tokens and transcript text), tool calls and results.",
                "input_tokens = text + audio (+ image); total_tokens = input_tokens + output_tokens; cached_tokens is a subset of input_tokens.",
                "User audio bills floor(seconds × 10) tokens per committed utterance; assistant audio floor(seconds × 20); seconds are the encoded packets' durations.",
                "Each context item and the instructions add item_overhead_tokens text tokens.",
                "Output: the reply's transcript as text tokens and its audio as audio tokens; a tool call's name and arguments as text tokens.",
                "Prefix caching: cached = the prefix shared with the previous request, if at least cache_min_tokens, rounded down to cache_min_tokens + k × cache_step_tokens; split into text and audio in context order.",
                "Changed instructions or truncation change the prefix, so the next response caches nothing.",
                "Silence is not sent under server VAD and is not billed.",
                "A barge-in: the response is still billed in full (interrupted_billing) and reported with status cancelled; conversation.item.truncate leaves only the played audio (no transcript) in later contexts.",
                "Input transcription (when on) reports usage separately; LiveKit turns it into STTMetrics (tokens shape: token fields, audio_duration 0; duration shape: audio_duration = seconds).",
                "LiveKit: one RealtimeModelMetrics per response.done; cached_tokens_details always built; output image_tokens 0; ttft = first audio − creation (−1 if none); cancelled = status == cancelled; request_id = response id; model_provider = the base URL's host; a zero-usage event with request_id \"\" when the connection is acquired.",
            ],
            sources: [
                "developers.openai.com realtime-costs guide (audio token rates, per-item special tokens)",
                "openai SDK types/realtime/realtime_response_usage*.py, conversation_item_input_audio_transcription_completed_event.py",
                "OpenAI prompt-caching guide (1,024-token minimum, 128-token steps)",
                "livekit-agents 1.8.9 llm/_realtime/openai.py; livekit-plugins-openai 1.2.18 realtime/realtime_model.py",
                "openai-realtime-console#50",
            ])
    }
}
