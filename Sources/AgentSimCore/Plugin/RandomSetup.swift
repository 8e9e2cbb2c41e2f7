/// A model and `session.options` drawn at random for `agentsim check --random`.
public struct RandomSetup: Sendable {
    public var model: String
    /// A JSON object of knobs, written into the generated scenario's `session.options`.
    public var options: JSONValue

    public init(model: String, options: JSONValue) {
        self.model = model
        self.options = options
    }
}
