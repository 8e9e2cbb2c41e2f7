import AgentSimCore
import AgentSimJSON
import Foundation
import HummingbirdWebSocket
import NIOCore

/// Deepgram's streaming `/v1/listen` websocket (and Flux's `/v2/listen`, whose `Connected` and `TurnInfo` messages the
/// Deepgram plugin gives for a flux model) for a pipeline scenario whose STT is `deepgram`: linear16 audio in
/// (the query's `sample_rate`, mono), Deepgram's messages out, built by the Deepgram plugin session from what the
/// socket really carried: the audio's length (its samples), and the speech in it, found by an energy detector.
///
/// Each stretch of speech is the scenario's next user turn, in order: when the detector has heard the silence that
/// ends it (the pipeline's `transcription_delay`, at least ``minimumSilence``), the plugin's `Results` (`is_final`,
/// `speech_final`, its words spread over the speech, `metadata.request_id`) carries the turn's text. `KeepAlive` is
/// read and ignored, `Finalize` ends speech in progress at once, `CloseStream` gets the closing `Metadata` and the
/// socket's close. Times are the audio's own clock: seconds of audio received since the socket opened.
public struct DeepgramWire {
    /// The connection's query (`encoding`, `sample_rate`, `channels`, `model`).
    public struct Options: Sendable {
        public var encoding = "linear16"
        public var sampleRate = 16_000
        public var channels = 1
        public var model: String?

        public init(query: String) {
            for pair in query.split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
                guard kv.count == 2 else { continue }
                switch kv[0] {
                case "encoding": encoding = kv[1]
                case "sample_rate": sampleRate = Int(kv[1]) ?? -1
                case "channels": channels = Int(kv[1]) ?? -1
                case "model": model = kv[1]
                default: break
                }
            }
        }

        /// Why the connection is refused, or nil: Deepgram's own 400 reasons for what serve cannot hear.
        var refusal: String? {
            guard encoding == "linear16" else {
                return "agentsim serve hears encoding=linear16 only (PCM16 little-endian); got encoding=\(encoding)"
            }
            guard (8_000...48_000).contains(sampleRate) else {
                return "sample_rate must be 8000 to 48000 Hz; got \(sampleRate)"
            }
            guard channels == 1 else { return "agentsim serve hears mono audio only (channels=1); got \(channels)" }
            return nil
        }
    }

    /// The shortest silence that ends an utterance: pauses between a synthesised utterance's words stay under it.
    public static let minimumSilence = 0.5

    let session: PipelineServeSession
    let options: Options

    func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        if let refusal = options.refusal {
            try await outbound.write(
                .text(JSONValue.object([("type", "Error"), ("description", .string(refusal))]).compactString()))
            try await outbound.close(.policyViolation, reason: "bad request")
            return
        }
        let rate = options.sampleRate
        let connectedAt = session.now
        let connectedWall = session.wallNow
        /// When the socket closes: Deepgram bills its lifetime, which a driver faster than real time cannot make
        /// longer than its wall seconds; the audio pushed counts at the room's pace.
        func closing() -> Double {
            max(clock(received), SessionClock.microseconds(connectedAt + session.wallNow - connectedWall))
        }
        func send(_ outputs: [ProviderOutput]) async throws {
            for output in outputs {
                guard let payload = output.payload else { continue }
                try await outbound.write(.text(payload.json.compactString()))
            }
        }
        try await send(session.sttConnect(at: connectedAt))
        var settings = ServerVAD.Settings()
        settings.prefixPaddingMilliseconds = 0
        settings.silenceDurationMilliseconds = Int(max(session.timing.transcriptionDelay, Self.minimumSilence) * 1000)
        var vad = ServerVAD(settings: settings, sampleRate: rate)
        let silence = settings.silenceDurationMilliseconds * rate / 1000
        var received = 0
        var pending: [UInt8] = []
        var speech: (start: Double, user: (turn: Int, text: String?, textTokens: Int?, seconds: Double)?)?
        var closed = false
        func clock(_ samples: Int) -> Double { SessionClock.microseconds(connectedAt + Double(samples) / Double(rate)) }
        func endSpeech(end: Double, at time: Double) async throws {
            guard let current = speech else { return }
            speech = nil
            vad.reset()
            guard let user = current.user else { return }
            let seconds = max(end - current.start, 0)
            try await send(
                session.sttTranscribe(
                    STTTranscript(
                        time: time, turn: user.turn, speechStart: current.start, speechEnd: end, text: user.text,
                        textTokens: user.textTokens,
                        audio: UserAudio(
                            text: user.text, textTokens: user.textTokens, seconds: seconds, packets: 0, bytes: 0,
                            isSilence: false, isRecording: false), speechID: "")))
        }
        defer { if !closed { _ = session.sttClose(at: closing()) } }
        for try await message in inbound.messages(maxSize: ServeServer.maxFrameSize) {
            switch message {
            case let .binary(buffer):
                pending += Array(buffer: buffer)
                let whole = pending.count / 2 * 2
                let samples = PCM16.samples(Data(pending[0..<whole]))
                pending.removeFirst(whole)
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
                        let t = clock(audioStart)
                        let user = session.nextUserTurn()
                        speech = (t, user)
                        if let user {
                            try await send(
                                session.sttHear(
                                    STTHeard(
                                        start: t, time: t, turn: user.turn,
                                        audio: UserAudio(
                                            text: user.text, textTokens: user.textTokens, seconds: 0, packets: 0,
                                            bytes: 0, isSilence: false, isRecording: false))))
                        }
                    case let .speechStopped(audioEnd):
                        try await endSpeech(end: clock(audioEnd - silence), at: clock(audioEnd))
                    }
                }
            case let .text(text):
                let type = (try? JSONValue.parse(text))?["type"]?.stringValue
                switch type {
                case "KeepAlive":
                    break
                case "Configure":
                    // Flux's in-band options update (stt_v2.py): accepted, nothing serve plays depends on it.
                    try await outbound.write(.text(#"{"type":"ConfigureSuccess"}"#))
                case "Finalize":
                    if vad.inSpeech { try await endSpeech(end: clock(received), at: clock(received)) }
                case "CloseStream":
                    if vad.inSpeech { try await endSpeech(end: clock(received), at: clock(received)) }
                    closed = true
                    try await send(session.sttClose(at: closing()))
                    try await outbound.close(.normalClosure, reason: nil)
                    return
                default:
                    // Deepgram's SchemaError: a client text message it could not parse, echoed in `message`.
                    try await outbound.write(
                        .text(
                            JSONValue.object([
                                ("type", "Error"), ("variant", "SchemaError"),
                                (
                                    "description",
                                    .string(
                                        "Unknown control message; expected KeepAlive, Finalize or CloseStream, got "
                                            + String(text.prefix(64)))
                                ),
                                ("message", .string(String(text.prefix(1024)))),
                            ]).compactString()))
                }
            }
        }
    }
}
