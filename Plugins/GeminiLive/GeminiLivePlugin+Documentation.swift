import AgentSimCore

extension GeminiLivePlugin {
    public var documentation: PluginDocumentation {
        let models = GeminiLiveProfile.all.map(\.documentation)
        let profile = GeminiLiveProfile.named(models.defaultName)!
        return PluginDocumentation(
            id: id,
            title: "Gemini Live",
            summary:
                """
                One usageMetadata per turn (LiveServerMessage, camelCase wire form) over the whole context, in \
                each model's own modality accounting; LiveKit emits one RealtimeModelMetrics per message that \
                carries it.
                """,
            models: models,
            options: GeminiLiveOptions.knobs(profile).documentation(defaults: GeminiLiveOptions(profile: profile)),
            rules: Self.rules,
            sources: [
                """
                google-genai 3.4 types.py (UsageMetadata, ModalityTokenCount, MediaModality, LiveServerMessage) \
                and _live_converters.py (Vertex candidates* → response_*)
                """,
                """
                ai.google.dev tokens, audio and Live API best-practices pages (25 vs 32 audio tokens/s); \
                discuss.ai.google.dev thread 140340 (earlier audio billed again every turn)
                """,
                """
                livekit-plugins-google 1.2.18 realtime/realtime_api.py (_recv_task, _is_new_generation, \
                _start_new_generation, _handle_usage_metadata, provider); 1.8.9 (ttft = -1)
                """,
                """
                python-genai#1342 (\"Hi\" → 509 TEXT prompt, reply [TEXT 11] on gemini-2.0-flash-live-001), #1917 \
                (334 for \"hello\"), #1298 (no usage_metadata at all)
                """,
                "livekit/agents#2426 (AUDIO increases by 1 each turn starting at 0; output audio always 0)",
                """
                pydantic-ai#7269 (per-turn, not cumulative: 143 → 181 → 224 on 3.1; 373 → 413 → 452 on 2.5 native \
                audio)
                """,
                "pipecat PR #5052 (3.1 details 395 + 511 = 906 labelled of 1,108)",
                "sierra-research/tau2-bench#454 (usage repeated on several messages of a turn over-counts when summed)",
                """
                the seed thread (livekit-agents 1.2.18, gemini-2.0-flash-live-001): \
                UsageSummary(llm_prompt_tokens=5354, …, llm_input_audio_tokens=21, llm_completion_tokens=80, \
                llm_output_audio_tokens=0, …)
                """,
            ])
    }

    static let rules: [String] = [
        """
        One usageMetadata per model turn, on its turnComplete message: \
        {\"serverContent\":{\"turnComplete\":true},\"usageMetadata\":{…}}; per turn, never cumulative.
        """,
        """
        Each turn's promptTokenCount is the whole context: prompt_overhead_tokens + instructions + media + every \
        user item so far + every earlier reply and tool call/result, so the sum over turns grows roughly \
        quadratically.
        """,
        """
        totalTokenCount = promptTokenCount + responseTokenCount + toolUsePromptTokenCount + thoughtsTokenCount; \
        cachedContentTokenCount ⊂ promptTokenCount.
        """,
        """
        Wire form is proto3 JSON in camelCase: zero counts and empty lists are left out, and details lists omit \
        zero-count modalities (a missing AUDIO entry means not reported).
        """,
        """
        User audio: with user_audio_in_prompt audio_tokens, floor(seconds × input_audio_tokens_per_second) AUDIO \
        per utterance, silence included (billed), re-billed every later turn; with transcript, the utterance's \
        transcript text tokens (silence adds none).
        """,
        """
        Half-cascade models (gemini-2.0-*): prompt of response k = prompt_overhead_tokens + instructions + media \
        + every user utterance so far as its transcript's text tokens (silence adds none) + every earlier \
        response's reported tokens + tool results; every entry is TEXT except AUDIO = the response index k (0, 1, \
        2, …; so no AUDIO entry on the first turn); the spoken reply is reported as TEXT = its transcript tokens, \
        no AUDIO.
        """,
        """
        Native-audio models: prompt entries keep their modality; the reply is AUDIO floor(generated seconds × \
        output_audio_tokens_per_second) plus TEXT = its transcript tokens.
        """,
        """
        A reply re-enters every later prompt exactly as it was reported; a tool call adds its name + arguments \
        tokens (its response, TEXT) and the tool result its tokens (TEXT).
        """,
        """
        A barge-in changes nothing billed: generation outruns playback, the whole reply was sent and stays in the \
        context.
        """,
        """
        Prompt modality entries are floor(tokens × labelled_fraction), so on 3.1 they add up to less than \
        promptTokenCount.
        """,
        "Text without an exact count: ceil(characters / characters_per_token).",
        "Vertex AI names the response side candidatesTokenCount / candidatesTokensDetails on the wire.",
        """
        LiveKit: one RealtimeModelMetrics per server message carrying usageMetadata (no de-duplication), for the \
        current generation, even when it is already done.
        """,
        """
        LiveKit: a generation starts when a turn's first content arrives (here: when the user's turn closes); \
        usage before the first generation is dropped with a warning (payload, no metrics).
        """,
        """
        LiveKit: input_tokens = promptTokenCount, output_tokens = responseTokenCount, total_tokens = \
        totalTokenCount; AUDIO/TEXT/IMAGE details map one to one, VIDEO and DOCUMENT are dropped; thoughts and \
        tool-use prompt tokens are never read.
        """,
        """
        LiveKit: cached_tokens = the sum of cacheTokensDetails (cachedContentTokenCount is not read); \
        cached_tokens_details always built.
        """,
        """
        LiveKit: request_id = \"GR_\" + 12 hex digits (shortuuid, drawn from the seed); ttft = -1 (livekit_ttft); \
        cancelled = false, even after a barge-in; duration = message time − generation start; model_provider \
        \"Gemini\" or \"Vertex AI\"; label livekit.plugins.google.realtime.realtime_api.RealtimeModel.
        """,
    ]
}
