/// What a plugin is told when a session starts.
public struct SessionSetup: Sendable {
    /// The scenario's model, or nil to use the plugin's default.
    public var model: String?
    public var modelLocation: SourceLocation
    /// `session.options`, a map the plugin reads with `MapReader`.
    public var options: ScenarioValue
    public var seed: UInt64
    public var scenarioName: String
    /// Added to session-clock times to make metrics timestamps.
    public var startTime: Double
    /// Mixed into the seed of every id a plugin draws (request ids, generation ids), so copies of one
    /// scenario in a load run get their own ids; 0 for `run` and `check`.
    public var idSalt: UInt64 = 0
    /// What earlier sessions of the same organisation sent (`agentsim load`, `check --random`); none for `run`.
    public var organisation = OrganisationHistory.none

    /// The dotted path of `options` in the file, for messages: `session.options`, or
    /// `session.pipeline.llm.options` for a pipeline role.
    public var optionsPath: String = "session.options"
    /// The dotted path of the model in the file (`session.model`, `session.pipeline.llm.model`).
    public var modelPath: String = "session.model"
    /// Where the provider is named (`session.provider` or a pipeline role), when known.
    public var providerLocation: SourceLocation?
    /// The session's instructions and audio settings, known at start (a pipeline's LLM bills the instructions on
    /// every request; an STT plugin needs the frame size).
    public var instructions = Instructions(text: "", tokens: nil)
    public var audio = AudioFacts(sampleRate: 48_000, frameMilliseconds: 20)

    /// The seed a plugin draws ids from: the scenario's seed with this session's ``idSalt``.
    public var idSeed: UInt64 { seed ^ idSalt }

    public init(
        model: String?, modelLocation: SourceLocation, options: ScenarioValue, seed: UInt64, scenarioName: String,
        startTime: Double
    ) {
        self.model = model
        self.modelLocation = modelLocation
        self.options = options
        self.seed = seed
        self.scenarioName = scenarioName
        self.startTime = startTime
    }

    /// Reads the model against a plugin's list: a listed name, or a dated snapshot of a listed family
    /// (``ModelSnapshot``), which runs on its family's profile. Any other name is a `ScenarioError` at
    /// `session.model` that lists the models.
    public func resolveModel(from models: [ModelDocumentation]) throws(ScenarioError) -> ModelDocumentation {
        guard let name = model else {
            guard let fallback = models.first(where: \.isDefault) ?? models.first else {
                throw ScenarioError("\(modelPath): the plugin lists no models", at: modelLocation)
            }
            return fallback
        }
        guard let found = models.first(where: { $0.name == name }) ?? ModelSnapshot.family(of: name, in: models)
        else {
            throw ScenarioError(
                "\(modelPath): unknown model '\(name)'; expected one of \(models.map(\.name).joined(separator: ", "))",
                at: modelLocation)
        }
        return found
    }

    /// The name a session on `resolved` reports (LiveKit's `metadata.model_name`, the bill's model): the name the
    /// scenario gave, dated snapshot included, as LiveKit's plugins report the model they were configured with; the
    /// plugin's default when the scenario names none.
    public func reportedName(of resolved: ModelDocumentation) -> String { model ?? resolved.name }
}
