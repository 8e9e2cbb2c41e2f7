import AgentSimCore

/// What LiveKit 1.8.9's `ModelUsageCollector.flatten()` entries cost at list price: a realtime model by modality
/// (text, audio and image input, each cached or not, text and audio output), a pipeline LLM by uncached input, cache
/// reads, cache writes and output, speech services by their unit. A model the price table has no price for is named
/// in `unpriced`, never guessed.
public enum ModelUsagePricing {
    /// The cost of `entries`; entries with no usage (a zero connection event's) cost nothing and are never unpriced.
    /// - Parameter realtimeModels: the LLM entries that are realtime models, priced only from the realtime table (a
    ///   text model's price is no realtime model's, whatever their names share).
    public static func cost(_ entries: [ModelUsage], prices: PriceTable, realtimeModels: Set<String>) -> ViewCost {
        var cost = ViewCost(dollars: 0)
        for entry in entries {
            let dollars: Double?
            switch entry {
            case let .llm(u):
                if u.inputTokens == 0, u.outputTokens == 0, u.sessionDuration == 0 { continue }
                dollars = llmCost(u, prices: prices, realtime: realtimeModels.contains(u.model))
            case let .stt(u):
                if u.audioDuration == 0, u.inputTokens == 0, u.outputTokens == 0 { continue }
                var bill = ServiceBill(role: .stt, provider: u.provider, model: u.model)
                bill.audioSeconds = u.audioDuration
                bill.inputTokens = u.inputTokens
                bill.outputTokens = u.outputTokens
                dollars = Billed.unitCost(bill, prices: prices)
            case let .tts(u):
                if u.charactersCount == 0, u.inputTokens == 0, u.outputTokens == 0 { continue }
                var bill = ServiceBill(role: .tts, provider: u.provider, model: u.model)
                bill.characters = u.charactersCount
                bill.audioSeconds = u.audioDuration
                bill.inputTokens = u.inputTokens
                bill.outputTokens = u.outputTokens
                dollars = Billed.unitCost(bill, prices: prices)
            case .interruption, .eot:
                continue
            }
            if let dollars {
                cost.dollars += dollars
            } else {
                cost.unpriced.append("\(entry.type.replacingOccurrences(of: "_usage", with: "")) \(entry.model)")
            }
        }
        return cost
    }

    /// One LLM entry: a realtime model by modality, a text LLM by its token price. Nil when
    /// it has no price, or when its figures need one the page does not give (image tokens on a model without an image
    /// price, session seconds).
    public static func llmCost(_ u: LLMModelUsage, prices: PriceTable, realtime: Bool) -> Double? {
        guard u.sessionDuration == 0 else { return nil }
        if realtime {
            guard let p = prices.realtimePrice(u.model) else { return nil }
            var dollars =
                Double(u.inputTextTokens - u.inputCachedTextTokens) * p.text.input
                + Double(u.inputCachedTextTokens) * p.text.cachedInput
                + Double(u.inputAudioTokens - u.inputCachedAudioTokens) * p.audio.input
                + Double(u.inputCachedAudioTokens) * p.audio.cachedInput
                + Double(u.outputTextTokens) * (p.text.output ?? 0) + Double(u.outputAudioTokens)
                * (p.audio.output ?? 0)
            if u.inputImageTokens > 0 {
                guard let image = p.image else { return nil }
                dollars +=
                    Double(u.inputImageTokens - u.inputCachedImageTokens) * image.input
                    + Double(u.inputCachedImageTokens) * image.cachedInput
            }
            return dollars / 1_000_000
        }
        return prices.llmCost(
            model: u.model, uncached: u.inputTokens - u.inputCachedTokens - u.inputCacheCreationTokens,
            cached: u.inputCachedTokens, cacheWrite: u.inputCacheCreationTokens, output: u.outputTokens)
    }
}
