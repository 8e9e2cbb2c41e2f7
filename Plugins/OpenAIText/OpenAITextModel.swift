import AgentSimCore

/// What a plugin of OpenAI's text APIs (Chat Completions, Responses) knows about one model: the name LiveKit and
/// OpenAI use, the dated snapshot the API echoes back, and whether it reasons.
public struct OpenAITextModel: Sendable, Equatable {
    /// The reasoning efforts a reasoning model accepts, and the one LiveKit sends when none is given.
    public struct Reasoning: Sendable, Equatable {
        public var efforts: [String]
        public var livekitDefault: String

        public init(efforts: [String], livekitDefault: String) {
            self.efforts = efforts
            self.livekitDefault = livekitDefault
        }
    }

    public var name: String
    public var snapshot: String
    public var reasoning: Reasoning?
    public var summary: String
    public var isDefault: Bool

    public init(name: String, snapshot: String, reasoning: Reasoning?, summary: String, isDefault: Bool = false) {
        self.name = name
        self.snapshot = snapshot
        self.reasoning = reasoning
        self.summary = summary
        self.isDefault = isDefault
    }
}

extension [OpenAITextModel] {
    /// The table as `agentsim providers ID` lists it.
    public var documentation: [ModelDocumentation] {
        map { ModelDocumentation(name: $0.name, summary: $0.summary, isDefault: $0.isDefault) }
    }

    public func named(_ name: String) -> OpenAITextModel? { first { $0.name == name } }
}
