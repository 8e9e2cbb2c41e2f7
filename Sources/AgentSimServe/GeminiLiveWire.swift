import AgentSimAudio
import AgentSimCore
import AgentSimJSON
import AgentSimLoad
import Foundation
import GeminiLive
import LiveKitMetrics

/// One Gemini Live `BidiGenerateContent` session on the wire: reads the client's messages (`setup`,
/// `realtimeInput`, `clientContent`, `toolResponse`), feeds what they mean to the Gemini Live plugin session through
/// the realtime-session inputs (the same ones `agentsim run` feeds), and answers with `LiveServerMessage`s. Every
/// `usageMetadata` it sends is the plugin's; the wire owns the handshake, the audio clock, activity detection and the
/// order of the server's messages.
///
/// Turns. With automatic activity detection (Gemini's default) the wire runs an energy detector over the received
/// 16 kHz samples: the user's turn ends `silenceDurationMs` after speech stops, or at `audioStreamEnd`. With it
/// disabled (`realtimeInputConfig.automaticActivityDetection.disabled`) the client marks turns with `activityStart`
/// and `activityEnd`. Either way every received sample joins the context, silence included, one stretch per turn
/// boundary: a stretch holding speech (or marked as activity) is the user's next scripted utterance and is answered
/// with the scenario's next agent turn; a stretch without it is silence.
///
/// A value type with no I/O, like ``OpenAIRealtimeWire``: the socket loop hands it each message with the session
/// clock and writes what it returns.
public struct GeminiLiveWire: Sendable {
    /// What one client message produced: server messages to send, in order, then (when set) a close.
    public struct Reply: Sendable {
        public var messages: [JSONValue] = []
        public var close: Close?
    }

    /// A close frame Google's server would send: the code and its reason.
    public struct Close: Sendable, Equatable {
        public var code: UInt16
        public var reason: String
    }

    /// Gemini Live's input audio: PCM16 mono at 16 kHz.
    public static let inputSampleRate = 16_000
    /// Its output audio: PCM16 mono at 24 kHz.
    public static let outputSampleRate = ServeScript.wireSampleRate
    /// Samples per `modelTurn` audio part (100 ms).
    static let chunkSamples = outputSampleRate / 10
    /// The longest stretch of audio a session holds unanswered (about 15 min at 16 kHz); more closes the socket.
    public static let maxStretchSeconds = 900

    public let script: ServeScript
    private let plugin = GeminiLivePlugin()
    private var setup: SessionSetup
    private var realtime: (any RealtimeSession)?

    /// Set once `setup` has been answered.
    public private(set) var isSetUp = false
    private var inputTranscription = true
    private var outputTranscription = true
    /// Automatic activity detection (nil when the client disabled it).
    private var vad: ServerVAD?
    /// Manual activity detection: between `activityStart` and `activityEnd`.
    private var inActivity = false
    /// The stretch of audio since the last turn boundary: its samples and whether it holds speech.
    private var stretch: [Int16] = []
    private var stretchHasSpeech = false
    private var stretchIsActivity = false
    /// Where the current stretch starts on the audio clock (samples since the first received).
    private var received = 0
    /// The last user turn was answered at `activityEnd` with nothing since: a `clientContent` that completes the turn
    /// (LiveKit's `generate_reply` sends `activityEnd`, then a placeholder turn) belongs to it.
    private var answeredActivityEnd = false

    private var nextAgentTurn = 0
    private var nextUserTurn = 0
    private var responses = 0
    /// Tool calls the model made, by the id the plugin gave them, awaiting their responses.
    private var toolCalls: [String: ToolCall] = [:]
    private var lastTime = 0.0

    /// The oracle: every `usageMetadata` message sent and the totals a correct collector holds.
    public private(set) var payloads: [JSONValue] = []
    public private(set) var totals = Totals()
    public private(set) var ended = false

    /// Starts a session of `script`: `startTime` (seconds since the epoch) stamps the metrics, `seed` and `salt` draw
    /// the ids.
    public init(script: ServeScript, seed: UInt64, startTime: Double, salt: UInt64 = 0) {
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
        vad = ServerVAD(settings: Self.defaultDetection, sampleRate: Self.inputSampleRate)
    }

    /// Gemini's automatic activity detection as served: the energy gate of ``ServerVAD`` at its default threshold, a
    /// turn ending after 800 ms of silence (Gemini does not publish its default; long enough that no pause inside a
    /// shipped scenario's utterance ends it).
    static var defaultDetection: ServerVAD.Settings {
        var settings = ServerVAD.Settings()
        settings.silenceDurationMilliseconds = 800
        settings.prefixPaddingMilliseconds = 0
        return settings
    }

