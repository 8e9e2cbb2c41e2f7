import AgentSimCLI
import AgentSimCore
import Testing

/// `compare`'s sentences for openai-realtime come from the session's parsed options: each knob that changes billing,
/// at two values, changes the sentence's numbers or wording as the rule says. The figures are derived by hand from
/// the rules `agentsim providers openai-realtime` documents.
struct OpenAIExplanationTests {
    /// A 2.0 s question, a 4.0 s reply cut after 1.0 s, 1.0 s of silence, a 1.0 s question, a 1.0 s reply (20 ms frames).
    static func yaml(options: String, instructionsTokens: Int = 100, model: String = "gpt-realtime") -> String {
        """
        version: 1
        name: openai-knobs
        seed: 3
        session:
          provider: openai-realtime
          model: \(model)
          instructions_tokens: \(instructionsTokens)
          options: \(options)
        turns:
          - user: {say: "Hello there", seconds: 2.0, text_tokens: 3}
          - agent: {say: "Let me tell you everything", seconds: 4.0, interrupted_after: 1.0, text_tokens: 6}
          - user: {silence: 1.0}
          - user: {say: "Stop", seconds: 1.0, text_tokens: 1}
          - agent: {say: "Okay", seconds: 1.0, text_tokens: 1}

        """
    }

