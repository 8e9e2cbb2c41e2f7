import AgentSimAudio
import AgentSimCore
import AgentSimJSON
import AgentSimLoad
import Foundation
import LiveKitMetrics
import OpenAIRealtime

/// One OpenAI Realtime (GA protocol) session on the wire: reads the client's events, feeds what they mean to the
/// OpenAI Realtime plugin session through the realtime-session inputs (the same ones `agentsim run` feeds), and answers
/// with the server's events. Every usage figure it sends comes out of the plugin session; the wire owns only ids,
/// the audio buffer, the server VAD and the event sequence.
///
/// A value type with no I/O: the socket loop hands it each text message with the session clock and writes what it
/// returns, so tests drive it directly.
public struct OpenAIRealtimeWire: Sendable {
    /// What one client message produced: server events to send, in order, and whether to close the socket after them.
    public struct Reply: Sendable {
        public var events: [JSONValue] = []
        public var close = false
    }

    /// How many seconds of audio the input buffer holds at most (OpenAI's buffer limit is 15 MiB: about 5.5 min of
    /// 24 kHz PCM16); appends past it get an error and are dropped.
    public static let maxBufferSeconds = 327

    public let script: ServeScript
    private let plugin = OpenAIRealtimePlugin()
    private let setup: SessionSetup
    private var realtime: (any RealtimeSession)?
    private var ids: SeededGenerator
    private let sessionID: String
    private let conversationID: String

    /// The latest instructions the client sent (nil until it sends some).
    private var instructions: String?
    private var turnDetection: ServerVAD.Settings?
    private var vad: ServerVAD?
    private var transcriptionModel: String?

    /// The input buffer: samples appended since the last commit or clear, the first at `bufferStart` on the
    /// session's audio clock (samples since the first append).
    private var buffer: [Int16] = []
    private var bufferStart = 0
    private var appended = 0
    /// The item id server VAD announced at `speech_started`, committed at `speech_stopped`.
    private var vadItem: (id: String, start: Int)?

    /// The conversation's item ids in order, and what each is.
    private var items: [String] = []
    private var itemKinds: [String: ItemKind] = [:]
    private enum ItemKind: Sendable {
        case user
        case reply(responseIndex: Int, seconds: Double)
        case functionCall
        case other
    }
    private var nextAgentTurn = 0
    private var nextUserTurn = 0
    private var responses = 0
    /// User items whose transcription the plugin has yet to report, oldest first.
    private var pendingTranscriptions: [String] = []
    /// The scenario's tool calls the model made, by call id, for the results the client sends back.
    private var toolCalls: [String: ToolCall] = [:]
    private var lastTime = 0.0

    /// The oracle: every native usage message sent and the totals a correct collector holds.
    public private(set) var payloads: [JSONValue] = []
    public private(set) var totals = Totals()
    public private(set) var ended = false

    /// The host the client connected to (`HOST:PORT`), which LiveKit's plugin names as the provider
    /// (`urlparse(base_url).netloc`); the oracle's metrics name it too. Nil keeps the plugin's (`api.openai.com`).
    private let provider: String?

    /// Starts a session of `script`. `startTime` (seconds since the epoch) stamps the metrics; `seed` draws the ids.
    public init(script: ServeScript, seed: UInt64, startTime: Double, salt: UInt64 = 0, provider: String? = nil) {
        self.script = script
        self.provider = provider
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
        ids = SeededGenerator(seed: seed ^ salt, salt: "agentsim-serve")
        sessionID = "sess_" + ids.identifier(count: 22)
        conversationID = "conv_" + ids.identifier(count: 22)
        turnDetection = ServerVAD.Settings()
        vad = ServerVAD(settings: ServerVAD.Settings(), sampleRate: ServeScript.wireSampleRate)
    }

    /// The model the session serves (the scenario's, else the plugin's default).
    public var model: String { script.model }

    // MARK: Opening and closing

    /// `session.created`, the first event on a new socket.
    public mutating func open() -> [JSONValue] {
        [event("session.created", [("session", sessionObject())])]
    }

    /// The client went away (or the server is stopping): the session ends, flushing what the plugin still holds.
    public mutating func end(at now: Double) {
        guard !ended else { return }
        ended = true
        guard realtime != nil else { return }
        _ = feed(realtime!.end(RealtimeEnd(time: clock(now))))
    }

    // MARK: Client events

