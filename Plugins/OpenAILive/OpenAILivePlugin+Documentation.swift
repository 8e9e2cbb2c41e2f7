import AgentSimCore

extension OpenAILivePlugin {
    public var documentation: PluginDocumentation {
        PluginDocumentation(
            id: id,
            title: "GPT-Live",
            summary:
                """
                Voice billed by cumulative seconds in session.usage.updated snapshots and the final \
                session.closed; delegated work billed as Responses tokens of a backend model. LiveKit 1.8.9 emits \
                the seconds delta as RealtimeModelMetrics.session_duration (zero tokens) and the backend tokens \
                as LLMMetrics. Needs livekit-agents 1.8.9.
                """,
            models: [
                ModelDocumentation(
                    name: "gpt-live-1",
                    summary:
                        """
                        OpenAI's full-duplex voice model (DEFAULT_MODEL of livekit-agents 1.8.9 \
                        llm/_realtime/gpt_live.py; openai SDK 3.54 types/live/). Billed by audio seconds on the \
                        session timeline, not tokens; tools run on a backend Responses model (default gpt-5.6-luna).
                        """,
                    isDefault: true)
            ],
            options: OpenAILiveOptions.knobs.documentation(defaults: OpenAILiveOptions()),
            rules: Self.rules,
            sources: [
                """
                openai SDK 3.54 types/live/session_usage.py (\"Cumulative audio duration for a Live session. \
                Values are totals for the session, not increments to sum across usage events\"; seconds: \"Do not \
                sum this value across usage events\")
                """,
                """
                openai SDK 3.54 types/live/session_usage_updated_event.py (context_window.usage_ratio: active \
                context tokens / the model's context limit, omitted when the limit is unknown; delegated \
                Responses token usage is reported separately in response.event events) and \
                session_closed_event.py (reason, final cumulative usage)
                """,
                """
                livekit-agents 1.8.9 llm/_realtime/gpt_live.py (_handle_usage: RealtimeModelMetrics with \
                session_duration = max(0, seconds − previous), zero tokens, request_id = the session id, ttft -1, \
                duration 0; response.completed → LLMMetrics with \
                prompt/cached/cache_creation/completion/reasoning/total tokens, model_name = response.model; \
                _handle_session_usage_updated logs usage_ratio at debug level only; the running total resets on \
                reconnect)
                """,
                """
                livekit-agents 1.8.9 llm/_realtime/gpt_live_types.py (Usage, ContextWindow, \
                SessionClosedEvent.reason, ResponseUsage: input_tokens_details.cached_tokens / \
                cache_write_tokens, output_tokens_details.reasoning_tokens)
                """,
                """
                livekit-agents 1.8.9 metrics/usage.py (ModelUsageCollector adds session_duration, cache creation \
                and reasoning tokens; the 1.2.18 and 1.8.9 UsageCollector ignore session_duration)
                """,
                """
                developers.openai.com prompt-caching guide (automatic prefix caching from 1,024 tokens in \
                128-token steps) for the backend Responses model
                """,
                """
                PROVIDERS.md: Responses usage (input_tokens includes input_tokens_details.cached_tokens; \
                output_tokens includes output_tokens_details.reasoning_tokens)
                """,
            ])
    }

    static let rules: [String] = [
        """
        session.usage.updated carries usage.seconds, the session's cumulative voice seconds so far; \
        session.closed carries the final figure. They are totals, never increments: summing them over-counts.
        """,
        """
        usage.seconds = the session timeline at the snapshot (full duplex: the timeline runs through silence and \
        barge-ins), in whole milliseconds; the final figure is the session's length.
        """,
        """
        Snapshots arrive after every spoken reply (usage_update_interval 0) or every usage_update_interval \
        seconds; session.closed always ends the session.
        """,
        """
        context_window.usage_ratio (only when context_window_tokens is set) = (instructions + every transcript \
        and tool item so far, as text tokens) / context_window_tokens, rounded to 4 decimals.
        """,
        """
        Delegated work (a scenario tool call, under delegation responses) runs on the backend model: one response \
        for the call (output = its name + arguments tokens + backend_reasoning_tokens) and, after the tool \
        result, one continuation (output = the spoken reply's text tokens + backend_reasoning_tokens).
        """,
        """
        Backend input = backend_instructions_tokens + every transcript and tool item so far (text tokens); cached \
        = the prefix shared with the previous backend input, from cache_min_tokens in steps of cache_step_tokens; \
        total_tokens = input + output; reasoning_tokens ⊂ output_tokens; cache_write_tokens 0.
        """,
        "Under delegation client no backend model runs: tool calls reach the application and no tokens are reported.",
        """
        LiveKit: one RealtimeModelMetrics per snapshot with session_duration = max(0, seconds − previous \
        snapshot's seconds), input/output/total tokens 0, request_id = the session id, duration 0, ttft -1, \
        cancelled false, metadata {model_name: gpt-live-1, model_provider: the base URL's host}; label \
        livekit.agents.llm._realtime.gpt_live.GPTLiveModel.
        """,
        """
        LiveKit: one LLMMetrics per backend response.completed: prompt_tokens = input_tokens, \
        prompt_cached_tokens = cached_tokens, cache_creation_tokens = cache_write_tokens, completion_tokens = \
        output_tokens, reasoning_tokens, total_tokens; duration 0, ttft -1, tokens_per_second 0; model_name = the \
        backend model.
        """,
        """
        LiveKit 1.8.9's ModelUsageCollector sums session_duration (= the final usage.seconds) into the gpt-live-1 \
        entry and the backend tokens into the backend model's entry; its UsageCollector ignores session_duration. \
        livekit-agents 1.2.18 has no GPT-Live model: check skips that version.
        """,
    ]
}
