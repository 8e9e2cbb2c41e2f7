/// The typed rows: each reads its key through `MapReader` (so every message is the scenario loader's), stores the value
/// through a key path, and prints its form and default.
///
/// `note` is added to the printed form in parentheses ("seconds", "flux only"); `form` replaces the printed form;
/// `default` replaces the printed default; `check` refuses a value of the right type that the session cannot take
/// (its message follows the key), given the options read so far.
extension OptionRow {
    public static func bool(
        _ key: String, _ field: WritableKeyPath<Options, Bool>, note: String? = nil, default defaultText: String? = nil,
        summary: String, draw: OptionDraw = .never, check: ((Bool, Options) -> String?)? = nil
    ) -> OptionRow {
        OptionRow(
            key, kind: .bool, form: noted("true | false", note), default: defaultText,
            current: { .bool($0[keyPath: field]) },
            summary: summary, draw: draw
        ) { value, reader, options throws(ScenarioError) in
            guard let b = try reader.bool(key) else { return }
            try refuse(check?(b, options), key, value, reader)
            options[keyPath: field] = b
        }
    }

    public static func int(
        _ key: String, _ field: WritableKeyPath<Options, Int>, in range: ClosedRange<Int>, shown: RangeShown = .fromTo,
        note: String? = nil, form: String? = nil, default defaultText: String? = nil, summary: String,
        draw: OptionDraw = .never, check: ((Int, Options) -> String?)? = nil
    ) -> OptionRow {
        int(
            key, field.appending(path: \Int.optional), in: range, shown: shown, note: note, form: form,
            default: defaultText, summary: summary, draw: draw, check: check)
    }

    /// A whole number that may be left unset (nil): give `default` ("not set").
    public static func int(
        _ key: String, _ field: WritableKeyPath<Options, Int?>, in range: ClosedRange<Int>, shown: RangeShown = .fromTo,
        note: String? = nil, form: String? = nil, default defaultText: String? = nil, summary: String,
        draw: OptionDraw = .never, check: ((Int, Options) -> String?)? = nil
    ) -> OptionRow {
        let printed =
            shown == .atLeast
            ? "whole number ≥ \(range.lowerBound)"
            : "whole number from \(range.lowerBound) to \(range.upperBound)"
        return OptionRow(
            key, kind: .int(range), form: form ?? noted(printed, note), default: defaultText,
            current: { $0[keyPath: field].map(JSONValue.int) }, summary: summary, draw: draw
        ) { value, reader, options throws(ScenarioError) in
            guard let n = try reader.int(key, in: range) else { return }
            try refuse(check?(n, options), key, value, reader)
            options[keyPath: field] = n
        }
    }

    public static func number(
        _ key: String, _ field: WritableKeyPath<Options, Double>, in range: ClosedRange<Double>,
        shown: RangeShown = .fromTo, note: String? = nil, form: String? = nil, default defaultText: String? = nil,
        summary: String, draw: OptionDraw = .never, check: ((Double, Options) -> String?)? = nil
    ) -> OptionRow {
        number(
            key, field.appending(path: \Double.optional), in: range, shown: shown, note: note, form: form,
            default: defaultText, summary: summary, draw: draw, check: check)
    }

    /// A number that may be left unset (nil): give `default` ("the model's").
    public static func number(
        _ key: String, _ field: WritableKeyPath<Options, Double?>, in range: ClosedRange<Double>,
        shown: RangeShown = .fromTo, note: String? = nil, form: String? = nil, default defaultText: String? = nil,
        summary: String, draw: OptionDraw = .never, check: ((Double, Options) -> String?)? = nil
    ) -> OptionRow {
        let lower = display(.double(range.lowerBound)), upper = display(.double(range.upperBound))
        let printed = shown == .atLeast ? "number ≥ \(lower)" : "number from \(lower) to \(upper)"
        return OptionRow(
            key, kind: .number(range), form: form ?? noted(printed, note), default: defaultText,
            current: { $0[keyPath: field].map(JSONValue.double) }, summary: summary, draw: draw
        ) { value, reader, options throws(ScenarioError) in
            guard let d = try reader.double(key, in: range) else { return }
            try refuse(check?(d, options), key, value, reader)
            options[keyPath: field] = d
        }
    }

