import AgentSimJSON
import Testing

/// What `agentsim views SCENARIO --format json` says Pipecat reports: the Pipecat view's `LLMTokenUsage` per response,
/// to set beside what a real Pipecat service reported when `agentsim serve` served it the same scenario.
enum ViewsPrediction {
    /// The `responses` of `views`' Pipecat column for `scenario` (a path under the repository), one object per
    /// `LLMTokenUsage`.
    static func pipecatUsage(_ scenario: String) throws -> [JSONValue] {
        let result = try ServeTestSupport.agentsim("views", scenario, "--format", "json")
        try #require(result.status == 0, "\(result.stderr)")
        let views = try JSONValue.parse(result.stdout)
        let pipecat = try #require(views["views"]?.arrayValue?.first { $0["id"]?.stringValue == "pipecat" })
        return try #require(pipecat["responses"]?.arrayValue)
    }

    /// Every field either object has, with its value in each (a missing field reads as null), where they differ.
    static func differences(_ reported: JSONValue, _ predicted: JSONValue) -> [String] {
        var keys = reported.keys
        for key in predicted.keys where !keys.contains(key) { keys.append(key) }
        return keys.compactMap { key in
            let a = reported[key] ?? .null, b = predicted[key] ?? .null
            return a == b ? nil : "\(key): Pipecat reported \(a.compactString()), views says \(b.compactString())"
        }
    }
}
