import AgentSimCore
import Testing

/// The provider-native LiveServerMessage and the LiveKit metrics built from it.
struct PayloadShapeTests {
    static let usageKeys: Set<String> = [
        "promptTokenCount", "cachedContentTokenCount", "responseTokenCount", "candidatesTokenCount",
        "toolUsePromptTokenCount",
        "thoughtsTokenCount", "totalTokenCount", "promptTokensDetails", "cacheTokensDetails", "responseTokensDetails",
        "candidatesTokensDetails", "toolUsePromptTokensDetails", "serviceTier",
    ]

    @Test(arguments: Gemini.scenarioFiles)
    func everyPayloadIsACamelCaseLiveServerMessage(_ name: String) async throws {
        let report = try await Gemini.report(name)
        for payload in report.outputs.compactMap(\.payload) {
            #expect(payload.type == "LiveServerMessage")
            #expect(Set(payload.json.keys).isSubset(of: ["serverContent", "toolCall", "usageMetadata"]))
            guard let usage = payload.json["usageMetadata"] else { continue }
            #expect(Set(usage.keys).isSubset(of: Self.usageKeys), "\(usage.keys)")
            #expect(usage.keys.allSatisfy { !$0.contains("_") })
            // serviceTier is a google-genai ServiceTier value, never a count.
            if let tier = usage["serviceTier"] {
                #expect(["unspecified", "standard", "flex", "priority"].contains(tier.stringValue ?? ""))
            }
            // proto3 JSON: no zero counts, no empty lists, no zero-count modality entries.
            for key in usage.keys {
                let value = try #require(usage[key])
                if let n = value.intValue { #expect(n > 0, "\(key) is \(n)") }
                if let list = value.arrayValue {
                    #expect(!list.isEmpty)
                    #expect(
                        list.allSatisfy {
                            ($0["tokenCount"]?.intValue ?? 0) > 0 && $0.keys == ["modality", "tokenCount"]
                        })
                }
            }
        }
    }

    @Test func turnCompleteMessageShape() async throws {
        let report = try await Gemini.report("livekit-thread-gemini.yaml")
        let first = try #require(report.outputs.first?.payload)
        // {"serverContent":{"turnComplete":true},"usageMetadata":{…}} with the 0 AUDIO entry omitted on turn 0.
        #expect(
            first.json.compactString()
                == #"{"serverContent":{"turnComplete":true},"usageMetadata":{"promptTokenCount":647,"responseTokenCount":11,"totalTokenCount":658,"promptTokensDetails":[{"modality":"TEXT","tokenCount":647}],"responseTokensDetails":[{"modality":"TEXT","tokenCount":11}]}}"#
        )
    }

    @Test func totalsFollowTheAPIRuleOnTheWire() async throws {
        for name in Gemini.scenarioFiles {
            for usage in Gemini.usages(try await Gemini.report(name)) {
                let n = { (key: String) in usage[key]?.intValue ?? 0 }
                let response = n("responseTokenCount") + n("candidatesTokenCount")
                #expect(
                    n("totalTokenCount") == n("promptTokenCount") + response + n("toolUsePromptTokenCount")
                        + n("thoughtsTokenCount"), "\(name)")
                #expect(n("cachedContentTokenCount") <= n("promptTokenCount"))
            }
        }
    }

    @Test func liveKitMetricsFieldsForGemini() async throws {
        let report = try await Gemini.report("livekit-thread-gemini.yaml")
        let m = Gemini.metrics(report)
        #expect(m.count == 7)
        #expect(m.allSatisfy { $0.label == "livekit.plugins.google.realtime.realtime_api.RealtimeModel" })
        // "GR_" + 12 lowercase hex digits, as shortuuid("GR_") makes them; all different.
        #expect(
            m.allSatisfy { id in
                id.requestId.hasPrefix("GR_") && id.requestId.count == 15
                    && id.requestId.dropFirst(3).allSatisfy { "0123456789abcdef".contains($0) }
            })
        #expect(Set(m.map(\.requestId)).count == 7)
        #expect(
            m.allSatisfy { $0.metadata == Metadata(modelName: "gemini-2.0-flash-live-001", modelProvider: "Gemini") })
        // cached_tokens_details is always built (zeros when there is no cache).
        #expect(
            m.allSatisfy {
                $0.inputTokenDetails.cachedTokensDetails == .init(audioTokens: 0, textTokens: 0, imageTokens: 0)
            })
        // The first response starts when the user's 8.8 s utterance ends and is done when its 2.92 s
        // reply has played after the 0.6 s latency: duration 3.52 s; 11 tokens / 3.52 s.
        #expect(abs(m[0].timestamp - 8.8) < 1e-9)
        #expect(abs(m[0].duration - 3.52) < 1e-9)
        #expect(abs(m[0].tokensPerSecond - 11 / 3.52) < 1e-9)
    }

    @Test func requestIdsComeFromTheSeed() async throws {
        var scenario = try ScenarioLoader.load(path: Gemini.path("gemini-duplicate-usage.yaml"))
        let a = Gemini.metrics(try await Gemini.run(scenario)).map(\.requestId)
        let b = Gemini.metrics(try await Gemini.run(scenario)).map(\.requestId)
        scenario.seed += 1
        let c = Gemini.metrics(try await Gemini.run(scenario)).map(\.requestId)
        #expect(a == b)
        #expect(a != c && a.count == c.count)
    }
}