    /// One of `names`, each standing for a value of the field (`auto` → true, `none` → nil).
    public static func choice<Value: Equatable>(
        _ key: String, _ field: WritableKeyPath<Options, Value>, _ names: [(name: String, value: Value)],
        note: String? = nil, form: String? = nil, default defaultText: String? = nil, summary: String,
        draw: OptionDraw = .never, check: ((Value, Options) -> String?)? = nil
    ) -> OptionRow {
        OptionRow(
            key, kind: .choice(names.map(\.name)),
            form: form ?? noted(names.map(\.name).joined(separator: " | "), note),
            default: defaultText,
            current: { options in names.first { $0.value == options[keyPath: field] }.map { .string($0.name) } },
            summary: summary, draw: draw
        ) { value, reader, options throws(ScenarioError) in
            guard let name = try reader.choice(key, among: names.map(\.name)) else { return }
            let chosen = names.first { $0.name == name }!.value
            try refuse(check?(chosen, options), key, value, reader)
            options[keyPath: field] = chosen
        }
    }

    /// One of an enum's cases, by raw value.
    public static func choice<Value: RawRepresentable & CaseIterable & Equatable>(
        _ key: String, _ field: WritableKeyPath<Options, Value>, note: String? = nil, form: String? = nil,
        default defaultText: String? = nil, summary: String, draw: OptionDraw = .never,
        check: ((Value, Options) -> String?)? = nil
    ) -> OptionRow where Value.RawValue == String {
        choice(
            key, field, Value.allCases.map { ($0.rawValue, $0) }, note: note, form: form, default: defaultText,
            summary: summary, draw: draw, check: check)
    }

    /// One of `names`, kept as text.
    public static func choice(
        _ key: String, _ field: WritableKeyPath<Options, String>, among names: [String], note: String? = nil,
        form: String? = nil, default defaultText: String? = nil, summary: String, draw: OptionDraw = .never,
        check: ((String, Options) -> String?)? = nil
    ) -> OptionRow {
        choice(
            key, field, names.map { ($0, $0) }, note: note, form: form, default: defaultText, summary: summary,
            draw: draw, check: check)
    }

    /// Text; `nonEmpty` names what an empty string should have been ("a host name"), for its message.
    public static func string(
        _ key: String, _ field: WritableKeyPath<Options, String>, nonEmpty: String? = nil, form: String? = nil,
        default defaultText: String? = nil, summary: String, draw: OptionDraw = .never
    ) -> OptionRow {
        OptionRow(
            key, kind: .string, form: form ?? nonEmpty ?? "string", default: defaultText,
            current: { .string($0[keyPath: field]) }, summary: summary, draw: draw
        ) { value, reader, options throws(ScenarioError) in
            guard let s = try reader.string(key) else { return }
            if let nonEmpty, s.isEmpty {
                try refuse("expected \(nonEmpty), got an empty string", key, value, reader)
            }
            options[keyPath: field] = s
        }
    }

    private static func noted(_ form: String, _ note: String?) -> String {
        note.map { "\(form) (\($0))" } ?? form
    }

    /// Throws `message` (when there is one) after the key, at the value.
    private static func refuse(
        _ message: String?, _ key: String, _ value: ScenarioValue, _ reader: MapReader
    ) throws(ScenarioError) {
        if let message { throw ScenarioError("\(reader.path(of: key)): \(message)", at: value.location) }
    }
}

extension Int {
    /// This value as an optional, so a key path to an `Int` can be used where one to an `Int?` is.
    fileprivate var optional: Int? {
        get { self }
        set { if let newValue { self = newValue } }
    }
}

extension Double {
    fileprivate var optional: Double? {
        get { self }
        set { if let newValue { self = newValue } }
    }
}
