import AgentSimAudio
import AgentSimCore
import AgentSimJSON
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// OpenAI's batch transcription endpoint (`POST /v1/audio/transcriptions`, multipart/form-data) for a pipeline
/// scenario whose STT is `openai-stt` with `use_realtime: false`, as LiveKit 1.8.9's `openai.STT` calls it through
/// `StreamAdapter`: the agent's own VAD (Silero) cuts the user's track, and each segment is uploaded as a WAV file
/// (`file.wav`, 16-bit PCM at the room's rate) with the model and `response_format` (`verbose_json` on whisper-1,
/// `json` otherwise).
///
/// Each upload is the scenario's next spoken user turn, in order. The speech in it is found by the same energy
/// detector the realtime paths use (``ServerVAD``): its onset, less the clip's own soft onset, is where the turn's
/// speech began, and it lasts the clip's length. The upload itself is the segment: it ended when it arrived, and began
/// its length before (the first upload opens the served session with its clock that far along, since nothing else
/// had connected while the user spoke). The OpenAI STT plugin session cuts its own segment around that speech and
/// answers with what OpenAI sends (the transcript and `usage`: whole seconds on whisper-1, tokens on the gpt-4o
/// models), at the pipeline's `transcription_delay` after the speech ended.
///
/// Errors are OpenAI's own shape: a body that is not multipart/form-data, no `file` or `model`, a file that is not
/// WAV PCM, `verbose_json` on a gpt-4o model (400), an unknown model (404), a body over
/// ``PipelineServer/maxBodyBytes`` (413). An upload with no speech in it gets an empty transcript and bills nothing.
struct OpenAIBatchTranscriptionWire {
    let server: PipelineServer
    let route: PipelineServer.Route

    static let formats = ["json", "verbose_json", "text"]