    /// Handles one text message from the client at `now` seconds on the session clock.
    public mutating func receive(_ text: String, at now: Double) -> Reply {
        let message: JSONValue
        do {
            message = try JSONValue.parse(text)
        } catch {
            return Reply(events: [errorEvent("invalid_json", "The server could not parse the JSON: \(error).")])
        }
        guard case .object = message, let type = message["type"]?.stringValue else {
            return Reply(events: [
                errorEvent("invalid_request_error", "Missing required parameter: 'type'.", param: "type")
            ])
        }
        let clientEventID = message["event_id"]?.stringValue
        let time = clock(now)
        var events: [JSONValue]
        switch type {
        case "session.update": events = sessionUpdate(message, clientEventID)
        case "input_audio_buffer.append": events = append(message, clientEventID, at: time)
        case "input_audio_buffer.commit": events = commit(clientEventID, at: time)
        case "input_audio_buffer.clear":
            buffer = []
            bufferStart = appended
            vadItem = nil
            vad?.reset()
            events = [event("input_audio_buffer.cleared", [])]
        case "conversation.item.create": events = createItem(message, clientEventID, at: time)
        case "conversation.item.delete": events = deleteItem(message, clientEventID)
        case "conversation.item.truncate": events = truncate(message, clientEventID, at: time)
        case "conversation.item.retrieve":
            let id = message["item_id"]?.stringValue ?? ""
            events =
                itemKinds[id] == nil
                ? [errorEvent("item_retrieve_invalid_item_id", "Item with item_id not found: \(id)", clientEventID)]
                : [event("conversation.item.retrieved", [("item", .object([("id", .string(id))]))])]
        case "response.create": events = respond(message["response"], clientEventID, at: time)
        case "response.cancel":
            events = [
                errorEvent(
                    "response_cancel_not_active", "Cancellation failed: no active response found", clientEventID)
            ]
        case "output_audio_buffer.clear":
            events = [event("output_audio_buffer.cleared", [])]
        default:
            events = [
                errorEvent(
                    "invalid_value",
                    "Invalid value: '\(type.prefix(64))'. Supported values are: 'session.update', "
                        + "'input_audio_buffer.append', 'input_audio_buffer.commit', 'input_audio_buffer.clear', "
                        + "'conversation.item.create', 'conversation.item.truncate', 'conversation.item.delete', "
                        + "'conversation.item.retrieve', 'response.create', 'response.cancel', and "
                        + "'output_audio_buffer.clear'.",
                    clientEventID, param: "type")
            ]
        }
        return Reply(events: events)
    }

    // MARK: Session

    private mutating func sessionUpdate(_ message: JSONValue, _ clientEventID: String?) -> [JSONValue] {
        guard let session = message["session"], case .object = session else {
            return [
                errorEvent(
                    "missing_required_parameter", "Missing required parameter: 'session'.", clientEventID,
                    param: "session")
            ]
        }
        if let format = session["audio"]?["input"]?["format"], case .object = format {
            let type = format["type"]?.stringValue ?? "audio/pcm"
            let rate = format["rate"]?.intValue ?? ServeScript.wireSampleRate
            guard type == "audio/pcm", rate == ServeScript.wireSampleRate else {
                return [
                    errorEvent(
                        "invalid_value",
                        "agentsim serve takes input audio as audio/pcm at 24000 Hz (PCM16 mono); got \(type) at "
                            + "\(rate) Hz.", clientEventID, param: "session.audio.input.format")
                ]
            }
        }
        if let input = session["audio"]?["input"], case .object = input, input.keys.contains("turn_detection") {
            let detection = input["turn_detection"]
            if detection == nil || detection!.isNull {
                turnDetection = nil
                vad = nil
            } else {
                var settings = ServerVAD.Settings()
                if let t = detection?["threshold"]?.doubleValue { settings.threshold = t }
                if let p = detection?["prefix_padding_ms"]?.intValue { settings.prefixPaddingMilliseconds = p }
                if let s = detection?["silence_duration_ms"]?.intValue { settings.silenceDurationMilliseconds = s }
                if let c = detection?["create_response"]?.boolValue { settings.createResponse = c }
                if let i = detection?["interrupt_response"]?.boolValue { settings.interruptResponse = i }
                guard (0...1).contains(settings.threshold), (0...10_000).contains(settings.prefixPaddingMilliseconds),
                    (1...10_000).contains(settings.silenceDurationMilliseconds)
                else {
                    return [
                        errorEvent(
                            "invalid_value",
                            "turn_detection: threshold must be 0...1, prefix_padding_ms 0...10000 and "
                                + "silence_duration_ms 1...10000.", clientEventID,
                            param: "session.audio.input.turn_detection")
                    ]
                }
                if turnDetection != settings {
                    turnDetection = settings
                    if vad == nil {
                        vad = ServerVAD(settings: settings, sampleRate: ServeScript.wireSampleRate, position: appended)
                    } else {
                        vad!.settings = settings
                    }
                }
            }
        }
        if let input = session["audio"]?["input"], case .object = input, input.keys.contains("transcription") {
            transcriptionModel = input["transcription"]?["model"]?.stringValue
        }
        if let text = session["instructions"]?.stringValue, text != instructions {
            instructions = text
            if realtime != nil {
                let tokens = script.instructionsTokens(for: text)
                _ = feed(
                    realtime!.updateInstructions(
                        RealtimeInstructions(
                            time: lastTime, turn: nil, instructions: Instructions(text: text, tokens: tokens))))
            }
        }
        if let tools = session["tools"]?.arrayValue, realtime != nil {
            let definitions = tools.map { tool in
                ToolDefinition(
                    name: tool["name"]?.stringValue ?? "", description: tool["description"]?.stringValue ?? "",
                    parameters: tool["parameters"]?.compactString() ?? "{}")
            }
            _ = feed(realtime!.updateTools(RealtimeTools(time: lastTime, turn: nil, tools: definitions)))
        }
        return [event("session.updated", [("session", sessionObject())])]
    }

