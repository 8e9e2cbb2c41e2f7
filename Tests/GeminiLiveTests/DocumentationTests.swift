import AgentSimCore
import GeminiLive
import Testing

/// `agentsim providers gemini-live` documents what the plugin does.
struct DocumentationTests {
    let doc = GeminiLivePlugin().documentation

    @Test func modelsAndDefault() {
        #expect(doc.id == "gemini-live")
        #expect(doc.models.filter(\.isDefault).map(\.name) == ["gemini-2.0-flash-live-001"])
        for name in [
            "gemini-2.0-flash-live-001", "gemini-2.5-flash-native-audio-preview-12-2025",
            "gemini-3.1-flash-live-preview", "gemini-live-2.5-flash-native-audio",
        ] {
            #expect(doc.models.contains { $0.name == name && !$0.summary.isEmpty })
        }
    }

    @Test func rulesAndSourcesNameTheQuirks() {
        let rules = doc.rules.joined(separator: "\n")
        for phrase in [
            "totalTokenCount = promptTokenCount + responseTokenCount + toolUsePromptTokenCount + thoughtsTokenCount",
            "AUDIO = the response index",
            "no de-duplication", "VIDEO and DOCUMENT are dropped", "usage before the first generation is dropped",
            "candidatesTokenCount", "\"GR_\"", "ttft = -1", "cached_tokens = the sum of cacheTokensDetails",
        ] {
            #expect(rules.contains(phrase), "\(phrase)")
        }
        let sources = doc.sources.joined(separator: "\n")
        for source in ["python-genai#1342", "#1917", "livekit/agents#2426", "pipecat PR #5052", "pydantic-ai#7269"] {
            #expect(sources.contains(source))
        }
    }

    @Test func explainNamesTheSeedDiscrepancies() async throws {
        let report = try await Gemini.report("livekit-thread-gemini.yaml")
        let facts = UsageFacts(
            model: report.model, options: report.scenario.session.options, summary: report.usageV1_2.summary,
            truth: report.truth, reports: Gemini.metrics(report))
        let text = (report.session?.explain(facts) ?? []).joined(separator: "\n")
        #expect(
            GeminiLivePlugin().explain(facts).isEmpty, "the plugin-level explain says nothing: the session explains")
        // AUDIO is the response index: 21 against 59.0 s × 25 = 1475 (per utterance: 220+270+240+230+25+150+190+150).
        #expect(
            text.contains(
                "its AUDIO entry is the turn index, so 7 turns sum to 0+1+…+6 = 21 input audio tokens, although "
                    + "one pass over the 59.0 s user track is 1475 tokens at 25/s"
            ))
        // 23.72 s of replies reported as 80 TEXT tokens; floor(23.72 × 25) = 593 at the native-audio rate.
        #expect(text.contains("reported as 80 TEXT tokens") && text.contains("would be 593 tokens"))
        #expect(text.contains("the 7 prompts sum to 5354 tokens, though the last one alone was 871"))
    }
}
