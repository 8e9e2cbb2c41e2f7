import AgentSimAudio
import AgentSimCore
import AgentSimJSON
import AgentSimLoad
import Foundation
import OpenAILive

/// One GPT-Live session on the wire (`/v1/live/sessions`, what livekit-agents 1.8.9's `GPTLiveModel` opens): reads the
/// client's events (`session.start`, `session.input_audio.append`, `response.item.create`, `response.create`,
/// `session.close`, …), feeds the GPT-Live plugin session the scenario's timeline through the realtime-session inputs,
/// and answers with GPT-Live's server events. Every usage figure it sends (`session.usage.updated`, `session.closed`,
/// the backend's `response.completed`) is the plugin's; the wire owns the handshake, the clock, the output audio, the
/// transcripts and the backend's stream around each usage report.
///
/// GPT-Live is full duplex and bills time: the session's clock is the audio the client has sent (PCM16 mono at 24 kHz,
/// a live microphone sends silence too), and the model's output runs on the same clock. The wire plays the scenario's
/// timeline, as `agentsim run` lays it out, on that clock: each event is handed to the plugin once the client's audio
/// reaches its time (the user's utterance at its end, the model's reply audio from its first sample, a tool call after
/// `tool_call_latency`), so a collector's figures are the scripted ones when the client streams its microphone
/// throughout. What the client decides is its own: the tool result it sends back (the timeline waits for it and its
/// text is billed; an answer later than the scripted time delays the reply's audio, not the bill) and when it closes
/// the session (`session.close` ends the bill at the client's clock, or at the
/// scenario's end when the client hangs up later: the conversation is over).
///
/// For every span of input audio the client sends, the wire sends the same span of output audio: the reply's samples
/// where the scenario has the model speaking, digital silence elsewhere (GPT-Live streams continuously; LiveKit's
/// gate finds the speech).
///
/// A value type with no I/O, like ``GeminiLiveWire``: the socket loop hands it each message and writes what it returns.
public struct GPTLiveWire: Sendable {
    /// What one client message produced: server events to send, in order, then (when set) a close.
    public struct Reply: Sendable {
        public var events: [JSONValue] = []
        public var close: Close?
    }

    /// A close frame: the code and its reason.
    public struct Close: Sendable, Equatable {
        public var code: UInt16
        public var reason: String
    }

    /// GPT-Live's websocket audio: PCM16 mono at 24 kHz both ways (`audio.format` `audio/pcm`, rate 24000).
    public static let sampleRate = ServeScript.wireSampleRate
    /// The longest session served (15 minutes of client audio); more closes the socket.
    public static let maxSeconds = 900

    public let script: ServeScript
    /// The scripted session's events, as `agentsim run` hands them to the plugin, in order.
    private let timeline: [SessionEvent]
    private var next = 0
    private var setup: SessionSetup
    private var driver: RealtimeDriver?
    private var ids: SeededGenerator

    /// Set once `session.start` has been answered.
    public private(set) var isStarted = false
    public private(set) var ended = false
    private var sessionID = ""
    /// Samples of client audio received: the session clock.
    private var received = 0
    /// Samples of output audio sent.
    private var sent = 0
    /// The model's replies on the clock: first sample and audio.
    private var replies: [(start: Int, pcm: [Int16])] = []
    /// Tool calls sent to the client, by call id, and the outputs it answered with.
    private var calls: [String: ToolCall] = [:]
    private var outputs: [String: String] = [:]
    /// The call id of each scripted tool call, in order.
    private var callIDs: [String] = []
    private var delegations: Set<String> = []

    /// The oracle: every usage event sent and the totals a correct collector holds.
    public private(set) var payloads: [JSONValue] = []
    public private(set) var totals = Totals()