    /// The session object as `session.created` / `session.updated` carry it.
    private func sessionObject() -> JSONValue {
        let format = JSONValue.object([("type", "audio/pcm"), ("rate", .int(ServeScript.wireSampleRate))])
        let detection: JSONValue =
            turnDetection.map { settings in
                .object([
                    ("type", "server_vad"), ("threshold", .double(settings.threshold)),
                    ("prefix_padding_ms", .int(settings.prefixPaddingMilliseconds)),
                    ("silence_duration_ms", .int(settings.silenceDurationMilliseconds)),
                    ("create_response", .bool(settings.createResponse)),
                    ("interrupt_response", .bool(settings.interruptResponse)),
                ])
            } ?? .null
        return .object([
            ("type", "realtime"), ("object", "realtime.session"), ("id", .string(sessionID)),
            ("model", .string(model)), ("output_modalities", ["audio"]),
            ("instructions", .string(instructions ?? "")),
            (
                "audio",
                .object([
                    (
                        "input",
                        .object([
                            ("format", format),
                            ("transcription", transcriptionModel.map { .object([("model", .string($0))]) } ?? .null),
                            ("noise_reduction", .null), ("turn_detection", detection),
                        ])
                    ),
                    ("output", .object([("format", format), ("voice", "marin"), ("speed", 1.0)])),
                ])
            ),
            ("tools", []), ("tool_choice", "auto"), ("max_output_tokens", "inf"), ("tracing", .null),
            ("truncation", "auto"), ("prompt", .null), ("expires_at", 0), ("include", .null),
        ])
    }

    /// Starts the plugin session on first use, with the instructions the client has sent by then.
    private mutating func started(at time: Double) {
        guard realtime == nil else { return }
        do {
            var session = try plugin.makeRealtime(setup)
            let text = instructions ?? ""
            let start = RealtimeStart(
                time: time, model: session.modelName,
                instructions: Instructions(text: text, tokens: script.instructionsTokens(for: text)),
                audio: setup.audio)
            let outputs = session.start(start)
            realtime = session
            _ = feed(outputs)
        } catch {
            // The scenario was validated when the server started; a plugin that still refuses it serves nothing.
            realtime = nil
        }
    }

    // MARK: Audio in

