import AgentSimCore
import AgentSimJSON
import Foundation
import Testing

/// Models as users write them: a dated snapshot runs on its family's figures and reports the name given.
struct ModelSnapshotTests {
    @Test(arguments: [
        ("gpt-4o-realtime-preview-2024-12-17", "gpt-4o-realtime-preview"),
        ("gpt-realtime-2025-08-28", "gpt-realtime"),
        ("gemini-2.5-flash-native-audio-preview-09-2025", "gemini-2.5-flash-native-audio-preview"),
        ("claude-sonnet-4-5-20250929", "claude-sonnet-4-5"),
    ])
    func datedNamesLoseTheirDate(_ name: String, _ family: String) {
        #expect(ModelSnapshot.undated(name) == family)
    }

    @Test(arguments: [
        // No date, a version number that looks like one, a month 13, a day 32, a year outside 2000-2099.
        "gpt-4.1", "gemini-2.0-flash-001", "no-such-model-2099", "gpt-4o-2024-13-01", "gpt-4o-2024-12-32",
        "gemini-live-12-1999", "claude-x-20251301", "2024-12-17",
    ])
    func otherNamesAreNotDated(_ name: String) {
        #expect(ModelSnapshot.undated(name) == nil)
    }

    /// The family of a `-MM-YYYY` snapshot is the listed model with the same undated name, though the listed one is
    /// dated too; the undated name wins where both are listed (gpt-realtime-mini and its 2025-12-15 snapshot).
    @Test func familiesAreTheListedModels() {
        let models = [
            ModelDocumentation(name: "gpt-realtime-mini", summary: ""),
            ModelDocumentation(name: "gpt-realtime-mini-2025-12-15", summary: ""),
            ModelDocumentation(name: "gemini-2.5-flash-native-audio-preview-12-2025", summary: ""),
        ]
        #expect(ModelSnapshot.family(of: "gpt-realtime-mini-2025-10-06", in: models)?.name == "gpt-realtime-mini")
        #expect(
            ModelSnapshot.family(of: "gemini-2.5-flash-native-audio-preview-09-2025", in: models)?.name
                == "gemini-2.5-flash-native-audio-preview-12-2025")
        #expect(ModelSnapshot.family(of: "gpt-realtime-2025-08-28", in: models) == nil)
        #expect(ModelSnapshot.family(of: "gpt-realtime-mini", in: models) == nil)
    }

    /// `run --format json` of greeting.yaml on `provider`: the summary and the model every metrics event names.
    static func greeting(on provider: String) throws -> (summary: JSONValue, models: Set<String>) {
        let result = try TestSupport.agentsim(
            "run", TestSupport.scenario("greeting.yaml"), "--provider", provider, "--format", "json")
        try #require(result.status == 0, "\(provider): \(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        let metrics = try #require(json["metrics"]?.arrayValue)
        let models = Set(metrics.compactMap { $0["metadata"]?["model_name"]?.stringValue })
        return (try #require(json["usage_summary_v1_2"]), models)
    }

    /// greeting.yaml's comments derive its figures from openai-realtime's default rates, which every OpenAI realtime
    /// model of the plugin shares: prompt 44 (28 text + 16 audio), completion 52 (8 text + 44 audio), nothing cached.
    @Test(arguments: ["gpt-4o-realtime-preview-2024-12-17", "gpt-realtime-2025-08-28"])
    func openAISnapshotsRunOnTheirFamily(_ model: String) throws {
        let (summary, models) = try Self.greeting(on: "openai-realtime:\(model)")
        #expect(summary["llm_prompt_tokens"]?.intValue == 44)
        #expect(summary["llm_prompt_cached_tokens"]?.intValue == 0)
        #expect(summary["llm_input_audio_tokens"]?.intValue == 16)
        #expect(summary["llm_completion_tokens"]?.intValue == 52)
        #expect(summary["llm_output_audio_tokens"]?.intValue == 44)
        // LiveKit's plugin reports the model it was configured with, as written.
        #expect(models == [model])
        // And the figures are exactly the family's.
        let family = try Self.greeting(on: "openai-realtime:\(ModelSnapshot.undated(model) ?? "")")
        #expect(family.summary == summary)
    }

    /// A Gemini preview dated -MM-YYYY runs on the listed preview's profile (native audio: input AUDIO at 25/s), so
    /// its figures are that model's, under its own name.
    @Test func geminiPreviewSnapshotRunsOnItsFamily() throws {
        let snapshot = try Self.greeting(on: "gemini-live:gemini-2.5-flash-native-audio-preview-09-2025")
        let listed = try Self.greeting(on: "gemini-live:gemini-2.5-flash-native-audio-preview-12-2025")
        #expect(snapshot.summary == listed.summary)
        #expect(snapshot.models == ["gemini-2.5-flash-native-audio-preview-09-2025"])
        // 1.6 s of user audio at 25/s = 40 input audio tokens in the one report (native audio bills audio as AUDIO).
        #expect(snapshot.summary["llm_input_audio_tokens"]?.intValue == 40)
    }

    /// Pipeline services too: an Anthropic `-YYYYMMDD` snapshot and an OpenAI `-YYYY-MM-DD` snapshot run, and the
    /// Chat Completions stream echoes the pinned snapshot as OpenAI's API does.
    @Test func pipelineSnapshotsRunAndReportTheirName() throws {
        let result = try TestSupport.agentsim(
            "run", TestSupport.scenario("greeting.yaml"), "--provider",
            "pipeline:deepgram+openai-chat:gpt-4.1-mini-2025-04-14+elevenlabs", "--format", "json")
        try #require(result.status == 0, "\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        let llm = try #require(json["metrics"]?.arrayValue?.filter { $0["type"]?.stringValue == "llm_metrics" })
        #expect(
            !llm.isEmpty && llm.allSatisfy { $0["metadata"]?["model_name"]?.stringValue == "gpt-4.1-mini-2025-04-14" })
        let chunks = try #require(json["provider_payloads"]?.arrayValue).filter {
            $0["object"]?.stringValue == "chat.completion.chunk"
        }
        #expect(!chunks.isEmpty && chunks.allSatisfy { $0["model"]?.stringValue == "gpt-4.1-mini-2025-04-14" })

        let anthropic = try TestSupport.agentsim(
            "run", TestSupport.scenario("greeting.yaml"), "--provider",
            "pipeline:deepgram+anthropic:claude-sonnet-4-5-20250929+elevenlabs")
        #expect(anthropic.status == 0, "\(anthropic.stderr)")
        #expect(anthropic.stdout.contains("llm anthropic claude-sonnet-4-5-20250929:"), "\(anthropic.stdout)")
    }

    /// A dated name whose family is not listed is still an unknown model, with the list.
    @Test func anUnknownFamilyStillErrorsWithTheList() throws {
        let result = try TestSupport.agentsim(
            "run", TestSupport.scenario("greeting.yaml"), "--provider", "openai-realtime:gpt-5-realtime-2025-01-01")
        #expect(result.status == 2)
        #expect(
            result.stderr.contains(
                "session.model: unknown model 'gpt-5-realtime-2025-01-01'; expected one of gpt-realtime, "
                    + "gpt-4o-realtime-preview,"), "\(result.stderr)")
    }

    /// `providers` documents the rule on every plugin's page and in the list.
    @Test func providersDocumentsSnapshots() throws {
        let list = try TestSupport.agentsim("providers")
        #expect(list.stdout.contains("A dated snapshot of a listed model runs on its family's figures"))
        let page = try TestSupport.agentsim("providers", "gemini-live")
        #expect(page.stdout.contains("-MM-YYYY (gemini-2.5-flash-native-audio-preview-09-2025)"))
    }
}
