import AgentSimAudio
import AgentSimCore
import AgentSimJSON
import AgentSimServe
import Foundation
import Testing

/// Every Gemini Live and GPT-Live payload agentsim sends validates as the type of the SDK LiveKit's real plugins
/// resolve (livekit-agents 1.8.9's venv: google-genai 3.6.1 for livekit-plugins-google, openai 3.54 for GPT-Live),
/// strictly (`model_validate`: every required field, every type; google-genai forbids unknown fields), by
/// Collectors/serve/sdk_types.py.
@Suite(.serialized) struct SDKTypeTests {
    static let python = ServeTestSupport.root.appendingPathComponent(".venvs/livekit-1.8.9/bin/python").path
    static let validator = ServeTestSupport.root.appendingPathComponent("Collectors/serve/sdk_types.py").path

    /// A fresh directory for one test's files.
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("agentsim-sdk-types-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `agentsim run FILE --format json` for each scenario, into `directory`; returns the report files and the number
    /// of provider payloads they hold.
    static func runReports(_ names: [String], into directory: URL) throws -> (files: [String], payloads: Int) {
        var files: [String] = []
        var payloads = 0
        for name in names {
            let result = try ServeTestSupport.agentsim("run", "Scenarios/\(name)", "--format", "json")
            #expect(result.status == 0, "\(name): \(result.stderr)")
            let json = try JSONValue.parse(result.stdout)
            payloads += json["provider_payloads"]?.arrayValue?.count ?? 0
            let file = directory.appendingPathComponent(name + ".json").path
            try result.stdout.write(toFile: file, atomically: true, encoding: .utf8)
            files.append(file)
        }
        return (files, payloads)
    }

    /// Runs the validator; returns its exit status and its last line (the summary).
    static func validate(api: String, _ files: [String]) throws -> (status: Int32, summary: JSONValue, out: String) {
        let result = try ServeTestSupport.run(python, [validator, "--api", api] + files)
        let last = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        return (result.status, (try? JSONValue.parse(last)) ?? .null, result.stdout + result.stderr)
    }

    static func shipped(_ include: (String) -> Bool) throws -> [String] {
        let directory = ServeTestSupport.root.appendingPathComponent("Scenarios")
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter(include).sorted()
    }

    /// Every usage payload of the 17 Gemini API scenarios (and gemini-vertex.yaml's, read by the Vertex converter) is
    /// a valid `LiveServerMessage`, with nothing google-genai would drop.
    @Test func geminiLivePayloadsValidateAsGoogleGenAITypes() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let names = try Self.shipped {
            ($0.hasPrefix("gemini-") || $0 == "livekit-thread-gemini.yaml") && $0 != "gemini-vertex.yaml"
        }
        #expect(names.count == 17)
        let reports = try Self.runReports(names, into: directory)
        #expect(reports.payloads > 17)
        let gemini = try Self.validate(api: "gemini", reports.files)
        #expect(gemini.status == 0, "\(gemini.out)")
        #expect(gemini.summary["validated"]?.intValue == reports.payloads)
        #expect(gemini.summary["invalid"] == 0)
        #expect(gemini.summary["sdk"] == "google-genai 3.6.1")

        // gemini-vertex.yaml: two replies, so two usage messages (candidatesTokenCount, Vertex's name).
        let vertex = try Self.runReports(["gemini-vertex.yaml"], into: directory)
        #expect(vertex.payloads == 2)
        let checked = try Self.validate(api: "vertex", vertex.files)
        #expect(checked.status == 0, "\(checked.out)")
        #expect(checked.summary["validated"] == 2)
    }

