import AgentSimCore
import AgentSimJSON
import Foundation
import LiveKitMetrics
import Testing

/// The engine's pipeline timeline, seen through recording services: each role answers every event it gets
/// with a payload that describes it, so the test reads what the engine handed each service and when.
@Suite struct PipelineEngineTests {
    struct RecordingPlugin: ProviderPlugin {
        var id: String
        var roles: [ServiceRole]
        var documentation: PluginDocumentation {
            PluginDocumentation(
                id: id, title: id, summary: "",
                models: [ModelDocumentation(name: "rec-1", summary: "", isDefault: true)], options: [], rules: [],
                sources: [])
        }
        func makeSTT(_ setup: SessionSetup) throws(ScenarioError) -> any STTSession { RecordingSTT() }
        func makeLLM(_ setup: SessionSetup) throws(ScenarioError) -> any LLMSession { RecordingLLM() }
        func makeTTS(_ setup: SessionSetup) throws(ScenarioError) -> any TTSSession { RecordingTTS() }
    }

    static func out(_ time: Double, _ type: String, _ fields: [(String, JSONValue)]) -> [ProviderOutput] {
        [
            ProviderOutput(
                time: time, turn: nil, payload: ProviderPayload(type: type, json: .object(fields)), metrics: [])
        ]
    }

    struct RecordingSTT: STTSession {
        var modelName: String { "rec-stt" }
        var bill: ServiceBill { ServiceBill(role: .stt, provider: "rec-stt", model: "rec-stt") }
        mutating func connect(_ e: STTConnect) -> [ProviderOutput] { out(e.time, "connect", []) }
        mutating func hear(_ e: STTHeard) -> [ProviderOutput] {
            out(
                e.time, "heard",
                [("start", .double(e.start)), ("end", .double(e.time)), ("silence", .bool(e.audio.isSilence))])
        }
        mutating func transcribe(_ e: STTTranscript) -> [ProviderOutput] {
            out(
                e.time, "transcript",
                [
                    ("text", .string(e.text ?? "")), ("speech_end", .double(e.speechEnd)),
                    ("speech_id", .string(e.speechID)),
                ])
        }
        mutating func close(_ e: STTClose) -> [ProviderOutput] { out(e.time, "close", []) }
    }

    struct RecordingLLM: LLMSession {
        var modelName: String { "rec-llm" }
        var bill: ServiceBill { ServiceBill(role: .llm, provider: "rec-llm", model: "rec-llm") }
        mutating func complete(_ r: LLMRequest) -> [ProviderOutput] {
            let context = r.context.map { JSONValue.string("\($0.role.rawValue):\($0.text)") }
            let reply: String
            switch r.reply {
            case let .text(text, _): reply = text
            case let .toolCall(call): reply = "tool:\(call.name)"
            }
            // The stream's end comes later than the request: the pipeline must hold it until then.
            return out(
                r.sentAt, "request",
                [
                    ("index", .int(r.index)), ("speech_id", .string(r.speechID)),
                    ("first_token", .double(r.firstTokenAt)),
                    ("context", .array(context)), ("reply", .string(reply)),
                ])
                + out(
                    r.endsAt, "stream_end",
                    [("cut", .bool(r.isCut)), ("tokens", .int(r.tokensGenerated(by: r.endsAt)))])
        }
    }

    struct RecordingTTS: TTSSession {
        var modelName: String { "rec-tts" }
        var bill: ServiceBill { ServiceBill(role: .tts, provider: "rec-tts", model: "rec-tts") }
        mutating func synthesize(_ s: TTSSegment) -> [ProviderOutput] {
            out(
                s.textAt, "segment",
                [
                    ("text", .string(s.text)), ("first_frame", .double(s.firstFrameAt)),
                    ("last_frame", .double(s.lastFrameAt)),
                    ("cut_before_last_frame", .bool(s.cutBeforeLastFrame)), ("speech_id", .string(s.speechID)),
                ])
        }
    }

    static let plugins: [any ProviderPlugin] = [
        RecordingPlugin(id: "rec-stt", roles: [.stt]), RecordingPlugin(id: "rec-llm", roles: [.llm]),
        RecordingPlugin(id: "rec-tts", roles: [.tts]),
    ]

