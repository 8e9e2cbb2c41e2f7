import AgentSimCLI
import AgentSimCore
import Foundation
import LiveKitMetrics
import Testing

/// Scenarios/pipeline-openai-stt.yaml through the real plugins, on the realtime path the file names and on LiveKit's
/// default batch path. The figures are the ones the file's comments derive.
@Suite struct OpenAISTTScenarioTests {
    static let file = "pipeline-openai-stt.yaml"

    static func stt(_ report: SessionReport) -> [STTMetrics] {
        report.metrics.compactMap { if case let .stt(m) = $0 { return m } else { return nil } }
    }

    /// The scenario with its STT service replaced by `stt` (ID:MODEL, LiveKit's default options).
    static func report(stt: String) async throws -> SessionReport {
        let path = TestSupport.scenario(file)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let line = "stt: {provider: openai-stt, model: gpt-4o-transcribe, options: {use_realtime: true}}"
        #expect(text.contains(line))
        let scenario = try ScenarioLoader.parse(text.replacingOccurrences(of: line, with: "stt: \(stt)"), file: path)
        return try await SessionReport.collect(
            SessionRun(
                scenario: scenario, plugin: try scenario.session.plugin(from: AgentSim.plugins), clips: Running.clips))
    }

    /// What `compare` says about the run.
    static func explanations(_ report: SessionReport) -> [String] {
        let facts = UsageFacts(
            model: report.model, options: report.scenario.session.options, summary: report.usageV1_2.summary,
            truth: report.truth, reports: [], metrics: report.metrics)
        return report.session?.explain(facts) ?? []
    }

    static func payloads(_ report: SessionReport, _ type: String) -> [JSONValue] {
        report.outputs.compactMap(\.payload).filter { $0.type == type }.map(\.json)
    }

