import AgentSimAudio
import AgentSimCore
import AgentSimJSON
import AgentSimServe
import Foundation
import Testing

/// GPT-Live's `/v1/live/sessions` as served, driven event by event without a socket.
struct GPTLiveWireTests {
    static func wire(_ name: String) throws -> GPTLiveWire {
        let path = ServeTestSupport.root.appendingPathComponent("Scenarios/\(name).yaml").path
        return try GPTLiveWire(
            script: try ServeScript(try ScenarioLoader.load(path: path), clips: ClipCache()), seed: 1, startTime: 0)
    }

    static func start(model: String = "gpt-live-1", rate: Int = 24_000) -> String {
        JSONValue.object([
            ("type", "session.start"), ("event_id", "session_start_1"),
            (
                "session",
                .object([
                    ("model", .string(model)), ("instructions", "You are a support agent for an online shop."),
                    (
                        "audio",
                        .object([("format", .object([("type", "audio/pcm"), ("rate", .int(rate))]))])
                    ),
                ])
            ),
        ]).compactString()
    }

    /// 100 ms of microphone audio (LiveKit's chunk), digital silence.
    static let chunk = JSONValue.object([
        ("type", "session.input_audio.append"),
        ("audio", .string(Data(count: 4_800).base64EncodedString())),
    ]).compactString()

    /// Streams `seconds` of audio in 100 ms chunks; returns every event the wire sent.
    static func stream(_ wire: inout GPTLiveWire, seconds: Double) -> [JSONValue] {
        var events: [JSONValue] = []
        for _ in 0..<Int((seconds * 10).rounded()) { events += wire.receive(chunk).events }
        return events
    }

    static func of(_ type: String, _ events: [JSONValue]) -> [JSONValue] {
        events.filter { $0["type"]?.stringValue == type }
    }

    /// gpt-live.yaml served as its header lays it out: user 0–2.0 s, the tool call at 2.4 s (the backend's run 1:
    /// input 5, output "lookup_order" 3 + '{"id": 4417}' 3 = 6), the reply 3.0–4.6 s, the user 4.6–5.6 s, the reply
    /// 6.2–7.2 s. Snapshots after each spoken reply (4.6, 7.2) and session.closed at the client's close, 7.2 at
    /// most: LiveKit's deltas 4.6 + 2.6 + 0 = 7.2 s. The continuation (run 2): input 5 + 6 + 6 = 17, output 6.
    @Test func gptLiveScenarioIsServedOnTheAudioClock() throws {
        var wire = try Self.wire("gpt-live")
        let started = wire.receive(Self.start()).events
        #expect(started.count == 1)
        #expect(started.first?["type"] == "session.started")
        #expect(started.first?["session"]?["status"] == "active")

        var events = Self.stream(&wire, seconds: 2.0)
        let heard = Self.of("session.input_transcript.delta", events)
        #expect(heard.first?["delta"] == "Where is my order?")
        #expect(heard.first?["start_ms"] == 0)
        #expect(heard.first?["end_ms"] == 2000)
        #expect(Self.of("response.event", events).isEmpty)

        events = Self.stream(&wire, seconds: 0.4)
        #expect(Self.of("session.delegation.created", events).count == 1)
        let backend = Self.of("response.event", events).compactMap { $0["event"] }
        #expect(
            backend.map { $0["type"]?.stringValue ?? "" } == [
                "response.created", "response.output_item.done", "response.completed",
            ])
        let call = backend[1]["item"]
        #expect(call?["name"] == "lookup_order")
        #expect(call?["arguments"] == #"{"id": 4417}"#)
        #expect(backend[2]["response"]?["usage"]?["input_tokens"] == 5)
        #expect(backend[2]["response"]?["usage"]?["output_tokens"] == 6)

        // The timeline waits for the tool's output: 1 s more audio brings no reply while it is missing.
        let waiting = Self.stream(&wire, seconds: 1.0)
        #expect(Self.of("session.output_transcript.delta", waiting).isEmpty)
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
        events = wire.receive(output.compactString()).events
        // Answered at 3.4 s on the clock: the reply scripted at 3.0 s starts now (its bill stays the scripted one).
        #expect(Self.of("session.output_transcript.delta", events).first?["start_ms"] == 3400)
        #expect(Self.of("session.output_transcript.delta", events).first?["delta"] == "It shipped yesterday.")
        events = Self.stream(&wire, seconds: 1.2)  // to 4.6 s
        let firstUpdate = Self.of("session.usage.updated", events)
        #expect(firstUpdate.first?["usage"]?["seconds"] == 4.6)
        let continuation = Self.of("response.event", events).compactMap { $0["event"] }
        #expect(continuation.last?["response"]?["usage"]?["input_tokens"] == 17)
        #expect(continuation.last?["response"]?["usage"]?["output_tokens"] == 6)