    /// Starts a session of `script`: `startTime` (seconds since the epoch) stamps the metrics, `seed` and `salt` draw
    /// the ids (the plugin's as `agentsim run` draws them).
    /// - Throws: `ScenarioError` when the scripted session cannot be laid out.
    public init(script: ServeScript, seed: UInt64, startTime: Double, salt: UInt64 = 0) throws(ScenarioError) {
        self.script = script
        var setup = SessionSetup(
            model: script.scenario.session.model, modelLocation: script.scenario.session.modelLocation,
            options: script.scenario.session.options, seed: seed, scenarioName: script.scenario.name,
            startTime: startTime)
        setup.idSalt = salt
        setup.providerLocation = script.scenario.session.providerLocation
        setup.audio = AudioFacts(
            sampleRate: script.scenario.session.audio.sampleRate,
            frameMilliseconds: script.scenario.session.audio.frameMilliseconds)
        self.setup = setup
        ids = SeededGenerator(seed: seed ^ salt, salt: "gpt-live-wire")
        var run = SessionRun(scenario: script.scenario, plugin: OpenAILivePlugin(), clips: ClipCache())
            .makeAsyncIterator()
        var events: [SessionEvent] = []
        while let step = try run.nextStep() { events.append(step.event) }
        timeline = events
    }

    /// The model the session serves.
    public var model: String { script.model }

    /// Seconds on the session clock.
    private var clock: Double { SessionClock.microseconds(Double(received) / Double(Self.sampleRate)) }

    /// Where the scripted session ends.
    private var scriptedEnd: Double { timeline.last?.time ?? 0 }

    // MARK: Client events

    /// Handles one client event.
    public mutating func receive(_ text: String) -> Reply {
        guard !ended else { return Reply() }
        guard let event = try? JSONValue.parse(text), case .object = event, let type = event["type"]?.stringValue
        else {
            return Reply(events: [error("invalid_json", "The event is not a JSON object with a type.", fatal: false)])
        }
        let clientEventID = event["event_id"]?.stringValue
        if !isStarted && type != "session.start" {
            return Reply(
                events: [
                    error(
                        "session_not_started", "The first event must be session.start; got \(type.prefix(64)).",
                        client: clientEventID)
                ])
        }
        switch type {
        case "session.start": return start(event["session"] ?? nil, client: clientEventID)
        case "session.input_audio.append": return append(event["audio"]?.stringValue)
        case "session.update":
            return Reply(events: [object("session.updated", [("session", resource)])])
        case "session.input_audio.mute": return Reply(events: [object("session.input_audio.muted", [])])
        case "session.input_audio.unmute": return Reply(events: [object("session.input_audio.unmuted", [])])
        case "session.instructions.append", "session.thinking.append", "session.commentary.append":
            // Context the model takes in from now on: acknowledged at the clock (the scenario's text is what bills).
            let ms = Int((clock * 1000).rounded())
            let appended = type.replacingOccurrences(of: ".append", with: ".appended")
            return Reply(events: [object(appended, [("start_ms", .int(ms)), ("end_ms", .int(ms))])])
        case "response.item.create": return itemCreate(event["item"] ?? nil, client: clientEventID)
        case "response.create": return Reply(events: advance())
        case "session.close": return close()
        default:
            return Reply(
                events: [
                    error(
                        "unknown_event", "Unknown client event type '\(type.prefix(64))'.", client: clientEventID)
                ])
        }
    }

    /// A binary frame: GPT-Live's websocket carries JSON text events only.
    public mutating func refuseBinary() -> Reply {
        Reply(events: [error("invalid_event", "GPT-Live takes JSON text events; a binary frame was sent.")])
    }

    /// The client went away (or the server is stopping): the session ends at the clock, billing what it holds.
    public mutating func end() {
        guard !ended else { return }
        _ = finish()
    }