    static let yaml = """
        version: 1
        name: pipeline-timeline
        seed: 3
        session:
          pipeline: {stt: rec-stt, llm: rec-llm, tts: rec-tts}
          instructions: "Be brief."
          instructions_tokens: 100
        turns:
          - user: {say: "Hello there", seconds: 2.0}
          - agent: {say: "Hi, how can I help you today?", seconds: 3.0, interrupted_after: 1.0, text_tokens: 8}
          - user: {say: "Cancel my order", seconds: 1.5, text_tokens: 4}
          - agent: {tool_call: {name: cancel, arguments: '{"id": 1}', result: '{"ok": true}', arguments_tokens: 6, result_tokens: 5}}
          - agent: {say: "Done, it is cancelled.", seconds: 2.0, text_tokens: 6}
        """

    static func run() async throws -> SessionReport {
        let scenario = try ScenarioLoader.parse(yaml, file: "pipeline-timeline.yaml")
        let plugin = try scenario.session.plugin(from: plugins)
        return try await SessionReport.collect(SessionRun(scenario: scenario, plugin: plugin, clips: Running.clips))
    }

    static func payloads(_ report: SessionReport, _ type: String) -> [JSONValue] {
        report.outputs.compactMap { $0.payload?.type == type ? $0.payload?.json : nil }
    }

    @Test func theTimelineFollowsTheDocumentedDelays() async throws {
        let report = try await Self.run()
        // Default timing: transcription 0.3, endpointing 0.5, ttft 0.35, 50 tokens/s, ttfb 0.2, realtime factor 1.
        // Turn 0: speech 0–2.0; transcript at 2.3.  Turn 2: speech starts at the barge-in, 4.05 (below), ends 5.55;
        // transcript at 5.85.
        let transcripts = Self.payloads(report, "transcript")
        #expect(transcripts.map { $0["text"]?.stringValue } == ["Hello there", "Cancel my order"])
        #expect(report.outputs.filter { $0.payload?.type == "transcript" }.map(\.time) == [2.3, 5.85])

        // Requests: turn 1 at the EOU, 2.0 + max(0.5, 0.3) = 2.5, first token 2.85; the tool call at 5.55 + 0.5 = 6.05,
        // first token 6.4, 6 tokens: the last at 6.4 + 5/50 = 6.5; the reply after the tool result at 6.5, first token 6.85.
        let requests = Self.payloads(report, "request")
        #expect(report.outputs.filter { $0.payload?.type == "request" }.map(\.time) == [2.5, 6.05, 6.5])
        #expect(requests.map { $0["first_token"]?.doubleValue } == [2.85, 6.4, 6.85])
        #expect(
            requests.map { $0["reply"]?.stringValue } == [
                "Hi, how can I help you today?", "tool:cancel", "Done, it is cancelled.",
            ])

