import AgentSimCore
import AgentSimJSON
import Foundation
import HummingbirdWebSocket
import NIOCore

/// OpenAI's realtime transcription websocket (`/v1/realtime?intent=transcription`) for a pipeline scenario whose STT
/// is `openai-stt` with `use_realtime: true`, as LiveKit 1.8.9's `openai.STT(use_realtime=True)` speaks it: a
/// `session.update` (transcription session: 24 kHz PCM16, the model, `server_vad`), then `input_audio_buffer.append`
/// events with base64 PCM16 at 24 kHz. The OpenAI STT plugin session builds the answers from what the socket really
/// carried: the audio's length (its samples) and the speech in it, found by an energy detector (``ServerVAD``).
///
/// Each stretch of speech is the scenario's next user turn, in order: once the detector has heard the silence that
/// ends it (the pipeline's `transcription_delay`, at least ``DeepgramWire/minimumSilence``), the plugin's
/// `input_audio_buffer.speech_started` / `speech_stopped` / `committed` (its server VAD's segment: `prefix_padding_ms`
/// before the speech, `silence_duration_ms` after), the transcript's deltas and the `completed` event with its
/// `usage` are sent. Times are the audio's own clock: seconds of audio received since the socket opened.
///
/// Errors are the Realtime API's `error` event (`{type: "error", error: {type, code, message, param, event_id}}`):
/// a message that is not a JSON object, an unknown event type, audio that is not base64, an unknown transcription
/// model (then the socket closes).
struct OpenAITranscriptionWire {
    let session: PipelineServeSession
    /// The model the client named on the upgrade URL, if any.
    let model: String?

    static let sampleRate = 24_000
    /// Transcription models the endpoint knows.
    static let models = ["gpt-4o-transcribe", "gpt-4o-mini-transcribe", "whisper-1", "gpt-4o-transcribe-latest"]

    /// Seconds from the start of user turn `turn`'s clip to where ``ServerVAD`` with `settings` first hears speech.
    static func onset(_ script: PipelineScript, turn: Int, settings: ServerVAD.Settings) -> Double {
        guard let pcm = script.userPCM(turn: turn) else { return 0 }
        let rate = script.script.inputSampleRate
        var vad = ServerVAD(settings: settings, sampleRate: rate)
        for event in vad.feed(pcm + [Int16](repeating: 0, count: rate)) {
            if case let .speechStarted(start) = event { return Double(start) / Double(rate) }
        }
        return 0
    }

    static func error(_ code: String, _ message: String, param: String? = nil, eventID: String? = nil) -> JSONValue {
        .object([
            ("type", "error"), ("event_id", .string("event_agentsim_error")),
            (
                "error",
                .object([
                    ("type", "invalid_request_error"), ("code", .string(code)), ("message", .string(message)),
                    ("param", param.map { .string($0) } ?? .null), ("event_id", eventID.map { .string($0) } ?? .null),
                ])
            ),
        ])
    }

