/// List prices per model, in US dollars, with where each came from and when. agentsim prices a session's bill and
/// each view with it; a model or service that is not here is reported as unpriced, never guessed.
///
/// Token prices are Langfuse's default model prices (langfuse/langfuse `worker/src/constants/default-model-prices.json`
/// at commit 62751446, 2026-08-22; each entry's `updatedAt` is its date below), which Langfuse itself prices
/// observations with, so the Langfuse view and the bill use the same figures. Langfuse's per-usage-key prices are in
/// ``langfuseKeys`` as the file lists them. OpenAI's speech models are from openai.com/api/pricing.
public struct PriceTable: Sendable {
    public struct TokenPrice: Sendable, Equatable {
        /// The model as its provider names it (a dated snapshot resolves to it by prefix).
        public var model: String
        /// Dollars per million tokens.
        public var input: Double
        /// Cache reads; nil when the source lists no cached price (cached tokens are then priced as input).
        public var cachedInput: Double?
        /// Cache writes (Anthropic's 5-minute TTL); nil when writes cost the input price (OpenAI, Gemini).
        public var cacheWrite: Double?
        public var output: Double
        /// Langfuse's price per usage key (dollars per token), as its default price file lists them.
        public var langfuseKeys: [String: Double]
        public var source: String
        public var date: String
    }

    public struct UnitPrice: Sendable, Equatable {
        public var model: String
        /// Dollars per minute of audio (STT), per million characters (TTS), or per million tokens by kind.
        public var perMinute: Double?
        public var perMillionCharacters: Double?
        public var perMillionInputTokens: Double?
        public var perMillionOutputTokens: Double?
        public var source: String
        public var date: String
    }

    public var tokens: [TokenPrice]
    public var units: [UnitPrice]

    /// The price of `model`: an exact name, else the longest listed name it starts with (`gpt-4.1-mini-2025-04-14`).
    public func tokenPrice(_ model: String) -> TokenPrice? {
        if let exact = tokens.first(where: { $0.model == model }) { return exact }
        return tokens.filter { model.hasPrefix($0.model + "-") }.max { $0.model.count < $1.model.count }
    }

    public func unitPrice(_ model: String) -> UnitPrice? { units.first { $0.model == model } }

    /// What a pipeline's LLM tokens cost at list price: uncached input, cache reads, cache writes and output.
    public func llmCost(model: String, uncached: Int, cached: Int, cacheWrite: Int, output: Int) -> Double? {
        guard let p = tokenPrice(model) else { return nil }
        return
            (Double(uncached) * p.input + Double(cached) * (p.cachedInput ?? p.input)
            + Double(cacheWrite) * (p.cacheWrite ?? p.input) + Double(output) * p.output) / 1_000_000
    }

    private static let langfuse = "Langfuse default-model-prices.json @62751446"

    private static func token(
        _ model: String, _ input: Double, cached: Double?, write: Double? = nil, _ output: Double, date: String,
        keys extra: [String: Double] = [:]
    ) -> TokenPrice {
        // Langfuse's file lists the same prices under its own usage keys, per token.
        var keys: [String: Double] = ["input": input / 1e6, "output": output / 1e6]
        if let cached { keys["input_cached_tokens"] = cached / 1e6 }
        if let write { keys["input_cache_creation"] = write / 1e6 }
        keys.merge(extra) { $1 }
        return TokenPrice(
            model: model, input: input, cachedInput: cached, cacheWrite: write, output: output, langfuseKeys: keys,
            source: langfuse, date: date)
    }

    /// The table agentsim ships.
    public static let standard = PriceTable(
        tokens: [
            token("gpt-4.1", 2.00, cached: 0.50, 8.00, date: "2026-08-20"),
            token("gpt-4.1-mini", 0.40, cached: 0.10, 1.60, date: "2026-08-20"),
            token("gpt-4o-mini", 0.15, cached: 0.075, 0.60, date: "2026-08-20"),
            token(
                "gpt-5-mini", 0.25, cached: 0.025, 2.00, date: "2026-08-20",
                keys: ["output_reasoning_tokens": 2e-6, "reasoning_tokens": 2e-6]),
            token("claude-sonnet-4-6", 3.00, cached: 0.30, write: 3.75, 15.00, date: "2026-07-28"),
            token("claude-sonnet-4-5", 3.00, cached: 0.30, write: 3.75, 15.00, date: "2026-08-04"),
            token("claude-haiku-4-5", 1.00, cached: 0.10, write: 1.25, 5.00, date: "2026-07-28"),
            token("claude-3-5-haiku-20241022", 0.80, cached: 0.08, write: 1.00, 4.00, date: "2026-07-28"),
            token(
                "gemini-2.5-flash", 0.30, cached: 0.03, 2.50, date: "2026-07-14",
                keys: ["output_reasoning_tokens": 2.5e-6]),
            token(
                "gemini-3-flash-preview", 0.50, cached: 0.05, 3.00, date: "2026-07-14",
                keys: ["output_reasoning_tokens": 3e-6]),
            token(
                "gemini-3.5-flash", 1.50, cached: 0.15, 9.00, date: "2026-07-14",
                keys: ["output_reasoning_tokens": 9e-6]),
            token(
                "gemini-3-pro-preview", 2.00, cached: 0.20, 12.00, date: "2026-07-14",
                keys: ["output_reasoning_tokens": 1.2e-5]),
        ],
        units: [
            UnitPrice(
                model: "gpt-4o-mini-tts", perMillionInputTokens: 0.60, perMillionOutputTokens: 12.00,
                source: "openai.com/api/pricing (text input, audio output tokens)", date: "2025-03-20"),
            UnitPrice(
                model: "tts-1", perMillionCharacters: 15.00, source: "openai.com/api/pricing", date: "2025-03-20"),
            UnitPrice(
                model: "tts-1-hd", perMillionCharacters: 30.00, source: "openai.com/api/pricing", date: "2025-03-20"),
            UnitPrice(model: "whisper-1", perMinute: 0.006, source: "openai.com/api/pricing", date: "2025-03-20"),
        ])
}