    @Test func theRealtimePathReportsWhatOpenAIBills() async throws {
        let report = try await Running.report(Self.file)
        #expect(report.truth.sessionSeconds == 11.8)
        let m = Self.stt(report)
        // The connection event, then turns 0 and 2: 3.35 s (33 + 9 tokens) and 2.95 s (29 + 7).
        #expect(m.map(\.audioDuration) == [0, 3.35, 2.95])
        #expect(m.map(\.inputTokens) == [0, 33, 29])
        #expect(m.map(\.outputTokens) == [0, 9, 7])
        #expect(m.map(\.timestamp) == [0, 3.6, 9.25])
        #expect(m.allSatisfy { $0.streamed && $0.label == "livekit.plugins.openai.stt.STT" })
        let bill = try #require(report.bills.first { $0.role == .stt })
        #expect(bill.inputTokens == 62 && bill.outputTokens == 16)
        #expect(bill.audioSeconds == 6.3)
        #expect(bill.requests == 1)
        // The server VAD's events carry the segment's bounds in milliseconds of the connection's audio.
        #expect(
            Self.payloads(report, "input_audio_buffer.speech_started").map { $0["audio_start_ms"]?.intValue } == [
                0, 6050,
            ])
        #expect(
            Self.payloads(report, "input_audio_buffer.speech_stopped").map { $0["audio_end_ms"]?.intValue } == [
                3350, 9000,
            ])
    }

    @Test func theRestOfThePipelineFollowsTheDerivation() async throws {
        let report = try await Running.report(Self.file)
        let eous: [EOUMetrics] = report.metrics.compactMap { if case let .eou(e) = $0 { return e } else { return nil } }
        #expect(eous.map(\.endOfUtteranceDelay) == [0.6, 0.6])
        #expect(eous.map(\.transcriptionDelay) == [0.6, 0.6])
        // LiveKit's collector adds floats: 0.0 + 3.35 + 2.95 is 6.300000000000001 in Python as in Swift.
        #expect(
            report.usageV1_2.summary.reprLine
                == "UsageSummary(llm_prompt_tokens=140, llm_prompt_cached_tokens=0, llm_input_audio_tokens=0, llm_completion_tokens=19, llm_output_audio_tokens=0, tts_characters_count=74, tts_audio_duration=4.5, stt_audio_duration=6.300000000000001)"
        )
        // Only the silence is left to explain: 11.80 − 6.30 = 5.50 s.
        let sentences = Self.explanations(report)
        #expect(
            sentences.contains {
                $0.contains("not the 11.80 s of the user's track") && $0.contains("the other 5.50 s cost nothing")
            })
        #expect(!sentences.contains { $0.hasPrefix("OpenAI billed") })
    }

    @Test func theDefaultBatchPathReportsNoTokens() async throws {
        // use_realtime: false on gpt-4o-mini-transcribe: Silero segments 3.55 s and 3.05 s, 35 + 30 = 65 audio tokens
        // and 9 + 7 = 16 output tokens billed; LiveKit reports the durations and 0 tokens, and no connection event.
        let report = try await Self.report(stt: "openai-stt")
        let m = Self.stt(report)
        #expect(m.map(\.audioDuration) == [3.55, 3.05])
        #expect(m.allSatisfy { !$0.streamed && $0.inputTokens == 0 && $0.outputTokens == 0 })
        // Transcripts at max(3.60, 3.55) and max(9.25, 9.20): each request took 0.05 s.
        #expect(m.map(\.timestamp) == [3.6, 9.25])
        #expect(m.allSatisfy { abs($0.duration - 0.05) < 1e-9 })
        let bill = try #require(report.bills.first { $0.role == .stt })
        #expect(bill.inputTokens == 65 && bill.outputTokens == 16)
        #expect(bill.requests == 2)
        #expect(
            Self.explanations(report).contains(
                "OpenAI billed 65 input tokens and 16 output tokens on gpt-4o-mini-transcribe but LiveKit's STTMetrics count 0 and 0: the batch path (use_realtime: false, LiveKit's default for gpt-4o-mini-transcribe) reports only each request's audio_duration (6.60 s over 2 segments) and ignores the usage in the response."
            ))
    }

    @Test func whisperBillsWholeSeconds() async throws {
        // whisper-1 on the batch path: ceil(3.55) + ceil(3.05) = 8 s billed, 6.60 s reported.
        let report = try await Self.report(stt: "openai-stt:whisper-1")
        #expect(Self.stt(report).map(\.audioDuration) == [3.55, 3.05])
        let bill = try #require(report.bills.first { $0.role == .stt })
        #expect(bill.audioSeconds == 8)
        #expect(report.usageV1_2.summary.sttAudioDuration == 6.6)
        #expect(
            Self.explanations(report).contains {
                $0.hasPrefix(
                    "OpenAI billed 8 s on whisper-1 (2 segments, each rounded up to a whole second) but LiveKit reported 6.60 s"
                )
            })
    }

    @Test func randomPipelinesDrawBothPaths() async throws {
        // check --random draws openai-stt as a pipeline STT, on the realtime path and the batch one; the drawn files load.
        let drawn = (0..<200).map { RandomScenario.make(index: $0, seed: 1, plugins: AgentSim.plugins) }.filter {
            $0.yaml.contains("\"provider\":\"openai-stt\"")
        }
        #expect(drawn.count > 5)
        #expect(drawn.contains { $0.yaml.contains("\"use_realtime\":true") })
        #expect(drawn.contains { !$0.yaml.contains("\"use_realtime\":true") })
        for one in drawn.prefix(3) {
            let scenario = try ScenarioLoader.parse(one.yaml, file: one.name)
            let report = try await SessionReport.collect(
                SessionRun(
                    scenario: scenario, plugin: try scenario.session.plugin(from: AgentSim.plugins),
                    clips: Running.clips))
            #expect(report.bills.first { $0.role == .stt }?.provider == "openai-stt")
        }
    }

    @Test func checkMatchesLiveKitsCollectors() throws {
        let result = try TestSupport.agentsim("check", TestSupport.scenario(Self.file))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test func theWhisperBatchScenarioMatchesItsComments() async throws {
        let report = try await Running.report("pipeline-openai-stt-whisper.yaml")
        #expect(report.truth.sessionSeconds == 11.34)
        let m = Self.stt(report)
        // The recordings last 2.68 s and 0.96 s (whole 20 ms frames). Segments 0–(2.68 + 0.55) = 3.23 s and
        // (7.03 − 0.5)–(7.99 + 0.55) = 6.53–8.54 s, each transcribed 0.8 − 0.55 = 0.25 s after it was sent (at
        // 3.48 and 8.79 s); no connection event.
        #expect(m.map(\.audioDuration) == [3.23, 2.01])
        #expect(m.map(\.timestamp) == [3.48, 8.79])
        #expect(m.allSatisfy { abs($0.duration - 0.25) < 1e-9 && !$0.streamed && $0.inputTokens == 0 })
        #expect(Self.payloads(report, "TranscriptionVerbose").map { $0["usage"]?["seconds"]?.intValue } == [4, 3])
        let bill = try #require(report.bills.first { $0.role == .stt })
        #expect(bill.audioSeconds == 7)
        #expect(bill.requests == 2)
        #expect(
            report.usageV1_2.summary.reprLine
                == "UsageSummary(llm_prompt_tokens=142, llm_prompt_cached_tokens=0, llm_input_audio_tokens=0, llm_completion_tokens=20, llm_output_audio_tokens=0, tts_characters_count=71, tts_audio_duration=5.0, stt_audio_duration=5.24)"
        )
        // tts-1 through LiveKit's StreamAdapter: "Yes, we have a table at eight." (30), "Shall I book it?" (16, the last
        // token), then "Booked. See you at eight." (25: "Booked." is under 20 characters and joins the next sentence).
        let tts: [TTSMetrics] = report.metrics.compactMap { if case let .tts(t) = $0 { return t } else { return nil } }
        #expect(tts.map(\.charactersCount) == [30, 16, 25])
        let eous: [EOUMetrics] = report.metrics.compactMap { if case let .eou(e) = $0 { return e } else { return nil } }
        #expect(eous.map(\.endOfUtteranceDelay) == [0.8, 0.8])
        let sentences = Self.explanations(report)
        #expect(
            sentences.contains(
                "OpenAI billed 7 s on whisper-1 (2 segments, each rounded up to a whole second) but LiveKit reported 5.24 s of audio_duration on the batch path (use_realtime: false, LiveKit's default for whisper-1), so 1.76 billed seconds are missing."
            ))
        #expect(
            sentences.contains {
                $0.contains("not the 11.34 s of the user's track") && $0.contains("the other 6.10 s cost nothing")
            })
    }

    @Test func theWhisperScenarioMatchesLiveKitsCollectors() throws {
        let result = try TestSupport.agentsim("check", TestSupport.scenario("pipeline-openai-stt-whisper.yaml"))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }
}
