import AgentSimCore
import Foundation
import GeminiLive
import Testing

/// The invariants every plugin keeps, on every Gemini scenario and on every scenario file run on
/// each Gemini model with default knobs; and same input, same output.
struct InvariantTests {
    struct Pair: CustomTestStringConvertible, Sendable {
        var scenario: String
        /// nil: the file's own model and options.
        var model: String?
        var testDescription: String { "\(scenario) on \(model ?? "its own setup")" }
    }

    static let allFiles: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Gemini.scenarios.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    static let pairs: [Pair] =
        Gemini.scenarioFiles.map { Pair(scenario: $0, model: nil) }
        + GeminiLivePlugin().documentation.models.flatMap { model in
            allFiles.map { Pair(scenario: $0, model: model.name) }
        }

    @Test(arguments: pairs)
    func invariantsHold(_ pair: Pair) async throws {
        var scenario = try ScenarioLoader.load(path: Gemini.path(pair.scenario))
        if let model = pair.model {
            scenario.session.provider = "gemini-live"
            scenario.session.model = model
            scenario.session.options = .emptyMap(at: SourceLocation(file: "test"))
        }
        let report = try await Gemini.run(scenario)
        var outputAudioByTurn: [Int: Int] = [:]
        for output in report.outputs {
            let wire = output.payload?.json["usageMetadata"]
            #expect(output.metrics.count <= 1)
            for metric in output.metrics {
                guard case let .realtime(r) = metric else { Issue.record("not a realtime metric"); continue }
                let input = r.inputTokenDetails, out = r.outputTokenDetails
                let counts = [
                    r.inputTokens, r.outputTokens, r.totalTokens, input.audioTokens, input.textTokens,
                    input.imageTokens, input.cachedTokens, out.audioTokens, out.textTokens, out.imageTokens,
                ]
                #expect(counts.allSatisfy { $0 >= 0 })
                #expect(input.audioTokens + input.textTokens + input.imageTokens <= r.inputTokens)
                #expect(out.audioTokens + out.textTokens + out.imageTokens <= r.outputTokens)
                #expect(r.totalTokens >= r.inputTokens + r.outputTokens)
                #expect(input.cachedTokens <= r.inputTokens)
                let cached = try #require(input.cachedTokensDetails)
                #expect(cached.audioTokens + cached.textTokens + cached.imageTokens == input.cachedTokens)
                #expect(cached.audioTokens <= input.audioTokens && cached.textTokens <= input.textTokens)
                // LiveKit copies the wire figures: total_tokens is the wire total, which is prompt + response + tool use + thoughts.
                let w = try #require(wire)
                let n = { (key: String) in w[key]?.intValue ?? 0 }
                #expect(r.inputTokens == n("promptTokenCount"))
                #expect(r.outputTokens == n("responseTokenCount") + n("candidatesTokenCount"))
                #expect(r.totalTokens == n("totalTokenCount"))
                #expect(
                    r.totalTokens == r.inputTokens + r.outputTokens + n("toolUsePromptTokenCount")
                        + n("thoughtsTokenCount"))
                if let turn = output.turn { outputAudioByTurn[turn, default: 0] += out.audioTokens }
            }
        }
        // Output audio tokens equal the documented rate applied to the encoded agent audio (0 where
        // the model reports no output AUDIO, whose documented output rate is then 0).
        let reportsAudio = report.truth.rates.outputPerSecond > 0
        // Under usage_reporting: cumulative each report is a running total: the rule holds for its increments.
        let cumulative = report.scenario.session.options.json["usage_reporting"]?.stringValue == "cumulative"
        var previousTotal = 0
        for truth in report.truth.turns where truth.speaker == "agent" {
            let reported = outputAudioByTurn[truth.turn, default: 0]
            if cumulative {
                #expect(reported - previousTotal == truth.documentedAudioTokens, "turn \(truth.turn)")
                previousTotal = reported
                continue
            }
            #expect(outputAudioByTurn[truth.turn, default: 0] == truth.documentedAudioTokens, "turn \(truth.turn)")
            if reportsAudio, truth.audioSeconds > 0.1 { #expect(truth.documentedAudioTokens > 0) }
        }
        #expect(report.truth.rates.billsSilence)
    }

    /// `agentsim check --random` scenarios for this plugin: every drawn setup is valid, and the wire and
    /// LiveKit rules hold under any mix of knobs.
    @Test func randomSetupsAreValidAndKeepTheWireRules() async throws {
        var models: Set<String> = []
        for index in 0..<60 {
            let generated = RandomScenario.make(index: index, seed: 5, plugins: [GeminiLivePlugin()])
            let scenario = try ScenarioLoader.parse(generated.yaml, file: "\(generated.name).yaml")
            models.insert(scenario.session.model ?? "")
            let report = try await Gemini.run(scenario)
            for output in report.outputs {
                for metric in output.metrics {
                    guard case let .realtime(r) = metric, let w = output.payload?.json["usageMetadata"] else {
                        Issue.record("metrics without usage in \(generated.name)")
                        continue
                    }
                    let n = { (key: String) in w[key]?.intValue ?? 0 }
                    #expect(
                        n("totalTokenCount") == n("promptTokenCount") + n("responseTokenCount")
                            + n("candidatesTokenCount") + n("toolUsePromptTokenCount") + n("thoughtsTokenCount"))
                    #expect(r.totalTokens == n("totalTokenCount") && r.inputTokens == n("promptTokenCount"))
                    #expect(r.inputTokenDetails.cachedTokens <= r.inputTokens)
                    #expect(
                        r.inputTokenDetails.audioTokens + r.inputTokenDetails.textTokens
                            + r.inputTokenDetails.imageTokens <= r.inputTokens)
                    #expect(
                        r.inputTokens >= 0 && r.outputTokens >= 0 && r.totalTokens >= r.inputTokens + r.outputTokens)
                }
            }
        }
        #expect(models.count == GeminiLivePlugin().documentation.models.count)
    }

    @Test(arguments: Gemini.scenarioFiles)
    func sameScenarioAndSeedGiveIdenticalOutput(_ name: String) async throws {
        func dump(_ r: SessionReport) -> String {
            r.outputs.map { o in
                (o.payload?.json.compactString() ?? "-") + "|"
                    + o.metrics.map { $0.json().compactString() }.joined(separator: ",")
            }.joined(separator: "\n")
        }
        let a = dump(try await Gemini.report(name)), b = dump(try await Gemini.report(name))
        #expect(!a.isEmpty)
        #expect(a == b)
    }

    @Test func everyProfileAndSwitchHasAScenario() throws {
        var text = ""
        for name in Gemini.scenarioFiles {
            text += (try? String(contentsOfFile: Gemini.path(name), encoding: .utf8)) ?? ""
        }
        for model in GeminiLivePlugin().documentation.models where model.name != "gemini-2.0-flash-exp" {
            #expect(
                text.contains("model: \(model.name)") || (model.isDefault && text.contains("provider: gemini-live")),
                "\(model.name)")
        }
        for key in [
            "usage_missing", "standalone_usage", "duplicate_usage", "usage_on_tool_call", "usage_before_first_response",
            "thoughts_tokens", "tool_use_prompt_tokens", "media_tokens", "caching", "cache_min_tokens",
            "cache_tokens_details",
            "api", "input_audio_tokens_per_second", "output_audio_tokens_per_second", "user_audio_in_prompt",
            "response_text", "livekit_ttft", "characters_per_token", "speech_text_tokens_per_second",
        ] {
            #expect(text.contains("    \(key):"), "no scenario sets \(key)")
        }
    }
}
