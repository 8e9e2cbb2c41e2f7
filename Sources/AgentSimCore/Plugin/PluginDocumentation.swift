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

/// One `session.options` knob.
public struct OptionDocumentation: Sendable, Equatable {
    public var key: String
    /// The expected form, e.g. "number ≥ 0", "one of whisper-1, gpt-4o-transcribe".
    public var form: String
    public var defaultValue: String
    public var summary: String

    public init(key: String, form: String, defaultValue: String, summary: String) {
        self.key = key
        self.form = form
        self.defaultValue = defaultValue
        self.summary = summary
    }
}