    private mutating func start(_ session: JSONValue, client: String?) -> Reply {
        guard !isStarted else {
            return Reply(events: [error("session_already_started", "session.start may be sent once.", client: client)])
        }
        guard case .object = session, let requested = session["model"]?.stringValue else {
            return Reply(
                events: [error("missing_required_parameter", "session.model is required.", fatal: true)],
                close: Close(code: 1008, reason: "session.model is required"))
        }
        guard requested == model else {
            let reason =
                "Model '\(requested.prefix(40))' is not served here: scenario '\(script.scenario.name)' plays "
                + model + "."
            return Reply(
                events: [error("invalid_model", reason, fatal: true)],
                close: Close(code: 1008, reason: String(reason.prefix(120))))
        }
        if let format = session["audio"]?["format"], case .object = format {
            let kind = format["type"]?.stringValue ?? "audio/pcm"
            let rate = format["rate"]?.intValue ?? Self.sampleRate
            guard kind == "audio/pcm", rate == Self.sampleRate else {
                let reason =
                    "Unsupported audio format \(kind.prefix(20)) at \(rate) Hz: agentsim serve takes "
                    + "audio/pcm at 24000 Hz (PCM16 mono)."
                return Reply(
                    events: [error("unsupported_audio_format", reason, fatal: true)],
                    close: Close(code: 1008, reason: String(reason.prefix(120))))
            }
        }
        do {
            driver = RealtimeDriver(try OpenAILivePlugin().makeRealtime(setup))
        } catch {
            return Reply(close: Close(code: 1011, reason: String("Internal error: \(error)".prefix(120))))
        }
        isStarted = true
        let instructions = session["instructions"]?.stringValue ?? ""
        guard let first = timeline.first, case let .sessionStarted(scripted) = first.kind else {
            return Reply(close: Close(code: 1011, reason: "Internal error: the script has no start"))
        }
        let begun = SessionStart(
            model: scripted.model,
            instructions: Instructions(text: instructions, tokens: script.instructionsTokens(for: instructions)),
            audio: scripted.audio)
        next = 1
        let events = feed(driver!.handle(SessionEvent(time: 0, turn: nil, kind: .sessionStarted(begun))))
        sessionID = events.first { $0["type"] == "session.started" }?["session"]?["id"]?.stringValue ?? ""
        return Reply(events: events)
    }

    private mutating func append(_ base64: String?) -> Reply {
        guard let base64, let bytes = Data(base64Encoded: base64), bytes.count % 2 == 0 else {
            return Reply(events: [error("invalid_audio", "audio must be base64 PCM16 (an even byte count).")])
        }
        guard received + bytes.count / 2 <= Self.maxSeconds * Self.sampleRate else {
            return Reply(
                events: [error("session_too_long", "The session exceeded \(Self.maxSeconds) s of audio.", fatal: true)],
                close: Close(code: 1008, reason: "The session exceeded \(Self.maxSeconds) s of audio."))
        }
        received += bytes.count / 2
        var events = advance()
        events += outputAudio()
        return Reply(events: events)
    }

    private mutating func itemCreate(_ item: JSONValue, client: String?) -> Reply {
        guard item["type"]?.stringValue == "function_call_output", let callID = item["call_id"]?.stringValue else {
            // Other items (messages for the backend) join its context; the scenario's turns bill.
            return Reply()
        }
        guard calls[callID] != nil else {
            return Reply(
                events: [error("invalid_call_id", "No open function call has call_id '\(callID.prefix(64))'.")])
        }
        let output = item["output"]?.stringValue ?? item["output"]?.compactString() ?? ""
        outputs[callID] = output
        return Reply(events: advance())
    }

    private mutating func close() -> Reply {
        var events = advance()
        events += finish()
        return Reply(events: events, close: Close(code: 1000, reason: "session closed"))
    }

    /// Ends the session: the plugin's `session.closed` at the clock (the scripted end at most).
    private mutating func finish() -> [JSONValue] {
        ended = true
        guard driver != nil, let last = timeline.last, case .sessionEnded = last.kind else { return [] }
        let time = min(clock, scriptedEnd)
        return feed(driver!.handle(SessionEvent(time: time, turn: last.turn, kind: last.kind)))
    }

