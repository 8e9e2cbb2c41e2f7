import AgentSimJSON
import Foundation
import Testing

/// `agentsim serve`'s pipeline services against the official SDKs (Collectors/serve/pipeline_sdks.py, the livekit-1.8.9
/// venv's openai and anthropic) and against LiveKit's real pipeline `AgentSession` (`check --serve`).
@Suite(.serialized) struct PipelineServeTests {
    /// The openai SDK streams pipeline-openai-chat.yaml's requests and reads the usage chunk: request 0 is
    /// instructions 1,280 + 3, the user's 14 + 3, and 3 to prime the reply = 1,303 prompt tokens, none cached, the
    /// reply's 15; after a body that is not JSON (400), an unknown model (404), a 50 MB body (413), each in OpenAI's
    /// `{"error": {message, type, param, code}}`, and a client that drops mid-stream (which takes the tool call),
    /// request 2 still streams: 1,327 + 11 + 123 + 3 = 1,464, sharing 1,327 with request 1, so 1,024 +
    /// floor(303 / 128) × 128 = 1,280 cached, and 14 completion tokens. The anthropic SDK lists the model (LiveKit's
    /// prewarm) and streams pipeline-anthropic-haiku.yaml's request 0: system 1,800 + user 20 = 1,820 input tokens
    /// (under Haiku's 2,048-token cache minimum: nothing read or written) and 200 output tokens; then the same
    /// hostile cases in Anthropic's `{"type": "error", "error": {type, message}}`.
    @Test func officialSDKsStreamAndHostileCasesGetTheProvidersOwnErrors() throws {
        let server = try ServeTestSupport.Server(
            arguments: [
                "serve", ServeTestSupport.root.appendingPathComponent("Scenarios/pipeline-openai-chat.yaml").path,
                ServeTestSupport.root.appendingPathComponent("Scenarios/pipeline-anthropic-haiku.yaml").path,
                "--port", "0", "--speed", "20",
            ])
        let python = ServeTestSupport.root.appendingPathComponent(".venvs/livekit-1.8.9/bin/python").path
        let script = ServeTestSupport.root.appendingPathComponent("Collectors/serve/pipeline_sdks.py").path
        for (sdk, cases) in [("openai", 6), ("anthropic", 6)] {
            let result = try ServeTestSupport.run(python, [script, "--url", server.url, "--sdk", sdk])
            #expect(result.status == 0, "\(sdk): \(result.stdout)\(result.stderr.suffix(2000))")
            let lines = result.stdout.split(separator: "\n")
            #expect(lines.count == cases, "\(sdk): \(result.stdout)")
            for line in lines {
                let json = try JSONValue.parse(String(line))
                #expect(json["ok"] == .bool(true), "\(sdk): \(line)")
            }
        }
        #expect(server.isRunning)
        #expect(server.stop() == 0)
    }

    /// google-genai 3.6.1 (the livekit-1.8.9 venv's, what LiveKit's google plugin resolves) streams
    /// pipeline-gemini-flash.yaml with `generate_content_stream` (http_options.base_url at serve's `/scenario/NAME`):
    /// request 0 is the tool call, get_weather({"city": "Paris"}), with prompt 2,110 (instructions 2,100 + user 10),
    /// nothing cached, 8 candidate and 120 thought tokens, total 2,238; then a body that is not JSON (400), an unknown
    /// model in the path (404), a 50 MB body (413), each in Google's `{"error": {code, message, status}}`, and a client
    /// that drops mid-stream (which takes request 1); request 2 still streams "You're welcome, enjoy your day!" with
    /// prompt 2,110 + 8 + 12 + 12 + 4 = 2,146, cached 2,110 (the dropped request's instructions + user, all shared),
    /// 8 candidate and 120 thought tokens, total 2,274.
    @Test func googleGenAIStreamsGeminiAndHostileCasesGetGooglesErrors() throws {
        try Self.sdkCasesPass(scenario: "pipeline-gemini-flash", sdk: "gemini", cases: 6)
    }

