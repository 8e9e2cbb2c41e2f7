import AgentSimCore

/// One Responses API model: the name LiveKit and OpenAI use, the dated snapshot the API echoes in `response.model`,
/// and the reasoning efforts it takes when it reasons.
struct OpenAIResponsesModel: Sendable, Equatable {
    struct Reasoning: Sendable, Equatable {
        var efforts: [String]
        var livekitDefault: String
    }

    var name: String
    var snapshot: String
    var reasoning: Reasoning?
    var summary: String
    var isDefault = false

    /// livekit-plugins-openai 1.8.9 `responses/llm.py` `LLM.__init__` (l.227) defaults to gpt-4.1 and sends
    /// `reasoning={"effort": "minimal"}` for gpt-5-mini when none is given (l.263-278; gpt-5.1 and later get
    /// "none"); `models.py` `_supports_reasoning_effort` (l.280-293) names the reasoning models.
    static let all: [OpenAIResponsesModel] = [
        OpenAIResponsesModel(
            name: "gpt-4.1", snapshot: "gpt-4.1-2025-04-14", reasoning: nil,
            summary: "LiveKit's default Responses model (responses/llm.py l.227). Not a reasoning model.", isDefault: true),
        OpenAIResponsesModel(
            name: "gpt-4.1-mini", snapshot: "gpt-4.1-mini-2025-04-14", reasoning: nil,
            summary: "Smaller GPT-4.1. Not a reasoning model."),
        OpenAIResponsesModel(
            name: "gpt-5-mini", snapshot: "gpt-5-mini-2025-08-07",
            reasoning: Reasoning(efforts: ["minimal", "low", "medium", "high"], livekitDefault: "minimal"),
            summary: "Reasoning model: reasoning tokens are billed inside output_tokens; LiveKit sends reasoning effort \"minimal\" unless told otherwise (responses/llm.py l.263-278)."),
    ]

    static var documentation: [ModelDocumentation] {
        all.map { ModelDocumentation(name: $0.name, summary: $0.summary, isDefault: $0.isDefault) }
    }

    static func named(_ name: String) -> OpenAIResponsesModel? { all.first { $0.name == name } }
}
