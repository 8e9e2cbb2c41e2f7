import AgentSimJSON
import Foundation
import Testing

/// Gemini 3.8 models, serviceTier, interactionStatus and the cumulative reading, from the shipped scenarios.
struct Gemini38Tests {
    static func run(_ name: String) throws -> JSONValue {
        let result = try TestSupport.agentsim("run", TestSupport.scenario(name), "--format", "json")
        try #require(result.status == 0, "\(result.stderr)")
        return try JSONValue.parse(result.stdout)
    }

    static func usages(_ json: JSONValue) -> [JSONValue] {
        (json["provider_payloads"]?.arrayValue ?? []).compactMap { $0["usageMetadata"] }
    }

    @Test func gemini38LiveCarriesServiceTierAndInteractionStatus() throws {
        let json = try Self.run("gemini-3.8-live.yaml")
        let payloads = json["provider_payloads"]?.arrayValue ?? []
        #expect(payloads.count == 2)
        #expect(
            payloads.allSatisfy {
                $0["serverContent"]?["interactionStatus"]?.stringValue == "IDLE"
                    && $0["serverContent"]?["turnComplete"] == .bool(true)
            })
        let usages = Self.usages(json)
        #expect(usages.allSatisfy { $0["serviceTier"]?.stringValue == "flex" })
        // 120 + 20 + 50 = 190 and 190 + 46 + 30 = 266; responses 40 + 6 = 46 and 25 + 3 = 28.
        #expect(usages.compactMap { $0["promptTokenCount"]?.intValue } == [190, 266])
        #expect(usages.compactMap { $0["responseTokenCount"]?.intValue } == [46, 28])
        #expect(usages.compactMap { $0["totalTokenCount"]?.intValue } == [236, 294])
        let summary = try #require(json["usage_summary_v1_2"])
        #expect(summary["llm_prompt_tokens"]?.intValue == 456)
        #expect(summary["llm_input_audio_tokens"]?.intValue == 170)
        #expect(summary["llm_completion_tokens"]?.intValue == 74)
        #expect(summary["llm_output_audio_tokens"]?.intValue == 65)
    }

    @Test func extendedThinkingBillsThoughtsOutsideLiveKitsOutput() throws {
        let json = try Self.run("gemini-3.8-extended-thinking.yaml")
        let usages = Self.usages(json)
        #expect(usages.compactMap { $0["thoughtsTokenCount"]?.intValue } == [38, 38])
        // 190 + 46 + 38 = 274; 266 + 28 + 38 = 332.
        #expect(usages.compactMap { $0["totalTokenCount"]?.intValue } == [274, 332])
        let metrics = json["metrics"]?.arrayValue ?? []
        #expect(metrics.compactMap { $0["output_tokens"]?.intValue } == [46, 28])
        #expect(metrics.compactMap { $0["total_tokens"]?.intValue } == [274, 332])
        #expect(json["usage_summary_v1_2"]?["llm_completion_tokens"]?.intValue == 74)
        #expect(json["model_usage"]?.arrayValue?.first?["output_reasoning_tokens"]?.intValue == 0)
    }

    @Test func cumulativeReportsAreRunningTotalsThatLiveKitSumsAgain() throws {
        let json = try Self.run("gemini-cumulative.yaml")
        let usages = Self.usages(json)
        // Per turn 370, 424, 478 → running 370, 794, 1272; responses 29 each → 29, 58, 87.
        #expect(usages.compactMap { $0["promptTokenCount"]?.intValue } == [370, 794, 1272])
        #expect(usages.compactMap { $0["responseTokenCount"]?.intValue } == [29, 58, 87])
        #expect(usages.compactMap { $0["totalTokenCount"]?.intValue } == [399, 852, 1359])
        let summary = try #require(json["usage_summary_v1_2"])
        #expect(summary["llm_prompt_tokens"]?.intValue == 2436)
        #expect(summary["llm_input_audio_tokens"]?.intValue == 500)
        #expect(summary["llm_completion_tokens"]?.intValue == 174)
        #expect(summary["llm_output_audio_tokens"]?.intValue == 150)
    }

    @Test func olderModelsSendNoInteractionStatusUnlessAsked() throws {
        let json = try Self.run("gemini-thinking.yaml")
        #expect(
            (json["provider_payloads"]?.arrayValue ?? []).allSatisfy {
                $0["serverContent"]?["interactionStatus"] == nil
            })
    }

    @Test func serviceTierIsRefusedOnVertexAndUnknownTiersAreRefused() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (model, options, message) in [
            (
                "gemini-3.8-live", "{api: vertex, service_tier: flex}",
                "session.options.service_tier: usageMetadata.serviceTier is not supported in Vertex AI"
            ),
            ("gemini-3.8-live", "{service_tier: turbo}", "session.options.service_tier"),
            ("gemini-3.8-live-extended-thinking", "{api: vertex}", "is served by gemini only"),
            ("gemini-3.8-live", "{usage_reporting: running}", "session.options.usage_reporting"),
        ] {
            let file = dir.appendingPathComponent("bad.yaml")
            try
                "version: 1\nsession:\n  provider: gemini-live\n  model: \(model)\n  options: \(options)\nturns:\n  - user: \"Hi\"\n"
                .write(to: file, atomically: true, encoding: .utf8)
            let result = try TestSupport.agentsim("run", file.path)
            #expect(result.status == 2)
            #expect(result.stderr.contains("bad.yaml:5:"), "\(result.stderr)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
    }
}
