import AgentSimAudio
import AgentSimCore
import Testing

/// The session engine: independent sessions, a shared clip cache, events streamed in time order.
struct EngineTests {
    @Test func manyConcurrentSessionsShareEncodedClips() async throws {
        let scenario = try ScenarioLoader.load(path: TestSupport.scenario("greeting.yaml"))
        let plugin = try Running.plugin("openai-realtime")
        let clips = ClipCache()
        let prompts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    try await SessionReport.collect(SessionRun(scenario: scenario, plugin: plugin, clips: clips))
                        .usageV1_2.summary.llmPromptTokens
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        // greeting.yaml: one response with 44 prompt tokens, in every one of the 200 sessions.
        #expect(prompts == Array(repeating: 44, count: 200))
        // Two distinct utterances (one user, one agent): at least 2 encodes, and almost all of the 400
        // requests served from the cache (a few may race and encode twice).
        let stats = clips.statistics
        #expect(stats.hits + stats.misses == 400)
        #expect(clips.count == 2)
        #expect(stats.misses < 10)
    }

    @Test func eventsStreamInTimeOrderWithTheirReports() async throws {
        let scenario = try ScenarioLoader.load(path: TestSupport.scenario("support-call.yaml"))
        var iterator = SessionRun(
            scenario: scenario, plugin: try Running.plugin("openai-realtime"), clips: Running.clips
        ).makeAsyncIterator()
        var last = 0.0
        var names: [String] = []
        while let step = try await iterator.next() {
            #expect(step.event.time >= last)
            last = step.event.time
            names.append(step.event.name)
            for output in step.outputs { #expect(output.time == step.event.time) }
        }
        #expect(names.first == "session_started")
        #expect(names.last == "session_ended")
        // 6 responses (5 spoken, 1 tool call), one interruption, one tool result.
        #expect(names.filter { $0 == "response_done" }.count == 6)
        #expect(names.filter { $0 == "interruption" }.count == 1)
        #expect(names.filter { $0 == "tool_call" }.count == 1 && names.filter { $0 == "tool_result" }.count == 1)
        // Session length, turn by turn (words at 150/165 wpm rounded up to 20 ms frames; 0.6 s before each
        // reply's audio, 0.4 s for the tool call): 2.8 + 0.6 + 3.64 + 2.4 + 0.4 + 0.6 + 2.5 (played before the
        // barge-in) + 2.8 + 0.6 + 8.38 + 1.5 + 2.4 + 0.6 + 3.64 + 1.6 + 0.6 + 2.2 = 37.26 s.
        #expect(abs(last - 37.26) < 1e-9)
    }
}
