/// One rule of `agentsim explain`'s walk-through: how one field of a usage payload (or of the LiveKit event built
/// from it) comes about, with its source.
public struct WalkthroughRule: Sendable, Equatable {
    /// Which message the field belongs to.
    public enum Target: String, Sendable {
        /// The provider's native payload (`response.done`, `LiveServerMessage`).
        case payload
        /// The LiveKit metrics event built from it.
        case event
    }

    public var target: Target
    /// The field as a dotted path in the message's JSON (`response.usage.input_tokens`); `[AUDIO]` picks a Gemini
    /// details entry by modality and reads its `tokenCount`.
    public var field: String
    /// How the value comes about, without the value (`floor(2.00 s × 10)`).
    public var derivation: String
    /// The value the rule gives, equal to the field's.
    public var value: Int
    /// Where the rule is documented.
    public var source: String

    public init(_ target: Target, _ field: String, _ derivation: String, _ value: Int, source: String) {
        self.target = target
        self.field = field
        self.derivation = derivation
        self.value = value
        self.source = source
    }
}

/// A small live example for `agentsim explain ID`: a scenario the command runs, and the rules behind each payload.
public protocol ProviderWalkthrough: Sendable {
    /// The example scenario, as YAML (version 1), on this provider.
    var exampleScenario: String { get }
    /// The rules behind the figures of `report.outputs[index]`, or none for an output without usage.
    func rules(_ report: SessionReport, output index: Int) -> [WalkthroughRule]
}