    private mutating func append(_ message: JSONValue, _ clientEventID: String?, at time: Double) -> [JSONValue] {
        guard let audio = message["audio"]?.stringValue else {
            return [
                errorEvent(
                    "missing_required_parameter", "Missing required parameter: 'audio'.", clientEventID, param: "audio")
            ]
        }
        guard let bytes = Data(base64Encoded: audio) else {
            return [
                errorEvent(
                    "invalid_value", "Invalid 'audio'. Expected base64-encoded audio/pcm (PCM16, 24 kHz, mono).",
                    clientEventID, param: "audio")
            ]
        }
        guard bytes.count % 2 == 0 else {
            return [
                errorEvent(
                    "invalid_value",
                    "Invalid 'audio': \(bytes.count) bytes is not a whole number of PCM16 samples (2 bytes each).",
                    clientEventID, param: "audio")
            ]
        }
        guard buffer.count + bytes.count / 2 <= Self.maxBufferSeconds * ServeScript.wireSampleRate else {
            return [
                errorEvent(
                    "input_audio_buffer_full",
                    "The input audio buffer holds at most \(Self.maxBufferSeconds) s; commit or clear it first.",
                    clientEventID)
            ]
        }
        let samples = PCM16.samples(bytes)
        var events: [JSONValue] = []
        guard var detector = vad else {
            buffer += samples
            appended += samples.count
            return events
        }
        // Feed the detector window by window so each boundary cuts the buffer where it falls.
        for sample in samples {
            buffer.append(sample)
            appended += 1
            for boundary in detector.feed(CollectionOfOne(sample)) {
                switch boundary {
                case let .speechStarted(audioStart):
                    let start = max(audioStart, bufferStart)
                    let id = newID("item_")
                    vadItem = (id, start)
                    events.append(
                        event(
                            "input_audio_buffer.speech_started",
                            [
                                ("audio_start_ms", .int(milliseconds(start))), ("item_id", .string(id)),
                            ]))
                case let .speechStopped(audioEnd):
                    guard let item = vadItem else { continue }
                    events.append(
                        event(
                            "input_audio_buffer.speech_stopped",
                            [("audio_end_ms", .int(milliseconds(audioEnd))), ("item_id", .string(item.id))]))
                    let from = max(0, item.start - bufferStart)
                    let to = min(buffer.count, max(from, audioEnd - bufferStart))
                    let committed = Array(buffer[from..<to])
                    buffer.removeFirst(to)
                    bufferStart += to
                    vadItem = nil
                    events += commitItem(committed, id: item.id, at: time)
                    if detector.settings.createResponse {
                        events += respond(nil, nil, at: time)
                    }
                }
            }
            // Outside speech the buffer keeps only what a later onset's prefix padding can reach.
            if !detector.inSpeech, vadItem == nil {
                let keep = detector.settings.prefixPaddingMilliseconds * ServeScript.wireSampleRate / 1000 + 480
                if buffer.count > 2 * keep + 24_000 {
                    let drop = buffer.count - keep
                    buffer.removeFirst(drop)
                    bufferStart += drop
                }
            }
        }
        vad = detector
        return events
    }

    private mutating func commit(_ clientEventID: String?, at time: Double) -> [JSONValue] {
        let minimum = ServeScript.wireSampleRate / 10
        guard buffer.count >= minimum else {
            let ms = String(format: "%.2f", Double(buffer.count) * 1000 / Double(ServeScript.wireSampleRate))
            return [
                errorEvent(
                    "input_audio_buffer_commit_empty",
                    "Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but "
                        + "buffer only has \(ms)ms of audio.", clientEventID)
            ]
        }
        let samples = buffer
        bufferStart += buffer.count
        buffer = []
        let id = vadItem?.id ?? newID("item_")
        vadItem = nil
        vad?.reset()
        started(at: time)
        return commitItem(samples, id: id, at: time)
    }

    /// The buffer's audio becomes user item `id`: the plugin hears it and commits it; the client learns of it.
    private mutating func commitItem(_ samples: [Int16], id: String, at time: Double) -> [JSONValue] {
        started(at: time)
        let rate = ServeScript.wireSampleRate
        let seconds = Double(samples.count) / Double(rate)
        // The transcript is the scenario's next spoken user turn (the model's words are scripted; its length is not).
        var text: String?, textTokens: Int?
        while nextUserTurn < script.userTurns.count, script.userTurns[nextUserTurn].isSilence { nextUserTurn += 1 }
        if nextUserTurn < script.userTurns.count {
            text = script.userTurns[nextUserTurn].text
            textTokens = script.userTurns[nextUserTurn].textTokens
            nextUserTurn += 1
        }
        let frame = script.scenario.session.audio.frameMilliseconds
        let frameSamples = max(1, rate * frame / 1000)
        let audio = UserAudio(
            text: text, textTokens: textTokens, seconds: seconds,
            packets: (samples.count + frameSamples - 1) / frameSamples,
            bytes: samples.count * 2, isSilence: false, isRecording: false)
        let previous = items.last
        items.append(id)
        itemKinds[id] = .user
        var events: [JSONValue] = [
            event(
                "input_audio_buffer.committed",
                [("previous_item_id", previous.map { .string($0) } ?? .null), ("item_id", .string(id))]),
            event(
                "conversation.item.added",
                [
                    ("previous_item_id", previous.map { .string($0) } ?? .null),
                    (
                        "item",
                        .object([
                            ("id", .string(id)), ("type", "message"), ("object", "realtime.item"),
                            ("status", "completed"), ("role", "user"),
                            ("content", [.object([("type", "input_audio"), ("transcript", .null)])]),
                        ])
                    ),
                ]),
        ]
        pendingTranscriptions.append(id)
        var outputs = realtime!.hear(
            RealtimeUserAudio(
                start: max(0, time - seconds), time: time, turn: nil, audio: audio,
                pcm: PCMAudio(sampleRate: rate, samples: samples)))
        outputs += realtime!.commit(RealtimeCommit(time: time, turn: nil, audio: audio))
        events += feed(outputs)
        return events
    }

