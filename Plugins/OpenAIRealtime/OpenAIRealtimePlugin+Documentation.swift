import AgentSimCore

extension OpenAIRealtimePlugin {
    public var documentation: PluginDocumentation {
        let models = Self.models
        return PluginDocumentation(
            id: id,
            title: "OpenAI Realtime",
            summary:
                """
                One response.done usage report per response, over the whole context; LiveKit copies it into \
                RealtimeModelMetrics.
                """,
            models: models,
            options: OpenAIRealtimeOptions.knobs(model: models.defaultName).documentation(
                defaults: OpenAIRealtimeOptions(model: models.defaultName)),
            rules: [
                """
                Every response bills its whole context as input: instructions, every earlier user audio item, \
                every earlier assistant item (audio tokens and transcript text), tool calls and results.
                """,
                """
                input_tokens = text + audio (+ image); total_tokens = input_tokens + output_tokens; cached_tokens \
                is a subset of input_tokens.
                """,
                """
                User audio bills floor(seconds × 10) tokens per committed utterance; assistant audio \
                floor(seconds × 20); seconds are the encoded packets' durations.
                """,
                "Each context item and the instructions add item_overhead_tokens text tokens.",
                """
                Output: the reply's transcript as text tokens and its audio as audio tokens; a tool call's name \
                and arguments as text tokens.
                """,
                """
                Prefix caching: cached = the longest prefix shared with the previous request or with what the \
                organisation's earlier sessions sent, if at least cache_min_tokens, rounded down to \
                cache_min_tokens + k × cache_step_tokens; split into text and audio in context order.
                """,
                """
                The cache belongs to the organisation (cache_scope: organisation): an earlier session with the \
                same model, options and instructions sent this session's head (instructions, tools), so it is \
                cached on the first response; an earlier session of the same conversation sent every request, so \
                each is cached in full (to the grid). Earlier = earlier_sessions for a single run; the plan index \
                in agentsim load and the sequence index in check --random (session i sees what sessions with \
                smaller indices send, known from the plan, whatever the pace or shard).
                """,
                """
                Minimum, from the observed reports (cache_min_tokens 128): (1) the seed thread cached 1,408 of \
                2,060 prompt tokens over 7 responses; under 1,024 that is one response caching 1,408 (two would \
                cache at least 2,048), so a request of at least 1,408 whose 1,408-token prefix was sent before: \
                by this session's previous request (1,408 + 1,408 = 2,816 > 2,060) or by an earlier session, \
                which would have had to send this caller's own audio — unreachable; 128-token blocks give \
                0+128+128+256+256+256+384 = 1,408 (Scenarios/livekit-thread-openai.yaml). (2) \
                community.openai.com: one response cached 640 = 5 × 128 of 789, below any 1,024 minimum \
                (Scenarios/openai-cache-forum.yaml). (3) openai/openai-dotnet#1045: a first response cached 1,408 \
                of 1,459 = 1,344 text + 64 audio — 128 + 10 × 128 and 1,024 + 3 × 128 alike, but only if an \
                earlier session sent the same request (Scenarios/openai-cache-dotnet-1045.yaml, earlier_sessions: \
                same_conversation; agentsim load gives it with default knobs from the second session on).
                """,
                """
                Reasoning models (gpt-realtime-2, gpt-realtime-2.1, gpt-realtime-2.1-mini) bill reasoning_tokens \
                per response inside output_token_details.text_tokens; no reasoning_tokens field exists, so output \
                text exceeds the transcript; reasoning does not stay in later contexts.
                """,
                """
                Discarded generations (discarded_per_interruption): after a barge-in the server still creates a \
                response LiveKit gave up on; LiveKit cancels it by id on response.created, so OpenAI bills the \
                whole context as its input and no output, and sends its response.done (status cancelled) — and \
                LiveKit 1.8.9 emits no metrics for it (PR #6244), nor for a response.done with no current \
                generation. It is a request: the next response's prefix is shared with it.
                """,
                "Changed instructions or truncation change the prefix, so the next response caches nothing.",
                "Silence is not sent under server VAD and is not billed.",
                """
                A barge-in: the response is still billed in full (interrupted_billing) and reported with status \
                cancelled; conversation.item.truncate leaves only the played audio (no transcript) in later \
                contexts.
                """,
                """
                Input transcription (when on) reports usage separately; LiveKit turns it into STTMetrics (tokens \
                shape: token fields, audio_duration 0; duration shape: audio_duration = seconds).
                """,
                """
                LiveKit: one RealtimeModelMetrics per response.done; cached_tokens_details always built; output \
                image_tokens 0; ttft = first audio − creation (−1 if none); cancelled = status == cancelled; \
                request_id = response id; model_provider = the base URL's host; a zero-usage event with \
                request_id \"\" when the connection is acquired.
                """,
            ],
            sources: [
                "developers.openai.com realtime-costs guide (audio token rates, per-item special tokens)",
                """
                openai SDK types/realtime/realtime_response_usage*.py, \
                conversation_item_input_audio_transcription_completed_event.py
                """,
                "OpenAI prompt-caching guide (1,024-token minimum, 128-token steps)",
                """
                livekit-agents 1.8.9 llm/_realtime/openai.py; livekit-plugins-openai 1.2.18 \
                realtime/realtime_model.py
                """,
                "openai-realtime-console#50",
                """
                community.openai.com 'Help me understand the realtime usage block' (789 input, 640 cached) and \
                'Realtime API Details (Costs, Usage, etc.)' ('Hi' with 110 instruction tokens billed 118)
                """,
                """
                openai/openai-dotnet#1045 (gpt-realtime-mini: first response 1,459 input, 1,408 cached = 1,344 \
                text + 64 audio)
                """,
                """
                openai-python commits (gpt-realtime-mini, -2025-12-15, -1.5, -2, -2.1, -2.1-mini); \
                BerriAI/litellm#39850 (reasoning inside output text tokens)
                """,
                "livekit-agents 1.8.9 llm/_realtime/openai.py _DiscardedGeneration, _handle_response_done (PR #6244)",
            ])
    }

    static let models: [ModelDocumentation] = [
        ModelDocumentation(name: "gpt-realtime", summary: "GA realtime model."),
        ModelDocumentation(
            name: "gpt-4o-realtime-preview", summary: "Preview realtime model (the seed thread's).",
            isDefault: true),
        ModelDocumentation(name: "gpt-4o-mini-realtime-preview", summary: "Smaller preview realtime model."),
        ModelDocumentation(
            name: "gpt-realtime-mini",
            summary: "Smaller GA model (openai-python, 2025-10); openai/openai-dotnet#1045 reports its cache."),
        ModelDocumentation(
            name: "gpt-realtime-mini-2025-12-15",
            summary: "Dated snapshot of gpt-realtime-mini (openai-python)."),
        ModelDocumentation(
            name: "gpt-realtime-1.5", summary: "GA model of 2026-02 (openai-python); no reasoning."),
        ModelDocumentation(
            name: "gpt-realtime-2",
            summary:
                """
                2026-05 model with a reasoning effort setting (openai-python); reasoning billed inside output \
                text tokens.
                """
        ),
        ModelDocumentation(name: "gpt-realtime-2.1", summary: "2026-07 reasoning model (openai-python)."),
        ModelDocumentation(
            name: "gpt-realtime-2.1-mini",
            summary:
                """
                2026-07 smaller reasoning model (openai-python); BerriAI/litellm#39850: completion 29 of \
                which reasoning 19.
                """
        ),
    ]
}
