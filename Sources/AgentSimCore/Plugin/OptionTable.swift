/// Every `options` knob of a plugin, one ``OptionRow`` each, in the order `agentsim providers` lists them.
///
/// From the one table come the parser (``read(_:path:into:)``: each row's key through `MapReader`, in table order,
/// then unknown keys refused), the documentation rows (``documentation(defaults:)``) and the random draws
/// (``draw(_:)``). A plugin builds its table for the session's model, so that rows that depend on the model (a
/// reasoning knob, a range) say so where they are declared.
public struct OptionTable<Options>: ExpressibleByArrayLiteral {
    public var options: [OptionRow<Options>]

    public init(_ options: [OptionRow<Options>]) { self.options = options }
    public init(arrayLiteral options: OptionRow<Options>...) { self.options = options }

    /// The keys, in table order.
    public var keys: [String] { options.map(\.key) }

    /// Reads the map `value` (at `path`, e.g. `session.options`) into `options`, which holds the defaults: each
    /// row that has its key in the map, in table order; then any key no row names is refused.
    /// - Throws: `ScenarioError` at the offending key or value.
    public func read(_ value: ScenarioValue, path: String, into options: inout Options) throws(ScenarioError) {
        var reader = try MapReader(value, path: path)
        for option in self.options {
            guard let raw = reader.value(option.key) else { continue }
            try option.read(raw, &reader, &options)
        }
        try reader.finish()
    }

    /// The rows `agentsim providers` prints, with each default read off `defaults` (the options before reading).
    public func documentation(defaults: Options) -> [OptionDocumentation] {
        options.map { $0.documentation(defaults: defaults) }
    }

    /// Draws every option into `sampler`, in table order except where a row is drawn after another.
    public func draw(_ sampler: inout OptionSampler) {
        for option in drawOrder { option.draw.run(&sampler, option.key) }
    }

    /// Table order, with each row that names another to be drawn after moved there.
    var drawOrder: [OptionRow<Options>] {
        var order = options.filter { $0.drawnAfter == nil }
        for option in options {
            guard let anchor = option.drawnAfter else { continue }
            let index = order.firstIndex { $0.key == anchor }.map { $0 + 1 } ?? order.endIndex
            order.insert(option, at: index)
        }
        return order
    }
}