    /// The official deepgram SDK (deepgram-sdk 7.17.0, the pipecat venv's: Collectors/pipecat/requirements.txt)
    /// streams pipeline-openai-chat.yaml's first user turn through `listen.v1.connect` (nova-3, linear16 at 24 kHz):
    /// the clip's 2.0 s (48,000 samples) and 1.0 s of silence, then CloseStream. Its one final Results carries the
    /// turn's text, "Hi, my parcel has not arrived yet.", and Metadata's duration is the 3.0 s the socket carried;
    /// every message is the SDK's own type (SpeechStarted, Results, Metadata), validated strictly but for Results'
    /// `metadata.model_info`, which agentsim's Deepgram plugin leaves out. Then the hostile cases: a text message
    /// that is not JSON gets Deepgram's `{"type": "Error", "variant": "SchemaError", description, message}` (valid as
    /// the SDK's ListenV1Error) and the socket stays open; an unknown model's handshake gets HTTP 400 (a plain GET
    /// shows Deepgram's `{err_code, err_msg, request_id}`); a 50 MB message closes the socket with 1009; a client
    /// drops half-way through user turn 1's clip. The SDK still streams, on pipeline-anthropic.yaml: "Hi, I need a
    /// table for two tonight.", 3.2 + 1.0 = 4.2 s.
    @Test func deepgramSDKStreamsAndHostileCasesGetDeepgramsErrors() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("agentsim-deepgram-sdk-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try ServeTestSupport.Server(
            arguments: [
                "serve", ServeTestSupport.root.appendingPathComponent("Scenarios/pipeline-openai-chat.yaml").path,
                ServeTestSupport.root.appendingPathComponent("Scenarios/pipeline-anthropic.yaml").path,
                "--port", "0", "--speed", "20", "--driver-script", directory.path,
            ])
        let python = ServeTestSupport.root.appendingPathComponent(".venvs/pipecat/bin/python").path
        let script = ServeTestSupport.root.appendingPathComponent("Collectors/serve/pipeline_sdks.py").path
        let pcm = directory.appendingPathComponent("pipeline-openai-chat.user.0.pcm").path
        let result = try ServeTestSupport.run(
            python, [script, "--url", server.url, "--sdk", "deepgram", "--pcm", pcm])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr.suffix(2000))")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 6, "\(result.stdout)")
        for line in lines {
            let json = try JSONValue.parse(String(line))
            #expect(json["ok"] == .bool(true), "\(line)")
        }
        #expect(server.isRunning)
        #expect(server.stop() == 0)
    }

    /// OpenAI Responses' websocket (`/v1/responses`, pipeline-openai-responses.yaml; pipeline_sdks.py --sdk
    /// openai-responses-ws): a text message that is not JSON gets OpenAI's error event `{"type": "error", "status":
    /// 400, "error": {type, code: "invalid_json", message, param}}` and the socket stays open, so an unknown model
    /// on it gets status 404, code `model_not_found`; a 50 MB message closes the socket with 1009; a client drops
    /// after request 0's `response.created`. Request 1 still streams, every event a valid `ResponseStreamEvent`:
    /// input 1,300 + reply 15 + 3 + user 6 + 3 + 3 = 1,330 tokens, sharing the dropped request's 1,300, so 1,024 +
    /// floor(276 / 128) × 128 = 1,280 cached, and the tool call's 8 output tokens.
    @Test func responsesWebsocketHostileCasesGetOpenAIsErrors() throws {
        try Self.sdkCasesPass(scenario: "pipeline-openai-responses", sdk: "openai-responses-ws", cases: 5)
    }

    /// ElevenLabs' `multi-stream-input` websocket on pipeline-openai-chat.yaml (raw websockets, pipeline_sdks.py
    /// --sdk elevenlabs): a text message that is not JSON gets ElevenLabs' `{"message", "error": "invalid_message",
    /// "code": 1008}`; an unknown `model_id` gets `{"message", "error": "model_not_found", "code": 1008}` and a 1008
    /// close; a 50 MB message a 1009 close; a client drops after reply 1's first audio; then reply 4's context still
    /// gets its audio and `isFinal`.
    @Test func elevenLabsHostileCasesGetElevenLabsErrors() throws {
        let server = try ServeTestSupport.Server(
            arguments: [
                "serve", ServeTestSupport.root.appendingPathComponent("Scenarios/pipeline-openai-chat.yaml").path,
                "--port", "0", "--speed", "20",
            ])
        let python = ServeTestSupport.root.appendingPathComponent(".venvs/pipecat/bin/python").path
        let script = ServeTestSupport.root.appendingPathComponent("Collectors/serve/pipeline_sdks.py").path
        let result = try ServeTestSupport.run(python, [script, "--url", server.url, "--sdk", "elevenlabs"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr.suffix(2000))")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 5, "\(result.stdout)")
        for line in lines {
            let json = try JSONValue.parse(String(line))
            #expect(json["ok"] == .bool(true), "\(line)")
        }
        #expect(server.isRunning)
        #expect(server.stop() == 0)
    }

    /// LiveKit 1.8.9's real pipeline (deepgram.STT, openai.LLM / anthropic.LLM / google.LLM, elevenlabs.TTS) against serve, its
    /// metrics compared with agentsim's prediction. The report counts come from the scenarios' timelines:
    /// pipeline-openai-chat makes 4 LLM requests (3 whole, the last cut by the barge-in and reported as cancelled
    /// zeros) and 2 TTS segments reach their final frame (the cut reply's never does); pipeline-openai-chat-reasoning
    /// 2 requests (the second cancelled) and 1 segment; pipeline-anthropic-haiku 3 requests and 3 segments, no
    /// barge-in; pipeline-gemini-flash (google.LLM on the Developer API) 3 requests (the tool call, the reply after its
    /// result, the second reply) and 2 segments; pipeline-openai-tts (openai.TTS behind LiveKit's StreamAdapter, one
    /// `POST /v1/audio/speech` per sentence) 3 requests and 5 TTS reports: replies 1 and 3 two sentences each (the
    /// second of reply 3 cancelled by the barge-in, its characters still reported, its tokens 0), reply 3's third
    /// sentence never requested, reply 5 one; every report's characters and speech.audio.done tokens compared;
    /// pipeline-openai-stt (openai.STT over the realtime transcription websocket) 2 requests and 2 segments, its two
    /// completed transcriptions' tokens compared exactly: the server VAD's segments 0-3.35 s (floor(33.5) = 33 audio
    /// tokens, 9 output) and 2.95 s long (29, 7); pipeline-cartesia (cartesia.TTS over /tts/websocket) 3 requests and
    /// 2 TTS reports: the reply cut 1.5 s into its 4.0 s had its whole text flushed (13 tokens by 0.24 s), yet
    /// Cartesia's plugin ends a segment only on done, so LiveKit reports nothing for it; pipeline-deepgram-flux
    /// (deepgram.STTv2 over /v2/listen, ElevenLabs Multilingual) 3 requests and 3 TTS reports: its cut reply's 13
    /// tokens had all streamed (by 0.24 s) before the barge-in 1.5 s into playback, so ElevenLabs' plugin ends the
    /// cancelled segment and LiveKit reports it; Flux's STT sum is only bounded (see the check's exceptions);
    /// pipeline-openai-stt-whisper (openai.STT's batch path: LiveKit's Silero VAD cuts the two recorded utterances,
    /// each segment one `POST /v1/audio/transcriptions`) 2 requests and 3 TTS reports (tts-1 behind StreamAdapter:
    /// reply 1's two sentences, reply 2's one), its STT seconds the sum of the segments Silero cut.
    @Test func livekitsRealPipelineReportsWhatAgentsimPredicts() throws {
        let files = [
            "pipeline-openai-chat", "pipeline-openai-chat-reasoning", "pipeline-anthropic-haiku",
            "pipeline-gemini-flash", "pipeline-openai-tts", "pipeline-openai-stt", "pipeline-cartesia",
            "pipeline-deepgram-flux", "pipeline-openai-stt-whisper",
        ]
        let paths = files.map { ServeTestSupport.root.appendingPathComponent("Scenarios/\($0).yaml").path }
        let result = try ServeTestSupport.run(
            ServeTestSupport.binary, ["check", "--serve"] + paths + ["--speed", "4", "--format", "json"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        #expect(json["all_match"] == .bool(true))
        let rows = json["pipelines"]?.arrayValue ?? []
        #expect(rows.count == 9)
        let reports = rows.map { ($0["llm_reports"]?.intValue ?? -1, $0["tts_reports"]?.intValue ?? -1) }
        #expect(reports.map(\.0) == [4, 2, 3, 3, 3, 2, 3, 3, 2])
        #expect(reports.map(\.1) == [2, 1, 3, 2, 5, 2, 2, 3, 3])
    }

    /// The openai SDK streams pipeline-openai-responses.yaml over `POST /v1/responses` (Collectors/serve/
    /// pipeline_sdks.py --sdk openai-responses): request 0 is instructions 1,280 + 3, the user's 14 + 3, and 3 to
    /// prime the reply = 1,303 input tokens, none cached, `cache_write_tokens` 0 (a field openai-python requires), 15
    /// output; request 1 names request 0 as `previous_response_id` and sends only the reply (15 + 3) and the user's
    /// next words (6 + 3): 1,300 + 18 + 9 + 3 = 1,330 input tokens sharing request 0's 1,300, so 1,024 +
    /// floor(276 / 128) × 128 = 1,280 cached, and the tool call's 8 output tokens, every event validated as the SDK's
    /// `ResponseStreamEvent`; then a body that is not JSON (400), an unknown model (404), a 50 MB body (413), each in
    /// OpenAI's error shape, and a client that drops mid-stream.
    @Test func openaiSDKStreamsResponsesAndHostileCasesGetOpenAIsErrors() throws {
        try Self.sdkCasesPass(scenario: "pipeline-openai-responses", sdk: "openai-responses", cases: 6)
    }

    /// The openai SDK asks `POST /v1/audio/speech` for pipeline-openai-tts.yaml's sentences as LiveKit's StreamAdapter
    /// does (Collectors/serve/pipeline_sdks.py --sdk openai-tts): "Sure. I can help with that." gets 2,900 × 27 / 58
    /// = 1,350 ms of 24 kHz PCM16 (64,800 bytes) in one speech.audio.delta, then speech.audio.done with ceil(27 / 4)
    /// + 12 = 19 input and 1.35 × 20 = 27 output tokens; "What is your booking reference?" 1,550 ms (74,400 bytes),
    /// 20 and 31. Then an input over 4,096 characters and a format other than pcm (400), a body that is not JSON
    /// (400), an unknown model (404), a 50 MB body (413), each in OpenAI's error shape, and a client that drops
    /// mid-stream (which takes reply 3); reply 5's sentence is still served: 3,000 ms (144,000 bytes), 22 and 60.
    @Test func openaiSDKSpeaksAndHostileCasesGetOpenAIsErrors() throws {
        try Self.sdkCasesPass(scenario: "pipeline-openai-tts", sdk: "openai-tts", cases: 9)
    }

    /// The realtime transcription websocket of pipeline-openai-stt.yaml as LiveKit's openai.STT(use_realtime=True)
    /// speaks it (Collectors/serve/pipeline_sdks.py --sdk openai-stt): 3 s of sound from the socket's start, then
    /// silence, is turn 0: the server VAD's segment max(0 − 0.6, 0) = 0 to 3.0 + 0.35 = 3.35 s, so floor(33.5) = 33
    /// audio tokens and the turn's 9 output tokens (total 42), every event validated as openai's
    /// `RealtimeServerEvent`. A message that is not JSON, an unknown event and audio that is not base64 each get the
    /// Realtime API's error event and the socket stays; an unknown model gets it and the close; a frame over 16 MiB
    /// closes its socket; after a client that drops mid-stream and after the big frame, a new socket is served.
    @Test func realtimeTranscriptionAndHostileCasesGetOpenAIsErrors() throws {
        try Self.sdkCasesPass(scenario: "pipeline-openai-stt", sdk: "openai-stt", cases: 8)
    }

    /// OpenAI's batch transcriptions for pipeline-openai-stt-whisper.yaml as LiveKit's openai.STT(use_realtime=False)
    /// sends them (Collectors/serve/pipeline_sdks.py --sdk openai-whisper, the openai SDK): a 3.53 s WAV (0.3 s of
    /// silence, 2.68 s of sound, 0.55 s of silence) is turn 0, "Hello, can I book a table for two tonight?", parsed
    /// as openai's TranscriptionVerbose, whisper-1 billing ceil(3.53) = 4 s; a body that is not multipart, an unknown
    /// model (404), no file, a file that is not WAV and a 50 MB body (413) each get OpenAI's error; after a client
    /// that drops mid-upload, turn 2 ("Yes please.") is served as json, and an upload with no speech gets an empty
    /// transcript.
    @Test func batchTranscriptionsAndHostileCasesGetOpenAIsErrors() throws {
        try Self.sdkCasesPass(scenario: "pipeline-openai-stt-whisper", sdk: "openai-whisper", cases: 9)
    }

    /// Cartesia's /tts/websocket for pipeline-cartesia.yaml as LiveKit's cartesia.TTS speaks it (Collectors/serve/
    /// pipeline_sdks.py --sdk cartesia, a raw websocket: the venv has no Cartesia SDK): turn 1's one sentence gets its
    /// whole 2.5 s as 24 kHz pcm_s16le (120,000 bytes) in one chunk, its timestamps and done; a message that is not
    /// JSON, one without context_id, a format other than raw pcm_s16le and an unknown model_id each get Cartesia's
    /// error message (status_code 400, done true); after a client that drops mid-stream (turn 3) and a frame over
    /// 16 MiB (its socket closed), turn 5's two sentences are served: 3.0 s (144,000 bytes) in two chunks.
    @Test func cartesiaSpeaksAndHostileCasesGetCartesiasErrors() throws {
        try Self.sdkCasesPass(scenario: "pipeline-cartesia", sdk: "cartesia", cases: 6)
    }

    /// LiveKit's real pipeline on pipeline-gemini-pro-vertex.yaml over Vertex AI (google.LLM(vertexai=True) with
    /// drive.py's OAuth2 access token, GOOGLE_VERTEX_BASE_URL at serve): request 0 is cut by the barge-in while it
    /// streams (28 tokens at 20 a second would end at 4.20 s; the barge-in comes at 4.05 s), usage only on the final
    /// chunk, so LiveKit reports it as cancelled zeros, as agentsim predicts. The reply's short first sentence reaches
    /// LiveKit's TTS with the 3.35 s chunk, so 1.0 s of it plays and the user heard "Paris began as a" (16 of the
    /// round(111 / 6) = 19 characters, ceil(16 / 4) = 4 tokens): request 1's prompt is 809 + 4 + 7 = 820, its
    /// completion 12, and the one TTS report is reply 2's 51 characters. Nothing differs.
    @Test func livekitsRealPipelineOverVertexAI() throws {
        let path = ServeTestSupport.root.appendingPathComponent("Scenarios/pipeline-gemini-pro-vertex.yaml").path
        let result = try ServeTestSupport.run(
            ServeTestSupport.binary, ["check", "--serve", path, "--speed", "4", "--format", "json"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        let row = json["pipelines"]?.arrayValue?.first
        #expect(row?["error"]?.isNull == true, "\(result.stdout)\(result.stderr)")
        #expect(row?["llm_reports"]?.intValue == 2)
        #expect(row?["tts_reports"]?.intValue == 1)
        #expect(row?["mismatches"]?.arrayValue?.isEmpty == true, "\(result.stdout)")
    }

    /// Deepgram Flux's /v2/listen for pipeline-deepgram-flux.yaml as LiveKit's deepgram.STTv2 speaks it
    /// (Collectors/serve/pipeline_sdks.py --sdk deepgram-flux, a raw websocket): Connected first (with its
    /// request_id), Configure answered with ConfigureSuccess, 3 s of sound then silence gives StartOfTurn and
    /// EndOfTurn with turn 0's transcript; a message that is not JSON gets Deepgram's Error, an encoding serve does
    /// not hear its Error and the close (1008); after a client that drops mid-stream and a frame over 16 MiB (its
    /// socket closed), a new connection is served.
    @Test func deepgramFluxAndHostileCasesGetDeepgramsErrors() throws {
        try Self.sdkCasesPass(scenario: "pipeline-deepgram-flux", sdk: "deepgram-flux", cases: 6)
    }

    /// LiveKit's real pipeline on pipeline-anthropic.yaml: the driver's room reports the transcript the user heard
    /// with the cut reply (a room's TranscriptSynchronizer does; without it LiveKit kept nothing, and request 2's
    /// prompt was 1,527 with no cache creation). The reply is cut after 0.5 s of its 4.0 s: 0.125 of its 112
    /// characters = 14, cut at a word boundary: "Eight works." (12 characters, ceil(12 / 4) = 3 tokens), so request 2
    /// is 1,500 + 10 + 8 + 5 + 3 + 4 = 1,530 tokens, 8 of them written to the cache (its breakpoints at 1,523 and
    /// 1,526 past the 1,518 read). 3 LLM reports (request 1 cancelled) and 2 TTS reports (the cut reply never
    /// reaches its final frame).
    @Test func livekitsRealPipelineKeepsTheHeardTranscript() throws {
        let path = ServeTestSupport.root.appendingPathComponent("Scenarios/pipeline-anthropic.yaml").path
        let result = try ServeTestSupport.run(
            ServeTestSupport.binary, ["check", "--serve", path, "--speed", "4", "--format", "json"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        #expect(json["all_match"] == .bool(true))
        let rows = json["pipelines"]?.arrayValue ?? []
        #expect(rows.count == 1)
        #expect(rows.first?["llm_reports"]?.intValue == 3)
        #expect(rows.first?["tts_reports"]?.intValue == 2)
    }

    /// LiveKit's real pipeline on pipeline-openai-responses.yaml over LiveKit's default Responses websocket
    /// (previous_response_id from the second request on): the 3 LLM reports match exactly (prompt 1,303, 1,330,
    /// 1,464; cached 0, 1,280, 1,280; completion 15, 8, 14), and the fourth request ends in response.incomplete
    /// (max_output_tokens 16), which LiveKit raises as the one session error agentsim predicts, reporting no
    /// metrics for it. Its 16 text tokens carried scalars up to ceil(16 × 187 / 60) = 50 of the 187-character reply;
    /// the stream ended at 14.34 + 15/50 = 14.64, before the barge-in at 14.54 + 0.6 = 15.14, so tts_node's
    /// end_input() had flushed those 50 characters and the reply's one audio message (14.54) had arrived: the
    /// ElevenLabs plugin ends the cancelled segment and LiveKit reports it, as agentsim predicts. 3 TTS reports
    /// (58 + 63 + 50 = 171 characters), everything matches.
    /// The same over `POST /v1/responses` (the driver's AGENTSIM_RESPONSES_HTTP=1: `use_websocket=False`, the openai
    /// SDK's SSE stream), with the same figures.
    @Test(arguments: [false, true]) func livekitsRealPipelineOverTheResponsesAPI(http: Bool) throws {
        let path = ServeTestSupport.root.appendingPathComponent("Scenarios/pipeline-openai-responses.yaml").path
        if http { setenv("AGENTSIM_RESPONSES_HTTP", "1", 1) }
        defer { if http { unsetenv("AGENTSIM_RESPONSES_HTTP") } }
        let result = try ServeTestSupport.run(
            ServeTestSupport.binary, ["check", "--serve", path, "--speed", "4", "--format", "json"])
        let json = try JSONValue.parse(result.stdout)
        let row = json["pipelines"]?.arrayValue?.first
        #expect(row?["error"]?.isNull == true, "\(result.stdout)\(result.stderr)")
        #expect(row?["llm_reports"]?.intValue == 3)
        #expect(row?["tts_reports"]?.intValue == 3)
        let fields = (row?["mismatches"]?.arrayValue ?? []).compactMap { $0["field"]?.stringValue }
        #expect(fields.isEmpty, "\(fields)")
        #expect(json["all_match"] == .bool(true))
    }

    /// Serves `Scenarios/SCENARIO.yaml` (at speed 20) and runs `Collectors/serve/pipeline_sdks.py --sdk SDK` against
    /// it: the script prints one JSON line per case; each of the `cases` lines must say `"ok": true`, and the server
    /// must still be running afterwards and stop cleanly.
    static func sdkCasesPass(scenario: String, sdk: String, cases: Int) throws {
        let server = try ServeTestSupport.Server(
            arguments: [
                "serve", ServeTestSupport.root.appendingPathComponent("Scenarios/\(scenario).yaml").path,
                "--port", "0", "--speed", "20",
            ])
        let python = ServeTestSupport.root.appendingPathComponent(".venvs/livekit-1.8.9/bin/python").path
        let script = ServeTestSupport.root.appendingPathComponent("Collectors/serve/pipeline_sdks.py").path
        let result = try ServeTestSupport.run(python, [script, "--url", server.url, "--sdk", sdk])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr.suffix(2000))")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == cases, "\(sdk): \(result.stdout)")
        for line in lines {
            let json = try JSONValue.parse(String(line))
            #expect(json["ok"] == .bool(true), "\(line)")
        }
        #expect(server.isRunning)
        #expect(server.stop() == 0)
    }
}
