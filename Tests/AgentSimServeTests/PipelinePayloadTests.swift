import AgentSimJSON
import Foundation
import Testing

/// Every LLM payload of every shipped pipeline scenario (what `run` predicts and serve sends) validates as its official
/// SDK's type at the versions LiveKit 1.8.9's plugins resolve (Collectors/serve/validate_payloads.py, the livekit-1.8.9
/// venv: openai 3.54, anthropic, google-genai).
@Suite struct PipelinePayloadTests {
    /// Each scenario's LLM payloads validate as the type of its LLM's SDK, none invalid: openai-chat's
    /// `ChatCompletionChunk`, openai-responses' `ResponseStreamEvent` (its `response.completed` and
    /// `response.incomplete` usage now carries `input_tokens_details.cache_write_tokens`, which `InputTokensDetails`
    /// requires: 92034b9's payloads fail there), anthropic's `RawMessageStreamEvent`, gemini's
    /// `GenerateContentResponse`; whisper-1's verbose transcriptions validate as `TranscriptionVerbose`.
    @Test func everyPipelinePayloadValidatesAsItsSDKsType() throws {
        let directory = ServeTestSupport.root.appendingPathComponent("Scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("pipeline-") && $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count >= 12)
        let python = ServeTestSupport.root.appendingPathComponent(".venvs/livekit-1.8.9/bin/python").path
        let script = ServeTestSupport.root.appendingPathComponent("Collectors/serve/validate_payloads.py").path
        let result = try ServeTestSupport.run(
            python,
            [script, "--agentsim", ServeTestSupport.binary] + files.map { directory.appendingPathComponent($0).path })
        #expect(result.status == 0, "\(result.stdout)\(result.stderr.suffix(2000))")
        let lines = try result.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        #expect(lines.count == files.count)
        for line in lines {
            let scenario = line["scenario"]?.stringValue ?? ""
            #expect(line["invalid"]?.arrayValue?.isEmpty == true, "\(scenario): \(line)")
            let sdk: String
            if scenario.contains("anthropic") {
                sdk = "anthropic RawMessageStreamEvent"
            } else if scenario.contains("gemini") {
                sdk = "google-genai GenerateContentResponse"
            } else if scenario.contains("responses") {
                sdk = "openai ResponseStreamEvent"
            } else {
                sdk = "openai ChatCompletionChunk"
            }
            #expect((line["validated"]?[sdk]?.intValue ?? 0) > 0, "\(scenario): \(line)")
            // The realtime transcription path's events (serve sends the same): speech_started, speech_stopped,
            // committed, the word deltas and completed, for each of pipeline-openai-stt's 2 user turns.
            if scenario.hasSuffix("pipeline-openai-stt.yaml") {
                #expect((line["validated"]?["openai RealtimeServerEvent"]?.intValue ?? 0) >= 2 * 5, "\(line)")
            }
        }
    }
}
