import AgentSimCLI
import AgentSimCore
import Testing

/// Invariants every provider plugin must keep, on every scenario (run on each plugin with its defaults).
struct PluginConformanceTests {
    struct Pair: CustomTestStringConvertible, Sendable {
        var provider: String
        var scenario: String
        var testDescription: String { "\(provider) × \(scenario)" }
    }

    static let pairs: [Pair] = AgentSim.plugins.filter { $0.roles.contains(.realtime) }.flatMap { plugin in
        TestSupport.scenarioFiles.map { Pair(provider: plugin.id, scenario: $0) }
    }

    @Test(arguments: pairs)
    func pluginKeepsTheInvariants(_ pair: Pair) async throws {
        let report = try await Running.report(pair.scenario, provider: pair.provider)
        var outputAudioByTurn: [Int: Int] = [:]
        for output in report.outputs {
            for metric in output.metrics {
                guard case let .realtime(r) = metric else { continue }
                let input = r.inputTokenDetails, out = r.outputTokenDetails
                // No negative counts.
                let counts =
                    [
                        r.inputTokens, r.outputTokens, r.totalTokens, input.audioTokens, input.textTokens,
                        input.imageTokens,
                        input.cachedTokens, out.audioTokens, out.textTokens, out.imageTokens,
                    ]
                    + [
                        input.cachedTokensDetails?.audioTokens, input.cachedTokensDetails?.textTokens,
                        input.cachedTokensDetails?.imageTokens,
                    ].compactMap { $0 }
                #expect(counts.allSatisfy { $0 >= 0 }, "negative count in \(r.requestId)")
                // Totals add up: labelled modalities never exceed their totals; total covers input + output.
                #expect(input.audioTokens + input.textTokens + input.imageTokens <= r.inputTokens)
                #expect(out.audioTokens + out.textTokens + out.imageTokens <= r.outputTokens)
                #expect(r.totalTokens >= r.inputTokens + r.outputTokens)
                // The input by source (for `agentsim report`'s bars) adds up to the reported input.
                // (A seconds-billed report, such as GPT-Live's, has no input tokens and so no parts.)
                if !r.requestId.isEmpty, r.inputTokens > 0 {
                    #expect(!output.inputParts.isEmpty, "no input parts for \(r.requestId)")
                    #expect(
                        output.inputParts.reduce(0) { $0 + $1.tokens } == r.inputTokens,
                        "input parts of \(r.requestId): \(output.inputParts)")
                    #expect(output.inputParts.allSatisfy { $0.tokens > 0 })
                }
                // Cached ⊂ input, and the cached split adds up to the cached count.
                #expect(input.cachedTokens <= r.inputTokens)
                if let details = input.cachedTokensDetails {
                    #expect(details.audioTokens + details.textTokens + details.imageTokens == input.cachedTokens)
                    #expect(details.audioTokens <= input.audioTokens && details.textTokens <= input.textTokens)
                }
                if let turn = output.turn { outputAudioByTurn[turn, default: 0] += out.audioTokens }
            }
        }
        // Output audio tokens equal the documented rate applied to the encoded agent audio; not where each report is
        // a running total (gemini-live usage_reporting: cumulative), whose per-turn figures are the increments.
        let cumulative = report.scenario.session.options.json["usage_reporting"]?.stringValue == "cumulative"
        for truth in report.truth.turns where truth.speaker == "agent" && !cumulative {
            #expect(
                outputAudioByTurn[truth.turn, default: 0] == truth.documentedAudioTokens,
                "turn \(truth.turn): reported \(outputAudioByTurn[truth.turn, default: 0]) output audio tokens, documented rate gives \(truth.documentedAudioTokens)"
            )
        }
        // Every payload is a JSON object with a type the plugin names.
        for payload in report.outputs.compactMap(\.payload) {
            #expect(!payload.type.isEmpty)
            #expect(!payload.json.keys.isEmpty)
        }
    }
}
