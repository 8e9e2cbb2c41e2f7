import AgentSimCore
import Testing

/// The reporting quirks, each a `session.options` switch, against hand-derived figures.
/// The pizza scenarios share: 508 overhead + 40 instructions = 548; users 6, 4, 8, 2 and replies
/// 5, 6, 3, 4 text tokens; so prompts 554, 563 (548+10+5), 577 (548+18+11), 582 (548+20+14).
struct QuirkTests {
    @Test func missingUsageLeavesTurnsOut() async throws {
        let report = try await Gemini.report("gemini-usage-missing.yaml")
        // {every: 2, from: 1} → responses 1 and 3 arrive without usage.
        let payloads = report.outputs.compactMap(\.payload)
        #expect(payloads.count == 4)
        #expect(payloads.map { $0.json["usageMetadata"] != nil } == [true, false, true, false])
        #expect(payloads.allSatisfy { $0.json["serverContent"]?["turnComplete"]?.boolValue == true })
        let m = Gemini.metrics(report)
        #expect(m.map(\.inputTokens) == [554, 577])
        #expect(m.map(\.inputTokenDetails.audioTokens) == [0, 2])
        #expect(report.usageV1_2.summary.llmPromptTokens == 1131)
        #expect(report.usageV1_2.summary.llmCompletionTokens == 8)
    }

    @Test func usageBeforeTheFirstGenerationIsDropped() async throws {
        let report = try await Gemini.report("gemini-standalone-usage.yaml")
        let first = try #require(report.outputs.first)
        // The setup's prompt (548 TEXT) arrives stand-alone before any generation: payload, no metrics.
        #expect(first.payload?.json.keys == ["usageMetadata"])
        #expect(first.payload?.json["usageMetadata"]?["promptTokenCount"]?.intValue == 548)
        #expect(first.metrics.isEmpty)
        #expect(first.time == 0)
        #expect(report.usageV1_2.summary.llmPromptTokens == 554 + 563)
    }

