import AgentSimCore
import Testing

/// Each model profile's accounting, checked against hand-derived figures.
struct ModelProfileTests {
    /// python-genai#1342: "Hi" on gemini-2.0-flash-live-001 with no system instruction reported
    /// prompt [TEXT 509], response [TEXT 11], total 520. Default overhead 508 + "Hi" ceil(2/4) = 1.
    @Test func halfCascadeReproducesTheHiReport() async throws {
        let yaml = Gemini.yaml(
            instructionsTokens: 0,
            turns: ["user: {say: \"Hi\"}", "agent: {say: \"Hello! How can I help you?\", text_tokens: 11}"])
        let report = try await Gemini.report(yaml: yaml)
        let usage = try #require(Gemini.usages(report).first)
        #expect(usage["promptTokenCount"]?.intValue == 509)
        #expect(Gemini.details(usage["promptTokensDetails"]) == ["TEXT": 509])
        #expect(usage["responseTokenCount"]?.intValue == 11)
        #expect(Gemini.details(usage["responseTokensDetails"]) == ["TEXT": 11])
        #expect(usage["totalTokenCount"]?.intValue == 520)
    }

    @Test func nativeAudioBillsAllAudioAgainEveryTurn() async throws {
        let report = try await Gemini.report("gemini-native-audio.yaml")
        let m = Gemini.metrics(report)
        // Prompt TEXT 300 + 40 = 340, then + earlier reply transcripts 8, 16.
        // Prompt AUDIO: 3.2 s → 80; + r0 50 + silence 2.0 s → 50 + 2.4 s → 60 = 240; + r1 105 + 0.8 s → 20 = 365.
        #expect(m.map(\.inputTokenDetails.textTokens) == [340, 348, 364])
        #expect(m.map(\.inputTokenDetails.audioTokens) == [80, 240, 365])
        #expect(m.map(\.inputTokens) == [420, 588, 729])
        // Replies: AUDIO floor(s × 25) of the generated audio (2.0, 4.2, 1.6 s — the last one interrupted) + TEXT.
        #expect(m.map(\.outputTokenDetails.audioTokens) == [50, 105, 40])
        #expect(m.map(\.outputTokenDetails.textTokens) == [8, 16, 6])
        #expect(m.map(\.totalTokens) == [478, 709, 775])
        let s = report.usageV1_2.summary
        #expect(
            s.llmPromptTokens == 1737 && s.llmInputAudioTokens == 685 && s.llmCompletionTokens == 225
                && s.llmOutputAudioTokens == 195)
    }

    @Test func gemini31DetailsAddUpToLessThanThePrompt() async throws {
        let report = try await Gemini.report("gemini-3.1-labelled.yaml")
        let m = Gemini.metrics(report)
        // Prompts 120 + 60 + 4.0 s → 100 = 280; 192 TEXT + (100 + 75 + 50) AUDIO = 417.
        #expect(m.map(\.inputTokens) == [280, 417])
        // Entries × 0.8177, floor: 180 → 147, 100 → 81; 192 → 156, 225 → 183.
        #expect(m.map(\.inputTokenDetails.textTokens) == [147, 156])
        #expect(m.map(\.inputTokenDetails.audioTokens) == [81, 183])
        let usages = Gemini.usages(report)
        let labelled = usages.map { Gemini.details($0["promptTokensDetails"]).values.reduce(0, +) }
        #expect(labelled == [228, 339])
        // The response side is not scaled: 75 + 12 and 60 + 10.
        #expect(m.map(\.outputTokens) == [87, 70])
    }

    @Test func pipecatRatioWithAnExplicitFraction() async throws {
        // labelled_fraction is a general knob. With 906/1108 on a TEXT-only first prompt of
        // 1,000 overhead + 100 instructions + an 8-token utterance = 1,108 tokens, the details label
        // floor(1108 × 906/1108) = 906 of them — pipecat PR #5052's observation.
        let yaml = Gemini.yaml(
            instructionsTokens: 100, options: "{prompt_overhead_tokens: 1000, labelled_fraction: 0.8176895306859205}",
            turns: [
                "user: {say: \"Hi there, are you open?\", text_tokens: 8}", "agent: {say: \"Yes!\", text_tokens: 2}",
            ])
        let report = try await Gemini.report(yaml: yaml)
        let usage = try #require(Gemini.usages(report).first)
        #expect(usage["promptTokenCount"]?.intValue == 1108)
        #expect(Gemini.details(usage["promptTokensDetails"]) == ["TEXT": 906])
        #expect(Gemini.metrics(report).first?.inputTokenDetails.textTokens == 906)
        #expect(Gemini.metrics(report).first?.inputTokens == 1108)
    }

    @Test func vertexNamesTheResponseSideCandidates() async throws {
        let report = try await Gemini.report("gemini-vertex.yaml")
        let usages = Gemini.usages(report)
        #expect(usages.allSatisfy { $0["candidatesTokenCount"] != nil && $0["responseTokenCount"] == nil })
        #expect(usages.allSatisfy { $0["candidatesTokensDetails"] != nil && $0["responseTokensDetails"] == nil })
        // 300 + 50 = 350 TEXT + 2.0 s → 50 AUDIO = 400; candidates 2.8 s → 70 + 9 = 79; total 479.
        #expect(usages.first?["candidatesTokenCount"]?.intValue == 79)
        #expect(usages.first?["totalTokenCount"]?.intValue == 479)
        let m = Gemini.metrics(report)
        // google-genai renames candidates* to response_*: LiveKit still reads the output.
        #expect(m.map(\.outputTokens) == [79, 57])
        #expect(m.map(\.inputTokens) == [400, 519])
        #expect(
            m.allSatisfy {
                $0.metadata?.modelProvider == "Vertex AI"
                    && $0.metadata?.modelName == "gemini-live-2.5-flash-native-audio"
            })
    }

    @Test func vertexModelDefaultsToVertexWithoutTheOption() async throws {
        let yaml = Gemini.yaml(
            model: "gemini-live-2.5-flash-native-audio",
            turns: ["user: {say: hi, seconds: 1.0}", "agent: {say: hello, seconds: 1.0, text_tokens: 2}"])
        let report = try await Gemini.report(yaml: yaml)
        #expect(Gemini.metrics(report).first?.metadata?.modelProvider == "Vertex AI")
        #expect(Gemini.usages(report).first?["candidatesTokenCount"]?.intValue == 27)  // 1.0 s → 25 + 2
    }

    @Test func geminiAPIProviderIsGemini() async throws {
        let report = try await Gemini.report(Self.defaultModelScenario)
        #expect(report.model == "gemini-2.0-flash-live-001")
        #expect(Gemini.metrics(report).allSatisfy { $0.metadata?.modelProvider == "Gemini" })
    }

    static let defaultModelScenario = "gemini-usage-missing.yaml"

    @Test func recordingsCountTheirTranscriptOrTheirLength() async throws {
        let report = try await Gemini.report("gemini-recording.yaml")
        // 548 + ceil(47/3) = 16 → 564; + reply ceil(30/3) = 10 + untranscribed 3.40 s × 2.5 = 8 → 582.
        #expect(Gemini.metrics(report).map(\.inputTokens) == [564, 582])
        #expect(Gemini.metrics(report).map(\.outputTokens) == [10, 9])
    }

    @Test func responseModalitiesAreSwitches() async throws {
        let report = try await Gemini.report("gemini-response-modalities.yaml")
        let m = Gemini.metrics(report)
        // AUDIO only at 32/s: 2.5 s → 80, 1.5 s → 48; the next prompt holds the 80, not the transcript.
        #expect(m.map(\.outputTokens) == [80, 48])
        #expect(m.allSatisfy { $0.outputTokenDetails.textTokens == 0 })
        #expect(m.map(\.inputTokens) == [370, 475])
        #expect(m.map(\.inputTokenDetails.audioTokens) == [50, 155])
    }

    @Test func halfCascadeCanReportReplyAudio() async throws {
        // response_audio on the half-cascade model: reply 2.0 s → 50 AUDIO + 6 TEXT; the next prompt
        // labels it TEXT like everything else: 548 + 3 + 56 + 4 = 611, AUDIO 1, TEXT 610.
        let yaml = Gemini.yaml(
            options: "{response_audio: true}",
            turns: [
                "user: {say: hi, text_tokens: 3}", "agent: {say: hello there, seconds: 2.0, text_tokens: 6}",
                "user: {say: again, text_tokens: 4}", "agent: {say: yes, seconds: 1.0, text_tokens: 1}",
            ])
        let m = Gemini.metrics(try await Gemini.report(yaml: yaml))
        #expect(m.map(\.outputTokenDetails.audioTokens) == [50, 25])
        #expect(m.map(\.inputTokens) == [551, 611])
        #expect(m.map(\.inputTokenDetails.audioTokens) == [0, 1])
    }
}
