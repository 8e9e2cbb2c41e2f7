import AgentSimAudio
import AgentSimCore
import AgentSimJSON
import Foundation
import HummingbirdWebSocket
import NIOCore
import Synchronization

/// ElevenLabs' `multi-stream-input` websocket for a pipeline scenario whose TTS is `elevenlabs`: one context per
/// spoken reply, each the scenario's next agent turn (the one whose text the context's first text begins). The
/// ElevenLabs plugin session gives the messages (one per sentence, with its alignment, at the scenario's pace:
/// first audio `tts_ttfb` after the first text, frames as fast as they play); serve puts the turn's real audio in
/// them (PCM16 at the `pcm_*` rate the client asks for) and the client's context id, and sends each once its
/// sentence's text has arrived. `isFinal` follows the last audio once the client has closed the context.
///
/// A reply the scenario's barge-in cuts before its last frame gets its audio up to the cut, then waits for the
/// client to abandon the context (a newer context, or the socket's close) before billing it cut (LiveKit then reports
/// it only if the client had closed the context, its text flushed, before the barge-in); after ``holdSeconds`` it
/// runs on to its end.
public struct ElevenLabsWire {
    /// The connection's path and query.
    public struct Options: Sendable {
        public var voice: String
        public var model: String?
        public var outputFormat = "mp3_22050_32"

        public init(voice: String, query: String) {
            self.voice = voice
            for pair in query.split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
                guard kv.count == 2 else { continue }
                switch kv[0] {
                case "model_id": model = kv[1]
                case "output_format": outputFormat = kv[1]
                default: break
                }
            }
        }

