/// What `agentsim providers` prints about a plugin: its models, knobs and reporting rules, with sources.
public struct PluginDocumentation: Sendable {
    public var id: String
    public var title: String
    public var summary: String
    public var models: [ModelDocumentation]
    public var options: [OptionDocumentation]
    /// The general rules the plugin applies, one sentence each.
    public var rules: [String]
    public var sources: [String]

    public init(
        id: String, title: String, summary: String, models: [ModelDocumentation], options: [OptionDocumentation],
        rules: [String], sources: [String]
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.models = models
        self.options = options
        self.rules = rules
        self.sources = sources
    }
}

public struct ModelDocumentation: Sendable, Equatable {
    public var name: String
    public var summary: String
    public var isDefault: Bool

    public init(name: String, summary: String, isDefault: Bool = false) {
        self.name = name
        self.summary = summary
        self.isDefault = isDefault
    }
}

/// One `session.options` knob: what `agentsim providers` prints, and (typed) what the parser accepts.
public struct OptionDocumentation: Sendable, Equatable {
    public var key: String
    /// The expected form, e.g. "number ≥ 0", "one of whisper-1, gpt-4o-transcribe".
    public var form: String
    public var defaultValue: String
    public var summary: String
    /// What the parser accepts (`.custom` when only the plugin can say).
    public var kind: OptionKind
    /// The default as a file would write it (`10`, `"auto"`), when it is one value whatever the model; nil when it
    /// depends on the model or is not set.
    public var defaultLiteral: JSONValue?

    public init(
        key: String, form: String, defaultValue: String, summary: String, kind: OptionKind = .custom,
        defaultLiteral: JSONValue? = nil
    ) {
        self.key = key
        self.form = form
        self.defaultValue = defaultValue
        self.summary = summary
        self.kind = kind
        self.defaultLiteral = defaultLiteral
    }
}

extension [ModelDocumentation] {
    /// The model a session runs when the scenario names none: the one marked default, else the first ("" if none).
    public var defaultName: String { (first(where: \.isDefault) ?? first)?.name ?? "" }
}
