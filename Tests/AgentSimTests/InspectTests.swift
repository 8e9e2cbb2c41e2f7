import AgentSimCLI
import AgentSimCore
import AgentSimInspect
import Foundation
import LiveKitMetrics
import Testing

/// `agentsim inspect`'s reading of recorded events: totals, quirks with their sentences, the scenario skeleton.
struct InspectTests {
    /// The metrics events a scenario's session emits, one JSON line each, as a LiveKit agent's handler writes them.
    static func lines(_ scenario: String) async throws -> String {
        let report = try await Running.report(scenario)
        return report.metrics.map { $0.json().compactString() }.joined(separator: "\n") + "\n"
    }

    static func realtime(
        _ label: String, id: String, at time: Double, input: Int, audio: Int = 0, cached: Int = 0, output: Int = 10,
        sessionDuration: Double = 0, model: String, provider: String
    ) -> AgentMetrics {
        .realtime(
            RealtimeModelMetrics(
                label: label, requestId: id, timestamp: time, duration: 1, sessionDuration: sessionDuration, ttft: 0.5,
                cancelled: false, inputTokens: input, outputTokens: output, totalTokens: input + output,
                tokensPerSecond: 10,
                inputTokenDetails: .init(
                    audioTokens: audio, textTokens: input - audio, imageTokens: 0, cachedTokens: cached,
                    cachedTokensDetails: .init(audioTokens: 0, textTokens: cached, imageTokens: 0)),
                outputTokenDetails: .init(textTokens: output, audioTokens: 0, imageTokens: 0),
                metadata: Metadata(modelName: model, modelProvider: provider)))
    }

    static let openAILabel = "livekit.plugins.openai.realtime.realtime_model.RealtimeModel"

    @Test func theSeedThreadsGeminiEventsShowTheTurnIndexQuirk() async throws {
        let inspection = Inspection(try Recording.parse(try await Self.lines("livekit-thread-gemini.yaml")))
        let session = try #require(inspection.sessions.first)
        // Seven responses on gemini-2.0-flash-live-001 report input audio 0, 1, …, 6: 21 in all (the seed thread's
        // figure), and 80 output text tokens with no output audio (the scenario's run table).
        #expect(session.quirks.map(\.id) == ["gemini-turn-index-audio", "gemini-no-output-audio"])
        #expect(session.quirks[0].sentence.contains("input_audio_tokens 0 + 1 + … + 6 = 21"))
        #expect(session.quirks[0].source.contains("livekit/agents#2426"))
        #expect(session.quirks[1].sentence.contains("80 output text tokens over 7 responses"))
        // The totals are LiveKit's collector's: 5,354 input tokens (the run's llm_prompt_tokens), 21 of them audio.
        let totals = try #require(session.totals.first)
        #expect(totals.provider == "Gemini" && totals.model == "gemini-2.0-flash-live-001")
        let figures = inspection.text
        #expect(figures.contains("input_tokens=5354"))
        #expect(figures.contains("input_audio_tokens=21"))
    }

    @Test func summedSnapshotsAreNamedWithTheirFigures() throws {
        // Three responses of 100, 150 and 230 input tokens; after each, LiveKit's cumulative snapshot: 100, 250, 480.
        // Summed, the snapshots give 100 + 250 + 480 = 830 against the session's 480.
        var collector = ModelUsageCollector()
        var lines: [String] = []
        for (n, input) in [100, 150, 230].enumerated() {
            let event = Self.realtime(
                Self.openAILabel, id: "resp_\(n)", at: Double(n * 5), input: input, model: "gpt-realtime",
                provider: "api.openai.com")
            collector.collect(event)
            lines.append(
                #"{"id":"s1-0.\#(2 * n)","session":"s1-0","seq":\#(2 * n),"metrics":"#
                    + event.json().compactString() + "}")
            let usage = collector.flatten().map { $0.json().compactString() }.joined(separator: ",")
            lines.append(
                #"{"id":"s1-0.\#(2 * n + 1)","session":"s1-0","seq":\#(2 * n + 1),"event":{"type":"session_usage_updated","usage":{"model_usage":["#
                    + usage + "]}}}")
        }
        let inspection = Inspection(try Recording.parse(lines.joined(separator: "\n")))
        let quirk = try #require(inspection.sessions.first?.quirks.first { $0.id == "summed-usage-snapshots" })
        #expect(quirk.session == "s1-0")
        #expect(quirk.sentence.contains("its 3 snapshots here sum to input_tokens 830 for gpt-realtime"))
        #expect(quirk.sentence.contains("while the session used 480 (the last snapshot)"))
        #expect(quirk.lines == [2, 4, 6])
    }

    @Test func cachedTokensOnAFirstResponseAreExplained() throws {
        let first = Self.realtime(
            Self.openAILabel, id: "resp_1", at: 2, input: 900, cached: 768, model: "gpt-realtime",
            provider: "api.openai.com")
        let inspection = Inspection(try Recording.parse(first.json().compactString()))
        let quirk = try #require(inspection.sessions.first?.quirks.first)
        #expect(quirk.id == "cached-on-first-response")
        #expect(quirk.sentence.contains("already reports 768 cached input tokens"))
    }

