import AgentSimCore
import Foundation
import Testing

/// The 2026 OpenAI Realtime scenarios: figures derived by hand in each file's comments from the documented rules
/// (10 / 20 audio tokens per second, floor, per item; 2 special tokens per item; cache blocks 128 + k × 128 of a
/// prefix sent before, by this session or an earlier one of the organisation).
struct OpenAI2026Tests {
    @Test func forumUsageBlockIsReproducedWithDefaultKnobs() async throws {
        let report = try await Running.report("openai-cache-forum.yaml")
        #expect(report.scenario.session.options.mapEntries?.isEmpty ?? true)
        let responses = Running.responses(report)
        #expect(responses.map(\.inputTokens) == [252, 732, 789])
        let r = responses[2]
        // 789 = text 313 + audio 476; cached 640 = text 256 + audio 384 (the forum's figures).
        #expect(r.inputTokenDetails.textTokens == 313)
        #expect(r.inputTokenDetails.audioTokens == 476)
        #expect(r.inputTokenDetails.cachedTokens == 640)
        #expect(r.inputTokenDetails.cachedTokensDetails?.textTokens == 256)
        #expect(r.inputTokenDetails.cachedTokensDetails?.audioTokens == 384)
        // The tool call before it cached 128 of response 1's 252.
        #expect(responses[1].inputTokenDetails.cachedTokens == 128)
    }

    @Test func dotnetFirstResponseIsServedFromTheOrganisationsCache() async throws {
        let report = try await Running.report("openai-cache-dotnet-1045.yaml")
        let r = try #require(Running.responses(report).first)
        #expect(report.model == "gpt-realtime-mini")
        // 1,342 + 2 + 115 = 1,459; cached 128 + 10 × 128 = 1,408 = text 1,344 + audio 64.
        #expect(r.inputTokens == 1459)
        #expect(r.inputTokenDetails.cachedTokens == 1408)
        #expect(r.inputTokenDetails.cachedTokensDetails?.textTokens == 1344)
        #expect(r.inputTokenDetails.cachedTokensDetails?.audioTokens == 64)
        // The same payload says so.
        let payload = try #require(report.outputs.compactMap(\.payload).first { $0.type == "response.done" })
        #expect(payload.json["response"]?["usage"]?["input_token_details"]?["cached_tokens"]?.intValue == 1408)
    }

    /// The file without `earlier_sessions`: as a single run nothing is cached; in `agentsim load` session 0 caches
    /// nothing and session 1, which runs the conversation session 0 sent, caches 1,408 on its first response.
    @Test func loadServesALaterSessionFromAnEarlierOnesRequests() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = try String(contentsOfFile: TestSupport.scenario("openai-cache-dotnet-1045.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "  options:\n    earlier_sessions: same_conversation\n", with: "")
        let file = dir.appendingPathComponent("dotnet.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let single = try TestSupport.agentsim("run", file.path, "--format", "json")
        #expect(single.status == 0, "\(single.stderr)")
        #expect(try JSONValue.parse(single.stdout)["usage_summary_v1_2"]?["llm_prompt_cached_tokens"]?.intValue == 0)

        for shard in [nil, "1/2"] {
            let out = dir.appendingPathComponent("events-\(shard == nil ? "all" : "shard").jsonl")
            var arguments = ["load", file.path, "--sessions", "3", "--sink", "jsonl:\(out.path)"]
            if let shard { arguments += ["--shard", shard] }
            let result = try TestSupport.agentsim(arguments: arguments)
            #expect(result.status == 0, "\(result.stderr)")
            let cached = try LoadTests.lines(out).compactMap { line -> (String, Int)? in
                guard let m = line["metrics"], m["request_id"]?.stringValue?.isEmpty == false,
                    let session = line["session"]?.stringValue,
                    let c = m["input_token_details"]?["cached_tokens"]?.intValue
                else { return nil }
                return (session, c)
            }
            if shard == nil {
                #expect(cached.map(\.0) == ["s1-0", "s1-1", "s1-2"])
                #expect(cached.map(\.1) == [0, 1408, 1408])
            } else {
                // Shard 1/2 runs session 1 alone; it still sees session 0 as earlier (the plan's order, not the run's).
                #expect(cached.map(\.0) == ["s1-1"])
                #expect(cached.map(\.1) == [1408])
            }
        }
    }

    @Test func organisationHistoryFollowsTheSequenceOrder() throws {
        func scenario(_ instructions: Int, say: String) throws -> Scenario {
            try ScenarioLoader.parse(
                """
                version: 1
                name: n\(instructions)\(say.count)
                seed: 1
                session: {provider: openai-realtime, instructions: "Help.", instructions_tokens: \(instructions)}
                turns:
                  - user: {say: "\(say)", seconds: 1.0}
                  - agent: {say: "Sure.", seconds: 1.0}
                """, file: "x.yaml")
        }
        // a, b (same instructions, other words), a again (a copy: only its name would differ), c (other instructions).
        let sequence = [
            try scenario(500, say: "Hi"), try scenario(500, say: "Hello"), try scenario(500, say: "Hi"),
            try scenario(600, say: "Hi"),
        ]
        let history = OrganisationHistory.inOrder(sequence)
        #expect(
            history == [
                .none, OrganisationHistory(sameInstructions: true),
                OrganisationHistory(sameInstructions: true, sameConversation: true), .none,
            ])
    }

    @Test func discardedGenerationsAreBilledButNeverReported() async throws {
        let report = try await Running.report("openai-discarded.yaml")
        let responses = Running.responses(report)
        // LiveKit sees responses 1 and 2 only: 334 + 378 = 712 prompt tokens.
        #expect(responses.map(\.inputTokens) == [334, 378])
        #expect(responses.map(\.inputTokenDetails.cachedTokens) == [0, 256])
        #expect(report.usageV1_2.summary.llmPromptTokens == 712)
        // OpenAI sent three response.done: the discarded one between them, cancelled, 356 input (256 cached), no output.
        let done = report.outputs.filter { $0.payload?.type == "response.done" }
        #expect(done.count == 3)
        let discarded = try #require(done.first { $0.metrics.isEmpty }?.payload?.json["response"])
        #expect(discarded["status"]?.stringValue == "cancelled")
        #expect(discarded["usage"]?["input_tokens"]?.intValue == 356)
        #expect(discarded["usage"]?["input_token_details"]?["cached_tokens"]?.intValue == 256)
        #expect(discarded["usage"]?["input_token_details"]?["audio_tokens"]?.intValue == 50)
        #expect(discarded["usage"]?["output_tokens"]?.intValue == 0)
        #expect(discarded["metadata"]?["client_event_id"]?.stringValue?.hasPrefix("response_create_") == true)
        // What OpenAI bills: 712 + 356 = 1,068.
        let billed = done.compactMap { $0.payload?.json["response"]?["usage"]?["input_tokens"]?.intValue }.reduce(0, +)
        #expect(billed == 1068)
    }

    @Test func compareExplainsTheDiscardedGap() throws {
        let result = try TestSupport.agentsim(
            "compare", TestSupport.scenario("openai-discarded.yaml"), "--providers", "openai-realtime")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains(
                "- 1 response was created after a barge-in and cancelled by id (discarded_per_interruption: 1): OpenAI billed 356 input tokens for it (256 cached, 50 audio), but LiveKit 1.8.9 reports no usage for a discarded generation, so llm_prompt_tokens is 356 short of the bill.\n"
            ))
    }