    /// The model the session serves (the scenario's, else the plugin's default).
    public var model: String { script.model }

    // MARK: Messages

    /// Handles one message from the client at `now` seconds on the session clock.
    public mutating func receive(_ text: String, at now: Double) -> Reply {
        let time = clock(now)
        let message: JSONValue
        do {
            // Proto3 JSON: Google reads each field by its lowerCamelCase name or its proto (snake_case) name;
            // google-genai sends realtime input under the latter.
            message = Self.camelCased(try JSONValue.parse(text))
        } catch {
            return Self.invalid("Invalid JSON payload received. \(error)")
        }
        guard case let .object(pairs) = message, pairs.count == 1, let first = pairs.first else {
            return Self.invalid(
                "Invalid JSON payload received. A message holds exactly one of setup, clientContent, "
                    + "realtimeInput, toolResponse.")
        }
        let (key, body) = first
        if !isSetUp && key != "setup" {
            return Self.invalid(
                "Invalid JSON payload received. The first message must be setup; got \(key.prefix(64)).")
        }
        switch key {
        case "setup": return receiveSetup(body, at: time)
        case "realtimeInput": return realtimeInput(body, at: time)
        case "clientContent": return clientContent(body, at: time)
        case "toolResponse": return toolResponse(body, at: time)
        default:
            return Self.invalid(
                "Invalid JSON payload received. Unknown name \"\(key.prefix(64))\": Cannot find field.")
        }
    }

    /// The client went away (or the server is stopping): the session ends, billing what it still holds.
    public mutating func end(at now: Double) {
        guard !ended else { return }
        ended = true
        guard realtime != nil else { return }
        let time = clock(now)
        _ = closeStretch(at: time, respond: false)
        _ = feed(realtime!.end(RealtimeEnd(time: time)))
    }

    /// `value` with every object key in lowerCamelCase (`realtime_input` → `realtimeInput`), but for the contents of
    /// a function's `args` and `response`, which are the caller's own JSON.
    static func camelCased(_ value: JSONValue) -> JSONValue {
        switch value {
        case let .object(pairs):
            return .object(
                pairs.map { key, inner in
                    let name = camelCase(key)
                    return (name, name == "args" || name == "response" ? inner : camelCased(inner))
                })
        case let .array(items):
            return .array(items.map(camelCased))
        default:
            return value
        }
    }

    static func camelCase(_ key: String) -> String {
        guard key.contains("_") else { return key }
        var out = ""
        var upper = false
        for character in key {
            if character == "_" {
                upper = !out.isEmpty
            } else {
                out += upper ? character.uppercased() : String(character)
                upper = false
            }
        }
        return out
    }

    /// A close with 1007 (invalid argument), as Google answers a message it cannot read.
    static func invalid(_ reason: String) -> Reply {
        Reply(close: Close(code: 1007, reason: String(reason.prefix(120))))
    }

    // MARK: Setup

    private mutating func receiveSetup(_ body: JSONValue, at time: Double) -> Reply {
        guard !isSetUp else {
            return Self.invalid("Invalid JSON payload received. setup may be sent only once, as the first message.")
        }
        guard case .object = body else {
            return Self.invalid("Invalid JSON payload received. setup must be an object.")
        }
        guard let requested = body["model"]?.stringValue, !requested.isEmpty else {
            return Self.invalid("Invalid JSON payload received. setup.model is required (models/MODEL).")
        }
        let name = String(requested.split(separator: "/").last ?? "")
        guard name == model else {
            return Reply(
                close: Close(
                    code: 1008,
                    reason: String(
                        "models/\(name.prefix(40)) is not served here: scenario '\(script.scenario.name.prefix(30))' "
                            + "plays \(model)".prefix(120))))
        }
        if let config = body["realtimeInputConfig"]?["automaticActivityDetection"], case .object = config {
            if config["disabled"]?.boolValue == true {
                vad = nil
            } else {
                var settings = Self.defaultDetection
                if let ms = config["silenceDurationMs"]?.intValue { settings.silenceDurationMilliseconds = ms }
                if let ms = config["prefixPaddingMs"]?.intValue { settings.prefixPaddingMilliseconds = ms }
                guard (1...10_000).contains(settings.silenceDurationMilliseconds),
                    (0...10_000).contains(settings.prefixPaddingMilliseconds)
                else {
                    return Self.invalid(
                        "Invalid value at 'setup.realtime_input_config.automatic_activity_detection': "
                            + "silenceDurationMs takes 1 to 10000, prefixPaddingMs 0 to 10000.")
                }
                vad = ServerVAD(settings: settings, sampleRate: Self.inputSampleRate)
            }
        }
        inputTranscription = body["inputAudioTranscription"].map { !$0.isNull } ?? false
        outputTranscription = body["outputAudioTranscription"].map { !$0.isNull } ?? false
        let instructions = (body["systemInstruction"]?["parts"]?.arrayValue ?? [])
            .compactMap { $0["text"]?.stringValue }.joined()
        var session: any RealtimeSession
        do {
            session = try plugin.makeRealtime(setup)
        } catch {
            return Reply(close: Close(code: 1011, reason: String("Internal error: \(error)".prefix(120))))
        }
        let start = RealtimeStart(
            time: time, model: session.modelName,
            instructions: Instructions(text: instructions, tokens: script.instructionsTokens(for: instructions)),
            audio: setup.audio)
        let outputs = session.start(start)
        realtime = session
        isSetUp = true
        var reply = Reply(messages: [.object([("setupComplete", .object([]))])])
        reply.messages += feed(outputs)
        return reply
    }

