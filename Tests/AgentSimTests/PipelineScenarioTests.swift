import AgentSimCLI
import AgentSimCore
import Foundation
import LiveKitMetrics
import Testing

/// Scenarios/pipeline-deepgram-flux.yaml through the real plugins, and the same conversation on a realtime model
/// beside it. The figures are the ones the file's comments derive.
@Suite struct PipelineScenarioTests {
    static let file = "pipeline-deepgram-flux.yaml"

    static func stt(_ report: SessionReport) -> [STTMetrics] {
        report.metrics.compactMap { if case let .stt(m) = $0 { return m } else { return nil } }
    }

    static func tts(_ report: SessionReport) -> [TTSMetrics] {
        report.metrics.compactMap { if case let .tts(m) = $0 { return m } else { return nil } }
    }

    static func llm(_ report: SessionReport) -> [LLMMetrics] {
        report.metrics.compactMap { if case let .llm(m) = $0 { return m } else { return nil } }
    }

    @Test func fluxFallsShortOfTheConnectionByExactlyTheTail() async throws {
        let report = try await Running.report(Self.file)
        // A 17.15 s connection: 5.0 s reports at 5, 10 and 15 s, and none at close on flux.
        #expect(report.truth.sessionSeconds == 17.15)
        #expect(Self.stt(report).map(\.audioDuration) == [5.0, 5.0, 5.0])
        #expect(Self.stt(report).map(\.timestamp) == [5.0, 10.0, 15.0])
        let bill = try #require(report.bills.first { $0.role == .stt })
        #expect(bill.audioSeconds == 17.15)
        #expect(report.usageV1_2.summary.sttAudioDuration == 15.0)
    }

    @Test func novaReportsTheWholeConnection() async throws {
        // The same conversation on nova-3: LiveKit's zero-usage connection event, three 5.0 s steps, and at close
        // the 2.15 s pushed since 15 s (17.15 is 343 whole 50 ms chunks, so no shorter remainder is left).
        var scenario = try ScenarioLoader.load(path: TestSupport.scenario(Self.file))
        scenario.session.pipeline?.stt.model = "nova-3"
        let report = try await SessionReport.collect(
            SessionRun(
                scenario: scenario, plugin: try scenario.session.plugin(from: AgentSim.plugins), clips: Running.clips))
        #expect(Self.stt(report).map(\.audioDuration) == [0, 5.0, 5.0, 5.0, 2.15])
        #expect(report.usageV1_2.summary.sttAudioDuration == 17.15)
    }

    @Test func theCutSegmentWhoseTextWasFlushedIsReported() async throws {
        let report = try await Running.report(Self.file)
        // Turns 1 and 5 report 37 and 40 characters (2.5 and 3.0 s). Turn 3 is cut at 11.50, before its last frame
        // (14.00), but its 13-token stream ended at 9.80 + 12/50 = 10.04, flushing the whole 54-character reply, and
        // both sentences' audio had arrived (the second at 10.00 + 4.0 × 19/53 = 11.43): ElevenLabs' plugin ends the
        // cancelled segment, so LiveKit reports it at the barge-in with 54 characters and 4.0 s, between the others.
        #expect(Self.tts(report).map(\.charactersCount) == [37, 54, 40])
        #expect(Self.tts(report).map(\.audioDuration) == [2.5, 4.0, 3.0])
        // Turn 1's report comes at its last frame (6.55), turn 3's at the barge-in (11.50): 4.95 s apart.
        let stamps = Self.tts(report).map(\.timestamp)
        #expect(abs(stamps[1] - stamps[0] - 4.95) < 1e-6)
        let bill = try #require(report.bills.first { $0.role == .tts })
        #expect(bill.characters == 37 + 54 + 40)
        #expect(report.usageV1_2.summary.ttsCharactersCount == 131)
    }