    func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let rate = Self.sampleRate
        let connectedAt = session.now
        func send(_ outputs: [ProviderOutput]) async throws {
            for output in outputs {
                guard let payload = output.payload else { continue }
                try await outbound.write(.text(payload.json.compactString()))
            }
        }
        func refuse(_ event: JSONValue) async throws { try await outbound.write(.text(event.compactString())) }
        if let model, !Self.models.contains(model) {
            try await refuse(
                Self.error("invalid_model", "Model '\(model)' is not a transcription model.", param: "model"))
            try await outbound.close(.policyViolation, reason: "invalid model")
            return
        }
        try await send(session.sttConnect(at: connectedAt))
        var settings = ServerVAD.Settings()
        settings.prefixPaddingMilliseconds = 0
        settings.silenceDurationMilliseconds =
            Int(max(session.timing.transcriptionDelay, DeepgramWire.minimumSilence) * 1000)
        var vad = ServerVAD(settings: settings, sampleRate: rate)
        let silence = settings.silenceDurationMilliseconds * rate / 1000
        var received = 0
        var speech: (start: Double, user: (turn: Int, text: String?, textTokens: Int?, seconds: Double)?)?
        func clock(_ samples: Int) -> Double { SessionClock.microseconds(connectedAt + Double(samples) / Double(rate)) }
        func endSpeech(end: Double, at time: Double) async throws {
            guard let current = speech else { return }
            speech = nil
            vad.reset()
            guard let user = current.user else {
                try await refuse(
                    Self.error(
                        "scenario_finished",
                        "The scenario '\(session.script.scenario.name)' has no spoken user turn left for this speech."))
                return
            }
            let seconds = max(end - current.start, 0)
            let audio = UserAudio(
                text: user.text, textTokens: user.textTokens, seconds: seconds, packets: 0, bytes: 0,
                isSilence: false, isRecording: false)
            // The server VAD's segment (speech_started, speech_stopped, committed), then the transcript.
            try await send(session.sttHear(STTHeard(start: current.start, time: end, turn: user.turn, audio: audio)))
            try await send(
                session.sttTranscribe(
                    STTTranscript(
                        time: time, turn: user.turn, speechStart: current.start, speechEnd: end, text: user.text,
                        textTokens: user.textTokens, audio: audio, speechID: "")))
        }
        defer { _ = session.sttClose(at: clock(received)) }
        for try await message in inbound.messages(maxSize: ServeServer.maxFrameSize) {
            guard case let .text(text) = message else {
                try await refuse(
                    Self.error("invalid_request_error", "Binary messages are not supported; send JSON text events."))
                continue
            }
            guard let json = try? JSONValue.parse(text), case .object = json else {
                try await refuse(
                    Self.error("invalid_json", "The server could not parse the event: expected a JSON object."))
                continue
            }
            let eventID = json["event_id"]?.stringValue
            switch json["type"]?.stringValue {
            case "session.update", "transcription_session.update":
                let named =
                    json["session"]?["audio"]?["input"]?["transcription"]?["model"]?.stringValue
                    ?? json["session"]?["input_audio_transcription"]?["model"]?.stringValue
                if let named, !Self.models.contains(named) {
                    try await refuse(
                        Self.error(
                            "invalid_model", "Model '\(named)' is not a transcription model.",
                            param: "session.audio.input.transcription.model", eventID: eventID))
                    try await outbound.close(.policyViolation, reason: "invalid model")
                    return
                }
                var updated = JSONValue.object([
                    ("type", "session.updated"), ("event_id", "event_agentsim_session"),
                ])
                if let body = json["session"], case var .object(pairs) = updated {
                    pairs.append(("session", body))
                    updated = .object(pairs)
                }
                try await refuse(updated)
            case "input_audio_buffer.append":
                guard let encoded = json["audio"]?.stringValue, let data = Data(base64Encoded: encoded) else {
                    try await refuse(
                        Self.error(
                            "invalid_value", "Invalid 'audio': expected base64-encoded PCM16.", param: "audio",
                            eventID: eventID))
                    continue
                }
                let samples = PCM16.samples(data)
                guard !samples.isEmpty else { continue }
                let start = clock(received)
                received += samples.count
                try await send(
                    session.sttHear(
                        STTHeard(
                            start: start, time: clock(received), turn: nil,
                            audio: UserAudio(
                                text: nil, textTokens: nil, seconds: clock(received) - start, packets: 0,
                                bytes: samples.count * 2, isSilence: true, isRecording: false))))
                for event in vad.feed(samples) {
                    switch event {
                    case let .speechStarted(audioStart):
                        // The clip began before the detector heard it (a synthesised utterance's soft onset): its
                        // own onset, found by the same detector over the clip alone, puts the start where it was.
                        let user = session.nextUserTurn()
                        let lead = user.map { Self.onset(session.script, turn: $0.turn, settings: settings) } ?? 0
                        speech = (max(clock(audioStart) - lead, connectedAt), user)
                    case let .speechStopped(audioEnd):
                        // The utterance ends its clip's length after its start (the detector misses a soft tail).
                        let end =
                            speech.flatMap { s in s.user.map { s.start + $0.seconds } } ?? clock(audioEnd - silence)
                        try await endSpeech(end: SessionClock.microseconds(end), at: clock(audioEnd))
                    }
                }
            case "input_audio_buffer.commit":
                if vad.inSpeech { try await endSpeech(end: clock(received), at: clock(received)) }
            case "input_audio_buffer.clear":
                break
            default:
                try await refuse(
                    Self.error(
                        "invalid_request_error",
                        "Invalid value: '\(json["type"]?.stringValue ?? "")'. Supported values are: 'session.update', "
                            + "'input_audio_buffer.append', 'input_audio_buffer.commit', 'input_audio_buffer.clear'.",
                        param: "type", eventID: eventID))
            }
        }
    }
}