    // MARK: Audio and activity

    private mutating func realtimeInput(_ body: JSONValue, at time: Double) -> Reply {
        guard case .object = body else {
            return Self.invalid("Invalid JSON payload received. realtimeInput must be an object.")
        }
        var reply = Reply()
        var blobs: [JSONValue] = []
        if let audio = body["audio"] { blobs.append(audio) }
        blobs += body["mediaChunks"]?.arrayValue ?? []
        for blob in blobs {
            let mime = blob["mimeType"]?.stringValue ?? ""
            guard mime.hasPrefix("audio/") else { continue }  // video frames and images are not billed here
            let rate = Self.rate(of: mime)
            guard mime.hasPrefix("audio/pcm"), rate == Self.inputSampleRate else {
                return Self.invalid(
                    "Unsupported audio '\(mime.prefix(40))': agentsim serve takes audio/pcm;rate=16000 "
                        + "(PCM16 mono).")
            }
            guard let base64 = blob["data"]?.stringValue, let bytes = Self.base64Bytes(base64), bytes.count % 2 == 0
            else {
                return Self.invalid(
                    "Invalid value at 'realtime_input.audio.data': expected base64 PCM16 (an even byte count).")
            }
            guard stretch.count + bytes.count / 2 <= Self.maxStretchSeconds * Self.inputSampleRate else {
                return Reply(
                    close: Close(code: 1011, reason: "The user's turn exceeded \(Self.maxStretchSeconds) s of audio."))
            }
            reply.messages += audio(PCM16.samples(bytes), at: time)
        }
        if body["activityStart"] != nil {
            // Audio before the activity (silence between turns) is heard on its own.
            reply.messages += closeStretch(at: time, respond: false)
            inActivity = true
            stretchIsActivity = true
        }
        if body["activityEnd"] != nil {
            let wasActive = inActivity
            inActivity = false
            reply.messages += closeStretch(at: time, respond: wasActive)
            answeredActivityEnd = wasActive
        }
        if body["audioStreamEnd"]?.boolValue == true {
            reply.messages += closeStretch(at: time, respond: true)
        }
        if let text = body["text"]?.stringValue, !text.isEmpty {
            // Realtime text: a typed user turn, answered like a spoken one (no audio to bill).
            answeredActivityEnd = false
            reply.messages += respond(transcript: nil, at: time)
        }
        return reply
    }