    @Test func gptLiveDeltasThatStallAreNamed() throws {
        // LiveKit's deltas of cumulative seconds 5.0, 5.0 (repeated), 9.0: 5.0, 0, 4.0.
        let label = "livekit.agents.llm._realtime.gpt_live.GPTLiveModel"
        let lines = [5.0, 0, 4.0].enumerated().map { n, delta in
            Self.realtime(
                label, id: "sess_1", at: Double(n), input: 0, output: 0, sessionDuration: delta, model: "gpt-live-1",
                provider: "api.openai.com"
            ).json().compactString()
        }
        let quirk = try #require(
            Inspection(try Recording.parse(lines.joined(separator: "\n"))).sessions.first?.quirks.first)
        #expect(quirk.id == "gpt-live-seconds-back")
        #expect(quirk.sentence.contains("gives 0 here (line 2)"))
        #expect(quirk.sentence.contains("sum, 9.0 s"))
    }

    @Test func deepgramsFiveSecondStepsAreNamed() throws {
        let lines = [5.0, 5.0, 5.0, 2.15].map { seconds in
            AgentMetrics.stt(
                STTMetrics(
                    label: "livekit.plugins.deepgram.stt.STT", requestId: "req", timestamp: 0, duration: 0,
                    audioDuration: seconds, streamed: true,
                    metadata: Metadata(modelName: "nova-3", modelProvider: "Deepgram"))
            ).json().compactString()
        }
        let quirk = try #require(
            Inspection(try Recording.parse(lines.joined(separator: "\n"))).sessions.first?.quirks.first)
        #expect(quirk.id == "deepgram-five-second-steps")
        // 5 + 5 + 5 + 2.15 = 17.15 s.
        #expect(quirk.sentence.contains("(3 reports of 5.0 s here)"))
        #expect(quirk.sentence.contains("17.15 s in all"))
    }

    @Test func aBadLineIsNamed() {
        let error = #expect(throws: RecordingError.self) {
            let first = Self.realtime(
                Self.openAILabel, id: "resp_1", at: 2, input: 900, model: "gpt-realtime", provider: "api.openai.com")
            _ = try Recording.parse(first.json().compactString() + "\nnot json")
        }
        #expect(error?.line == 2)
        #expect(error?.message.hasPrefix("not JSON (") == true)
        #expect(throws: RecordingError(line: 1, message: "an envelope without a string \"session\"")) {
            _ = try Recording.parse(#"{"id":"a","metrics":{"type":"llm_metrics"}}"#)
        }
    }

    /// Realtime sessions without tool calls: the skeleton, its instructions calibrated on response 0 by running it
    /// once, reproduces every total of the recording (barge-ins included, from each response's played seconds).
    @Test(arguments: [
        "openai-hi.yaml", "livekit-thread-openai.yaml", "livekit-thread-gemini.yaml", "gemini-native-audio.yaml",
    ])
    func theSkeletonReproducesTheTotals(_ name: String) async throws {
        let inspection = Inspection(try Recording.parse(try await Self.lines(name)))
        let calibrated = await AgentSim.Inspect.calibrated(try #require(inspection.sessions.first?.skeleton))
        #expect(calibrated.calibrated)
        let skeleton = calibrated.yaml
        let scenario = try ScenarioLoader.parse(skeleton, file: "skeleton.yaml")
        let rerun = try await SessionReport.collect(
            SessionRun(
                scenario: scenario, plugin: try scenario.session.plugin(from: AgentSim.plugins), clips: Running.clips))
        var collector = ModelUsageCollector()
        for metrics in rerun.metrics { collector.collect(metrics) }
        #expect(collector.flatten() == inspection.sessions.first?.totals, "skeleton:\n\(skeleton)")
    }
}

/// `agentsim inspect` as a user runs it.
struct InspectCommandTests {
    @Test func inspectExplainsARecordingAndRefusesBadLines() throws {
        let directory = try TestSupport.temporaryDirectory()
        let run = try TestSupport.agentsim(
            "run", TestSupport.scenario("livekit-thread-gemini.yaml"), "--format", "jsonl")
        let events = directory.appendingPathComponent("events.jsonl")
        try run.stdoutData.write(to: events)
        let inspected = try TestSupport.agentsim("inspect", events.path)
        #expect(inspected.status == 0)
        #expect(inspected.stdout.contains("gemini-turn-index-audio (lines 1–7)"))
        #expect(inspected.stdout.contains("input_tokens=5354, input_audio_tokens=21, input_text_tokens=5333"))
        // The skeleton is calibrated on response 0's 647 input tokens: less gemini-2.0-flash-live-001's 508-token
        // overhead and 1 token for the skeleton's "…" transcript (ceil(1 / 4)), 138 go to the instructions, which
        // each response re-bills.
        #expect(inspected.stdout.contains("instructions_tokens: 138"))
        let bad = directory.appendingPathComponent("bad.jsonl")
        try Data((String(decoding: run.stdoutData, as: UTF8.self) + "{\"type\": 3}\n").utf8).write(to: bad)
        let refused = try TestSupport.agentsim("inspect", bad.path)
        #expect(refused.status == 2)
        #expect(
            refused.stderr
                == "agentsim: inspect: \(bad.path):8: no string \"type\" (expected a LiveKit metrics event)\n")
    }
}
