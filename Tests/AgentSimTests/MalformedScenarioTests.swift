import Foundation
import Testing

/// Bad scenario files: each gets one clear message naming the file, line and column, and exit 2.
struct MalformedScenarioTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        /// The message after `FILE:`, exactly.
        var expected: String
        var testDescription: String { name }
    }

    static let header = "version: 1\nsession:\n  provider: openai-realtime\n"

    static let cases: [Case] = [
        Case(
            name: "not YAML", text: "version: 1\nturns: [\n  {user: \"hi\"\n",
            expected: "4:1: error: not valid YAML: did not find expected ',' or '}' (while parsing a flow mapping)"),
        Case(
            name: "version 2", text: "version: 2\n",
            expected: "1:10: error: version: only version 1 is supported, got 2"),
        Case(
            name: "missing version", text: "session:\n  provider: openai-realtime\nturns:\n  - user: hi\n",
            expected: "1:1: error: file: missing required key 'version' (version: 1)"),
        Case(
            name: "unknown top-level key", text: header + "turn:\n  - user: hi\n",
            expected: "4:1: error: top level: unknown key 'turn'; expected one of: name, seed, session, turns, version"),
        Case(
            name: "typo in a user turn", text: header + "turns:\n  - user: {sya: hi}\n",
            expected:
                "5:12: error: turns[0].user: unknown key 'sya'; expected one of: say, silence, audio (with seconds, text, text_tokens)"
        ),
        Case(
            name: "negative seconds", text: header + "turns:\n  - user: {say: hi, seconds: -2}\n",
            expected: "5:30: error: turns[0].user.seconds: expected a number from 0.0 to 3600.0, got -2.0"),
        Case(
            name: "infinite seconds", text: header + "turns:\n  - agent: {say: hi, seconds: .inf}\n",
            expected: "5:31: error: turns[0].agent.seconds: expected a finite number, got inf"),
        Case(
            name: "text where a number belongs", text: header + "turns:\n  - user: {say: hi, seconds: two}\n",
            expected: "5:30: error: turns[0].user.seconds: expected a number from 0.0 to 3600.0, got a string 'two'"),
        Case(
            name: "unknown provider", text: "version: 1\nsession:\n  provider: openai\nturns:\n  - user: hi\n",
            expected:
                "3:13: error: session.provider: unknown provider 'openai'; expected one of openai-realtime, gemini-live, openai-live, or session.pipeline (see `agentsim providers`)"
        ),
        Case(
            name: "provider beside pipeline",
            text:
                "version: 1\nsession:\n  provider: openai-realtime\n  pipeline: {stt: a, llm: b, tts: c}\nturns:\n  - user: hi\n",
            expected:
                "3:13: error: session.provider: not allowed beside session.pipeline; each pipeline service takes its own provider, model and options"
        ),
        Case(
            name: "latency beside pipeline",
            text:
                "version: 1\nsession:\n  pipeline: {stt: a, llm: b, tts: c}\n  response_latency: 0.5\nturns:\n  - user: hi\n",
            expected:
                "4:21: error: session.response_latency: not allowed beside session.pipeline; a pipeline's latency comes from session.pipeline.timing (transcription_delay, endpointing_delay, llm_ttft, llm_tokens_per_second, tts_ttfb, tts_realtime_factor)"
        ),
        Case(
            name: "pipeline without tts",
            text: "version: 1\nsession:\n  pipeline: {stt: a, llm: b}\nturns:\n  - user: hi\n",
            expected:
                "3:13: error: session.pipeline: missing required key 'tts' (ID[:MODEL] or {provider, model, options})"),
        Case(
            name: "unknown timing key",
            text:
                "version: 1\nsession:\n  pipeline: {stt: a, llm: b, tts: c, timing: {ttft: 1}}\nturns:\n  - user: hi\n",
            expected:
                "3:47: error: session.pipeline.timing: unknown key 'ttft'; expected one of: endpointing_delay, llm_tokens_per_second, llm_ttft, transcription_delay, tts_realtime_factor, tts_ttfb"
        ),
        Case(
            name: "tts slower than playback",
            text:
                "version: 1\nsession:\n  pipeline: {stt: a, llm: b, tts: c, timing: {tts_realtime_factor: 0.5}}\nturns:\n  - user: hi\n",
            expected:
                "3:68: error: session.pipeline.timing.tts_realtime_factor: expected a number from 1.0 to 1000.0, got 0.5"
        ),
        Case(
            name: "service without id",
            text: "version: 1\nsession:\n  pipeline: {stt: \":x\", llm: b, tts: c}\nturns:\n  - user: hi\n",
            expected: "3:19: error: session.pipeline.stt: expected ID or ID:MODEL such as deepgram:nova-3, got ':x'"),
        Case(
            name: "service key typo",
            text:
                "version: 1\nsession:\n  pipeline: {stt: a, llm: {provider: b, modle: x}, tts: c}\nturns:\n  - user: hi\n",
            expected:
                "3:41: error: session.pipeline.llm: unknown key 'modle'; expected one of: model, options, provider"),
        Case(
            name: "unknown model", text: header + "  model: gpt-5-realtime\nturns:\n  - user: hi\n",
            expected:
                "4:10: error: session.model: unknown model 'gpt-5-realtime'; expected one of gpt-realtime, gpt-4o-realtime-preview, gpt-4o-mini-realtime-preview, gpt-realtime-mini, gpt-realtime-mini-2025-12-15, gpt-realtime-1.5, gpt-realtime-2, gpt-realtime-2.1, gpt-realtime-2.1-mini"
        ),
        Case(
            name: "unknown option", text: header + "  options: {cache_minimum: 512}\nturns:\n  - user: hi\n",
            expected:
                "4:13: error: session.options: unknown key 'cache_minimum'; expected one of: cache_min_tokens, cache_scope, cache_step_tokens, caching, characters_per_token, connection_event, discarded_per_interruption, earlier_sessions, host, input_audio_tokens_per_second, input_audio_transcription, interrupted_billing, item_overhead_tokens, output_audio_tokens_per_second, reasoning_effort, reasoning_tokens, schema, transcription_timing, truncation, truncation_threshold"
        ),
        Case(
            name: "bad option value",
            text: header + "  options: {input_audio_transcription: whisper-2}\nturns:\n  - user: hi\n",
            expected:
                "4:40: error: session.options.input_audio_transcription: expected one of none, whisper-1, gpt-4o-transcribe, gpt-4o-mini-transcribe, got 'whisper-2'"
        ),
        Case(
            name: "frame size Opus lacks", text: header + "  audio: {frame_ms: 25}\nturns:\n  - user: hi\n",
            expected: "4:21: error: session.audio.frame_ms: expected one of 10, 20, 40, 60, got 25"),
        Case(
            name: "unreadable recording", text: header + "turns:\n  - user: {audio: missing.wav}\n",
            expected:
                "5:19: error: turns[0].user.audio: cannot read the recording 'missing.wav' (resolved to DIR/missing.wav); expected a WAV or Ogg Opus file path relative to the scenario"
        ),
        Case(
            name: "empty turns", text: header + "turns: []\n",
            expected: "4:8: error: turns: the list is empty; expected at least one turn"),
        Case(
            name: "barge-in after the end",
            text: header + "turns:\n  - agent: {say: hi, seconds: 2, interrupted_after: 3}\n",
            expected:
                "5:5: error: turns[0].agent.interrupted_after: 3.0 s is not before the end of the 2.0 s reply; expected a smaller number"
        ),
        Case(
            name: "duplicate key", text: header + "  provider: openai-realtime\nturns:\n  - user: hi\n",
            expected: "4:3: error: key 'provider' appears more than once in the same map; expected each key once"),
        Case(
            name: "tool call without a name", text: header + "turns:\n  - agent: {tool_call: {arguments: '{}'}}\n",
            expected: "5:24: error: turns[0].agent.tool_call: missing required key 'name' (the tool's name)"),
        Case(
            name: "two speakers in one turn", text: header + "turns:\n  - {user: hi, agent: hello}\n",
            expected: "5:5: error: turns[0]: expected exactly one of user, agent or instructions, got user, agent"),
        Case(
            name: "empty file", text: "",
            expected: "1:1: error: the file is empty; expected a scenario map starting with 'version: 1'"),
        Case(
            name: "seed below zero", text: "version: 1\nseed: -1\n",
            expected: "2:7: error: seed: expected a whole number from 0 to 9223372036854775807 (2^63 − 1), got -1"),
    ]

    @Test(arguments: cases)
    func badFileGivesOneMessageAndExitStatus2(_ c: Case) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.yaml").path
        try c.text.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try TestSupport.agentsim("run", file)
        #expect(result.status == 2)
        let expected = "\(file):\(c.expected.replacingOccurrences(of: "DIR", with: dir.path))\n"
        #expect(result.stderr == expected)
        #expect(result.stdout.isEmpty)
    }

    @Test func missingFileIsExitStatus2() throws {
        let result = try TestSupport.agentsim("run", "/nonexistent/scenario.yaml")
        #expect(result.status == 2)
        #expect(result.stderr == "/nonexistent/scenario.yaml: error: no such file\n")
    }

    @Test func unknownCommandLineOptionIsExitStatus2() throws {
        let result = try TestSupport.agentsim("run", TestSupport.scenario("greeting.yaml"), "--format", "xml")
        #expect(result.status == 2)
        #expect(result.stderr.contains("--format"))
    }
}
