import AgentSimCLI
import Foundation
import Testing

/// The small things a newcomer notices first (issue 21, point 9), each as they would meet it.
struct NewcomerPolishTests {
    @Test func reportSaysWhatItWrote() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.html").path
        let result = try TestSupport.agentsim(
            "report", TestSupport.scenario("greeting.yaml"), "--providers", "openai-realtime,gemini-live", "--html", out
        )
        try #require(result.status == 0, "\(result.stderr)")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: out)[.size] as? Int)
        // Thousands grouped with commas, as every agentsim count is.
        var digits = Array(String(size)), grouped = ""
        while digits.count > 3 {
            grouped = "," + String(digits.suffix(3)) + grouped
            digits.removeLast(3)
        }
        grouped = String(digits) + grouped
        // One line: the file, its exact size, the conversation and each provider with its cost ($0.004460: see
        // RealtimeCostTests).
        #expect(
            result.stdout
                == "wrote \(out) (\(grouped) bytes): greeting on openai-realtime gpt-4o-realtime-preview ($0.004460), "
                + "gemini-live gemini-2.0-flash-live-001 (unpriced); open it in a browser, no network needed\n")
    }

    /// A model given on the command line replaces the file's: the note names only what nothing replaces.
    @Test func compareNotesOnlyWhatIsDropped() throws {
        // gemini-cumulative.yaml is written for gemini-live with session.options (usage_reporting: cumulative).
        let given = try TestSupport.agentsim(
            "compare", TestSupport.scenario("gemini-cumulative.yaml"), "--providers", "openai-realtime:gpt-realtime")
        try #require(given.status == 0, "\(given.stderr)")
        #expect(!given.stderr.contains("the plugin's defaults apply"), "\(given.stderr)")
        #expect(!given.stderr.contains("session.model"), "\(given.stderr)")
        #expect(given.stderr.contains("gpt-realtime runs with openai-realtime's default knobs"), "\(given.stderr)")
        let bare = try TestSupport.agentsim(
            "compare", TestSupport.scenario("gemini-cumulative.yaml"), "--providers", "openai-realtime")
        #expect(bare.stderr.contains("the plugin's defaults apply"), "\(bare.stderr)")
    }

    /// A pipeline service where a realtime model is expected gets the command-line form, not a scenario key.
    @Test func aPipelineServiceGetsTheCommandLineForm() throws {
        let result = try TestSupport.agentsim(
            "compare", TestSupport.scenario("greeting.yaml"), "--providers", "openai-realtime,anthropic")
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "--providers: error: anthropic is a pipeline llm service, not a realtime model; name a whole "
                + "pipeline, such as pipeline:deepgram+anthropic+elevenlabs (STT+LLM+TTS, each ID[:MODEL])\n")
    }

    /// One check is "the 1 check matches", not "all 1 checks match" (GPT-Live skips 1.2.18, so one check is left).
    @Test func oneCheckIsSingular() throws {
        let result = try TestSupport.agentsim("check", TestSupport.scenario("gpt-live.yaml"))
        try #require(result.status == 0, "\(result.stderr)")
        let last = try #require(result.stdout.split(separator: "\n").last)
        #expect(last.hasPrefix("the 1 check matches; 1 × 1.2.18: skipped, GPT-Live needs livekit-agents 1.8.9 ("))
    }

    /// A bad flag is one message and a pointer to --help, not the usage, the error and the help in four blocks.
    @Test func aBadFlagIsOneMessage() throws {
        let result = try TestSupport.agentsim("run", TestSupport.scenario("greeting.yaml"), "--formt", "json")
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        #expect(lines.count <= 2, "\(result.stderr)")
        #expect(result.stderr.contains("--formt"), "\(result.stderr)")
        #expect(result.stderr.contains("agentsim run --help"), "\(result.stderr)")
    }

    /// The report's charts say what their axes count, number their bars plainly, show an all-zero panel as such
    /// and keep each legend entry on one line.
    @Test func reportChartsReadWithoutTheCaption() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.html").path
        // Gemini 2.0 reports no output audio and its documented output rate is 0: that panel is all zero.
        let result = try TestSupport.agentsim(
            "report", TestSupport.scenario("livekit-thread-gemini.yaml"), "--html", out)
        try #require(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains(">input tokens</text>"))
        #expect(html.contains(">output audio tokens</text>"))
        #expect(html.contains(">0 throughout: none reported, none expected</text>"))
        #expect(!html.contains(">r1</text>") && html.contains(">report</text>") && html.contains(">turn</text>"))
        #expect(html.contains("<span class=\"entry\">"))
        #expect(html.contains(".entry { white-space: nowrap; }"))
    }
}
