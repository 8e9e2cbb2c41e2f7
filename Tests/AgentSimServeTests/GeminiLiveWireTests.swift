import AgentSimAudio
import AgentSimCore
import AgentSimJSON
import AgentSimServe
import Foundation
import Testing

/// Gemini Live's `BidiGenerateContent` as served, driven message by message without a socket.
struct GeminiLiveWireTests {
    static func script(_ name: String) throws -> ServeScript {
        let path = ServeTestSupport.root.appendingPathComponent("Scenarios/\(name).yaml").path
        return try ServeScript(try ScenarioLoader.load(path: path), clips: ClipCache())
    }

    static func setup(_ model: String, manual: Bool = true) -> String {
        var fields: [(String, JSONValue)] = [
            ("model", .string("models/\(model)")),
            (
                "systemInstruction",
                .object([
                    ("parts", .array([.object([("text", "You are an order-status assistant. Use lookup_order.")])]))
                ])
            ),
            ("inputAudioTranscription", .object([])), ("outputAudioTranscription", .object([])),
        ]
        if manual {
            fields.append(
                (
                    "realtimeInputConfig",
                    .object([("automaticActivityDetection", .object([("disabled", true)]))])
                ))
        }
        return JSONValue.object([("setup", .object(fields))]).compactString()
    }

    static func audio(samples: Int, level: Int16 = 8000) -> String {
        var pcm = [Int16](repeating: 0, count: samples)
        for i in pcm.indices { pcm[i] = i % 2 == 0 ? level : -level }
        var bytes = Data()
        for s in pcm {
            let v = UInt16(bitPattern: s)
            bytes.append(UInt8(v & 0xFF))
            bytes.append(UInt8(v >> 8))
        }
        return JSONValue.object([
            (
                "realtimeInput",
                .object([
                    (
                        "audio",
                        .object([("data", .string(bytes.base64EncodedString())), ("mimeType", "audio/pcm;rate=16000")])
                    )
                ])
            )
        ]).compactString()
    }

    static func input(_ key: String) -> String {
        JSONValue.object([("realtimeInput", .object([(key, .object([]))]))]).compactString()
    }

    /// The usageMetadata messages of a reply, in order.
    static func usages(_ messages: [JSONValue]) -> [JSONValue] { messages.compactMap { $0["usageMetadata"] } }

    /// `setup` is answered by exactly one `{"setupComplete": {}}`; a second `setup` closes with 1007.
    @Test func setupIsAnsweredOnceAndOnlyOnce() throws {
        var wire = GeminiLiveWire(script: try Self.script("gemini-tool-call"), seed: 1, startTime: 0)
        let first = wire.receive(Self.setup("gemini-2.0-flash-live-001"), at: 0)
        #expect(first.messages.map { $0.compactString() } == [#"{"setupComplete":{}}"#])
        #expect(first.close == nil)
        let second = wire.receive(Self.setup("gemini-2.0-flash-live-001"), at: 0.1)
        #expect(second.messages.isEmpty)
        #expect(second.close?.code == 1007)
    }

    /// Before `setup`, and for a model the scenario does not play, the socket is closed with Google's codes.
    @Test func malformedOrForeignSetupCloses() throws {
        var wire = GeminiLiveWire(script: try Self.script("gemini-tool-call"), seed: 1, startTime: 0)
        #expect(wire.receive(Self.audio(samples: 160), at: 0).close?.code == 1007)
        #expect(wire.receive("{\"setup\": ", at: 0).close?.code == 1007)
        #expect(wire.receive(#"{"setup": {}}"#, at: 0).close?.code == 1007)
        #expect(wire.receive(Self.setup("gemini-1.0-pro"), at: 0).close?.code == 1008)
        #expect(!wire.isSetUp)
    }

    /// Audio at 24 kHz is refused with 1007 naming the rate served.
    @Test func audioAtTheWrongRateCloses() throws {
        var wire = GeminiLiveWire(script: try Self.script("gemini-tool-call"), seed: 1, startTime: 0)
        _ = wire.receive(Self.setup("gemini-2.0-flash-live-001"), at: 0)
        let message = Self.audio(samples: 160).replacingOccurrences(of: "rate=16000", with: "rate=24000")
        let reply = wire.receive(message, at: 0.1)
        #expect(reply.close?.code == 1007)
        #expect(reply.close?.reason.contains("rate=16000") == true)
    }

