import AgentSimCore
import AgentSimTesting
import LiveKitMetrics
import Synchronization
import Testing

/// The suites find what they look for: plugins broken on purpose get the findings a user would read.
struct SuiteCatchesTests {
    /// A realtime plugin with three faults: it takes any option and any model, it reports a negative token count,
    /// and its sessions share one counter, so a copy does not continue as the original does.
    struct BrokenRealtime: ProviderPlugin {
        final class Counter: Sendable {
            let value = Mutex(0)
        }

        struct Session: RealtimeSession {
            let counter: Counter
            var modelName: String { "broken-1" }
            var audioTokenRates: AudioTokenRates {
                AudioTokenRates(inputPerSecond: 10, outputPerSecond: 20, billsSilence: false)
            }

            mutating func finishResponse(_ input: RealtimeResponseDone) -> [ProviderOutput] {
                let n = counter.value.withLock { value in
                    value += 1
                    return value
                }
                let metrics = RealtimeModelMetrics(
                    label: "broken", requestId: "resp_\(n)", timestamp: input.time, duration: 0, ttft: -1,
                    cancelled: false, inputTokens: -5, outputTokens: 0, totalTokens: 0, tokensPerSecond: 0,
                    inputTokenDetails: .init(
                        audioTokens: 0, textTokens: 0, imageTokens: 0, cachedTokens: 0, cachedTokensDetails: nil),
                    outputTokenDetails: .init(textTokens: 0, audioTokens: 0, imageTokens: 0),
                    metadata: Metadata(modelName: "broken-1", modelProvider: "test"))
                return [ProviderOutput(time: input.time, turn: input.turn, payload: nil, metrics: [.realtime(metrics)])]
            }
        }

        var id: String { "broken" }
        var documentation: PluginDocumentation {
            PluginDocumentation(
                id: id, title: "Broken", summary: "Broken on purpose.",
                models: [ModelDocumentation(name: "broken-1", summary: "", isDefault: true)], options: [], rules: [],
                sources: [])
        }

        func makeRealtime(_ setup: SessionSetup) throws(ScenarioError) -> any RealtimeSession {
            Session(counter: Counter())
        }
    }

    @Test func aBrokenRealtimePluginIsCaught() {
        let findings = RealtimeConformance.findings(for: BrokenRealtime())
        // The standard conversation has four responses (a cut reply, a tool call, two replies) and the odd sequences
        // one more (a reply of no audio): each of the five reports input_tokens = -5.
        #expect(findings.filter { $0.contains("input_tokens = -5.0") }.count == 5)
        #expect(findings.contains("broken (realtime): an unknown model is accepted"))
        #expect(findings.contains("broken (realtime): an unknown option is accepted"))
        #expect(findings.contains { $0.hasPrefix("broken (realtime): a copy of a session reports differently") })
        // The same fresh session, run twice from its start, shares the counter too: its request ids go on counting.
        #expect(findings.contains("broken (realtime): the same inputs give different reports (report 0's metrics)"))
    }
}
