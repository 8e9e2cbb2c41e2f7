import AgentSimCore
import OpenAIText

/// The Chat Completions models: the name LiveKit's `ChatModels` list and OpenAI use, the dated snapshot the API
/// echoes in every chunk's `model`, and whether it reasons.
enum OpenAIChatModels {
    /// livekit-plugins-openai 1.8.9 `models.py` `ChatModels` (l.23-65) lists all four; `LLM.__init__`
    /// (`llm.py` l.98) defaults to gpt-4.1; `_supports_reasoning_effort` (`models.py` l.280-293) names gpt-5-mini, and
    /// `LLM.__init__` (l.139-152) sends `reasoning_effort="minimal"` for it when the caller gives none (the
    /// gpt-5.1-and-later models get "none" instead).
    static let all: [OpenAITextModel] = [
        OpenAITextModel(
            name: "gpt-4.1", snapshot: "gpt-4.1-2025-04-14", reasoning: nil,
            summary: "LiveKit's default chat model (livekit-plugins-openai 1.8.9 llm.py l.98). Not a reasoning model.",
            isDefault: true),
        OpenAITextModel(
            name: "gpt-4.1-mini", snapshot: "gpt-4.1-mini-2025-04-14", reasoning: nil,
            summary: "Smaller GPT-4.1. Not a reasoning model."),
        OpenAITextModel(
            name: "gpt-4o-mini", snapshot: "gpt-4o-mini-2024-07-18", reasoning: nil,
            summary: "Small GPT-4o. Not a reasoning model."),
        OpenAITextModel(
            name: "gpt-5-mini", snapshot: "gpt-5-mini-2025-08-07",
            reasoning: OpenAITextModel.Reasoning(
                efforts: ["minimal", "low", "medium", "high"], livekitDefault: "minimal"),
            summary:
                "Reasoning model: reasoning tokens are billed inside completion_tokens; LiveKit sends "
                + "reasoning_effort \"minimal\" unless told otherwise (llm.py l.139-152)."
        ),
    ]
}