    // MARK: The timeline

    /// Hands the plugin every scripted event the clock has reached, in order, stopping at a tool result the client
    /// has not sent yet and before the session's end (the client's `session.close` ends it).
    private mutating func advance() -> [JSONValue] {
        guard driver != nil else { return [] }
        var events: [JSONValue] = []
        while next < timeline.count {
            let event = timeline[next]
            guard event.time <= clock + 1e-9 else { break }
            switch event.kind {
            case .sessionEnded:
                return events
            case let .toolResult(call):
                let index = callIDs.count - 1
                guard index >= 0, let output = outputs[callIDs[index]] else { return events }
                let answered = ToolCall(
                    name: call.name, arguments: call.arguments, result: output, argumentsTokens: call.argumentsTokens,
                    resultTokens: output == call.result ? call.resultTokens : nil)
                events += feed(
                    driver!.handle(SessionEvent(time: event.time, turn: event.turn, kind: .toolResult(answered))))
            case let .userSpeechEnded(audio):
                events += feed(driver!.handle(event))
                if let text = audio.text, !text.isEmpty {
                    events.append(
                        object(
                            "session.input_transcript.delta",
                            [
                                ("delta", .string(text)), ("start_ms", .int(Self.ms(event.time - audio.seconds))),
                                ("end_ms", .int(Self.ms(event.time))),
                            ]))
                }
            case .responseAudio:
                if let speech = speech(atTurn: event.turn) {
                    // From its scripted time, or now when a late tool output held the timeline.
                    let first = max(Int((event.time * Double(Self.sampleRate)).rounded()), sent)
                    let start = Double(first) / Double(Self.sampleRate)
                    replies.append((first, speech.pcm))
                    events.append(
                        object(
                            "session.output_transcript.delta",
                            [
                                ("delta", .string(speech.text)), ("start_ms", .int(Self.ms(start))),
                                ("end_ms", .int(Self.ms(start + speech.seconds))),
                            ]))
                }
                events += feed(driver!.handle(event))
            case let .responseDone(done):
                events += backend(driver!.handle(event), content: done.content, at: event.time)
            default:
                events += feed(driver!.handle(event))
            }
            next += 1
        }
        return events
    }

    /// The agent's spoken reply at scenario turn `turn`.
    private func speech(atTurn turn: Int?) -> ServeScript.AgentSpeech? {
        guard let turn, turn < script.steps.count, case let .agent(index) = script.steps[turn],
            case let .speech(speech) = script.agentTurns[index]
        else { return nil }
        return speech
    }

    /// The plugin's outputs for a finished response, with the backend's stream around each `response.event` it sends:
    /// `session.delegation.created` for a new delegation, `response.created` and the output item's
    /// `response.output_item.done` (the function call, or the text the voice model speaks) before the plugin's
    /// `response.completed`.
    private mutating func backend(
        _ produced: [ProviderOutput], content: ResponseDone.Content, at time: Double
    ) -> [JSONValue] {
        var events: [JSONValue] = []
        for output in produced {
            guard let json = output.payload?.json, json["type"] == "response.event",
                let response = json["event"]?["response"], let delegation = json["delegation_id"]?.stringValue
            else {
                events += feed([output])
                continue
            }
            if !delegations.contains(delegation) {
                delegations.insert(delegation)
                events.append(
                    object(
                        "session.delegation.created",
                        [
                            (
                                "delegation",
                                .object([
                                    ("id", .string(delegation)), ("target", "responses"), ("type", "delegation"),
                                    ("response_id", response["id"] ?? nil),
                                ])
                            ),
                            ("offset_ms", .int(Self.ms(time))),
                        ]))
            }
            var created = response
            created = Self.replacing(created, [("status", "in_progress"), ("usage", nil)])
            events.append(
                envelope(delegation, [("type", "response.created"), ("sequence_number", 0), ("response", created)]))
            let item: JSONValue
            switch content {
            case let .toolCall(call):
                let callID = "call_" + ids.identifier(count: 24)
                calls[callID] = call
                callIDs.append(callID)
                item = .object([
                    ("id", .string("fc_" + ids.identifier(count: 24))), ("type", "function_call"),
                    ("status", "completed"), ("call_id", .string(callID)), ("name", .string(call.name)),
                    ("arguments", .string(call.arguments)),
                ])
            case let .speech(reply):
                item = .object([
                    ("id", .string("msg_" + ids.identifier(count: 24))), ("type", "message"), ("status", "completed"),
                    ("role", "assistant"),
                    (
                        "content",
                        .array([.object([("type", "output_text"), ("text", .string(reply.text)), ("annotations", [])])])
                    ),
                ])
            }
            events.append(
                envelope(
                    delegation,
                    [
                        ("type", "response.output_item.done"), ("sequence_number", 1), ("output_index", 0),
                        ("item", item),
                    ]))
            events += feed([output])
        }
        return events
    }

