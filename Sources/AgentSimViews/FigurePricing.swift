import AgentSimCore

/// Prices a view's figures the way a reader of that view would: `uncached` says how the view's input figure relates
/// to its cache figures (an input that includes them has them taken out first).
enum FigurePricing {
    static func cost(
        _ services: [ServiceFigures], prices: PriceTable, uncached: (ServiceFigures) -> Int = grossInput
    ) -> ViewCost {
        var cost = ViewCost(dollars: 0)
        for s in services {
            func n(_ m: Measure) -> Int { Int((s.figure(m)?.value ?? 0).rounded()) }
            let dollars: Double?
            switch s.role {
            case .llm, .realtime:
                dollars = prices.llmCost(
                    model: s.model, uncached: uncached(s), cached: n(.cachedTokens), cacheWrite: n(.cacheWriteTokens),
                    output: n(.outputTokens))
            case .stt, .tts:
                var bill = ServiceBill(role: s.role, provider: s.provider, model: s.model)
                bill.audioSeconds = s.figure(.audioSeconds)?.value ?? 0
                bill.characters = n(.characters)
                bill.inputTokens = n(.inputTokens)
                bill.outputTokens = n(.outputTokens)
                dollars = Billed.unitCost(bill, prices: prices)
            }
            if let dollars {
                cost.dollars += dollars
            } else {
                cost.unpriced.append("\(s.role.rawValue) \(s.provider):\(s.model)")
            }
        }
        return cost
    }

    /// An input figure that includes the cache reads and writes reported beside it (OpenAI's, LiveKit's, OTel's).
    static func grossInput(_ s: ServiceFigures) -> Int {
        let v = { (m: Measure) in Int((s.figure(m)?.value ?? 0).rounded()) }
        return max(0, v(.inputTokens) - v(.cachedTokens) - v(.cacheWriteTokens))
    }

    /// An input figure that already leaves the cache out (Anthropic's own `input_tokens`).
    static func netInput(_ s: ServiceFigures) -> Int { Int((s.figure(.inputTokens)?.value ?? 0).rounded()) }
}
