import AgentSimCore

/// What the providers billed, as figures: the column every view is compared with.
public enum Billed {
    public static func figures(_ bill: ServiceBill) -> ServiceFigures {
        var figures: [Figure]
        switch bill.role {
        case .stt:
            figures = [Figure(.audioSeconds, "audio_seconds", bill.audioSeconds)]
            if bill.inputTokens > 0 || bill.outputTokens > 0 {
                figures += [
                    Figure(.inputTokens, "input_tokens", bill.inputTokens),
                    Figure(.outputTokens, "output_tokens", bill.outputTokens),
                ]
            }
        case .tts:
            figures = [
                Figure(.characters, "characters", bill.characters),
                Figure(.audioSeconds, "audio_seconds", bill.audioSeconds),
            ]
            if bill.inputTokens > 0 || bill.outputTokens > 0 {
                figures += [
                    Figure(.inputTokens, "input_tokens", bill.inputTokens),
                    Figure(.outputTokens, "output_tokens", bill.outputTokens),
                ]
            }
        case .llm, .realtime:
            figures = [
                Figure(.inputTokens, "input_tokens", bill.inputTokens),
                Figure(.cachedTokens, "cached_input_tokens", bill.cachedInputTokens),
                Figure(.cacheWriteTokens, "cache_creation_tokens", bill.cacheCreationTokens),
                Figure(.outputTokens, "output_tokens", bill.outputTokens),
                Figure(.reasoningTokens, "reasoning_tokens", bill.reasoningTokens),
                Figure(.totalTokens, "input + output", bill.inputTokens + bill.outputTokens),
            ]
        }
        return ServiceFigures(role: bill.role, provider: bill.provider, model: bill.model, figures: figures)
    }

    /// The session's cost at list price: input net of cache reads and writes, each priced on its own.
    /// - Parameter roles: only these services (the ones a view covers); nil for all.
    public static func cost(_ session: ViewSession, prices: PriceTable, roles: Set<ServiceRole>? = nil) -> ViewCost {
        var cost = ViewCost(dollars: 0)
        for service in session.services where roles?.contains(service.role) ?? true {
            let bill = service.bill
            let dollars: Double?
            switch bill.role {
            case .llm, .realtime:
                dollars = prices.llmCost(
                    model: bill.model, uncached: bill.inputTokens - bill.cachedInputTokens - bill.cacheCreationTokens,
                    cached: bill.cachedInputTokens, cacheWrite: bill.cacheCreationTokens, output: bill.outputTokens)
            case .stt, .tts:
                dollars = unitCost(bill, prices: prices)
            }
            if let dollars {
                cost.dollars += dollars
            } else {
                cost.unpriced.append("\(bill.role.rawValue) \(bill.provider):\(bill.model)")
            }
        }
        return cost
    }

    /// An STT or TTS service's cost by its unit: tokens when the model is priced by token, else minutes or characters.
    static func unitCost(_ bill: ServiceBill, prices: PriceTable) -> Double? {
        guard let p = prices.unitPrice(bill.model) else { return nil }
        if let i = p.perMillionInputTokens, let o = p.perMillionOutputTokens {
            return (Double(bill.inputTokens) * i + Double(bill.outputTokens) * o) / 1_000_000
        }
        if let m = p.perMinute { return bill.audioSeconds / 60 * m }
        if let c = p.perMillionCharacters { return Double(bill.characters) * c / 1_000_000 }
        return nil
    }
}
