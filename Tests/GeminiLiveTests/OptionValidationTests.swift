import AgentSimCore
import Testing

/// Bad `session.options` give a ScenarioError naming the key, with the file's line and column.
struct OptionValidationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// The `options:` value, written on line 7 of the file at column 12.
        var options: String
        var model: String = "gemini-2.0-flash-live-001"
        /// `line:column: error: message`, exactly.
        var expected: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "unknown key", options: "{input_rate: 32}",
            expected:
                "7:13: error: session.options: unknown key 'input_rate'; expected one of: api, cache_min_tokens, cache_tokens_details, caching, characters_per_token, duplicate_usage, input_audio_tokens_per_second, interaction_status, labelled_fraction, livekit_ttft, media_tokens, output_audio_tokens_per_second, prompt_overhead_tokens, response_audio, response_text, service_tier, speech_text_tokens_per_second, standalone_usage, thoughts_tokens, tool_use_prompt_tokens, usage_before_first_response, usage_missing, usage_on_tool_call, usage_reporting, user_audio_in_prompt"
        ),
        Case(
            name: "negative rate", options: "{input_audio_tokens_per_second: -25}",
            expected:
                "7:44: error: session.options.input_audio_tokens_per_second: expected a number from 0.0 to 10000.0, got -25.0"
        ),
        Case(
            name: "text for a rate", options: "{output_audio_tokens_per_second: fast}",
            expected:
                "7:45: error: session.options.output_audio_tokens_per_second: expected a number from 0.0 to 10000.0, got a string 'fast'"
        ),
        Case(
            name: "fraction above 1", options: "{labelled_fraction: 1.5}",
            expected: "7:32: error: session.options.labelled_fraction: expected a number from 0.0 to 1.0, got 1.5"),
        Case(
            name: "unknown api", options: "{api: vertexai}",
            expected: "7:18: error: session.options.api: expected one of gemini, vertex, got 'vertexai'"),
        Case(
            name: "vertex-only model on the Gemini API", options: "{api: gemini}",
            model: "gemini-live-2.5-flash-native-audio",
            expected:
                "7:18: error: session.options.api: model 'gemini-live-2.5-flash-native-audio' is served by vertex only, got 'gemini'"
        ),
        Case(
            name: "bad selector", options: "{usage_missing: sometimes}",
            expected:
                "7:28: error: session.options.usage_missing: expected all, none, a list of response indices, or {every: N, from: K}, got 'sometimes'"
        ),
        Case(
            name: "negative index", options: "{duplicate_usage: [1, -2]}",
            expected:
                "7:34: error: session.options.duplicate_usage[1]: expected a whole number from 0 to 1000000, got -2"),
        Case(
            name: "every zero", options: "{standalone_usage: {every: 0}}",
            expected:
                "7:39: error: session.options.standalone_usage.every: expected a whole number from 1 to 1000000, got 0"),
        Case(
            name: "typo in a selector map", options: "{standalone_usage: {evry: 2}}",
            expected: "7:32: error: session.options.standalone_usage: unknown key 'evry'; expected one of: every, from"),
        Case(
            name: "selector of the wrong type", options: "{usage_missing: 2}",
            expected:
                "7:28: error: session.options.usage_missing: expected all, none, a list of response indices, or {every: N, from: K}, got an integer"
        ),
        Case(
            name: "fractional overhead", options: "{prompt_overhead_tokens: 300.5}",
            expected:
                "7:37: error: session.options.prompt_overhead_tokens: expected a whole number from 0 to 1000000, got a number"
        ),
        Case(
            name: "unknown media", options: "{media_tokens: {audio: 5}}",
            expected:
                "7:28: error: session.options.media_tokens: unknown key 'audio'; expected one of: document, image, video"
        ),
        Case(
            name: "prompt audio choice", options: "{user_audio_in_prompt: audio}",
            expected:
                "7:35: error: session.options.user_audio_in_prompt: expected one of transcript, audio_tokens, got 'audio'"
        ),
        Case(
            name: "ttft choice", options: "{livekit_ttft: zero}",
            expected: "7:27: error: session.options.livekit_ttft: expected one of minus_one, first_audio, got 'zero'"),
        Case(
            name: "bool as string", options: "{caching: \"yes\"}",
            expected: "7:22: error: session.options.caching: expected true or false, got a string 'yes'"),
        Case(
            name: "options not a map", options: "[caching]",
            expected: "7:12: error: session.options: expected a map, got a list"),
    ]

    static func text(_ c: Case) -> String {
        "version: 1\nsession:\n  provider: gemini-live\n  model: \(c.model)\n  instructions: hi\n  instructions_tokens: 1\n  options: \(c.options)\nturns:\n  - user: hi\n  - agent: hello\n"
    }

    @Test(arguments: cases)
    func badOptionNamesTheKeyWithLineAndColumn(_ c: Case) async throws {
        let file = "bad-options.yaml"
        do {
            // Either the loader (a wrong type for `options`) or the plugin (everything inside it) rejects it.
            _ = try await Gemini.run(try ScenarioLoader.parse(Self.text(c), file: file))
            Issue.record("expected a ScenarioError for \(c.name)")
        } catch let error as ScenarioError {
            #expect(error.description == "\(file):\(c.expected)")
            #expect(error.location.line == 7)
        }
    }

    @Test func unknownModelIsAnError() async throws {
        let scenario = try ScenarioLoader.parse(
            Self.text(Case(name: "", options: "{}", model: "gemini-live-9", expected: "")), file: "m.yaml")
        await #expect(throws: ScenarioError.self) { _ = try await Gemini.run(scenario) }
        do { _ = try await Gemini.run(scenario) } catch let error as ScenarioError {
            #expect(
                error.description.hasPrefix(
                    "m.yaml:4:10: error: session.model: unknown model 'gemini-live-9'; expected one of gemini-2.0-flash-live-001, "
                ))
        }
    }

    @Test func oddButValidInputsNeverCrash() async throws {
        // Empty texts, zero rates, every switch on at once, a tool call with arguments that are not JSON.
        let yaml = Gemini.yaml(
            model: "gemini-3.1-flash-live-preview", instructionsTokens: 0,
            options:
                "{input_audio_tokens_per_second: 0, output_audio_tokens_per_second: 0, prompt_overhead_tokens: 0, labelled_fraction: 0, caching: true, cache_min_tokens: 1, usage_missing: [0], standalone_usage: all, duplicate_usage: {every: 1}, usage_on_tool_call: true, usage_before_first_response: true, thoughts_tokens: 0, tool_use_prompt_tokens: 7, media_tokens: {}, response_text: false, response_audio: false}",
            turns: [
                "user: {silence: 0.2}", "agent: {say: \"\", seconds: 0.4}",
                "agent: {tool_call: {name: x, arguments: 'not json', result: ''}}", "agent: {say: ok, seconds: 0.2}",
            ])
        let report = try await Gemini.report(yaml: yaml)
        #expect(
            report.outputs.allSatisfy {
                $0.metrics.allSatisfy { m in
                    guard case let .realtime(r) = m else { return false }
                    return r.inputTokens >= 0 && r.outputTokens >= 0 && r.totalTokens >= r.inputTokens + r.outputTokens
                }
            })
        let call = report.outputs.compactMap { $0.payload?.json["toolCall"] }.first
        #expect(call?["functionCalls"]?.arrayValue?.first?["args"] == .object([]))
    }
}