    // MARK: Items

    private mutating func createItem(_ message: JSONValue, _ clientEventID: String?, at time: Double) -> [JSONValue] {
        guard let item = message["item"], case .object = item, let type = item["type"]?.stringValue else {
            return [
                errorEvent(
                    "missing_required_parameter", "Missing required parameter: 'item.type'.", clientEventID,
                    param: "item.type")
            ]
        }
        let id = item["id"]?.stringValue ?? newID("item_")
        guard itemKinds[id] == nil else {
            return [
                errorEvent(
                    "item_create_duplicate_item_id", "Item with id '\(id)' already exists.", clientEventID,
                    param: "item.id")
            ]
        }
        started(at: time)
        var events: [JSONValue] = []
        switch type {
        case "function_call_output":
            let output = item["output"]?.stringValue ?? ""
            let callID = item["call_id"]?.stringValue ?? ""
            let scripted = toolCalls[callID]
            // The result's exact token count when the client sends back the scenario's own result.
            let call = ToolCall(
                name: scripted?.name ?? "", arguments: scripted?.arguments ?? "", result: output,
                argumentsTokens: scripted?.argumentsTokens,
                resultTokens: scripted?.result == output ? scripted?.resultTokens : nil)
            events += feed(realtime!.toolResult(RealtimeToolResult(time: time, turn: nil, call: call)))
            itemKinds[id] = .other
        case "message", "function_call":
            // Text items a client adds (a chat-context sync) join the conversation; the plugin contract bills the
            // scenario's turns, so they are acknowledged without a bill of their own.
            itemKinds[id] = type == "function_call" ? .functionCall : .other
        default:
            return [
                errorEvent(
                    "invalid_value",
                    "Invalid value: '\(type.prefix(64))'. Supported values are: 'message', 'function_call', and "
                        + "'function_call_output'.", clientEventID, param: "item.type")
            ]
        }
        let previousRequested = message["previous_item_id"]?.stringValue
        let previous = previousRequested == "root" ? nil : (previousRequested ?? items.last)
        if let previousRequested, previousRequested != "root", itemKinds[previousRequested] == nil {
            itemKinds[id] = nil
            return [
                errorEvent(
                    "item_create_invalid_previous_item_id",
                    "Previous item with id '\(previousRequested)' not found.", clientEventID,
                    param: "previous_item_id")
            ]
        }
        if let previous, let index = items.firstIndex(of: previous) {
            items.insert(id, at: index + 1)
        } else if previousRequested == "root" {
            items.insert(id, at: 0)
        } else {
            items.append(id)
        }
        var stored = item
        if case var .object(pairs) = stored {
            if let index = pairs.firstIndex(where: { $0.0 == "id" }) {
                pairs[index].1 = .string(id)
            } else {
                pairs.insert(("id", .string(id)), at: 0)
            }
            pairs.append(("object", "realtime.item"))
            if !pairs.contains(where: { $0.0 == "status" }) { pairs.append(("status", "completed")) }
            stored = .object(pairs)
        }
        events.insert(
            event(
                "conversation.item.added",
                [("previous_item_id", previous.map { .string($0) } ?? .null), ("item", stored)]), at: 0)
        events.append(
            event(
                "conversation.item.done",
                [("previous_item_id", previous.map { .string($0) } ?? .null), ("item", stored)]))
        return events
    }

