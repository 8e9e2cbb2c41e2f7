/// One `options` knob of a plugin, declared once: its key, what it accepts, where its value goes in the plugin's
/// options type, its default, what it means (with its source), and how a random scenario draws it.
///
/// The parser, the `agentsim providers` rows and the random sampler are all derived from it (see ``OptionTable``).
/// The default is the options type's own value before reading (a property's initial value, or what the type's
/// initialiser sets from the model); the documentation prints it, unless the row gives a `default` text because it
/// depends on the model or is "not set".
///
/// Rows are made with the typed factories (`.bool`, `.int`, `.number`, `.choice`, `.string`) or, for a form only
/// the plugin can read, ``init(_:kind:form:default:current:summary:draw:read:)``.
public struct OptionRow<Options> {
    /// How an int or number range is printed in `agentsim providers`.
    public enum RangeShown: Sendable {
        /// "whole number from 1 to 100"
        case fromTo
        /// "whole number ≥ 1": the upper bound is only a sanity limit of the parser (its messages name it).
        case atLeast
    }

    /// Reads the option when the map has the key: `value` is its raw value, `reader` the map (read the key through
    /// it for `MapReader`'s messages), `options` the values read so far.
    public typealias Read = (
        _ value: ScenarioValue, _ reader: inout MapReader, _ options: inout Options
    ) throws(ScenarioError) -> Void

    public var key: String
    public var kind: OptionKind
    /// The expected form as `agentsim providers` prints it.
    public var form: String
    /// The default as printed when it cannot be read off the options type (model-dependent, not set).
    public var defaultText: String?
    /// What the option means, with its source.
    public var summary: String
    public var draw: OptionDraw
    /// The key this option is drawn right after, when that is not its place in the table (kept so that seeded random
    /// scenarios stay the same as before the table).
    public var drawnAfter: String?
    /// The default as a file would write it, read off the options type before reading; nil when there is none.
    let current: (Options) -> JSONValue?
    var read: Read

    /// An option the plugin reads itself.
    /// - Parameters:
    ///   - kind: What it accepts; `.custom` when no typed form fits.
    ///   - current: The default, read off the options type, as a file writes it (nil: none, give `default`).
    public init(
        _ key: String, kind: OptionKind = .custom, form: String, default defaultText: String? = nil,
        current: @escaping (Options) -> JSONValue? = { _ in nil }, summary: String, draw: OptionDraw = .never,
        read: @escaping Read
    ) {
        self.key = key
        self.kind = kind
        self.form = form
        self.defaultText = defaultText
        self.current = current
        self.summary = summary
        self.draw = draw
        self.read = read
    }

    /// This option, refused (whatever its value) with `message` after its key when it does not apply to this session
    /// (a reasoning knob on a model that does not reason), and then never drawn.
    public func only(where applies: Bool, otherwise message: @autoclosure () -> String) -> OptionRow {
        guard !applies else { return self }
        var refused = self
        let key = key, text = message()
        refused.read = { value, reader, _ throws(ScenarioError) in
            throw ScenarioError("\(reader.path(of: key)): \(text)", at: value.location)
        }
        refused.draw = .never
        return refused
    }

    /// This option, drawn right after `key` instead of in its place in the table.
    public func drawn(after key: String) -> OptionRow {
        var moved = self
        moved.drawnAfter = key
        return moved
    }

    /// The documentation row, with the default read off `defaults`.
    func documentation(defaults: Options) -> OptionDocumentation {
        let literal = defaultText == nil ? current(defaults) : nil
        return OptionDocumentation(
            key: key, form: form, defaultValue: defaultText ?? literal.map(Self.display) ?? "none", summary: summary,
            kind: kind, defaultLiteral: literal)
    }

    /// A value as `agentsim providers` prints it: text bare, whole numbers without a fraction.
    static func display(_ value: JSONValue) -> String {
        switch value {
        case let .string(s): return s
        case let .double(d) where abs(d) < 1e15 && Double(Int(d)) == d: return String(Int(d))
        case let .double(d): return d.description
        default: return value.compactString()
        }
    }
}
