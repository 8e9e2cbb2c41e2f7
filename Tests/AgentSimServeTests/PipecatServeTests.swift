import AgentSimJSON
import Foundation
import Testing

/// Pipecat 1.14.0's real `OpenAIRealtimeLLMService` (the pipecat venv) against a running `agentsim serve`
/// (Collectors/serve/pipecat_drive.py): one spoken turn of openai-hi.yaml, and the `LLMTokenUsage` Pipecat reports,
/// against hand-derived figures and against what `agentsim views --format json` says Pipecat reports.
@Suite(.serialized) struct PipecatServeTests {
    /// openai-hi.yaml's figures, from the plugin's documented rules: instructions 110 tokens + 2 special tokens, the
    /// user item 2 special tokens + floor(0.4 s × 10) = 4 audio tokens, so prompt 112 + 6 = 118 with 4 input audio
    /// tokens and nothing cached (no earlier request); the reply's 9 text tokens + floor(1.8 s × 20) = 36 audio
    /// tokens, so 45 completion tokens; 163 in all.
    @Test func pipecatReportsTheUsageAgentsimPredicts() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("agentsim-pipecat-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try ServeTestSupport.Server(
            arguments: [
                "serve", ServeTestSupport.root.appendingPathComponent("Scenarios/openai-hi.yaml").path, "--port", "0",
                "--driver-script", directory.path,
            ])
        let python = ServeTestSupport.root.appendingPathComponent(".venvs/pipecat/bin/python").path
        let result = try ServeTestSupport.run(
            python,
            [
                ServeTestSupport.root.appendingPathComponent("Collectors/serve/pipecat_drive.py").path, "--url",
                server.url, "--script", directory.appendingPathComponent("openai-hi.drive.json").path,
            ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr.suffix(2000))")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let usage = try JSONValue.parse(String(lines.first ?? ""))
        #expect(usage["prompt_tokens"]?.intValue == 118)
        #expect(usage["input_audio_tokens"]?.intValue == 4)
        #expect(usage["cache_read_input_tokens"]?.intValue == 0)
        #expect(usage["completion_tokens"]?.intValue == 45)
        #expect(usage["output_audio_tokens"]?.intValue == 36)
        #expect(usage["total_tokens"]?.intValue == 163)
        // The Done-when line of issue 19: what `agentsim views` says Pipecat reports is what it reported, field by
        // field, and as many usage reports.
        let predicted = try ViewsPrediction.pipecatUsage(
            ServeTestSupport.root.appendingPathComponent("Scenarios/openai-hi.yaml").path)
        #expect(predicted.count == lines.count)
        for (line, prediction) in zip(lines, predicted) {
            let reported = try JSONValue.parse(String(line))
            #expect(ViewsPrediction.differences(reported, prediction) == [])
        }
        #expect(server.stop() == 0)
    }
}
