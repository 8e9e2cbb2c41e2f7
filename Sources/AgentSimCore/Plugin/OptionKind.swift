/// What one option accepts, as the parser checks it: the typed form of ``OptionDocumentation/form``, so a test can
/// write a value just outside the range and know the message to expect.
public enum OptionKind: Sendable, Equatable {
    /// `true` or `false`.
    case bool
    /// A whole number within the range.
    case int(ClosedRange<Int>)
    /// A finite number within the range.
    case number(ClosedRange<Double>)
    /// One of these names.
    case choice([String])
    /// Any scalar, read as text.
    case string
    /// A form the plugin reads itself (a selector, a map, a model-dependent range); see the option's `form`.
    case custom
}