    /// pipeline-openai-responses.yaml: the last reply's request ends in response.incomplete after 16 of its 60 tokens,
    /// so the TTS gets only what those tokens carried, flushed when the stream ended (derivation in the file).
    @Test func anIncompleteRepliesStreamedTextIsWhatTheTTSGetsAndReports() async throws {
        let report = try await Running.report("pipeline-openai-responses.yaml")
        // Replies 1 and 4: 58 and 63 characters, 3.2 and 3.5 s. Reply 6: 16 tokens carry ceil(16 × 187 / 60) = 50
        // characters; the stream ended at 14.34 + 15/50 = 14.64, before the barge-in at 14.54 + 0.6 = 15.14, after
        // the reply's one audio message (14.54, all 8.0 s): reported at the barge-in, 50 characters, 8.0 s.
        #expect(Self.tts(report).map(\.charactersCount) == [58, 63, 50])
        #expect(Self.tts(report).map(\.audioDuration) == [3.2, 3.5, 8.0])
        let bill = try #require(report.bills.first { $0.role == .tts })
        #expect(bill.characters == 58 + 63 + 50)
        #expect(report.usageV1_2.summary.ttsCharactersCount == 171)
    }

    @Test func theLLMAndTheEndsOfTurnFollowTheDerivation() async throws {
        let report = try await Running.report(Self.file)
        #expect(Self.llm(report).map(\.promptTokens) == [58, 81, 97])
        #expect(Self.llm(report).map(\.completionTokens) == [9, 13, 10])
        #expect(Self.llm(report).allSatisfy { !$0.cancelled })
        let eous: [EOUMetrics] = report.metrics.compactMap { if case let .eou(e) = $0 { return e } else { return nil } }
        #expect(eous.map(\.endOfUtteranceDelay) == [0.5, 0.5, 0.5])
        #expect(eous.map(\.transcriptionDelay) == [0.3, 0.3, 0.3])
        #expect(
            report.usageV1_2.summary.reprLine
                == "UsageSummary(llm_prompt_tokens=236, llm_prompt_cached_tokens=0, llm_input_audio_tokens=0, llm_completion_tokens=32, llm_output_audio_tokens=0, tts_characters_count=131, tts_audio_duration=9.5, stt_audio_duration=15.0)"
        )
    }

    @Test func compareSetsARealtimeModelBesideThePipeline() throws {
        let result = try TestSupport.agentsim(
            "compare", TestSupport.scenario(Self.file), "--providers",
            "openai-realtime,pipeline:deepgram:flux-general-en+openai-chat:gpt-4.1-mini+elevenlabs:eleven_multilingual_v2"
        )
        #expect(result.status == 0, "\(result.stderr)")
        // Both columns, the pipeline's bills beside LiveKit's figures, and one sentence for each gap.
        #expect(result.stdout.contains("openai-realtime"))
        #expect(result.stdout.contains("flux-general-en+gpt-4.1-mini+eleven_multilingual_v2"))
        #expect(
            result.stdout.contains(
                "Deepgram billed 17.15 s of WebSocket connection on flux-general-en but LiveKit reported 15.00 s"))
        #expect(result.stdout.contains("so 2.15 s are missing"))
        // Every TTS character billed is reported (the cut reply's text was flushed first): no TTS gap sentence.
        #expect(!result.stdout.contains("ElevenLabs billed"))
        let rows = result.stdout.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        #expect(rows.contains("stt billed audio s 17.15"))
        #expect(rows.contains("tts billed characters 131"))
        #expect(rows.contains { $0.hasPrefix("stt_audio_duration 0.0 15.0") })
        #expect(rows.contains { $0.hasPrefix("tts_characters_count 0 131") })
    }

    @Test func aRealtimeScenarioRunsOnAPipelineFromTheCommandLine() throws {
        let result = try TestSupport.agentsim(
            "run", TestSupport.scenario("greeting.yaml"), "--provider", "pipeline:deepgram+openai-chat+elevenlabs",
            "--format", "json")
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        #expect(json["provider"]?.stringValue == "pipeline")
        #expect(json["bills"]?.arrayValue?.compactMap { $0["role"]?.stringValue } == ["stt", "llm", "tts"])
        // A bad pipeline spec is one message and exit 2.
        let bad = try TestSupport.agentsim(
            "run", TestSupport.scenario("greeting.yaml"), "--provider", "pipeline:deepgram+openai-chat")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--provider: expected pipeline:STT+LLM+TTS with each ID or ID:MODEL"))
        let role = try TestSupport.agentsim(
            "run", TestSupport.scenario("greeting.yaml"), "--provider", "pipeline:elevenlabs+openai-chat+deepgram")
        #expect(role.status == 2)
        #expect(role.stderr.contains("elevenlabs is not a stt service (it plays tts); expected one of deepgram"))
    }
}
