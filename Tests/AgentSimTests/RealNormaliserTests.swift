import AgentSimCore
import AgentSimJSON
import Foundation
import Testing

/// The Pipecat and Letta views against the real packages, run by the bridges in Collectors/ on the very streams the
/// views read (`agentsim views --format json` gives them under `requests`), as `check` does for LiveKit.
@Suite struct RealNormaliserTests {
    static let scenarios = [
        "pipeline-anthropic.yaml", "pipeline-openai-chat.yaml", "pipeline-gemini-flash.yaml",
        "pipeline-openai-responses.yaml",
        "pipeline-openai-chat-reasoning.yaml",
    ]

    /// Every scenario's LLM requests, and the view's own objects for them (`native.<key>` of view `id`).
    static func requestsAndView(_ id: String, key: String) throws -> (requests: [JSONValue], ours: [JSONValue]) {
        var requests: [JSONValue] = [], ours: [JSONValue] = []
        for name in scenarios {
            let views = try TestSupport.agentsim("views", TestSupport.scenario(name), "--format", "json")
            #expect(views.status == 0, "\(name): \(views.stderr)")
            let parsed = try JSONValue.parse(views.stdout)
            let column = parsed["views"]?.arrayValue?.first { $0["id"]?.stringValue == id }
            let objects = column?["native"]?[key]?.arrayValue ?? []
            let mine = parsed["requests"]?.arrayValue ?? []
            #expect(objects.count == mine.count, "\(name): one \(id) object per request")
            requests += mine
            ours += objects
        }
        return (requests, ours)
    }

    static func pick(_ object: JSONValue?, _ keys: [String]) -> String {
        JSONValue.object(keys.map { ($0, object?[$0] ?? .null) }).compactString()
    }

    @Test func lettaViewIsLettasOwnCode() throws {
        let python = TestSupport.root.appendingPathComponent(".venvs/letta-0.16.8/bin/python").path
        try #require(FileManager.default.isExecutableFile(atPath: python), "missing \(python): run `make setup`")
        let (requests, ours) = try Self.requestsAndView("letta", key: "steps")
        let input = JSONValue.object([("requests", .array(requests))]).compactString()
        let bridge = TestSupport.root.appendingPathComponent("Collectors/letta/bridge.py").path
        let real = try TestSupport.run(python, [bridge], input: Data(input.utf8))
        #expect(real.status == 0, "\(real.stderr)")
        let theirs = try JSONValue.parse(real.stdout)
        #expect(theirs["letta_version"]?.stringValue == "0.16.8")
        let steps = theirs["requests"]?.arrayValue ?? []
        #expect(steps.count == ours.count)
        let keys = [
            "message_type", "completion_tokens", "prompt_tokens", "total_tokens", "step_count", "cached_input_tokens",
            "cache_write_tokens", "reasoning_tokens",
        ]
        for (i, (mine, real)) in zip(ours, steps).enumerated() {
            #expect(
                Self.pick(mine, keys) == Self.pick(real, keys),
                "request \(i) (\(requests[i]["provider"]?.stringValue ?? ""))")
        }
    }
}
