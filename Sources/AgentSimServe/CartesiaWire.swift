import AgentSimAudio
import AgentSimCore
import AgentSimJSON
import Foundation
import HummingbirdWebSocket
import NIOCore
import Synchronization

/// Cartesia's `/tts/websocket` for a pipeline scenario whose TTS is `cartesia`, as LiveKit 1.8.9's `cartesia.TTS`
/// speaks it: per reply a context (`context_id`), one message per sentence (`transcript`, `continue: true`, the
/// model, voice and `output_format` with each), then `transcript: " "` with `continue: false`. The context's first
/// text opens the segment: the scenario's next spoken agent turn whose text it begins. The Cartesia plugin session
/// gives the messages (a `chunk` per sentence with its `timestamps`, at the scenario's pace: first audio `tts_ttfb`
/// after the first text, frames as fast as they play, then `done`); serve puts the turn's real audio in the chunks
/// (raw `pcm_s16le` at the `sample_rate` asked for) and sends each once its sentence's text has arrived. `done`
/// follows the last audio once the client has ended the context (`continue: false`), as LiveKit ends the segment
/// only on `done` after its input closed.
///
/// A reply the scenario's barge-in cuts before its last frame gets its audio up to the cut, then waits for the
/// client to abandon the context (LiveKit's pool drops the socket of a cancelled stream; or a newer context) before
/// billing it cut; after ``ElevenLabsWire/holdSeconds`` it runs on to its end. Errors are Cartesia's own message:
/// `{type: "error", status_code, error, done: true, context_id}`.
struct CartesiaWire {
    let session: PipelineServeSession

    final class Contexts: Sendable {
        struct Context: Sendable {
            var text = ""
            var opened = false
            var closed = false
            var closedAt: Double?
            var cancelled = false
        }
        struct State: Sendable {
            var contexts: [String: Context] = [:]
            var started = 0
            var socketClosed = false
        }
        let state = Mutex(State())
    }

    static func error(_ message: String, status: Int = 400, contextID: String? = nil) -> String {
        JSONValue.object([
            ("type", "error"), ("status_code", .int(status)), ("error", .string(message)), ("done", true),
            ("context_id", contextID.map { .string($0) } ?? .null),
        ]).compactString()
    }