    @Test func standaloneUsageIsReportedForTheGenerationJustFinished() async throws {
        let report = try await Gemini.report("gemini-standalone-usage.yaml")
        let payloads = report.outputs.compactMap(\.payload)
        // before-first, turnComplete + usage (response 0), bare turnComplete, stand-alone usage (response 1).
        #expect(
            payloads.map(\.json.keys) == [
                ["usageMetadata"], ["serverContent", "usageMetadata"], ["serverContent"], ["usageMetadata"],
            ])
        let m = Gemini.metrics(report)
        #expect(m.map(\.inputTokens) == [554, 563])
        #expect(m.map(\.outputTokens) == [5, 6])
        #expect(Set(m.map(\.requestId)).count == 2)
    }

    @Test func duplicateUsageIsCountedTwice() async throws {
        let report = try await Gemini.report("gemini-duplicate-usage.yaml")
        let m = Gemini.metrics(report)
        #expect(m.map(\.inputTokens) == [554, 563, 563])
        // No de-duplication: the two events of response 1 share its request id.
        #expect(m[1].requestId == m[2].requestId && m[0].requestId != m[1].requestId)
        let s = report.usageV1_2.summary
        #expect(s.llmPromptTokens == 1680 && s.llmInputAudioTokens == 2 && s.llmCompletionTokens == 17)
    }

    @Test func toolCallCarriesItsUsageAndToolUseTokensAreNotRead() async throws {
        let report = try await Gemini.report("gemini-tool-call.yaml")
        let payloads = report.outputs.compactMap(\.payload)
        let call = try #require(payloads.first)
        #expect(call.json.keys == ["toolCall", "usageMetadata"])
        #expect(call.json["toolCall"]?["functionCalls"]?.arrayValue?.first?["name"]?.stringValue == "lookup_order")
        #expect(call.json["toolCall"]?["functionCalls"]?.arrayValue?.first?["args"]?["order_id"]?.stringValue == "4417")
        let m = Gemini.metrics(report)
        // 548 + 10 = 558 (call: 9); 558 + 9 + 15 = 582 (reply 12, tool use 30); 582 + 12 + 3 = 597 (reply 4).
        #expect(m.map(\.inputTokens) == [558, 582, 597])
        #expect(m.map(\.outputTokens) == [9, 12, 4])
        // total_tokens copies the wire total, which includes the 30 tool-use prompt tokens LiveKit never reads.
        #expect(m.map(\.totalTokens) == [567, 624, 601])
        let usages = Gemini.usages(report)
        #expect(usages[1]["toolUsePromptTokenCount"]?.intValue == 30)
        #expect(Gemini.details(usages[1]["toolUsePromptTokensDetails"]) == ["TEXT": 30])
        #expect(usages[0]["toolUsePromptTokenCount"] == nil && usages[2]["toolUsePromptTokenCount"] == nil)
        // No audio in a tool call's generation: ttft -1 under either ttft rule.
        #expect(m[0].ttft == -1)
    }

    @Test func toolCallWithoutTheSwitchEndsWithTurnComplete() async throws {
        let yaml = Gemini.yaml(turns: [
            "user: {say: \"Where is order 4417?\", text_tokens: 10}",
            "agent: {tool_call: {name: lookup_order, arguments: '{\"order_id\": \"4417\"}', result: '{\"status\": \"shipped\"}', arguments_tokens: 9, result_tokens: 5}}",
            "agent: {say: \"It shipped.\", text_tokens: 4}",
        ])
        let report = try await Gemini.report(yaml: yaml)
        let keys = report.outputs.compactMap(\.payload).map(\.json.keys)
        #expect(keys == [["toolCall"], ["serverContent", "usageMetadata"], ["serverContent", "usageMetadata"]])
        // Same figures as with the usage on the toolCall: 548 + 10 = 558; 558 + 9 + 5 = 572.
        #expect(Gemini.metrics(report).map(\.inputTokens) == [558, 572])
        #expect(report.outputs.first?.metrics.isEmpty == true)
    }

    @Test func thoughtsAreInTheTotalButNotInTheOutput() async throws {
        let report = try await Gemini.report("gemini-thinking.yaml")
        let usage = try #require(Gemini.usages(report).first)
        // 320 + 2.0 s → 50 = 370; reply 1.88 s → 47 AUDIO + 5 TEXT = 52; thoughts 38; total 460.
        #expect(usage["thoughtsTokenCount"]?.intValue == 38)
        #expect(usage["totalTokenCount"]?.intValue == 460)
        let m = try #require(Gemini.metrics(report).first)
        #expect(m.inputTokens == 370 && m.outputTokens == 52 && m.totalTokens == 460)
        #expect(m.totalTokens - m.inputTokens - m.outputTokens == 38)
    }

    @Test func videoAndDocumentAreDroppedFromTheDetails() async throws {
        let report = try await Gemini.report("gemini-media.yaml")
        let usages = Gemini.usages(report)
        #expect(
            Gemini.details(usages[0]["promptTokensDetails"]) == [
                "TEXT": 330, "AUDIO": 50, "IMAGE": 258, "VIDEO": 263, "DOCUMENT": 120,
            ])
        let m = Gemini.metrics(report)
        #expect(m.map(\.inputTokens) == [1021, 1107])
        #expect(m.map(\.inputTokenDetails.imageTokens) == [258, 258])
        #expect(m.map(\.inputTokenDetails.textTokens) == [330, 336])
        #expect(m.map(\.inputTokenDetails.audioTokens) == [50, 130])
        // 263 VIDEO + 120 DOCUMENT = 383 tokens of each prompt carry no LiveKit label.
        #expect(
            m.allSatisfy {
                $0.inputTokens - $0.inputTokenDetails.textTokens - $0.inputTokenDetails.audioTokens
                    - $0.inputTokenDetails.imageTokens == 383
            })
    }

    @Test func cachingCachesThePreviousPromptUntilTheInstructionsChange() async throws {
        let report = try await Gemini.report("gemini-caching.yaml")
        let m = Gemini.metrics(report)
        // 554; 563 caching 554; (instructions 40 → 50) 587 caching nothing; 592 caching 587 = 585 TEXT + 2 AUDIO.
        #expect(m.map(\.inputTokens) == [554, 563, 587, 592])
        #expect(m.map(\.inputTokenDetails.cachedTokens) == [0, 554, 0, 587])
        #expect(m[3].inputTokenDetails.cachedTokensDetails == .init(audioTokens: 2, textTokens: 585, imageTokens: 0))
        let usages = Gemini.usages(report)
        #expect(usages.map { $0["cachedContentTokenCount"]?.intValue } == [nil, 554, nil, 587])
        #expect(report.usageV1_2.summary.llmPromptCachedTokens == 1141)
    }

    @Test func cachedCountWithoutDetailsIsInvisibleToLiveKit() async throws {
        let report = try await Gemini.report("gemini-cache-no-details.yaml")
        let usages = Gemini.usages(report)
        #expect(usages[1]["cachedContentTokenCount"]?.intValue == 554)
        #expect(usages[1]["cacheTokensDetails"] == nil)
        #expect(Gemini.metrics(report).map(\.inputTokenDetails.cachedTokens) == [0, 0])
        #expect(report.usageV1_2.summary.llmPromptCachedTokens == 0)
    }

    @Test func audioRateAccountingBillsSilenceAndLiveKit12Ttft() async throws {
        let report = try await Gemini.report("gemini-audio-rate.yaml")
        let m = Gemini.metrics(report)
        // 508 + 30 + 2.5 s × 32 = 80 → 618; + reply 7 + silence 1.5 s × 32 = 48 + 1.0 s × 32 = 32 → 705.
        #expect(m.map(\.inputTokens) == [618, 705])
        #expect(m.map(\.inputTokenDetails.audioTokens) == [0, 1])
        // livekit_ttft: first_audio → the 0.8 s response latency.
        #expect(m.allSatisfy { abs($0.ttft - 0.8) < 1e-9 })
        #expect(report.truth.rates.inputPerSecond == 32 && report.truth.rates.billsSilence)
    }

    @Test func defaultTtftIsMinusOneAndNothingIsCancelled() async throws {
        let m = Gemini.metrics(try await Gemini.report("livekit-thread-gemini.yaml"))
        #expect(m.allSatisfy { $0.ttft == -1 && !$0.cancelled })
    }
}
