import AgentSimCore
import AgentSimJSON
import Foundation
import HTTPTypes
import Hummingbird
import LiveKitMetrics
import NIOCore
import Synchronization

/// OpenAI's speech endpoint (`POST /v1/audio/speech`) for a pipeline scenario whose TTS is `openai-tts`, as LiveKit
/// 1.8.9's `openai.TTS` calls it through `StreamAdapter`: one request per sentence of a reply, each a
/// `ChunkedStream`. The first sentence of a reply opens a segment (the scenario's next spoken agent turn whose text
/// it begins); the OpenAI TTS plugin's own plan for that segment gives each request its audio share, its first
/// byte's latency, its length and, on gpt-4o-mini-tts, its `speech.audio.delta` and `speech.audio.done` (with
/// `usage`) events; serve sends them as server-sent events (`stream_format: sse`), or the raw audio alone on tts-1
/// and tts-1-hd, always real PCM16 at 24 kHz (`response_format: pcm`, the one format serve speaks). A request the
/// client drops before its stream ends (a barge-in) bills the segment cut there, as the plugin bills a cancelled
/// ChunkedStream; its later sentences are never asked for.
///
/// Errors are OpenAI's own shape and status: a body that is not JSON, an `input` over 4,096 characters or a format
/// other than `pcm` (400), an unknown model (404), a body over ``PipelineServer/maxBodyBytes`` (413).
struct OpenAITTSWire {
    let server: PipelineServer
    let route: PipelineServer.Route

    /// OpenAI's limit on `input` (characters).
    static let maxInputCharacters = 4096
    /// The models the speech endpoint knows; tts-1 and tts-1-hd stream raw audio, the others SSE.
    static let models = ["tts-1", "tts-1-hd", "gpt-4o-mini-tts"]
    static let rawModels: Set<String> = ["tts-1", "tts-1-hd"]

    /// One request of a segment's plan, from the TTS plugin's outputs for it.
    struct Part: Sendable {
        var text: String
        /// The request's share of the reply's audio, on the segment's timeline (ms from the reply's start).
        var audioStartMs: Int64
        var audioMs: Int64
        /// Its first byte's latency and its stream's length after it is sent (seconds; ttfb < 0: no audio).
        var ttfb: Double
        var duration: Double
        /// When the plan sends it (segment clock).
        var sentAt: Double
        /// The SSE events (gpt-4o-mini-tts): the audio delta and the closing `speech.audio.done`.
        var delta: ProviderPayload?
        var done: ProviderPayload?
    }

    /// The segment being spoken and the requests served for it, shared by the session's requests.
    final class Store: Sendable {
        struct Segment: Sendable {
            var segment: TTSSegment
            var speech: ServeScript.AgentSpeech
            var parts: [Part]
            var next = 0
            var billed = false
        }
        let state = Mutex<Segment?>(nil)

        init() {}
    }

