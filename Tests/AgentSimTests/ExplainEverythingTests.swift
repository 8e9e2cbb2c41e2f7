import AgentSimCLI
import AgentSimJSON
import Foundation
import Testing

/// `explain` for every plugin id, `ID:MODEL` and `pipeline`; each example reproduces with `run`.
struct ExplainEverythingTests {
    /// Every plugin this build knows, and one non-default model of each (its last listed model).
    static let ids = AgentSim.plugins.map(\.id)
    static let idsWithModels = AgentSim.plugins.map { ($0.id, $0.documentation.models.last?.name ?? "") }

    /// The example's YAML and its JSON lines joined back (the walk-through wraps them at commas).
    static func parse(_ text: String) throws -> (yaml: String, json: [JSONValue], summary: String) {
        let lines = text.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "The example scenario:"))
        let yaml =
            lines[(start + 1)...].prefix { !$0.isEmpty }.map { String($0.dropFirst(2)) }.joined(separator: "\n") + "\n"
        var json: [JSONValue] = []
        for (i, line) in lines.enumerated()
        where line == "  Native payload, as the API sends it:"
            || line == "  LiveKit event, as LiveKit's plugin builds it:"
        {
            var text = lines[i + 1].trimmingCharacters(in: .whitespaces)
            var j = i + 2
            while j < lines.count, lines[j].hasPrefix("      ") {
                text += lines[j].dropFirst(6)
                j += 1
            }
            json.append(try JSONValue.parse(text))
        }
        let summary = try #require(lines.first { $0.hasPrefix("  livekit-agents 1.2.18: ") })
        return (yaml, json, String(summary.dropFirst("  livekit-agents 1.2.18: ".count)))
    }

    /// Runs the walk-through's own example as a user would; its payloads and events are the walk-through's, its
    /// summary line the same.
    static func reproduces(_ explained: String, role: String?) throws {
        let walk = try parse(explained)
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("example.yaml")
        try walk.yaml.write(to: file, atomically: true, encoding: .utf8)
        let run = try TestSupport.agentsim("run", file.path, "--format", "json")
        try #require(run.status == 0, "\(run.stderr)")
        let json = try JSONValue.parse(run.stdout)
        let text = try TestSupport.agentsim("run", file.path)
        #expect(text.stdout.hasSuffix(walk.summary + "\n"))
        // Every JSON line shown is a payload or a metrics event of the run.
        let known = (json["provider_payloads"]?.arrayValue ?? []) + (json["metrics"]?.arrayValue ?? [])
        #expect(!walk.json.isEmpty)
        for shown in walk.json { #expect(known.contains(shown), "not in the run: \(shown.compactString())") }
    }

    @Test(arguments: ids) func everyPluginIsExplained(_ id: String) throws {
        let explained = try TestSupport.agentsim("explain", id)
        try #require(explained.status == 0, "\(id): \(explained.stderr)")
        #expect(explained.stdout.hasPrefix("\(id), step by step: a small example, run live"))
        #expect(explained.stdout.contains("\nStep 1 (at "))
        try Self.reproduces(explained.stdout, role: id)
        // Long payloads are wrapped: no JSON line over 120 columns.
        for line in explained.stdout.split(separator: "\n") where line.hasPrefix("    {") || line.hasPrefix("      ") {
            #expect(line.count <= 120, "\(id): \(line.prefix(60))… is \(line.count) columns")
        }
    }

    @Test(arguments: idsWithModels) func everyPluginIsExplainedOnAnotherModel(_ id: String, _ model: String) throws {
        let explained = try TestSupport.agentsim("explain", "\(id):\(model)")
        try #require(explained.status == 0, "\(id):\(model): \(explained.stderr)")
        #expect(explained.stdout.contains("  model: \(model)\n") || explained.stdout.contains("\(id):\(model)\n"))
        try Self.reproduces(explained.stdout, role: id)
    }

    @Test func thePipelineIsExplained() throws {
        let explained = try TestSupport.agentsim("explain", "pipeline")
        try #require(explained.status == 0, "\(explained.stderr)")
        // All three services and LiveKit's own end-of-turn event are shown, and what each service billed.
        for shown in ["(stt)", "(llm)", "(tts)", "LiveKit's own event", "  stt deepgram", "  llm openai-chat"] {
            #expect(explained.stdout.contains(shown), "missing \(shown)")
        }
        try Self.reproduces(explained.stdout, role: nil)
        let chosen = try TestSupport.agentsim("explain", "pipeline:openai-stt+anthropic+cartesia")
        #expect(chosen.status == 0 && chosen.stdout.contains("  llm anthropic claude-sonnet-4-6:"), "\(chosen.stderr)")
    }

    /// A plugin with rules of its own keeps them on another model: gpt-realtime-2 reasons, so its output text is the
    /// transcript plus the 19 reasoning tokens a response bills by default (the reply "Let me check…" is 14).
    @Test func rulesFollowTheModel() throws {
        let explained = try TestSupport.agentsim("explain", "openai-realtime:gpt-realtime-2")
        try #require(explained.status == 0, "\(explained.stderr)")
        #expect(
            explained.stdout.contains(
                "response.usage.output_token_details.text_tokens = the reply's transcript 14 + 19 reasoning tokens"))
    }

    @Test func badSpecsAreOneLineAndStatus2() throws {
        for (args, message) in [
            (["explain", "foo"], "agentsim: explain: unknown provider 'foo'; expected one of openai-realtime,"),
            (["explain", "openai-realtime:gpt-9"], "agentsim: explain: unknown model 'gpt-9' for openai-realtime;"),
            (
                ["explain", "pipeline:deepgram+elevenlabs"],
                "agentsim: explain: expected pipeline or pipeline:STT+LLM+TTS"
            ),
            (["explain", "pipeline:anthropic+openai-chat+cartesia"], "'anthropic' is not a stt service"),
            (["providers", "foo"], "agentsim: providers: unknown provider 'foo'"),
        ] {
            let result = try TestSupport.agentsim(arguments: args)
            #expect(result.status == 2, "\(args)")
            #expect(result.stderr.contains(message), "\(args): \(result.stderr)")
            // One message: no usage block.
            #expect(!result.stderr.contains("USAGE") && result.stderr.split(separator: "\n").count == 1, "\(args)")
        }
    }
}