    /// Every GPT-Live event validates as openai 3.54's `live.ServerEvent`, and each `response.event`'s wrapped
    /// `response.completed` as a Responses `ResponseCompletedEvent` (its Response needs `created_at`,
    /// `parallel_tool_calls`, `tool_choice`, `tools`; the event a `sequence_number`). Per scenario (the files' own
    /// timelines): session.started, two backend runs (the call, the continuation), two session.usage.updated
    /// (gpt-live: after each spoken reply; gpt-live-interval: at 2.5 and 5.0 s), session.closed = 6; 12 in all.
    @Test func gptLivePayloadsValidateAsOpenAITypes() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let reports = try Self.runReports(["gpt-live.yaml", "gpt-live-interval.yaml"], into: directory)
        #expect(reports.payloads == 12)
        let result = try Self.validate(api: "gpt-live", reports.files)
        #expect(result.status == 0, "\(result.out)")
        #expect(result.summary["validated"] == 12)
        #expect(result.summary["invalid"] == 0)
        #expect(result.summary["sdk"] == "openai 3.54.0")
    }

    /// The messages the Gemini Live wire builds itself (setupComplete, inputTranscription, the reply's audio parts and
    /// outputTranscription, generationComplete, toolCall, turnComplete with usage) validate too: gemini-tool-call.yaml
    /// served message by message, every message the client receives collected.
    @Test func servedGeminiMessagesValidate() throws {
        let path = ServeTestSupport.root.appendingPathComponent("Scenarios/gemini-tool-call.yaml").path
        var wire = GeminiLiveWire(
            script: try ServeScript(try ScenarioLoader.load(path: path), clips: ClipCache()), seed: 1, startTime: 0)
        var messages: [JSONValue] = []
        messages += wire.receive(GeminiLiveWireTests.setup("gemini-2.0-flash-live-001"), at: 0).messages
        messages += wire.receive(GeminiLiveWireTests.input("activityStart"), at: 0.1).messages
        messages += wire.receive(GeminiLiveWireTests.audio(samples: 16_000), at: 0.2).messages
        let turn = wire.receive(GeminiLiveWireTests.input("activityEnd"), at: 1.2).messages
        messages += turn
        let id =
            turn.first { $0["toolCall"] != nil }?["toolCall"]?["functionCalls"]?.arrayValue?.first?["id"]?.stringValue
            ?? ""
        let response = JSONValue.object([
            (
                "toolResponse",
                .object([
                    (
                        "functionResponses",
                        .array([
                            .object([
                                ("id", .string(id)), ("name", "lookup_order"),
                                ("response", .object([("output", #"{"status": "shipped"}"#)])),
                            ])
                        ])
                    )
                ])
            )
        ])
        messages += wire.receive(response.compactString(), at: 1.5).messages
        // setupComplete, the transcription, the call, then the reply's audio, transcription, generationComplete and
        // turnComplete: at least one of each kind.
        #expect(messages.contains { $0["setupComplete"] != nil })
        #expect(messages.contains { $0["toolCall"] != nil })
        #expect(messages.contains { $0["serverContent"]?["modelTurn"] != nil })
        #expect(messages.contains { $0["serverContent"]?["outputTranscription"] != nil })
        #expect(messages.contains { $0["serverContent"]?["turnComplete"] == true })
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("served.json").path
        try JSONValue.array(messages).compactString().write(toFile: file, atomically: true, encoding: .utf8)
        let result = try Self.validate(api: "gemini", [file])
        #expect(result.status == 0, "\(result.out)")
        #expect(result.summary["validated"]?.intValue == messages.count)
    }

    /// Every event the GPT-Live wire sends validates too: gpt-live.yaml served in-process (session.started, input and
    /// output transcripts, output audio, the delegation and the backend's stream, the acknowledgements, usage
    /// updates, session.closed) and the error events of its refusals.
    @Test func servedGPTLiveEventsValidate() throws {
        var wire = try GPTLiveWireTests.wire("gpt-live")
        var events: [JSONValue] = []
        events += wire.receive(#"{"type": "session.dance"}"#).events  // before session.start: an error
        events += wire.receive(GPTLiveWireTests.start()).events
        events += GPTLiveWireTests.stream(&wire, seconds: 2.4)
        let call = events.compactMap { $0["event"]?["item"] }.first { $0["type"] == "function_call" }
        let output = JSONValue.object([
            ("type", "response.item.create"),
            (
                "item",
                .object([
                    ("type", "function_call_output"), ("call_id", call?["call_id"] ?? nil),
                    ("output", #"{"status": "shipped"}"#),
                ])
            ),
        ])
        events += wire.receive(output.compactString()).events
        events += GPTLiveWireTests.stream(&wire, seconds: 5.6)
        for event in [
            #"{"type": "session.input_audio.mute"}"#, #"{"type": "session.input_audio.unmute"}"#,
            #"{"type": "session.thinking.append", "content": "x", "delegation_id": null}"#,
            #"{"type": "session.update", "session": {}}"#, #"{"type": "session.dance"}"#,
        ] {
            events += wire.receive(event).events
        }
        events += wire.receive(#"{"type": "session.close"}"#).events
        let types = Set(events.compactMap { $0["type"]?.stringValue })
        #expect(types.isSuperset(of: ["session.started", "session.delegation.created", "response.event", "error"]))
        #expect(types.isSuperset(of: ["session.output_audio.delta", "session.usage.updated", "session.closed"]))
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("served.json").path
        try JSONValue.array(events).compactString().write(toFile: file, atomically: true, encoding: .utf8)
        let result = try Self.validate(api: "gpt-live", [file])
        #expect(result.status == 0, "\(result.out)")
        #expect(result.summary["validated"]?.intValue == events.count)
    }

    /// The validator fails what the SDK refuses: a GPT-Live `response.completed` without the Response fields openai
    /// requires, and a Gemini usage message with a field google-genai does not know.
    @Test func validatorRejectsWhatTheSDKsRefuse() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gptLive = directory.appendingPathComponent("gpt-live.json").path
        try #"""
        [{"type": "response.event", "event_id": "event_1", "delegation_id": "deleg_1",
          "event": {"type": "response.completed", "sequence_number": 2,
                    "response": {"id": "resp_1", "object": "response", "status": "completed", "model": "gpt-5.6-luna",
                                 "output": []}}}]
        """#.write(toFile: gptLive, atomically: true, encoding: .utf8)
        let refused = try Self.validate(api: "gpt-live", [gptLive])
        #expect(refused.status == 1)
        #expect(refused.summary["invalid"] == 1)
        for field in ["created_at", "parallel_tool_calls", "tool_choice", "tools"] {
            #expect(refused.out.contains("response.\(field) Field required"), "\(refused.out)")
        }
        let gemini = directory.appendingPathComponent("gemini.json").path
        try #"[{"usageMetadata": {"promptTokenCount": 1, "candidatesTokenCount": 2}}]"#
            .write(toFile: gemini, atomically: true, encoding: .utf8)
        // candidatesTokenCount is Vertex's name: the Gemini API's LiveServerMessage does not have it.
        #expect(try Self.validate(api: "gemini", [gemini]).status == 1)
        #expect(try Self.validate(api: "vertex", [gemini]).status == 0)
    }
}