    /// Runs the scenario in-process, as `compare` does, and returns the session's sentences.
    static func sentences(
        _ yaml: String, organisation: OrganisationHistory = .none
    ) async throws -> (report: SessionReport, sentences: [String]) {
        let scenario = try ScenarioLoader.parse(yaml, file: "openai-knobs.yaml")
        let run = SessionRun(
            scenario: scenario, plugin: try Running.plugin("openai-realtime"), clips: Running.clips,
            organisation: organisation)
        let report = try await SessionReport.collect(run)
        let facts = UsageFacts(
            model: report.model, options: scenario.session.options, summary: report.usageV1_2.summary,
            truth: report.truth,
            reports: Running.responses(report))
        return (report, try #require(report.session).explain(facts))
    }

    @Test func thePluginLevelExplanationIsEmpty() async throws {
        let (report, _) = try await Self.sentences(Self.yaml(options: "{}"))
        let facts = UsageFacts(
            model: report.model, options: report.scenario.session.options, summary: report.usageV1_2.summary,
            truth: report.truth,
            reports: Running.responses(report))
        #expect(try Running.plugin("openai-realtime").explain(facts).isEmpty)
    }

    @Test func interruptedBillingChangesTheOutputAudioSentence() async throws {
        // Output audio at 20/s: generated floor(4.0 × 20) + floor(1.0 × 20) = 100; played 20 + 20 = 40.
        let generated = try await Self.sentences(Self.yaml(options: "{}")).sentences
        let played = try await Self.sentences(Self.yaml(options: "{interrupted_billing: played}")).sentences
        #expect(
            generated.contains(
                "Barge-ins cut 3.0 s of reply audio that the user never heard, but generation outruns playback, so all 5.0 s generated are billed as output audio (100 tokens)."
            ))
        #expect(
            played.contains(
                "Barge-ins cut 3.0 s of reply audio that the user never heard, and with interrupted_billing: played an interrupted reply bills only what was played, so 2.0 s of the 5.0 s generated are billed as output audio (40 tokens, not 100)."
            ))
        #expect(!played.contains { $0.contains("all 5.0 s generated are billed") })
    }

    @Test func itemOverheadChangesTheSpecialTokenSentence() async throws {
        // Response 1 sees the instructions and user 1: 2 items; response 2 sees those, the cut reply and user 2: 4.
        // 6 item-views × 2 = 12 special tokens; × 5 = 30.
        let two = try await Self.sentences(Self.yaml(options: "{}")).sentences
        let five = try await Self.sentences(Self.yaml(options: "{item_overhead_tokens: 5}")).sentences
        #expect(
            two.contains(
                "12 of the prompt tokens billed are special tokens: the instructions and every context item add 2 text tokens (item_overhead_tokens) on every response that sees them."
            ))
        #expect(
            five.contains(
                "30 of the prompt tokens billed are special tokens: the instructions and every context item add 5 text tokens (item_overhead_tokens) on every response that sees them."
            ))
        let none = try await Self.sentences(Self.yaml(options: "{item_overhead_tokens: 0}")).sentences
        #expect(!none.contains { $0.contains("special tokens") })
    }

    @Test func cacheMinimumAndStepChangeTheCacheSentence() async throws {
        // instructions 1,100 + 2; user 1 2 + 20 → response 1: 1,124. Response 2 adds the cut reply (2 + 20) and user 2
        // (2 + 10): 1,158; 2,282 in all. Response 2 shares response 1's 1,124 tokens:
        //   default 128/128: 128 + floor(996 / 128) × 128 = 1,024;  512/64: 512 + floor(612 / 64) × 64 = 1,088.
        let byDefault = try await Self.sentences(Self.yaml(options: "{}", instructionsTokens: 1100)).sentences
        let other = try await Self.sentences(
            Self.yaml(options: "{cache_min_tokens: 512, cache_step_tokens: 64}", instructionsTokens: 1100)
        ).sentences
        #expect(
            byDefault.contains(
                "1024 of the 2282 prompt tokens were cached: a prefix shared with the previous request, or sent by an earlier session of the organisation, is cached from 128 tokens on, in steps of 128 (cache_min_tokens, cache_step_tokens)."
            ))
        #expect(
            other.contains(
                "1088 of the 2282 prompt tokens were cached: a prefix shared with the previous request, or sent by an earlier session of the organisation, is cached from 512 tokens on, in steps of 64 (cache_min_tokens, cache_step_tokens)."
            ))
        // Under the general guide's 1,024 minimum with 100 instruction tokens nothing is cached: response 2 shares 124.
        let small = try await Self.sentences(Self.yaml(options: "{cache_min_tokens: 1024}")).sentences
        #expect(!small.contains { $0.contains("were cached") })
    }

    @Test func cacheScopeDecidesWhetherAnEarlierSessionIsServed() async throws {
        // The same conversation sent before: response 1's whole 124 tokens (102 + 22) are under 128, so use 1,100
        // instruction tokens: 1,124 → 128 + floor(996 / 128) × 128 = 1,024 cached on the first response.
        let yamlOrg = Self.yaml(options: "{earlier_sessions: same_conversation}", instructionsTokens: 1100)
        let yamlSession = Self.yaml(
            options: "{earlier_sessions: same_conversation, cache_scope: session}", instructionsTokens: 1100)
        let organisation = try await Self.sentences(yamlOrg)
        let session = try await Self.sentences(yamlSession)
        #expect(
            organisation.sentences.contains(
                "An earlier session of the organisation sent this very conversation, so even the first response was served from cache: 1024 of its 1124 input tokens (cache_scope: organisation)."
            ))
        #expect(
            session.sentences.contains(
                "With cache_scope: session the cache holds only this session's requests: what earlier sessions sent (earlier_sessions: same_conversation) is not served, so the first response cached 0 tokens."
            ))
        // Response 2 under organisation scope was sent before too: 1,158 → 128 + floor(1,030 / 128) × 128 = 1,152;
        // 1,024 + 1,152 = 2,176 cached, against 1,024 (response 2 only) under session scope.
        #expect(organisation.report.usageV1_2.summary.llmPromptCachedTokens == 2176)
        #expect(session.report.usageV1_2.summary.llmPromptCachedTokens == 1024)
    }

    @Test func theRunsOrderGivesTheSameWarmthAsTheKnob() async throws {
        // agentsim load hands a later session the plan's history; the instructions alone: the head 1,102 →
        // 128 + floor(974 / 128) × 128 = 1,024 cached on the first response.
        let warm = try await Self.sentences(
            Self.yaml(options: "{}", instructionsTokens: 1100),
            organisation: OrganisationHistory(sameInstructions: true))
        #expect(
            warm.sentences.contains(
                "An earlier session of the organisation sent the same instructions, so the first response's head was served from cache: 1024 of its 1124 input tokens (cache_scope: organisation)."
            ))
        let cold = try await Self.sentences(Self.yaml(options: "{}", instructionsTokens: 1100))
        #expect(!cold.sentences.contains { $0.contains("earlier session of the organisation sent") })
    }

    @Test func discardedGenerationsExplainTheGap() async throws {
        // One discarded response after the barge-in: its request is the context after the cut reply,
        // 102 + 22 + 22 = 146 (audio 20 + 20 = 40), sharing response 1's 124 tokens → under 128, 0 cached.
        // Two: the second shares the first's 146 → 128 cached; 292 input, 80 audio.
        let none = try await Self.sentences(Self.yaml(options: "{}")).sentences
        let one = try await Self.sentences(Self.yaml(options: "{discarded_per_interruption: 1}")).sentences
        let two = try await Self.sentences(Self.yaml(options: "{discarded_per_interruption: 2}")).sentences
        #expect(!none.contains { $0.contains("cancelled by id") })
        #expect(
            one.contains(
                "1 response was created after a barge-in and cancelled by id (discarded_per_interruption: 1): OpenAI billed 146 input tokens for it (0 cached, 40 audio), but LiveKit 1.8.9 reports no usage for a discarded generation, so llm_prompt_tokens is 146 short of the bill."
            ))
        #expect(
            two.contains(
                "2 responses were created after a barge-in and cancelled by id (discarded_per_interruption: 2): OpenAI billed 292 input tokens for them (128 cached, 80 audio), but LiveKit 1.8.9 reports no usage for a discarded generation, so llm_prompt_tokens is 292 short of the bill."
            ))
    }

    @Test func reasoningFollowsEffortAndTokens() async throws {
        // 2 responses × 19 (the default on gpt-realtime-2.1) = 38; × 50 = 100; effort none: 0.
        let byDefault = try await Self.sentences(Self.yaml(options: "{}", model: "gpt-realtime-2.1")).sentences
        let more = try await Self.sentences(Self.yaml(options: "{reasoning_tokens: 50}", model: "gpt-realtime-2.1"))
            .sentences
        let none = try await Self.sentences(Self.yaml(options: "{reasoning_effort: none}", model: "gpt-realtime-2.1"))
            .sentences
        #expect(
            byDefault.contains(
                "gpt-realtime-2.1 reasons before it answers (reasoning_effort: medium): 2 responses × 19 reasoning tokens = 38 are billed inside output_token_details.text_tokens, which has no reasoning field, so output text tokens exceed the transcripts by 38."
            ))
        #expect(
            more.contains(
                "gpt-realtime-2.1 reasons before it answers (reasoning_effort: medium): 2 responses × 50 reasoning tokens = 100 are billed inside output_token_details.text_tokens, which has no reasoning field, so output text tokens exceed the transcripts by 100."
            ))
        #expect(
            none.contains(
                "gpt-realtime-2.1 can reason, but with reasoning_effort: none it bills no reasoning tokens: output text tokens are the transcripts alone."
            ))
    }

    @Test func truncationKnobChangesTheTruncationSentence() async throws {
        // Threshold 130: response 1 is 124; response 2's context 124 + 22 + 12 = 158 > 130 → drop user 1 (22): 136,
        // still > 130 → drop the cut reply (22): 114. 2 items dropped. Disabled: the context grows to 158.
        let auto = try await Self.sentences(Self.yaml(options: "{truncation_threshold: 130}")).sentences
        let off = try await Self.sentences(Self.yaml(options: "{truncation_threshold: 130, truncation: disabled}"))
            .sentences
        #expect(
            auto.contains(
                "The context passed truncation_threshold 130 tokens, so truncation dropped the 2 oldest items; each drop changes the prefix, so the request after it shares only the instructions with the one before."
            ))
        #expect(
            off.contains(
                "With truncation: disabled nothing is dropped: the context grew to 158 tokens, past the 130 at which auto truncation would have cut it."
            ))
    }

    @Test func transcriptionModelChangesTheSTTSentence() async throws {
        // gpt-4o-transcribe: user 1 floor(2.0 × 10) = 20 audio + 3 text, user 2 10 + 1 → 34 tokens; whisper-1: 3.0 s.
        let tokens = try await Self.sentences(Self.yaml(options: "{input_audio_transcription: gpt-4o-transcribe}"))
            .sentences
        let seconds = try await Self.sentences(Self.yaml(options: "{input_audio_transcription: whisper-1}")).sentences
        #expect(
            tokens.contains(
                "Input transcription (gpt-4o-transcribe) bills 34 tokens of its own, reported as STTMetrics tokens (audio_duration 0), outside the realtime reports."
            ))
        #expect(
            seconds.contains(
                "Input transcription (whisper-1) reports 3.0 s as STTMetrics audio_duration, outside the realtime reports."
            ))
        let off = try await Self.sentences(Self.yaml(options: "{}")).sentences
        #expect(!off.contains { $0.contains("Input transcription") })
    }

    @Test func cachingOffSaysSo() async throws {
        let off = try await Self.sentences(Self.yaml(options: "{caching: false}", instructionsTokens: 1100)).sentences
        #expect(off.contains("With caching: false no prompt token is cached."))
        #expect(!off.contains { $0.contains("were cached") })
    }
}