    @Test func reasoningIsInsideOutputTextTokens() async throws {
        let report = try await Running.report("openai-reasoning.yaml")
        let r = try #require(Running.responses(report).first)
        // transcript 10 + reasoning 19 = 29 (litellm#39850's completion text); audio floor(2.4 × 20) = 48.
        #expect(r.outputTokenDetails.textTokens == 29)
        #expect(r.outputTokenDetails.audioTokens == 48)
        #expect(r.outputTokens == 77)
        #expect(r.inputTokens == 114)
        let payload = try #require(report.outputs.compactMap(\.payload).first { $0.type == "response.done" })
        let details = payload.json["response"]?["usage"]?["output_token_details"]
        #expect(details?.keys == ["text_tokens", "audio_tokens"])  // no reasoning field
    }

    @Test func reasoningStaysOutOfLaterContexts() async throws {
        let yaml = """
            version: 1
            name: two
            seed: 1
            session: {provider: openai-realtime, model: gpt-realtime-2, instructions_tokens: 50}
            turns:
              - user: {say: "One", seconds: 1.0}
              - agent: {say: "Two", seconds: 1.0, text_tokens: 4}
              - user: {say: "Three", seconds: 1.0}
              - agent: {say: "Four", seconds: 1.0, text_tokens: 4}
            """
        let scenario = try ScenarioLoader.parse(yaml, file: "two.yaml")
        let report = try await SessionReport.collect(
            SessionRun(scenario: scenario, plugin: try Running.plugin("openai-realtime"), clips: Running.clips))
        let responses = Running.responses(report)
        // r1 52 + 12 = 64; r2 adds the reply 4 + 2 text + 20 audio (not its 19 reasoning tokens) and the user 12: 102.
        #expect(responses.map(\.inputTokens) == [64, 102])
        #expect(responses.map(\.outputTokenDetails.textTokens) == [23, 23])
    }

    @Test func hiWith110InstructionTokensBills118() async throws {
        let r = try #require(Running.responses(try await Running.report("openai-hi.yaml")).first)
        #expect(r.inputTokens == 118)
        #expect(r.inputTokenDetails.textTokens == 114)
        #expect(r.inputTokenDetails.audioTokens == 4)
    }

    @Test func reasoningKnobsOnAModelThatDoesNotReasonAreRejected() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.yaml")
        try """
        version: 1
        name: bad
        session:
          provider: openai-realtime
          model: gpt-realtime-1.5
          options:
            reasoning_tokens: 10
        turns:
          - user: {say: "Hi", seconds: 1.0}
        """.write(to: file, atomically: true, encoding: .utf8)
        let result = try TestSupport.agentsim("run", file.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.yaml:7:"))
        #expect(
            result.stderr.contains(
                "session.options.reasoning_tokens: gpt-realtime-1.5 does not reason; expected this knob only on gpt-realtime-2, gpt-realtime-2.1, gpt-realtime-2.1-mini"
            ))
    }

    @Test func everyNewModelIsDocumentedWithItsSource() throws {
        let result = try TestSupport.agentsim("providers", "openai-realtime")
        #expect(result.status == 0)
        for model in [
            "gpt-realtime-mini", "gpt-realtime-mini-2025-12-15", "gpt-realtime-1.5", "gpt-realtime-2",
            "gpt-realtime-2.1", "gpt-realtime-2.1-mini",
        ] {
            #expect(result.stdout.contains(model), "\(model)")
        }
        #expect(result.stdout.contains("openai/openai-dotnet#1045"))
        #expect(result.stdout.contains("2,816 > 2,060"))
        #expect(result.stdout.contains("cache_scope"))
    }
}