    func respond(to request: Request) async -> Response {
        guard let script = route.script else {
            return ChatCompletionsWire.error(.notFound, server.unknownScenario(route), code: "invalid_scenario")
        }
        guard let body = await PipelineServer.body(of: request) else {
            return ChatCompletionsWire.tooLarge()
        }
        guard let json = try? JSONValue.parse(bytes: Array(buffer: body)), case .object = json else {
            return ChatCompletionsWire.error(
                .badRequest,
                "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your "
                    + "HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid "
                    + "JSON.)")
        }
        guard let model = json["model"]?.stringValue else {
            return ChatCompletionsWire.noModel()
        }
        guard Self.models.contains(model), model == script.models.tts else {
            return ChatCompletionsWire.unknownModel(model)
        }
        guard let input = json["input"]?.stringValue else {
            return ChatCompletionsWire.error(
                .badRequest, "Missing required parameter: 'input'.", param: "input", code: "missing_required_parameter")
        }
        guard input.count <= Self.maxInputCharacters else {
            return ChatCompletionsWire.error(
                .badRequest,
                "Invalid 'input': string too long. Expected a string with maximum length \(Self.maxInputCharacters), "
                    + "but got a string with length \(input.count) instead.",
                param: "input", code: "string_above_max_length")
        }
        let format = json["response_format"]?.stringValue ?? "mp3"
        guard format == "pcm" else {
            return ChatCompletionsWire.error(
                .badRequest,
                "agentsim serve sends PCM only: ask for response_format 'pcm' (24 kHz PCM16); got '\(format)'.",
                param: "response_format")
        }
        let session: PipelineServeSession
        do {
            session = try server.session(for: script)
        } catch {
            return ChatCompletionsWire.error(.internalServerError, error.description, type: "server_error")
        }
        guard let (part, index) = Self.take(input, session: session) else {
            return ChatCompletionsWire.error(
                .badRequest, "The scenario '\(script.scenario.name)' has no spoken agent turn left for this input.",
                param: "input", code: "scenario_finished")
        }
        let sse = !Self.rawModels.contains(model)
        let arrival = session.now
        session.opened(socket: false)
        let server = server
        let headers: HTTPFields =
            sse
            ? [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"]
            : [.contentType: "audio/pcm"]
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                defer { server.closed(session, socket: false) }
                var ended = false
                defer { if !ended { Self.bill(session, cutAt: part.sentAt + (session.now - arrival)) } }
                try await Self.stream(part, sse: sse, arrival: arrival, session: session, writer: &writer)
                ended = true
                if index == Self.lastIndex(session) { Self.bill(session, cutAt: nil) }
            })
    }

    /// Writes one request's audio (and events) at its times.
    static func stream(
        _ part: Part, sse: Bool, arrival: Double, session: PipelineServeSession, writer: inout any ResponseBodyWriter
    ) async throws {
        if part.ttfb >= 0 {
            try await session.wait(until: arrival + part.ttfb)
            let pcm = session.speech.state.withLock { $0?.speech.pcm } ?? []
            let rate = Int64(ServeScript.wireSampleRate)
            let from = min(pcm.count, Int(part.audioStartMs * rate / 1000))
            let to = min(pcm.count, Int((part.audioStartMs + part.audioMs) * rate / 1000))
            if sse {
                let event = withAudio(part.delta?.json, PCM16.base64(pcm[from..<to]))
                try await writer.write(ByteBuffer(string: "data: " + event.compactString() + "\n\n"))
            } else {
                try await writer.write(ByteBuffer(bytes: PCM16.bytes(pcm[from..<to])))
            }
        }
        let end = arrival + part.duration
        if sse {
            // Comments while the stream runs (clients skip them): a client that went away is seen at once.
            while session.now < end {
                try await session.wait(until: min(end, session.now + 0.1 * session.speed))
                if session.now < end { try await writer.write(ByteBuffer(string: ": agentsim\n\n")) }
            }
            if let done = part.done {
                try await writer.write(ByteBuffer(string: "data: " + done.json.compactString() + "\n\n"))
            }
        } else {
            try await session.wait(until: end)
        }
        try await writer.finish(nil)
    }

    /// The request `input` is: the open segment's next sentence, or the first of the next spoken turn's.
    static func take(_ input: String, session: PipelineServeSession) -> (Part, Int)? {
        let key = PipelineScript.normalized(input)
        let open = session.speech.state.withLock { state -> (Part, Int)? in
            guard var current = state, !current.billed, current.next < current.parts.count,
                PipelineScript.normalized(current.parts[current.next].text) == key
            else { return nil }
            let index = current.next
            current.next += 1
            state = current
            return (current.parts[index], index)
        }
        if let open { return open }
        // A new reply: whatever is left of the one before was never asked for (bill it as served).
        if session.speech.state.withLock({ $0.map { !$0.billed } ?? false }) { bill(session, cutAt: nil) }
        guard let pick = session.ttsTurn(startingWith: input), let speech = pick.agent.speech else { return nil }
        let timing = session.timing
        let textAt = session.now
        let firstFrame = SessionClock.microseconds(textAt + timing.ttsTTFB)
        let segment = TTSSegment(
            index: pick.segment, turn: pick.agent.turn, speechID: "", text: speech.text, textAt: textAt,
            firstFrameAt: firstFrame,
            lastFrameAt: SessionClock.microseconds(firstFrame + speech.seconds / timing.ttsRealtimeFactor),
            generatedSeconds: speech.seconds, packets: speech.packets, playedSeconds: speech.playedSeconds)
        let parts = Self.parts(session.ttsPlan(segment), texts: SpeechText.streamAdapterRequests(speech.text))
        guard !parts.isEmpty else { return nil }
        session.speech.state.withLock { $0 = Store.Segment(segment: segment, speech: speech, parts: parts, next: 1) }
        return (parts[0], 0)
    }

    /// The requests of the plugin's plan: each request's outputs end with its TTSMetrics.
    static func parts(_ outputs: [ProviderOutput], texts: [String]) -> [Part] {
        var parts: [Part] = []
        var delta: ProviderPayload?
        var startMs: Int64 = 0
        for output in outputs {
            guard case let .tts(metrics)? = output.metrics.first else {
                if output.payload?.type == "speech.audio.delta" { delta = output.payload }
                continue
            }
            let audioMs = Int64((metrics.audioDuration * 1000).rounded())
            let text = parts.count < texts.count ? texts[parts.count] : ""
            parts.append(
                Part(
                    text: text, audioStartMs: startMs, audioMs: audioMs, ttfb: metrics.ttfb,
                    duration: metrics.duration, sentAt: output.time - metrics.duration, delta: delta,
                    done: output.payload))
            startMs += audioMs
            delta = nil
        }
        return parts
    }

    static func lastIndex(_ session: PipelineServeSession) -> Int {
        session.speech.state.withLock { ($0?.parts.count ?? 0) - 1 }
    }

    /// Bills the open segment once: whole, or cut at `cutAt` on the segment's clock.
    static func bill(_ session: PipelineServeSession, cutAt: Double?) {
        let segment = session.speech.state.withLock { state -> TTSSegment? in
            guard var current = state, !current.billed else { return nil }
            current.billed = true
            state = current
            var segment = current.segment
            if let cutAt, cutAt < segment.lastFrameAt { segment.cutAt = max(cutAt, segment.textAt) }
            return segment
        }
        if let segment { session.ttsFinish(segment) }
    }

    /// The plugin's delta event with real audio.
    static func withAudio(_ json: JSONValue?, _ audio: String) -> JSONValue {
        guard case let .object(pairs)? = json else {
            return .object([("type", "speech.audio.delta"), ("audio", .string(audio))])
        }
        return .object(pairs.map { key, value in key == "audio" ? (key, .string(audio)) : (key, value) })
    }
}
