import AgentSimCore
import OpenAIText

/// The Responses API models: the name LiveKit and OpenAI use, the dated snapshot the API echoes in `response.model`,
/// and the reasoning efforts each takes when it reasons.
enum OpenAIResponsesModels {
    /// livekit-plugins-openai 1.8.9 `responses/llm.py` `LLM.__init__` (l.227) defaults to gpt-4.1 and sends
    /// `reasoning={"effort": "minimal"}` for gpt-5-mini when none is given (l.263-278; gpt-5.1 and later get
    /// "none"); `models.py` `_supports_reasoning_effort` (l.280-293) names the reasoning models.
    static let all: [OpenAITextModel] = [
        OpenAITextModel(
            name: "gpt-4.1", snapshot: "gpt-4.1-2025-04-14", reasoning: nil,
            summary: "LiveKit's default Responses model (responses/llm.py l.227). Not a reasoning model.",
            isDefault: true),
        OpenAITextModel(
            name: "gpt-4.1-mini", snapshot: "gpt-4.1-mini-2025-04-14", reasoning: nil,
            summary: "Smaller GPT-4.1. Not a reasoning model."),
        OpenAITextModel(
            name: "gpt-5-mini", snapshot: "gpt-5-mini-2025-08-07",
            reasoning: OpenAITextModel.Reasoning(
                efforts: ["minimal", "low", "medium", "high"], livekitDefault: "minimal"),
            summary:
                "Reasoning model: reasoning tokens are billed inside output_tokens; LiveKit sends reasoning effort "
                + "\"minimal\" unless told otherwise (responses/llm.py l.263-278)."
        ),
    ]
}