        events = Self.stream(&wire, seconds: 3.4)  // to 8.0 s: the user, the last reply, 0.8 s of hang-up
        #expect(Self.of("session.usage.updated", events).last?["usage"]?["seconds"] == 7.2)
        let close = wire.receive(#"{"type": "session.close"}"#)
        #expect(Self.of("session.closed", close.events).first?["usage"]?["seconds"] == 7.2)
        #expect(close.close?.code == 1000)
        let summary = wire.totals.json["usage_summary"]
        #expect(summary?["llm_prompt_tokens"] == 22)
        #expect(summary?["llm_completion_tokens"] == 12)
    }

    /// Output audio runs on the input clock: as many samples out as in, silence before the first reply at 3.0 s
    /// (the tool's output answered at 2.4 s), speech within it.
    @Test func outputAudioMirrorsTheInputClock() throws {
        var wire = try Self.wire("gpt-live")
        _ = wire.receive(Self.start())
        var audio: [Int16] = []
        func collect(_ events: [JSONValue]) {
            for event in Self.of("session.output_audio.delta", events) {
                audio += PCMBytes.samples(Data(base64Encoded: event["delta"]?.stringValue ?? "") ?? Data())
            }
        }
        var events = Self.stream(&wire, seconds: 2.4)
        collect(events)
        let call = Self.of("response.event", events).compactMap { $0["event"]?["item"] }.first
        let output = JSONValue.object([
            ("type", "response.item.create"),
            (
                "item",
                .object([("type", "function_call_output"), ("call_id", call?["call_id"] ?? nil), ("output", "ok")])
            ),
        ])
        collect(wire.receive(output.compactString()).events)
        events = Self.stream(&wire, seconds: 2.2)  // to 4.6 s
        collect(events)
        #expect(audio.count == 110_400)  // 4.6 s at 24 kHz
        #expect(audio[0..<72_000].allSatisfy { $0 == 0 })
        #expect(audio[72_000..<110_400].contains { $0 != 0 })
    }

    /// What GPT-Live refuses: events before session.start, a second session.start, another model, audio at 16 kHz,
    /// audio that is not PCM16, an unknown event, a binary frame.
    @Test func refusals() throws {
        var wire = try Self.wire("gpt-live")
        #expect(wire.receive(Self.chunk).events.first?["error"]?["code"] == "session_not_started")
        #expect(wire.receive("{\"type\": ").events.first?["error"]?["code"] == "invalid_json")
        var other = try Self.wire("gpt-live")
        let foreign = other.receive(Self.start(model: "gpt-live-2"))
        #expect(foreign.events.first?["error"]?["code"] == "invalid_model")
        #expect(foreign.close?.code == 1008)
        var slow = try Self.wire("gpt-live")
        #expect(slow.receive(Self.start(rate: 16_000)).close?.code == 1008)
        _ = wire.receive(Self.start())
        #expect(wire.receive(Self.start()).events.first?["error"]?["code"] == "session_already_started")
        // "AAAA" is 3 bytes: not whole PCM16 samples.
        let odd = #"{"type": "session.input_audio.append", "audio": "AAAA"}"#
        #expect(wire.receive(odd).events.first?["error"]?["code"] == "invalid_audio")
        #expect(wire.receive(#"{"type": "session.dance"}"#).events.first?["error"]?["code"] == "unknown_event")
        #expect(wire.refuseBinary().events.first?["error"]?["code"] == "invalid_event")
    }
}

/// PCM16 little-endian bytes as samples.
enum PCMBytes {
    static func samples(_ data: Data) -> [Int16] {
        stride(from: 0, to: data.count - 1, by: 2).map {
            Int16(bitPattern: UInt16(data[data.startIndex + $0]) | UInt16(data[data.startIndex + $0 + 1]) << 8)
        }
    }
}
