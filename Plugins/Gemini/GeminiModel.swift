import AgentSimCore

/// What one Gemini generateContent model allows: how its thinking is configured (a token budget on 2.5, a level on
/// 3), and the smallest prompt implicit caching serves. Names as LiveKit 1.8.9 lists them (`google/models.py`,
/// `ChatModels`).
struct GeminiModel: Sendable, Equatable {
    enum Thinking: Sendable, Equatable {
        /// No thinking at all (Gemini 2.0).
        case none
        /// `thinking_budget`: -1 (dynamic, the API's default) or a whole number in `range`; 0 turns thinking off
        /// where `range` starts at 0.
        case budget(range: ClosedRange<Int>)
        /// `thinking_level`, one of `levels` (LiveKit 1.8.9 drops a thinking_budget on Gemini 3 models, llm.py
        /// l.479-491); the API's default is `high`.
        case level(levels: [String])
    }

    var name: String
    var thinking: Thinking
    /// The implicit-caching minimum prefix (nil: the model has no implicit caching).
    var cacheMinTokens: Int?
    var summary: String
    var isDefault = false

    var documentation: ModelDocumentation { ModelDocumentation(name: name, summary: summary, isDefault: isDefault) }

    static let flashLevels = ["minimal", "low", "medium", "high"]

    static let all: [GeminiModel] = [
        GeminiModel(
            name: "gemini-3.8-flash", thinking: .level(levels: flashLevels), cacheMinTokens: 4_096,
            summary:
                "LiveKit 1.8.9's default model (google/llm.py l.163). Thinking by level (minimal, low, medium, high; "
                + "the API default is high); implicit-caching minimum 4,096 (ai.google.dev caching page, "
                + "2026-10-13).",
            isDefault: true),
        GeminiModel(
            name: "gemini-3.5-flash", thinking: .level(levels: flashLevels), cacheMinTokens: 4_096,
            summary:
                "Thinking by level (minimal, low, medium, high); implicit-caching minimum 4,096 (caching page, "
                + "2026-07-07; the page of 2026-05-28 said 1,024)."
        ),
        GeminiModel(
            name: "gemini-3-flash-preview", thinking: .level(levels: flashLevels), cacheMinTokens: 1_024,
            summary:
                "Thinking by level (minimal, low, medium, high); implicit-caching minimum 1,024 (caching page, "
                + "2026-05-07)."
        ),
        GeminiModel(
            name: "gemini-3-pro-preview", thinking: .level(levels: ["low", "high"]), cacheMinTokens: 4_096,
            summary:
                "Thinking by level (low, high; it cannot be turned off); implicit-caching minimum 4,096 (caching "
                + "page, 2026-05-07)."
        ),
        GeminiModel(
            name: "gemini-2.5-flash", thinking: .budget(range: 0...24_576), cacheMinTokens: 2_048,
            summary:
                "Thinking by token budget: -1 dynamic (the API's default), 0 off, up to 24,576; implicit-caching "
                + "minimum 2,048 (caching page, 2026-10-13; 1,024 on the page of 2026-05-07)."
        ),
        GeminiModel(
            name: "gemini-2.5-pro-preview-05-06", thinking: .budget(range: 128...32_768), cacheMinTokens: 2_048,
            summary:
                "Thinking by token budget: -1 dynamic (default) or 128 to 32,768, it cannot be turned off; "
                + "implicit-caching minimum 2,048 for 2.5 Pro (caching page, 2026-10-13; 4,096 on the page of "
                + "2026-05-07)."
        ),
        GeminiModel(
            name: "gemini-2.0-flash-001", thinking: .none, cacheMinTokens: nil,
            summary:
                "No thinking and no implicit caching (the caching page: implicit caching is on for Gemini 2.5 and "
                + "newer)."
        ),
    ]

    static func named(_ name: String) -> GeminiModel? { all.first { $0.name == name } }
}
