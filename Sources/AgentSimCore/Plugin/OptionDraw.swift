/// How a random scenario (`agentsim check --random`, `agentsim load --random`) draws one option: never, one time in
/// three one of a few valid values (the rest of the time it is left at its default), or by a rule of the plugin's own.
///
/// Written as an array literal for the common case: `draw: [8, 10, 12]`.
public struct OptionDraw: ExpressibleByArrayLiteral {
    /// Draws the option named by the key into the sampler, or leaves it out.
    let run: (_ sampler: inout OptionSampler, _ key: String) -> Void

    /// A rule of the plugin's own, given the sampler (which holds the options drawn so far) and the key.
    public init(_ run: @escaping (_ sampler: inout OptionSampler, _ key: String) -> Void) { self.run = run }

    /// One time in three, one of `values`; otherwise left at its default.
    public init(arrayLiteral values: JSONValue...) { self = .oneOf(values) }

    /// One time in three, one of `values`; otherwise left at its default.
    public static func oneOf(_ values: [JSONValue]) -> OptionDraw { OptionDraw { $0.maybe($1, values) } }

    /// Never drawn: the option keeps its default in every random scenario, and the sampler makes no draw for it.
    public static var never: OptionDraw { OptionDraw { _, _ in } }
}