    /// gemini-tool-call served turn by turn (manual activity): the figures its header derives by hand.
    /// resp 0 (the tool call): prompt 508 overhead + 40 instructions + 10 user = 558, all TEXT (AUDIO = index 0),
    /// response 9 (arguments_tokens), total 567, on the toolCall message (usage_on_tool_call).
    /// resp 1 (after the 15-token result): prompt 558 + 9 + 15 = 582 (AUDIO 1, TEXT 581), response 12,
    /// toolUsePrompt 30, total 624. resp 2 (after "Thank you.", 3 tokens): 582 + 12 + 3 = 597 (AUDIO 2), response 4.
    @Test func toolCallScenarioBillsAsScripted() throws {
        var wire = GeminiLiveWire(script: try Self.script("gemini-tool-call"), seed: 1, startTime: 0)
        _ = wire.receive(Self.setup("gemini-2.0-flash-live-001"), at: 0)
        _ = wire.receive(Self.input("activityStart"), at: 0.1)
        _ = wire.receive(Self.audio(samples: 16_000), at: 0.2)
        let turn = wire.receive(Self.input("activityEnd"), at: 1.2)
        #expect(turn.messages.first?["serverContent"]?["inputTranscription"]?["text"] == "Where is my order 4 4 1 7?")
        let call = turn.messages.first { $0["toolCall"] != nil }
        let id = call?["toolCall"]?["functionCalls"]?.arrayValue?.first?["id"]?.stringValue ?? ""
        #expect(call?["toolCall"]?["functionCalls"]?.arrayValue?.first?["name"] == "lookup_order")
        #expect(call?["usageMetadata"]?["promptTokenCount"] == 558)
        #expect(call?["usageMetadata"]?["responseTokenCount"] == 9)
        #expect(call?["usageMetadata"]?["totalTokenCount"] == 567)
        // LiveKit's placeholder turn after activityEnd belongs to the turn already answered.
        let placeholder = JSONValue.object([
            (
                "clientContent",
                .object([
                    ("turns", .array([.object([("role", "user"), ("parts", .array([.object([("text", ".")])]))])])),
                    ("turnComplete", true),
                ])
            )
        ])
        #expect(wire.receive(placeholder.compactString(), at: 1.3).messages.isEmpty)

        let result = #"{"status": "shipped", "carrier": "UPS", "eta": "Friday"}"#
        let response = JSONValue.object([
            (
                "toolResponse",
                .object([
                    (
                        "functionResponses",
                        .array([
                            .object([
                                ("id", .string(id)), ("name", "lookup_order"),
                                ("response", .object([("output", .string(result))])),
                            ])
                        ])
                    )
                ])
            )
        ])
        let reply = wire.receive(response.compactString(), at: 1.5)
        let audio = reply.messages.compactMap {
            $0["serverContent"]?["modelTurn"]?["parts"]?.arrayValue?.first?["inlineData"]
        }
        #expect(audio.first?["mimeType"] == "audio/pcm;rate=24000")
        // The reply's audio is the scripted length: the sum of the parts' samples at 24 kHz.
        let samples = audio.reduce(0) { $0 + (Data(base64Encoded: $1["data"]?.stringValue ?? "")?.count ?? 0) / 2 }
        let speech = wire.script.agentTurns[1]
        if case let .speech(s) = speech { #expect(samples == Int((s.seconds * 24_000).rounded())) }
        #expect(reply.messages.contains { $0["serverContent"]?["generationComplete"] == true })
        let usage = Self.usages(reply.messages)
        #expect(usage.count == 1)
        #expect(usage.first?["promptTokenCount"] == 582)
        #expect(usage.first?["toolUsePromptTokenCount"] == 30)
        #expect(usage.first?["totalTokenCount"] == 624)
        #expect(
            usage.first?["promptTokensDetails"] == [
                .object([("modality", "TEXT"), ("tokenCount", 581)]),
                .object([("modality", "AUDIO"), ("tokenCount", 1)]),
            ])

        _ = wire.receive(Self.input("activityStart"), at: 2)
        _ = wire.receive(Self.audio(samples: 8_000), at: 2.1)
        let last = Self.usages(wire.receive(Self.input("activityEnd"), at: 2.6).messages)
        #expect(last.first?["promptTokenCount"] == 597)
        #expect(last.first?["responseTokenCount"] == 4)
        wire.end(at: 3)
        #expect(wire.totals.json["usage_summary"]?["llm_prompt_tokens"]?.intValue == 558 + 582 + 597)
    }

    /// Automatic activity detection: speech followed by 800 ms of silence ends the turn and is answered; every
    /// received sample is billed. gemini-native-audio's first turn on gemini-2.5-flash-native-audio-preview-12-2025
    /// bills user audio at 25 tokens/s: 1.0 s of speech + 0.8 s of silence = 45 AUDIO tokens in the prompt.
    @Test func automaticDetectionEndsTheTurnAfterSilence() throws {
        let script = try Self.script("gemini-native-audio")
        var wire = GeminiLiveWire(script: script, seed: 1, startTime: 0)
        let setup = Self.setup(script.model, manual: false)
        _ = wire.receive(setup, at: 0)
        #expect(wire.receive(Self.audio(samples: 16_000), at: 0.1).messages.isEmpty)
        let reply = wire.receive(Self.audio(samples: 12_800, level: 0), at: 1.0)
        let usage = Self.usages(reply.messages)
        #expect(usage.count == 1)
        let audio = usage.first?["promptTokensDetails"]?.arrayValue?.first { $0["modality"] == "AUDIO" }
        #expect(audio?["tokenCount"] == 45)
    }
}