        // Turn 1: first audio 2.85 + 0.2 = 3.05, barge-in after 1.0 s of playback at 4.05. Its 8 tokens end at
        // 2.85 + 7/50 = 2.99, before the barge-in: the stream is not cut. The segment's last frame would come at
        // max(3.05 + 3.0 / 1, 2.99 + 0.2) = 6.05, after the barge-in: cut before its last frame.
        // Turn 4: first audio 7.05, 2.0 s of audio: last frame max(9.05, 6.95 + 0.2) = 9.05, not cut.
        let segments = Self.payloads(report, "segment")
        #expect(segments.map { $0["first_frame"]?.doubleValue } == [3.05, 7.05])
        #expect(segments.map { $0["last_frame"]?.doubleValue } == [6.05, 9.05])
        #expect(segments.map { $0["cut_before_last_frame"]?.boolValue } == [true, false])
        let ends = Self.payloads(report, "stream_end")
        #expect(ends.map { $0["cut"]?.boolValue } == [false, false, false])
        #expect(report.truth.sessionSeconds == 9.05)
    }

    @Test func eachRequestCarriesTheTextContext() async throws {
        let report = try await Self.run()
        let contexts = Self.payloads(report, "request").map {
            $0["context"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        // The interrupted reply enters the context as far as it was heard: 1.0 of 3.0 s, a third of its 29
        // characters, round(9.67) = 10, cut at a word boundary: "Hi, how" (7 characters; "Hi, how can" is 11).
        #expect(contexts[0] == ["system:Be brief.", "user:Hello there"])
        #expect(contexts[1] == ["system:Be brief.", "user:Hello there", "assistant:Hi, how", "user:Cancel my order"])
        #expect(
            contexts[2] == [
                "system:Be brief.", "user:Hello there", "assistant:Hi, how", "user:Cancel my order",
                "tool_call:{\"id\": 1}", "tool_result:{\"ok\": true}",
            ])
    }

    @Test func theSTTHearsTheWholeUserTrackAndEachTurnEndsWithEOU() async throws {
        let report = try await Self.run()
        let heard = Self.payloads(report, "heard")
        // Contiguous stretches from 0 to the session's end at 9.05 s.
        var end = 0.0
        for stretch in heard {
            #expect(stretch["start"]?.doubleValue == end)
            end = stretch["end"]?.doubleValue ?? -1
        }
        #expect(end == 9.05)
        #expect(Self.payloads(report, "connect").count == 1)
        #expect(report.outputs.last?.payload?.type == "close")
        // Two user turns, two eou_metrics: delay max(0.5, 0.3) = 0.5, transcription 0.3, last speaking 2.0 and 5.55.
        let eous: [EOUMetrics] = report.metrics.compactMap { if case let .eou(e) = $0 { return e } else { return nil } }
        #expect(eous.map(\.endOfUtteranceDelay) == [0.5, 0.5])
        #expect(eous.map(\.transcriptionDelay) == [0.3, 0.3])
        #expect(eous.map(\.lastSpeakingTime) == [2.0, 5.55])
        // The reply to turn 0 shares its speech id; the tool call and the reply after its result share turn 2's.
        let transcriptIDs = Self.payloads(report, "transcript").compactMap { $0["speech_id"]?.stringValue }
        let requestIDs = Self.payloads(report, "request").compactMap { $0["speech_id"]?.stringValue }
        #expect(eous.compactMap(\.speechId) == transcriptIDs)
        #expect(requestIDs == [transcriptIDs[0], transcriptIDs[1], transcriptIDs[1]])
        #expect(transcriptIDs[0] != transcriptIDs[1])
        #expect(transcriptIDs[0].hasPrefix("speech_") && transcriptIDs[0].count == 19)
    }

    @Test func outputsAreReleasedInTimeOrder() async throws {
        let report = try await Self.run()
        let times = report.outputs.map(\.time)
        #expect(times == times.sorted())
    }

    @Test func aBargeInBeforeTheLastTokenCutsTheStream() async throws {
        // 40 tokens at 10/s after a 0.35 s first token: the last at 2.5 + 0.35 + 3.9 = 6.75; first audio at 3.05, the
        // barge-in after 0.5 s at 3.55 cuts it; by then tokens 1..(floor((3.55 - 2.85) × 10) + 1) = 8 had arrived.
        // The TTS got those 8/40 of the text: a fifth of its 39 characters, round(7.8) = 8, cut at a word: "One two" (7).
        let yaml = """
            version: 1
            seed: 3
            session:
              pipeline: {stt: rec-stt, llm: rec-llm, tts: rec-tts, timing: {llm_tokens_per_second: 10}}
            turns:
              - user: {say: "Tell me everything", seconds: 2.0}
              - agent: {say: "One two three four five six seven eight", seconds: 4.0, interrupted_after: 0.5, text_tokens: 40}
            """
        let scenario = try ScenarioLoader.parse(yaml, file: "cut.yaml")
        let report = try await SessionReport.collect(
            SessionRun(
                scenario: scenario, plugin: try scenario.session.plugin(from: Self.plugins), clips: Running.clips))
        let end = try #require(Self.payloads(report, "stream_end").first)
        #expect(end["cut"]?.boolValue == true)
        #expect(end["tokens"]?.intValue == 8)
        #expect(report.outputs.first { $0.payload?.type == "stream_end" }?.time == 3.55)
        #expect(Self.payloads(report, "segment").first?["text"]?.stringValue == "One two")
    }
}