    func respond(to request: Request) async -> Response {
        typealias Wire = ChatCompletionsWire
        guard let script = route.script else {
            return Wire.error(.notFound, server.unknownScenario(route), code: "invalid_scenario")
        }
        guard let body = await PipelineServer.body(of: request) else {
            return ChatCompletionsWire.tooLarge()
        }
        guard let contentType = request.headers[.contentType],
            let boundary = MultipartForm.boundary(contentType: contentType)
        else {
            return Wire.error(
                .badRequest,
                "Invalid Content-Type header (\(request.headers[.contentType] ?? "none")), expected "
                    + "multipart/form-data with a boundary.")
        }
        let form: MultipartForm
        do {
            form = try MultipartForm.parse(Array(buffer: body), boundary: boundary)
        } catch {
            guard case let .malformed(why) = error else { return Wire.error(.badRequest, "Could not parse the form.") }
            return Wire.error(.badRequest, "Could not parse multipart form: \(why).")
        }
        guard let model = form.text("model") else {
            return ChatCompletionsWire.noModel()
        }
        guard OpenAITranscriptionWire.models.contains(model), model == script.models.stt else {
            return ChatCompletionsWire.unknownModel(model)
        }
        guard let file = form.part("file") else {
            return Wire.error(
                .badRequest, "Missing required parameter: 'file'.", param: "file", code: "missing_required_parameter")
        }
        let format = form.text("response_format") ?? "json"
        guard Self.formats.contains(format) else {
            return Wire.error(
                .badRequest,
                "agentsim serve answers response_format json, verbose_json or text; got '\(format)'.",
                param: "response_format", code: "unsupported_value")
        }
        if format == "verbose_json", model != "whisper-1" {
            return Wire.error(
                .badRequest,
                "response_format 'verbose_json' is not compatible with model '\(model)'. Use 'json' or 'text' instead.",
                param: "response_format", code: "unsupported_value")
        }
        let audio: (samples: [Int16], sampleRate: Int)
        do {
            audio = try AudioFileReader.readWAV(bytes: file.bytes, name: file.fileName ?? "file")
        } catch {
            return Wire.error(
                .badRequest,
                "Invalid file format. agentsim serve reads WAV (PCM) uploads, as LiveKit sends them: "
                    + "\(error.description).",
                param: "file", code: "invalid_value")
        }
        let seconds = Double(audio.samples.count) / Double(max(audio.sampleRate, 1))
        let session: PipelineServeSession
        do {
            session = try server.session(for: script, elapsed: seconds)
        } catch {
            return Wire.error(.internalServerError, error.description, type: "server_error")
        }
        session.opened(socket: false)
        defer { server.closed(session, socket: false) }
        let arrival = session.now
        // The batch path's track (the plugin session's floor for the first segment) begins with the session.
        _ = session.sttConnect(at: 0)

        var settings = ServerVAD.Settings()
        settings.prefixPaddingMilliseconds = 0
        settings.silenceDurationMilliseconds =
            Int(max(session.timing.transcriptionDelay, DeepgramWire.minimumSilence) * 1000)
        var vad = ServerVAD(settings: settings, sampleRate: audio.sampleRate)
        let onset = vad.feed(audio.samples + [Int16](repeating: 0, count: audio.sampleRate)).lazy.compactMap {
            event -> Int? in
            if case let .speechStarted(start) = event { return start }
            return nil
        }.first
        guard let onset else {
            return Self.answer(text: "", usage: nil, seconds: seconds, format: format, model: model)
        }
        guard let user = session.nextUserTurn() else {
            return Wire.error(
                .badRequest,
                "The scenario '\(script.scenario.name)' has no spoken user turn left for this speech.",
                param: "file", code: "scenario_finished")
        }
        // The clip's own soft onset (the detector hears it late), found by the same detector over the clip alone.
        let lead = OpenAITranscriptionWire.onset(script, turn: user.turn, settings: settings)
        let segmentStart = max(arrival - seconds, 0)
        let speechStart = SessionClock.microseconds(
            max(segmentStart + Double(onset) / Double(audio.sampleRate) - lead, 0))
        let speechEnd = SessionClock.microseconds(speechStart + user.seconds)
        let heard = UserAudio(
            text: user.text, textTokens: user.textTokens, seconds: user.seconds, packets: 0, bytes: 0,
            isSilence: false, isRecording: false)
        _ = session.sttHear(STTHeard(start: speechStart, time: speechEnd, turn: user.turn, audio: heard))
        let outputs = session.sttTranscribe(
            STTTranscript(
                time: SessionClock.microseconds(max(arrival, speechEnd + session.timing.transcriptionDelay)),
                turn: user.turn, speechStart: speechStart, speechEnd: speechEnd, text: user.text,
                textTokens: user.textTokens, audio: heard, speechID: ""))
        guard let output = outputs.first(where: { $0.payload != nil }), let payload = output.payload else {
            return Wire.error(.internalServerError, "The OpenAI STT plugin sent no transcript.", type: "server_error")
        }
        try? await session.wait(until: output.time)
        let text = payload.json["text"]?.stringValue ?? ""
        if format == "verbose_json" {
            return Self.json(payload.json)
        }
        return Self.answer(text: text, usage: payload.json["usage"], seconds: seconds, format: format, model: model)
    }

    /// The response in `format`: the transcript as text, or `{text, usage}` (whisper-1's `verbose_json` adds the
    /// task, language and duration).
    static func answer(text: String, usage: JSONValue?, seconds: Double, format: String, model: String) -> Response {
        switch format {
        case "text":
            return Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
        case "verbose_json":
            var pairs: [(String, JSONValue)] = [
                ("task", "transcribe"), ("language", "english"), ("duration", .double(seconds)),
                ("text", .string(text)),
            ]
            if let usage { pairs.append(("usage", usage)) }
            return json(.object(pairs))
        default:
            var pairs: [(String, JSONValue)] = [("text", .string(text))]
            if let usage { pairs.append(("usage", usage)) }
            return json(.object(pairs))
        }
    }

    static func json(_ value: JSONValue) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: value.compactString())))
    }
}