    private mutating func deleteItem(_ message: JSONValue, _ clientEventID: String?) -> [JSONValue] {
        let id = message["item_id"]?.stringValue ?? ""
        guard itemKinds[id] != nil else {
            return [
                errorEvent(
                    "item_delete_invalid_item_id", "Item with item_id not found: \(id.prefix(64))", clientEventID,
                    param: "item_id")
            ]
        }
        itemKinds[id] = nil
        items.removeAll { $0 == id }
        return [event("conversation.item.deleted", [("item_id", .string(id))])]
    }

    private mutating func truncate(_ message: JSONValue, _ clientEventID: String?, at time: Double) -> [JSONValue] {
        let id = message["item_id"]?.stringValue ?? ""
        let endMilliseconds = message["audio_end_ms"]?.intValue ?? -1
        guard case let .reply(responseIndex, seconds) = itemKinds[id] else {
            return [
                errorEvent(
                    "item_truncate_invalid_item_id",
                    "Only model output audio messages can be truncated; no such item: \(id.prefix(64))",
                    clientEventID, param: "item_id")
            ]
        }
        guard endMilliseconds >= 0, Double(endMilliseconds) <= seconds * 1000 + 0.5 else {
            return [
                errorEvent(
                    "invalid_value",
                    "Audio content of \(Int((seconds * 1000).rounded()))ms is shorter than \(endMilliseconds)ms",
                    clientEventID, param: "audio_end_ms")
            ]
        }
        var events = [
            event(
                "conversation.item.truncated",
                [("item_id", .string(id)), ("content_index", 0), ("audio_end_ms", .int(endMilliseconds))])
        ]
        events += feed(
            realtime!.truncate(
                RealtimeTruncation(
                    time: time, turn: nil, responseIndex: responseIndex,
                    playedSeconds: Double(endMilliseconds) / 1000)))
        return events
    }

    // MARK: Responses

