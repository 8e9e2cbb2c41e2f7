import AgentSimJSON
import Foundation
import Testing

/// Pipecat 1.14.0's real `GeminiLiveLLMService` (the pipecat venv, google-genai 2.34) against a running
/// `agentsim serve --tls self-signed` (Collectors/serve/pipecat_gemini_drive.py): gemini-thinking.yaml's turn, and the
/// `LLMTokenUsage` Pipecat reports from the `turnComplete` message's usage, against hand-derived figures and against
/// what `agentsim views --format json` says Pipecat reports.
@Suite(.serialized) struct PipecatGeminiServeTests {
    /// gemini-thinking.yaml's header: prompt 300 + 20 + floor(2.0 s × 25) = 370 (AUDIO 50); response floor(1.88 s ×
    /// 25) = 47 AUDIO + 5 TEXT = 52; thoughts 38. Pipecat's rules (Collectors/pipecat/README.md, realtime): prompt =
    /// prompt_token_count + tool_use_prompt_token_count = 370; completion = response_token_count +
    /// thoughts_token_count = 52 + 38 = 90 (LiveKit's output_tokens leave the thoughts out: 52); total computed
    /// 370 + 90 = 460; reasoning 38; the AUDIO entries: input 50, output 47; nothing cached, so cache_read is None.
    @Test func pipecatReportsGeminiLiveUsageByItsOwnRules() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("agentsim-pipecat-gemini-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try TLSServer(
            arguments: [
                "serve", ServeTestSupport.root.appendingPathComponent("Scenarios/gemini-thinking.yaml").path,
                "--port", "0", "--tls", "self-signed", "--tls-port", "0", "--driver-script", directory.path,
            ])
        let python = ServeTestSupport.root.appendingPathComponent(".venvs/pipecat/bin/python").path
        let result = try ServeTestSupport.run(
            "/usr/bin/env",
            [
                "SSL_CERT_FILE=" + server.trustFile, python,
                ServeTestSupport.root.appendingPathComponent("Collectors/serve/pipecat_gemini_drive.py").path, "--url",
                server.secureURL, "--script", directory.appendingPathComponent("gemini-thinking.drive.json").path,
            ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr.suffix(2000))")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let usage = try JSONValue.parse(String(lines.first ?? ""))
        #expect(usage["prompt_tokens"]?.intValue == 370)
        #expect(usage["completion_tokens"]?.intValue == 90)
        #expect(usage["total_tokens"]?.intValue == 460)
        #expect(usage["reasoning_tokens"]?.intValue == 38)
        #expect(usage["input_audio_tokens"]?.intValue == 50)
        #expect(usage["output_audio_tokens"]?.intValue == 47)
        #expect(usage["cache_read_input_tokens"] == .null)
        // The Done-when line of issue 19: what `agentsim views` says Pipecat reports is what it reported, field by
        // field, and as many usage reports.
        let predicted = try ViewsPrediction.pipecatUsage(
            ServeTestSupport.root.appendingPathComponent("Scenarios/gemini-thinking.yaml").path)
        #expect(predicted.count == lines.count)
        for (line, prediction) in zip(lines, predicted) {
            let reported = try JSONValue.parse(String(line))
            #expect(ViewsPrediction.differences(reported, prediction) == [])
        }
        #expect(server.stop() == 0)
    }
}
