import AgentSimJSON
import Foundation
import Testing

/// One knob at two values: the explanation must say one thing at the first and another at the second.
struct KnobPair: Sendable, CustomTestStringConvertible {
    var knob: String
    var options: (String, String)
    /// The sentence at each value; nil at the second value means the first sentence's kind must be absent there
    /// (no sentence starting like it).
    var says: (String, String?)
    var model: String?
    var instructionsTokens = 100
    var testDescription: String { "\(knob): \(options.0) / \(options.1)" }

    init(
        _ knob: String, model: String? = nil, instructionsTokens: Int = 100, _ a: String, says sa: String, _ b: String,
        says sb: String?
    ) {
        self.knob = knob
        self.model = model
        self.instructionsTokens = instructionsTokens
        options = (a, b)
        says = (sa, sb)
    }

    /// `compare --format json`'s explanations for `scenario` on `provider`.
    static func explanations(_ scenario: String, provider: String) throws -> [String] {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("knobs.yaml")
        try scenario.write(to: file, atomically: true, encoding: .utf8)
        let result = try TestSupport.agentsim("compare", file.path, "--providers", provider, "--format", "json")
        try #require(result.status == 0, "\(result.stderr)")
        return try #require(
            try JSONValue.parse(result.stdout)["providers"]?.arrayValue?.first?["explanations"]?.arrayValue
        ).compactMap(\.stringValue)
    }

    /// Runs both values; each must say its own sentence and not the other's.
    func check(provider: String, _ scenario: (_ options: String) -> String) throws {
        let first = try Self.explanations(scenario(options.0), provider: provider)
        let second = try Self.explanations(scenario(options.1), provider: provider)
        #expect(first.contains(says.0), "\(first.joined(separator: "\n"))")
        #expect(!second.contains(says.0), "\(second.joined(separator: "\n"))")
        if let other = says.1 {
            #expect(second.contains(other), "\(second.joined(separator: "\n"))")
            #expect(!first.contains(other), "\(first.joined(separator: "\n"))")
        } else {
            let opening = String(says.0.prefix(24))
            #expect(!second.contains { $0.hasPrefix(opening) }, "\(second.joined(separator: "\n"))")
        }
    }
}