    /// Serves the scenario's next agent turn as one response: its events, its audio and, from the plugin, its
    /// `response.done`.
    private mutating func respond(_ request: JSONValue?, _ clientEventID: String?, at time: Double) -> [JSONValue] {
        guard nextAgentTurn < script.agentTurns.count else {
            return [
                errorEvent(
                    "agentsim_script_finished",
                    "The scenario '\(script.scenario.name)' has no agent turn left to answer with.", clientEventID)
            ]
        }
        started(at: time)
        let turn = script.agentTurns[nextAgentTurn]
        nextAgentTurn += 1
        let index = responses
        responses += 1
        let responseID = newID("resp_")
        let itemID = newID("item_")
        let metadata: JSONValue = request?["metadata"].flatMap { $0.isNull ? nil : $0 } ?? .null
        let start = ResponseStart(index: index, createdAt: time)
        var events: [JSONValue] = []
        events += feed(realtime!.startResponse(RealtimeResponseStart(time: time, turn: nil, response: start)))
        events.append(
            event(
                "response.created",
                [("response", responseObject(responseID, status: "in_progress", output: [], metadata: metadata))]))
        let previous = items.last
        items.append(itemID)
        let content: ResponseDone.Content
        let finalItem: JSONValue
        switch turn {
        case let .speech(speech):
            itemKinds[itemID] = .reply(responseIndex: index, seconds: speech.seconds)
            let added = JSONValue.object([
                ("id", .string(itemID)), ("type", "message"), ("object", "realtime.item"),
                ("status", "in_progress"), ("role", "assistant"), ("content", []),
            ])
            events.append(
                event(
                    "response.output_item.added",
                    [("response_id", .string(responseID)), ("output_index", 0), ("item", added)]))
            events.append(
                event(
                    "conversation.item.added",
                    [("previous_item_id", previous.map { .string($0) } ?? .null), ("item", added)]))
            let part = [
                ("response_id", JSONValue.string(responseID)), ("item_id", .string(itemID)), ("output_index", 0),
                ("content_index", 0),
            ]
            events.append(
                event(
                    "response.content_part.added", part + [("part", .object([("type", "audio"), ("transcript", "")]))]))
            events += feed(realtime!.responseAudio(RealtimeResponseAudio(time: time, turn: nil, response: start)))
            events += audioDeltas(speech, part: part)
            events.append(event("response.output_audio.done", part))
            events.append(
                event("response.output_audio_transcript.done", part + [("transcript", .string(speech.text))]))
            events.append(
                event(
                    "response.content_part.done",
                    part + [("part", .object([("type", "audio"), ("transcript", .string(speech.text))]))]))
            finalItem = .object([
                ("id", .string(itemID)), ("type", "message"), ("object", "realtime.item"),
                ("status", "completed"), ("role", "assistant"),
                ("content", [.object([("type", "output_audio"), ("transcript", .string(speech.text))])]),
            ])
            content = .speech(
                SpokenReply(
                    text: speech.text, textTokens: speech.textTokens, generatedSeconds: speech.seconds,
                    playedSeconds: speech.seconds, interruptedAfter: nil, packets: speech.packets,
                    playedPackets: speech.packets))
        case let .toolCall(call):
            itemKinds[itemID] = .functionCall
            let callID = newID("call_")
            toolCalls[callID] = call
            func item(_ status: String, _ arguments: String) -> JSONValue {
                .object([
                    ("id", .string(itemID)), ("type", "function_call"), ("object", "realtime.item"),
                    ("status", .string(status)), ("name", .string(call.name)), ("call_id", .string(callID)),
                    ("arguments", .string(arguments)),
                ])
            }
            events.append(
                event(
                    "response.output_item.added",
                    [("response_id", .string(responseID)), ("output_index", 0), ("item", item("in_progress", ""))]))
            events.append(
                event(
                    "conversation.item.added",
                    [("previous_item_id", previous.map { .string($0) } ?? .null), ("item", item("in_progress", ""))]))
            let where_ = [
                ("response_id", JSONValue.string(responseID)), ("item_id", .string(itemID)), ("output_index", 0),
                ("call_id", .string(callID)),
            ]
            events.append(
                event("response.function_call_arguments.delta", where_ + [("delta", .string(call.arguments))]))
            events.append(
                event(
                    "response.function_call_arguments.done",
                    where_ + [("name", .string(call.name)), ("arguments", .string(call.arguments))]))
            finalItem = item("completed", call.arguments)
            content = .toolCall(call)
        }
        events.append(
            event(
                "response.output_item.done",
                [("response_id", .string(responseID)), ("output_index", 0), ("item", finalItem)]))
        events.append(
            event(
                "conversation.item.done",
                [("previous_item_id", previous.map { .string($0) } ?? .null), ("item", finalItem)]))
        let done = ResponseDone(
            start: start, content: content, firstAudioAt: content.isSpeech ? time : nil, doneAt: time)
        let outputs = realtime!.finishResponse(RealtimeResponseDone(time: time, turn: nil, done: done))
        events += feed(
            outputs, responseID: responseID, output: [finalItem], metadata: metadata)
        return events
    }

    /// The reply's audio in 100 ms `response.output_audio.delta`s (encoded once per script), its transcript in one
    /// delta per word spread over them.
    private mutating func audioDeltas(_ speech: ServeScript.AgentSpeech, part: [(String, JSONValue)]) -> [JSONValue] {
        var events: [JSONValue] = []
        let words = speech.text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let chunks = max(1, speech.chunks.count)
        var nextWord = 0
        for chunk in 0..<chunks {
            // Words due by the end of this chunk, in proportion to the audio sent.
            let due = chunk == chunks - 1 ? words.count : words.count * (chunk + 1) / chunks
            while nextWord < due {
                let delta = nextWord == 0 ? words[nextWord] : " " + words[nextWord]
                events.append(event("response.output_audio_transcript.delta", part + [("delta", .string(delta))]))
                nextWord += 1
            }
            guard chunk < speech.chunks.count else { continue }
            events.append(event("response.output_audio.delta", part + [("delta", .string(speech.chunks[chunk]))]))
        }
        return events
    }

    private func responseObject(
        _ id: String, status: String, output: [JSONValue], metadata: JSONValue
    ) -> JSONValue {
        .object([
            ("object", "realtime.response"), ("id", .string(id)), ("status", .string(status)),
            ("status_details", .null), ("output", .array(output)), ("conversation_id", .string(conversationID)),
            ("output_modalities", ["audio"]), ("max_output_tokens", "inf"),
            (
                "audio",
                .object([
                    (
                        "output",
                        .object([
                            ("format", .object([("type", "audio/pcm"), ("rate", .int(ServeScript.wireSampleRate))])),
                            ("voice", "marin"),
                        ])
                    )
                ])
            ),
            ("usage", .null), ("metadata", metadata),
        ])
    }

    // MARK: The plugin's reports