        /// The PCM rate asked for (`pcm_24000`), or nil for another format.
        var pcmRate: Int? {
            let parts = outputFormat.split(separator: "_")
            guard parts.count == 2, parts[0] == "pcm", let rate = Int(parts[1]), (8_000...48_000).contains(rate)
            else { return nil }
            return rate
        }
    }

    /// The voice of `/v1/text-to-speech/{voice}/multi-stream-input`, or nil for another path.
    static func voice(inPath path: String) -> String? {
        let parts = path.split(separator: "/").map(String.init)
        let rest = parts.first == "v1" ? Array(parts.dropFirst()) : parts
        guard rest.count == 3, rest[0] == "text-to-speech", rest[2] == "multi-stream-input" else { return nil }
        return rest[1]
    }

    /// How long a cut reply waits for the client to abandon it (wall seconds; LiveKit's own wait is 10 s).
    static let holdSeconds = 8.0

    let session: PipelineServeSession
    let options: Options

    /// What the reader has seen of each context, shared with the tasks that send its audio.
    final class Contexts: Sendable {
        struct Context: Sendable {
            var text = ""
            var opened = false
            var closed = false
            /// When the client closed the context (its text input ended), on the session clock.
            var closedAt: Double?
        }
        struct State: Sendable {
            var contexts: [String: Context] = [:]
            var started = 0
            var socketClosed = false
        }
        let state = Mutex(State())
    }

    func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        guard let rate = options.pcmRate else {
            try await outbound.write(
                .text(
                    JSONValue.object([
                        (
                            "message",
                            .string(
                                "agentsim serve sends PCM only: ask for output_format=pcm_16000, pcm_22050, "
                                    + "pcm_24000 or pcm_44100; got \(options.outputFormat)")
                        ),
                        ("error", "invalid_output_format"), ("code", 1008),
                    ]).compactString()))
            try await outbound.close(.policyViolation, reason: "unsupported output_format")
            return
        }
        if let model = options.model, model != session.script.models.tts {
            // ElevenLabs' refusal of a model_id it does not have: its error message, then a policy-violation close.
            try await outbound.write(
                .text(
                    JSONValue.object([
                        ("message", .string("A model with model ID \(model.prefix(64)) does not exist.")),
                        ("error", "model_not_found"), ("code", 1008),
                    ]).compactString()))
            try await outbound.close(.policyViolation, reason: "model_not_found")
            return
        }
        let contexts = Contexts()
        let session = session
        try await withThrowingTaskGroup(of: Void.self) { group in
            defer { contexts.state.withLock { $0.socketClosed = true } }
            for try await message in inbound.messages(maxSize: ServeServer.maxFrameSize) {
                guard case let .text(text) = message, let json = try? JSONValue.parse(text), case .object = json else {
                    try await outbound.write(
                        .text(
                            JSONValue.object([
                                ("message", "Expected a JSON object with text and context_id."),
                                ("error", "invalid_message"), ("code", 1008),
                            ]).compactString()))
                    continue
                }
                if json["close_socket"]?.boolValue == true { break }
                let id = json["context_id"]?.stringValue ?? json["contextId"]?.stringValue ?? ""
                if json["close_context"]?.boolValue == true {
                    let now = session.now
                    contexts.state.withLock {
                        $0.contexts[id]?.closed = true
                        if $0.contexts[id]?.closedAt == nil { $0.contexts[id]?.closedAt = now }
                    }
                    continue
                }
                guard let piece = json["text"]?.stringValue else { continue }
                // The first text that says something opens the segment.
                let opens = contexts.state.withLock { state -> Bool in
                    var context = state.contexts[id] ?? Contexts.Context()
                    let isNew = state.contexts[id] == nil
                    if piece != " " || !isNew { context.text += piece }
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
                            JSONValue.object([
                                ("message", "The scenario has no spoken agent turn left for this context."),
                                ("error", "scenario_finished"), ("contextId", .string(id)),
                            ]).compactString()))
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

    /// Sends one context's audio and final message at the scenario's pace, then bills it.
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
        let audio = Self.pcm(speech, text: speech.text, seed: session.script.scenario.seed, rate: rate)
        let sentences = SpeechText.sentences(speech.text)
        // Normalised characters up to the end of each sentence: a chunk goes once the text has arrived that far.
        var ends: [Int] = []
        for k in sentences.indices {
            ends.append(PipelineScript.normalized(sentences[0...k].joined(separator: " ")).count)
        }
        func received() -> (count: Int, closed: Bool, abandoned: Bool) {
            contexts.state.withLock { state in
                let context = state.contexts[id] ?? Contexts.Context()
                return (
                    PipelineScript.normalized(context.text).count, context.closed,
                    state.socketClosed || state.started > generation
                )
            }
        }
        var cut: Double?
        var startMs: Int64 = 0
        var sentence = 0
        var final: ProviderOutput?
        outer: for output in plan {
            guard let payload = output.payload else { continue }
            if payload.type == "isFinal" {
                final = output
                break
            }
            if let hold = holdAt, output.time >= hold {
                // The scenario's barge-in: wait for the client to abandon the context.
                try await session.wait(until: hold)
                let deadline = ContinuousClock.now + .milliseconds(Int(holdSeconds * 1000))
                while ContinuousClock.now < deadline {
                    if received().abandoned {
                        cut = hold
                        break outer
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
                holdAt = nil
            }
            // Wait for the sentence's text (or the context's close), and for the chunk's time.
            while true {
                let state = received()
                if state.abandoned {
                    cut = max(session.now, textAt)
                    break outer
                }
                if state.closed || sentence >= ends.count || state.count >= ends[sentence] { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            try await session.wait(until: output.time)
            let durationMs = Self.durationMs(payload.json)
            let from = Int(startMs) * rate / 1000
            let to = min(audio.count, Int(startMs + durationMs) * rate / 1000)
            startMs += durationMs
            sentence += 1
            let message = Self.withAudio(payload.json, PCM16.base64(audio[min(from, to)..<to]), contextID: id)
            try await outbound.write(.text(message.compactString()))
        }
        if cut == nil {
            // isFinal once the client has closed the context and the last frame is due.
            while true {
                let state = received()
                if state.abandoned && !state.closed {
                    cut = max(session.now, textAt)
                    break
                }
                if state.closed { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            if cut == nil, let final {
                try await session.wait(until: final.time)
                try await outbound.write(.text(Self.withAudio(final.payload!.json, nil, contextID: id).compactString()))
            }
        }
        segment.text = contexts.state.withLock { PipelineScript.normalized($0.contexts[id]?.text ?? "") }
        segment.flushedAt = contexts.state.withLock { $0.contexts[id]?.closedAt }
        segment.cutAt = cut
        if let cut, cut >= lastFrame { segment.cutAt = nil }
        session.ttsFinish(segment)
    }

    /// The turn's audio at `rate`: its 24 kHz clip, or the same speech synthesised at `rate`, exactly its length.
    static func pcm(_ speech: ServeScript.AgentSpeech, text: String, seed: UInt64, rate: Int) -> [Int16] {
        if rate == ServeScript.wireSampleRate { return speech.pcm }
        let count = Int((speech.seconds * Double(rate)).rounded())
        let made = SpeechSynthesizer.synthesize(
            text: text, seconds: speech.seconds, seed: seed ^ ServeScript.agentVoice, sampleRate: rate)
        if made.count >= count { return Array(made.prefix(count)) }
        return made + [Int16](repeating: 0, count: count - made.count)
    }

    /// A chunk's audio length: where its alignment's last character ends.
    static func durationMs(_ json: JSONValue) -> Int64 {
        let alignment = json["alignment"] ?? json["normalizedAlignment"]
        let starts = alignment?["charStartTimesMs"]?.arrayValue ?? []
        let durations = alignment?["charDurationsMs"]?.arrayValue ?? []
        guard let start = starts.last?.intValue, let duration = durations.last?.intValue else { return 0 }
        return Int64(start + duration)
    }

    /// The plugin's message with real audio and the client's context id.
    static func withAudio(_ json: JSONValue, _ audio: String?, contextID: String) -> JSONValue {
        guard case let .object(pairs) = json else { return json }
        return .object(
            pairs.map { key, value in
                switch key {
                case "audio": return (key, audio.map { .string($0) } ?? value)
                case "contextId", "context_id": return (key, .string(contextID))
                default: return (key, value)
                }
            })
    }
}
