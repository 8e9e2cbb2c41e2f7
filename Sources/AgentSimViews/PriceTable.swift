import AgentSimCore

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

    /// A realtime model's list prices, dollars per million tokens, by modality: what the model page publishes.
    public struct RealtimePrice: Sendable, Equatable {
        public struct Modality: Sendable, Equatable {
            public var input: Double
            public var cachedInput: Double
            /// Nil for a modality the model only reads (images).
            public var output: Double?

            public init(input: Double, cachedInput: Double, output: Double?) {
                self.input = input
                self.cachedInput = cachedInput
                self.output = output
            }
        }

        /// The model as its page names it.
        public var model: String
        /// The dated snapshot the page names as the model's default, which its prices cover too.
        public var snapshots: [String]
        public var text: Modality
        public var audio: Modality
        /// Nil when the model takes no images (an image token is then unpriced).
        public var image: Modality?
        public var source: String
        /// When the page was read.
        public var date: String
    }

    public var tokens: [TokenPrice]
    public var units: [UnitPrice]
    public var realtime: [RealtimePrice] = []

    /// The price of `model`: an exact name, else the longest listed name it starts with (`gpt-4.1-mini-2025-04-14`).
    public func tokenPrice(_ model: String) -> TokenPrice? {
        if let exact = tokens.first(where: { $0.model == model }) { return exact }
        return tokens.filter { model.hasPrefix($0.model + "-") }.max { $0.model.count < $1.model.count }
    }

    public func unitPrice(_ model: String) -> UnitPrice? { units.first { $0.model == model } }

    /// The realtime price of `model`: the name its page gives, or the default snapshot the page names. Any other dated
    /// snapshot is unpriced: OpenAI has priced snapshots of one model apart (gpt-4o-realtime-preview-2024-10-01's audio
    /// cost more than 2024-12-17's), so a family's price is no snapshot's.
    public func realtimePrice(_ model: String) -> RealtimePrice? {
        realtime.first { $0.model == model || $0.snapshots.contains(model) }
    }

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

    /// A realtime model page of developers.openai.com, as read on `date`.
    private static func openAIRealtime(
        _ model: String, snapshots: [String] = [], text: (Double, Double, Double), audio: (Double, Double, Double),
        image: (Double, Double)? = nil, page: String? = nil
    ) -> RealtimePrice {
        RealtimePrice(
            model: model, snapshots: snapshots,
            text: .init(input: text.0, cachedInput: text.1, output: text.2),
            audio: .init(input: audio.0, cachedInput: audio.1, output: audio.2),
            image: image.map { .init(input: $0.0, cachedInput: $0.1, output: nil) },
            source: "developers.openai.com/api/docs/models/\(page ?? model)", date: "2026-12-06")
    }

    /// The realtime models' prices agentsim ships: OpenAI's model pages, each read on the date given. Not priced:
    /// gpt-realtime and gpt-realtime-mini (their pages' audio prices are not among agentsim's sources), gpt-live-1 and
    /// its backend model, and the Gemini Live models (no first-hand Google page among agentsim's sources).
    public static let realtimeModels: [RealtimePrice] = [
        openAIRealtime("gpt-4o-realtime-preview", text: (5.00, 2.50, 20.00), audio: (40.00, 2.50, 80.00)),
        openAIRealtime(
            "gpt-4o-mini-realtime-preview", snapshots: ["gpt-4o-mini-realtime-preview-2024-12-17"],
            text: (0.60, 0.30, 2.40), audio: (10.00, 0.30, 20.00)),
        openAIRealtime(
            "gpt-realtime-1.5", text: (4.00, 0.40, 16.00), audio: (32.00, 0.40, 64.00), image: (5.00, 0.50)),
        openAIRealtime(
            "gpt-realtime-2", text: (4.00, 0.40, 24.00), audio: (32.00, 0.40, 64.00), image: (5.00, 0.50)),
        openAIRealtime(
            "gpt-realtime-2.1", text: (4.00, 0.40, 24.00), audio: (32.00, 0.40, 64.00), image: (5.00, 0.50)),
        openAIRealtime(
            "gpt-realtime-2.1-mini", text: (0.60, 0.06, 2.40), audio: (10.00, 0.30, 20.00), image: (0.80, 0.08)),
    ]

    /// Every price with its source and date, one line each (`agentsim views --rules`).
    public var listing: [String] {
        func d(_ x: Double) -> String { Figures.number(x) }
        var lines = ["Prices (US dollars per million tokens unless noted; not listed: unpriced, never guessed)"]
        lines.append("  Realtime models (text in/cached/out · audio in/cached/out · image in/cached):")
        for p in realtime {
            let image = p.image.map { " · image \(d($0.input))/\(d($0.cachedInput))" } ?? ""
            let also = p.snapshots.isEmpty ? "" : " (also \(p.snapshots.joined(separator: ", ")))"
            lines.append(
                "    \(p.model)\(also): text \(d(p.text.input))/\(d(p.text.cachedInput))/\(d(p.text.output ?? 0)) · "
                    + "audio \(d(p.audio.input))/\(d(p.audio.cachedInput))/\(d(p.audio.output ?? 0))\(image)  "
                    + "[\(p.source), read \(p.date)]")
        }
        lines.append("  Text LLMs (input/cached/cache write/output; a dated snapshot priced as its model):")
        for p in tokens {
            lines.append(
                "    \(p.model): \(d(p.input))/\(p.cachedInput.map(d) ?? "-")/\(p.cacheWrite.map(d) ?? "-")/"
                    + "\(d(p.output))  [\(p.source), \(p.date)]")
        }
        lines.append("  Speech:")
        for p in units {
            let price =
                p.perMinute.map { "$\(d($0)) per minute" } ?? p.perMillionCharacters.map {
                    "$\(d($0)) per million characters"
                }
                ?? "text input \(d(p.perMillionInputTokens ?? 0)), audio output \(d(p.perMillionOutputTokens ?? 0))"
            lines.append("    \(p.model): \(price)  [\(p.source), \(p.date)]")
        }
        return lines
    }

    /// One line on where the prices come from, for `compare` and `report`.
    public static let sourcesLine =
        "realtime models from OpenAI's model pages (developers.openai.com, read 2026-12-06), LLM tokens from "
        + "Langfuse's default-model-prices.json (commit 62751446), OpenAI speech from openai.com/api/pricing; "
        + "agentsim views --rules lists every price with its source"

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
        ],
        realtime: realtimeModels)
}