    /// Records the plugin's reports in the oracle and turns their payloads into wire events: the wire's own ids go
    /// in (the response's, its output items, the transcribed item's); every usage figure stays the plugin's.
    private mutating func feed(
        _ outputs: [ProviderOutput], responseID: String? = nil, output: [JSONValue] = [], metadata: JSONValue = .null
    ) -> [JSONValue] {
        var events: [JSONValue] = []
        for produced in outputs {
            for metrics in produced.metrics { totals.collect(named(metrics)) }
            guard var json = produced.payload?.json else { continue }
            switch produced.payload?.type {
            case "response.done":
                guard case var .object(pairs) = json, let r = pairs.firstIndex(where: { $0.0 == "response" }),
                    case var .object(response) = pairs[r].1
                else { break }
                let discarded = response.first { $0.0 == "output" }.map { $0.1.arrayValue?.isEmpty ?? true } ?? true
                for index in response.indices {
                    switch response[index].0 {
                    case "id":
                        response[index].1 = .string(discarded || responseID == nil ? newID("resp_") : responseID!)
                    case "conversation_id": response[index].1 = .string(conversationID)
                    case "output" where !discarded: response[index].1 = .array(output)
                    case "metadata" where !discarded: response[index].1 = metadata
                    default: break
                    }
                }
                pairs[r].1 = .object(response)
                json = .object(pairs)
            case "conversation.item.input_audio_transcription.completed":
                guard case var .object(pairs) = json, !pendingTranscriptions.isEmpty else { break }
                let id = pendingTranscriptions.removeFirst()
                if let i = pairs.firstIndex(where: { $0.0 == "item_id" }) { pairs[i].1 = .string(id) }
                json = .object(pairs)
            default:
                break
            }
            payloads.append(json)
            events.append(json)
        }
        return events
    }

    // MARK: Helpers

    /// `metrics` with the provider the client knows the server by.
    private func named(_ metrics: AgentMetrics) -> AgentMetrics {
        guard let provider else { return metrics }
        switch metrics {
        case var .realtime(m):
            m.metadata?.modelProvider = provider
            return .realtime(m)
        case var .stt(m):
            m.metadata?.modelProvider = provider
            return .stt(m)
        default:
            return metrics
        }
    }

    /// The session clock, never running backwards.
    private mutating func clock(_ now: Double) -> Double {
        lastTime = max(lastTime, SessionClock.microseconds(now))
        return lastTime
    }

    private func milliseconds(_ samples: Int) -> Int { samples * 1000 / ServeScript.wireSampleRate }

    private mutating func newID(_ prefix: String) -> String { prefix + ids.identifier(count: 22) }

    private mutating func event(_ type: String, _ fields: [(String, JSONValue)]) -> JSONValue {
        .object([("type", .string(type)), ("event_id", .string(newID("event_")))] + fields)
    }

    /// OpenAI's `error` event.
    mutating func errorEvent(
        _ code: String, _ message: String, _ clientEventID: String? = nil, param: String? = nil
    ) -> JSONValue {
        event(
            "error",
            [
                (
                    "error",
                    .object([
                        ("type", "invalid_request_error"), ("code", .string(code)), ("message", .string(message)),
                        ("param", param.map { .string($0) } ?? .null),
                        ("event_id", clientEventID.map { .string(String($0.prefix(128))) } ?? .null),
                    ])
                )
            ])
    }
}

extension OpenAIRealtimeWire {
    /// The `error` event that refuses a socket before any session exists (an unknown scenario).
    public static func refusal(code: String, message: String) -> [JSONValue] {
        var ids = SeededGenerator(seed: 0, salt: "agentsim-serve-refusal")
        return [
            .object([
                ("type", "error"), ("event_id", .string("event_" + ids.identifier(count: 22))),
                (
                    "error",
                    .object([
                        ("type", "invalid_request_error"), ("code", .string(code)), ("message", .string(message)),
                        ("param", .null), ("event_id", .null),
                    ])
                ),
            ])
        ]
    }

    /// The answer to a binary websocket message: OpenAI Realtime speaks JSON text only.
    public mutating func refuseBinary() -> [JSONValue] {
        [
            errorEvent(
                "invalid_request_error", "Binary messages are not supported; send JSON text events (audio base64).")
        ]
    }
}

extension ResponseDone.Content {
    var isSpeech: Bool {
        if case .speech = self { return true }
        return false
    }
}