    /// Base64 in either alphabet, padded or not: proto3 JSON writes bytes as standard base64 and reads URL-safe too
    /// (google-genai's pydantic models send the URL-safe form).
    static func base64Bytes(_ text: String) -> Data? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        if standard.count % 4 != 0 { standard += String(repeating: "=", count: 4 - standard.count % 4) }
        return Data(base64Encoded: standard)
    }

    /// `audio/pcm;rate=N` → N (16 kHz when no rate is given, as Gemini assumes).
    static func rate(of mime: String) -> Int? {
        let parts = mime.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        for part in parts.dropFirst() where part.hasPrefix("rate=") {
            return Int(part.dropFirst(5))
        }
        return inputSampleRate
    }

    /// Appends received samples to the stretch; under automatic detection, ends the turn where speech stops.
    private mutating func audio(_ samples: [Int16], at time: Double) -> [JSONValue] {
        answeredActivityEnd = false
        guard var detector = vad, !inActivity else {
            stretch += samples
            received += samples.count
            return []
        }
        var messages: [JSONValue] = []
        for sample in samples {
            stretch.append(sample)
            received += 1
            for boundary in detector.feed(CollectionOfOne(sample)) {
                switch boundary {
                case .speechStarted:
                    stretchHasSpeech = true
                case .speechStopped:
                    vad = detector
                    messages += closeStretch(at: time, respond: true)
                }
            }
        }
        vad = detector
        return messages
    }

    /// Ends the current stretch: it joins the context (the user's next utterance if it holds speech or was marked
    /// as activity, else silence); an utterance is answered when `respond` is set.
    private mutating func closeStretch(at time: Double, respond: Bool) -> [JSONValue] {
        let isTurn = stretchHasSpeech || stretchIsActivity
        let samples = stretch
        stretch = []
        stretchHasSpeech = false
        stretchIsActivity = inActivity
        vad?.reset()
        guard !samples.isEmpty || isTurn, realtime != nil else { return [] }
        let rate = Self.inputSampleRate
        let seconds = Double(samples.count) / Double(rate)
        var text: String?, textTokens: Int?
        if isTurn {
            while nextUserTurn < script.userTurns.count, script.userTurns[nextUserTurn].isSilence { nextUserTurn += 1 }
            if nextUserTurn < script.userTurns.count {
                text = script.userTurns[nextUserTurn].text
                textTokens = script.userTurns[nextUserTurn].textTokens
                nextUserTurn += 1
            }
        }
        let frameSamples = max(1, rate * script.scenario.session.audio.frameMilliseconds / 1000)
        let audio = UserAudio(
            text: text, textTokens: textTokens, seconds: seconds,
            packets: (samples.count + frameSamples - 1) / frameSamples, bytes: samples.count * 2,
            isSilence: !isTurn, isRecording: false)
        var outputs = realtime!.hear(
            RealtimeUserAudio(
                start: max(0, time - seconds), time: time, turn: nil, audio: audio,
                pcm: PCMAudio(sampleRate: rate, samples: samples)))
        if isTurn { outputs += realtime!.commit(RealtimeCommit(time: time, turn: nil, audio: audio)) }
        var messages = feed(outputs)
        if isTurn && respond { messages += self.respond(transcript: text, at: time) }
        return messages
    }

    // MARK: Content

    private mutating func clientContent(_ body: JSONValue, at time: Double) -> Reply {
        guard case .object = body else {
            return Self.invalid("Invalid JSON payload received. clientContent must be an object.")
        }
        let turns = body["turns"]?.arrayValue ?? []
        let complete = body["turnComplete"]?.boolValue ?? false
        var reply = Reply()
        for turn in turns {
            let text = (turn["parts"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined()
            let role = turn["role"]?.stringValue ?? "user"
            // LiveKit changes instructions mid-session with a model (Vertex: system) turn holding the new text;
            // the scenario's instructions are recognised and replace the old ones.
            if role != "user", !text.isEmpty, script.isInstructions(text), realtime != nil {
                reply.messages += feed(
                    realtime!.updateInstructions(
                        RealtimeInstructions(
                            time: time, turn: nil,
                            instructions: Instructions(text: text, tokens: script.instructionsTokens(for: text)))))
            }
            // Other text turns (a chat-context sync, a reply placeholder) join the conversation without a bill of
            // their own: the plugin contract bills the scenario's turns.
        }
        if complete {
            if answeredActivityEnd {
                // The client completing the turn it just ended with activityEnd: already answered.
                answeredActivityEnd = false
            } else {
                reply.messages += closeStretch(at: time, respond: false)
                reply.messages += respond(transcript: nil, at: time)
            }
        }
        return reply
    }

    private mutating func toolResponse(_ body: JSONValue, at time: Double) -> Reply {
        guard let responses = body["functionResponses"]?.arrayValue else {
            return Self.invalid("Invalid JSON payload received. toolResponse.functionResponses must be a list.")
        }
        answeredActivityEnd = false
        var reply = Reply()
        var answered = false
        for response in responses {
            let id = response["id"]?.stringValue ?? ""
            let name = response["name"]?.stringValue ?? ""
            let key = toolCalls[id] != nil ? id : toolCalls.first { $0.value.name == name }?.key
            guard let key, let scripted = toolCalls.removeValue(forKey: key) else { continue }
            let value = response["response"]
            let output: String =
                value?["output"]?.stringValue ?? value?["error"]?.stringValue ?? value?.compactString() ?? ""
            let call = ToolCall(
                name: scripted.name, arguments: scripted.arguments, result: output,
                argumentsTokens: scripted.argumentsTokens,
                resultTokens: scripted.result == output ? scripted.resultTokens : nil)
            reply.messages += feed(realtime!.toolResult(RealtimeToolResult(time: time, turn: nil, call: call)))
            answered = true
        }
        // A BLOCKING call's response lets the model go on: the scenario's next agent turn.
        if answered, toolCalls.isEmpty { reply.messages += respond(transcript: nil, at: time) }
        return reply
    }

    // MARK: Responses

    /// Serves the scenario's next agent turn: the user's transcript, the reply's audio and transcript,
    /// `generationComplete`, then the plugin's `turnComplete` and `usageMetadata` (or the tool call).
    private mutating func respond(transcript: String?, at time: Double) -> [JSONValue] {
        guard nextAgentTurn < script.agentTurns.count, realtime != nil else { return [] }
        let turn = script.agentTurns[nextAgentTurn]
        nextAgentTurn += 1
        let index = responses
        responses += 1
        let start = ResponseStart(index: index, createdAt: time)
        var messages: [JSONValue] = []
        messages += feed(realtime!.startResponse(RealtimeResponseStart(time: time, turn: nil, response: start)))
        if inputTranscription, let transcript, !transcript.isEmpty {
            messages.append(serverContent([("inputTranscription", .object([("text", .string(transcript))]))]))
        }
        let content: ResponseDone.Content
        switch turn {
        case let .speech(speech):
            messages += feed(realtime!.responseAudio(RealtimeResponseAudio(time: time, turn: nil, response: start)))
            messages += modelTurn(speech)
            messages.append(serverContent([("generationComplete", true)]))
            content = .speech(
                SpokenReply(
                    text: speech.text, textTokens: speech.textTokens, generatedSeconds: speech.seconds,
                    playedSeconds: speech.seconds, interruptedAfter: nil, packets: speech.packets,
                    playedPackets: speech.packets))
        case let .toolCall(call):
            content = .toolCall(call)
        }
        let done = ResponseDone(
            start: start, content: content, firstAudioAt: content.isSpeech ? time : nil, doneAt: time)
        let outputs = realtime!.finishResponse(RealtimeResponseDone(time: time, turn: nil, done: done))
        if case let .toolCall(call) = turn {
            for output in outputs {
                if let id = output.payload?.json["toolCall"]?["functionCalls"]?.arrayValue?.first?["id"]?.stringValue {
                    toolCalls[id] = call
                }
            }
        }
        messages += feed(outputs)
        return messages
    }

    /// The reply's audio in 100 ms `modelTurn` parts, its transcript in one `outputTranscription` per word spread over
    /// them.
    private func modelTurn(_ speech: ServeScript.AgentSpeech) -> [JSONValue] {
        var messages: [JSONValue] = []
        let words = speech.text.split(separator: " ").map(String.init)
        let chunks = max(1, speech.chunks.count)
        var nextWord = 0
        for chunk in 0..<chunks {
            if chunk < speech.chunks.count {
                let part = JSONValue.object([
                    (
                        "inlineData",
                        .object([
                            ("mimeType", .string("audio/pcm;rate=\(Self.outputSampleRate)")),
                            ("data", .string(speech.chunks[chunk])),
                        ])
                    )
                ])
                messages.append(serverContent([("modelTurn", .object([("parts", .array([part]))]))]))
            }
            let due = chunk == chunks - 1 ? words.count : words.count * (chunk + 1) / chunks
            guard outputTranscription else { continue }
            while nextWord < due {
                let text = nextWord == 0 ? words[nextWord] : " " + words[nextWord]
                messages.append(serverContent([("outputTranscription", .object([("text", .string(text))]))]))
                nextWord += 1
            }
        }
        return messages
    }

    private func serverContent(_ fields: [(String, JSONValue)]) -> JSONValue {
        .object([("serverContent", .object(fields))])
    }

    // MARK: The plugin's reports

    /// Records the plugin's reports in the oracle and returns their messages for the wire.
    private mutating func feed(_ outputs: [ProviderOutput]) -> [JSONValue] {
        var messages: [JSONValue] = []
        for produced in outputs {
            for metrics in produced.metrics { totals.collect(metrics) }
            guard let json = produced.payload?.json else { continue }
            if json["usageMetadata"] != nil { payloads.append(json) }
            messages.append(json)
        }
        return messages
    }

    /// The session clock, never running backwards.
    private mutating func clock(_ now: Double) -> Double {
        lastTime = max(lastTime, SessionClock.microseconds(now))
        return lastTime
    }
}

extension ServeScript {
    /// Whether `text` is the scenario's session instructions or an `instructions` turn's.
    func isInstructions(_ text: String) -> Bool {
        if text == scenario.session.instructions { return true }
        return steps.contains { step in
            if case let .instructions(turnText, _) = step { return turnText == text }
            return false
        }
    }
}