    func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let contexts = Contexts()
        let session = session
        try await withThrowingTaskGroup(of: Void.self) { group in
            defer { contexts.state.withLock { $0.socketClosed = true } }
            for try await message in inbound.messages(maxSize: ServeServer.maxFrameSize) {
                guard case let .text(text) = message, let json = try? JSONValue.parse(text), case .object = json else {
                    try await outbound.write(.text(Self.error("Invalid message: expected a JSON object.")))
                    continue
                }
                guard let id = json["context_id"]?.stringValue, !id.isEmpty else {
                    try await outbound.write(.text(Self.error("Missing required field: context_id.")))
                    continue
                }
                if let model = json["model_id"]?.stringValue, model != session.script.models.tts {
                    try await outbound.write(
                        .text(
                            Self.error(
                                "Invalid model_id '\(model)': this scenario's TTS is \(session.script.models.tts).",
                                contextID: id)))
                    continue
                }
                if json["cancel"]?.boolValue == true {
                    contexts.state.withLock { $0.contexts[id]?.cancelled = true }
                    continue
                }
                if let format = json["output_format"],
                    format["container"]?.stringValue != "raw"
                        || format["encoding"]?.stringValue != "pcm_s16le"
                        || !(8_000...48_000).contains(format["sample_rate"]?.intValue ?? 0)
                {
                    try await outbound.write(
                        .text(
                            Self.error(
                                "agentsim serve sends raw pcm_s16le at 8000 to 48000 Hz only; got "
                                    + format.compactString(), contextID: id)))
                    continue
                }
                let rate = json["output_format"]?["sample_rate"]?.intValue ?? ServeScript.wireSampleRate
                let piece = json["transcript"]?.stringValue ?? ""
                let ends = json["continue"]?.boolValue == false
                let now = session.now
                let opens = contexts.state.withLock { state -> Bool in
                    var context = state.contexts[id] ?? Contexts.Context()
                    context.text += piece
                    if ends, !context.closed {
                        context.closed = true
                        context.closedAt = now
                    }
                    var opens = false
                    if !context.opened, !context.text.allSatisfy(\.isWhitespace) {
                        context.opened = true
                        state.started += 1
                        opens = true
                    }
                    state.contexts[id] = context
                    return opens
                }
                guard opens else { continue }
                guard let pick = session.ttsTurn(startingWith: piece), let speech = pick.agent.speech else {
                    try await outbound.write(
                        .text(
                            Self.error(
                                "The scenario has no spoken agent turn left for this context.", contextID: id)))
                    continue
                }
                let generation = contexts.state.withLock { $0.started }
                group.addTask {
                    try await Self.speak(
                        id, turn: pick.agent.turn, segment: pick.segment, speech: speech, generation: generation,
                        rate: rate, session: session, contexts: contexts, outbound: outbound)
                }
            }
            contexts.state.withLock { $0.socketClosed = true }
            try await group.waitForAll()
        }
    }

    /// Sends one context's chunks, timestamps and done at the scenario's pace, then bills it.
    static func speak(
        _ id: String, turn: Int, segment index: Int, speech: ServeScript.AgentSpeech, generation: Int, rate: Int,
        session: PipelineServeSession, contexts: Contexts, outbound: WebSocketOutboundWriter
    ) async throws {
        let timing = session.timing
        let textAt = session.now
        let firstFrame = SessionClock.microseconds(textAt + timing.ttsTTFB)
        let lastFrame = SessionClock.microseconds(firstFrame + speech.seconds / timing.ttsRealtimeFactor)
        var segment = TTSSegment(
            index: index, turn: turn, speechID: "", text: speech.text, textAt: textAt, firstFrameAt: firstFrame,
            lastFrameAt: lastFrame, generatedSeconds: speech.seconds, packets: speech.packets,
            playedSeconds: speech.playedSeconds)
        var holdAt: Double?
        if speech.interruptedAfter != nil {
            let cut = SessionClock.microseconds(firstFrame + speech.playedSeconds)
            if cut < lastFrame { holdAt = cut }
        }
        let plan = session.ttsPlan(segment).filter { $0.payload != nil }
        let chunks = SpeechText.audioPlan(
            SpeechText.sentences(speech.text), generatedMs: Int64((speech.seconds * 1000).rounded()),
            firstFrame: firstFrame, lastFrame: lastFrame)
        let audio = ElevenLabsWire.pcm(speech, text: speech.text, seed: session.script.scenario.seed, rate: rate)
        let sentences = SpeechText.sentences(speech.text)
        var ends: [Int] = []
        for k in sentences.indices {
            ends.append(PipelineScript.normalized(sentences[0...k].joined(separator: " ")).count)
        }
        func received() -> (count: Int, closed: Bool, abandoned: Bool) {
            contexts.state.withLock { state in
                let context = state.contexts[id] ?? Contexts.Context()
                return (
                    PipelineScript.normalized(context.text).count, context.closed,
                    state.socketClosed || state.started > generation || context.cancelled
                )
            }
        }
        var cut: Double?
        var chunk = 0
        var done: ProviderOutput?
        outer: for output in plan {
            guard let payload = output.payload else { continue }
            if payload.type == "done" {
                done = output
                break
            }
            if let hold = holdAt, output.time >= hold {
                try await session.wait(until: hold)
                let deadline = ContinuousClock.now + .milliseconds(Int(ElevenLabsWire.holdSeconds * 1000))
                while ContinuousClock.now < deadline {
                    if received().abandoned {
                        cut = hold
                        break outer
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
                holdAt = nil
            }
            var json = payload.json
            if payload.type == "chunk" {
                // Wait for the sentence's text (or the context's end), and for the chunk's time.
                while true {
                    let state = received()
                    if state.abandoned {
                        cut = max(session.now, textAt)
                        break outer
                    }
                    if state.closed || chunk >= ends.count || state.count >= ends[chunk] { break }
                    try await Task.sleep(for: .milliseconds(10))
                }
                let part = chunk < chunks.count ? chunks[chunk] : nil
                let from = min(audio.count, Int(part?.startMs ?? 0) * rate / 1000)
                let to = min(audio.count, Int((part?.startMs ?? 0) + (part?.durationMs ?? 0)) * rate / 1000)
                json = Self.with(json, data: PCM16.base64(audio[min(from, to)..<to]), contextID: id)
                chunk += 1
            } else {
                json = Self.with(json, data: nil, contextID: id)
            }
            try await session.wait(until: output.time)
            try await outbound.write(.text(json.compactString()))
        }
        if cut == nil {
            // done once the client has ended the context and the last frame is due.
            while true {
                let state = received()
                if state.abandoned && !state.closed {
                    cut = max(session.now, textAt)
                    break
                }
                if state.closed { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            if cut == nil, let done {
                try await session.wait(until: done.time)
                try await outbound.write(.text(Self.with(done.payload!.json, data: nil, contextID: id).compactString()))
            }
        }
        segment.text = contexts.state.withLock { PipelineScript.normalized($0.contexts[id]?.text ?? "") }
        segment.flushedAt = contexts.state.withLock { $0.contexts[id]?.closedAt }
        segment.cutAt = cut
        if let cut, cut >= lastFrame { segment.cutAt = nil }
        session.ttsFinish(segment)
    }

    /// The plugin's message with real audio (a chunk) and the client's context id.
    static func with(_ json: JSONValue, data: String?, contextID: String) -> JSONValue {
        guard case let .object(pairs) = json else { return json }
        return .object(
            pairs.map { key, value in
                switch key {
                case "data": return (key, data.map { .string($0) } ?? value)
                case "context_id": return (key, .string(contextID))
                default: return (key, value)
                }
            })
    }
}