    /// Output audio for the client's audio received since the last: the replies' samples, silence elsewhere.
    private mutating func outputAudio() -> [JSONValue] {
        guard received > sent else { return [] }
        var pcm = [Int16](repeating: 0, count: received - sent)
        for reply in replies {
            let from = max(reply.start, sent), to = min(reply.start + reply.pcm.count, received)
            guard from < to else { continue }
            for sample in from..<to { pcm[sample - sent] = reply.pcm[sample - reply.start] }
        }
        replies.removeAll { $0.start + $0.pcm.count <= received }
        sent = received
        return [.object([("type", "session.output_audio.delta"), ("delta", .string(PCM16.base64(pcm[...])))])]
    }

    // MARK: Events

    /// Records the plugin's reports in the oracle and returns their events for the wire.
    private mutating func feed(_ produced: [ProviderOutput]) -> [JSONValue] {
        var events: [JSONValue] = []
        for output in produced {
            for metrics in output.metrics { totals.collect(metrics) }
            guard let json = output.payload?.json else { continue }
            if !output.metrics.isEmpty { payloads.append(json) }
            events.append(json)
        }
        return events
    }

    /// The session's snapshot for `session.updated` (the one `session.started` sent).
    private var resource: JSONValue {
        .object([("id", .string(sessionID)), ("model", .string(model)), ("expires_at", 0), ("status", "active")])
    }

    private mutating func object(_ type: String, _ fields: [(String, JSONValue)]) -> JSONValue {
        .object([("type", .string(type)), ("event_id", .string(eventID()))] + fields)
    }

    private mutating func envelope(_ delegation: String, _ event: [(String, JSONValue)]) -> JSONValue {
        object("response.event", [("delegation_id", .string(delegation)), ("event", .object(event))])
    }

    /// An `error` event; `fatal` ones name a code LiveKit's client stops on.
    private mutating func error(
        _ code: String, _ message: String, fatal: Bool = false, client: String? = nil
    ) -> JSONValue {
        var body: [(String, JSONValue)] = [
            ("type", .string(fatal ? code : "invalid_request_error")), ("code", .string(code)),
            ("message", .string(message)),
        ]
        if let client { body.append(("client_event_id", .string(client))) }
        return object("error", [("error", .object(body))])
    }

    private mutating func eventID() -> String { "event_" + ids.identifier(count: 22) }

    static func ms(_ seconds: Double) -> Int { Int((seconds * 1000).rounded()) }

    static func replacing(_ value: JSONValue, _ fields: [(String, JSONValue)]) -> JSONValue {
        guard case var .object(pairs) = value else { return value }
        for (key, field) in fields {
            if let index = pairs.firstIndex(where: { $0.0 == key }) {
                pairs[index].1 = field
            } else {
                pairs.append((key, field))
            }
        }
        return .object(pairs)
    }
}
