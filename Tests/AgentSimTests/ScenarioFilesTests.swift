import AgentSimCore
import Foundation
import Testing

/// Every file in `Scenarios/` loads, runs, and its summaries are the sums of its metrics.
struct ScenarioFilesTests {
    @Test(arguments: TestSupport.scenarioFiles)
    func scenarioRunsAndSumsItsReports(_ name: String) async throws {
        let report = try await Running.report(name)
        let responses = Running.responses(report)
        let llm = report.metrics.compactMap { m -> LLMMetrics? in
            if case let .llm(l) = m { return l } else { return nil }
        }
        #expect(!responses.isEmpty || !llm.isEmpty, "a scenario should produce at least one usage report")
        // The 1.2.18 summary is the plain sum of the realtime reports and, for prompt and completion tokens, of the
        // LLMMetrics (GPT-Live's backend model, a pipeline's LLM); no other metric kinds feed these fields.
        let summary = report.usageV1_2.summary
        if report.scenario.session.pipeline != nil {
            // A pipeline: stt_audio_duration sums the STTMetrics, the TTS fields the TTSMetrics.
            let stt = report.metrics.reduce(0.0) {
                if case let .stt(m) = $1 { return $0 + m.audioDuration } else { return $0 }
            }
            let tts = report.metrics.reduce(0) {
                if case let .tts(m) = $1 { return $0 + m.charactersCount } else { return $0 }
            }
            #expect(abs(summary.sttAudioDuration - stt) < 1e-9)
            #expect(summary.ttsCharactersCount == tts)
            #expect(report.bills.map(\.role) == [.stt, .llm, .tts])
        }
        #expect(
            summary.llmPromptTokens == responses.reduce(0) { $0 + $1.inputTokens }
                + llm.reduce(0) { $0 + $1.promptTokens })
        #expect(
            summary.llmCompletionTokens == responses.reduce(0) { $0 + $1.outputTokens }
                + llm.reduce(0) { $0 + $1.completionTokens })
        #expect(summary.llmInputAudioTokens == responses.reduce(0) { $0 + $1.inputTokenDetails.audioTokens })
        // Ground truth: the tracks' seconds are the turns' seconds.
        let userTurns = report.truth.turns.filter { $0.speaker == "user" }.reduce(0.0) { $0 + $1.audioSeconds }
        #expect(abs(userTurns - report.truth.userTrackSeconds) < 1e-9)
    }

    @Test(arguments: TestSupport.scenarioFiles)
    func everyFormatRunsFromTheCommandLine(_ name: String) throws {
        for format in ["text", "json", "jsonl"] {
            let result = try TestSupport.agentsim("run", TestSupport.scenario(name), "--format", format)
            #expect(result.status == 0, "\(name) --format \(format): \(result.stderr)")
            #expect(result.stderr.isEmpty)
            switch format {
            case "text":
                #expect(result.stdout.contains("\nturn  speaker  audio s"))
                #expect(result.stdout.hasSuffix(")\n") && result.stdout.contains("\nUsageSummary(llm_prompt_tokens="))
            case "json":
                let json = try JSONValue.parse(result.stdout)
                #expect(
                    json.keys.starts(with: [
                        "scenario", "file", "provider", "model", "seed", "usage_summary", "usage_summary_v1_2",
                        "model_usage",
                    ]))
                #expect(json["usage_summary"]?.keys.count == 18)
                #expect(json["usage_summary_v1_2"]?.keys.count == 8)
                #expect(json["truth"]?["session_seconds"]?.doubleValue ?? 0 > 0)
                #expect((json["provider_payloads"]?.arrayValue?.count ?? 0) > 0)
            default:
                let lines = result.stdout.split(separator: "\n")
                #expect(!lines.isEmpty)
                for line in lines {
                    let event = try JSONValue.parse(String(line))
                    #expect(event.keys.first == "type")
                }
            }
        }
    }
}