/// `providers ID` opens with five lines a newcomer reads first.
struct ProvidersSummaryTests {
    @Test(arguments: AgentSim.plugins.map(\.id)) func everyPageOpensWithFiveLines(_ id: String) throws {
        let page = try TestSupport.agentsim("providers", id)
        try #require(page.status == 0)
        let lines = page.stdout.components(separatedBy: "\n")
        let plugin = try #require(AgentSim.plugins.first { $0.id == id })
        let doc = plugin.documentation
        #expect(lines[0].hasPrefix("\(id) — \(doc.title), a "))
        #expect(lines[1] == "In short: \(doc.summary)")
        #expect(lines[2].hasPrefix("Models: \(doc.models.count), default \(doc.models.defaultName);"))
        #expect(lines[3].hasPrefix("Knobs: \(doc.options.count) in "))
        #expect(lines[4].hasPrefix("Try: agentsim explain \(id) "))
        #expect(lines[5] == "")
        // The figures the summary counts are the ones listed below it.
        let listed = lines.drop { $0 != "Models (session.model):" }.dropFirst().prefix { !$0.isEmpty }
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
        #expect(listed.count == doc.models.count)
    }

    @Test func thePipelinePageOpensWithFiveLines() throws {
        let page = try TestSupport.agentsim("providers", "pipeline")
        let lines = page.stdout.components(separatedBy: "\n")
        #expect(lines[1].hasPrefix("In short: "))
        #expect(lines[2].hasPrefix("Services: stt deepgram, openai-stt; llm "))
        #expect(
            lines[4] == "Try: agentsim explain pipeline (a small example through deepgram, openai-chat and elevenlabs)")
        #expect(lines[5] == "")
    }
}
