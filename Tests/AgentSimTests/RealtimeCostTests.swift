import AgentSimCore
import AgentSimJSON
import AgentSimViews
import Foundation
import Testing

/// Realtime models priced by modality from their model pages; a model without a first-hand price is unpriced.
struct RealtimeCostTests {
    /// `compare greeting.yaml --format json`: each provider's cost object.
    static func costs(_ providers: String) throws -> [JSONValue] {
        let result = try TestSupport.agentsim(
            "compare", TestSupport.scenario("greeting.yaml"), "--providers", providers, "--format", "json")
        try #require(result.status == 0, "\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        return try #require(json["providers"]?.arrayValue).map { $0["cost"] ?? .null }
    }

    /// greeting.yaml bills one response: input 28 text + 16 audio, output 8 text + 44 audio, nothing cached (its
    /// comments). gpt-4o-realtime-preview's page: text $5 in / $20 out, audio $40 in / $80 out per million:
    /// 28 × 5 + 16 × 40 + 8 × 20 + 44 × 80 = 140 + 640 + 160 + 3,520 = 4,460 per million = $0.004460.
    /// gpt-4o-mini-realtime-preview's page (its default snapshot 2024-12-17 named there): text $0.60 / $2.40, audio
    /// $10 / $20: 28 × 0.6 + 16 × 10 + 8 × 2.4 + 44 × 20 = 16.8 + 160 + 19.2 + 880 = 1,076 → $0.001076.
    @Test func openAIRealtimeIsPricedByModality() throws {
        let costs = try Self.costs(
            "openai-realtime,openai-realtime:gpt-4o-mini-realtime-preview-2024-12-17,"
                + "openai-realtime:gpt-4o-realtime-preview-2024-12-17,gemini-live")
        #expect(abs((costs[0]["dollars"]?.doubleValue ?? 0) - 0.004460) < 1e-12)
        #expect(costs[0]["unpriced"] == .array([]))
        #expect(abs((costs[1]["dollars"]?.doubleValue ?? 0) - 0.001076) < 1e-12)
        // A snapshot the page does not name is unpriced, never priced as its family; so is every Gemini Live model.
        #expect(costs[2]["dollars"]?.doubleValue == 0)
        #expect(costs[2]["unpriced"] == .array([.string("llm gpt-4o-realtime-preview-2024-12-17")]))
        #expect(costs[3]["unpriced"] == .array([.string("llm gemini-2.0-flash-live-001")]))
    }

    @Test func compareShowsTheCostRowAndItsSources() throws {
        let result = try TestSupport.agentsim(
            "compare", TestSupport.scenario("greeting.yaml"), "--providers", "openai-realtime,gemini-live")
        try #require(result.status == 0)
        let row = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("  US dollars") })
        #expect(row.hasSuffix("$0.004460                   unpriced") || row.contains("$0.004460"), "\(row)")
        #expect(row.contains("unpriced"))
        #expect(
            result.stdout.contains(
                "unpriced (no first-hand price in agentsim's table): llm gemini-2.0-flash-live-001\n"))
        #expect(result.stdout.contains("prices: realtime models from OpenAI's model pages"))
    }

    /// Cached tokens are priced at the cached price of their modality, image tokens at the image price, and an image
    /// token on a model without one makes the entry unpriced.
    @Test func cachedAndImageTokensTakeTheirOwnPrices() {
        var u = LLMModelUsage(provider: "api.openai.com", model: "gpt-realtime-2")
        u.inputTextTokens = 1_000
        u.inputCachedTextTokens = 400
        u.inputAudioTokens = 500
        u.inputCachedAudioTokens = 100
        u.inputImageTokens = 200
        u.inputCachedImageTokens = 50
        u.outputTextTokens = 30
        u.outputAudioTokens = 70
        // gpt-realtime-2: text 4 / 0.4 / 24, audio 32 / 0.4 / 64, image 5 / 0.5 per million:
        // 600 × 4 + 400 × 0.4 + 400 × 32 + 100 × 0.4 + 150 × 5 + 50 × 0.5 + 30 × 24 + 70 × 64
        // = 2,400 + 160 + 12,800 + 40 + 750 + 25 + 720 + 4,480 = 21,375 per million.
        let dollars = ModelUsagePricing.llmCost(u, prices: .standard, realtime: true)
        #expect(abs((dollars ?? 0) - 0.021375) < 1e-12)
        u.model = "gpt-4o-realtime-preview"
        #expect(ModelUsagePricing.llmCost(u, prices: .standard, realtime: true) == nil)
        // A text model's price is never a realtime model's: gpt-4o-mini-realtime-preview-2024-10-01 starts like
        // gpt-4o-mini, which the text table prices, yet is unpriced.
        u.model = "gpt-4o-mini-realtime-preview-2024-10-01"
        u.inputImageTokens = 0
        u.inputCachedImageTokens = 0
        #expect(ModelUsagePricing.llmCost(u, prices: .standard, realtime: true) == nil)
    }

    @Test func viewsRulesListEveryPriceWithItsSource() throws {
        let rules = try TestSupport.agentsim("views", "--rules")
        #expect(
            rules.stdout.contains(
                "    gpt-4o-realtime-preview: text 5/2.5/20 · audio 40/2.5/80  "
                    + "[developers.openai.com/api/docs/models/gpt-4o-realtime-preview, read 2026-12-06]"))
        #expect(rules.stdout.contains("    gpt-4.1-mini: 0.4/0.1/-/1.6  [Langfuse default-model-prices.json"))
    }
}
