import AgentSimAudio
import AgentSimCLI
import AgentSimCore
import Testing

@testable import AgentSimLoad

/// Copies of a scenario file filled in from its template (rendered once, ids written in per copy) against the same
/// sessions run one by one: every line byte for byte, and the organisation-cache keys computed once per file.
struct LoadTemplateTests {
    private static func plan(_ names: [String], sessions: Int, seed: UInt64 = 1) throws -> LoadPlan {
        let entries = try names.map { name in
            let scenario = try ScenarioLoader.load(path: TestSupport.scenario(name))
            return LoadPlan.Entry(
                label: name, name: name, scenario: scenario, plugin: try scenario.session.plugin(from: AgentSim.plugins)
            )
        }
        return LoadPlan(source: .scenarios(entries), sessions: sessions, seed: seed, plugins: AgentSim.plugins)
    }

    @Test(arguments: [
        // Realtime models (OpenAI's organisation cache gives copies after the first their cached tokens), a tool
        // call, a barge-in, a pipeline (its speech ids are not drawn through the recorder: its copies are run).
        "greeting.yaml", "support-call.yaml", "truncation.yaml", "gemini-tool-call.yaml", "gpt-live.yaml",
        "pipeline-anthropic.yaml", "pipeline-cartesia.yaml",
    ])
    func copiesFromTheTemplateAreTheCopiesRun(name: String) throws {
        let plan = try Self.plan([name], sessions: 6, seed: 7)
        let clips = ClipCache()
        for format in [
            LineFormat(envelope: true, sessionUsageUpdates: false),
            LineFormat(envelope: false, sessionUsageUpdates: true),
        ] {
            let templates = SessionTemplates()
            for index in 0..<6 {
                let planned = try plan.session(at: index)
                let filled = try SessionGenerator.generate(
                    planned, clips: clips, format: format, faults: FaultSpec(), seed: 7, templates: templates)
                let run = try SessionGenerator.generate(
                    planned, clips: clips, format: format, faults: FaultSpec(), seed: 7)
                #expect(filled.lines.map(\.bytes) == run.lines.map(\.bytes), "\(name) session \(index)")
                #expect(filled.lines.map(\.id) == run.lines.map(\.id))
                #expect(filled.duration == run.duration)
                #expect(filled.deliveries.map(\.time) == run.deliveries.map(\.time))
            }
        }
    }

    @Test func aRealtimeFileGetsOneTemplatePerHistoryAndCopiesGetTheirOwnIDs() throws {
        let plan = try Self.plan(["greeting.yaml"], sessions: 3)
        let templates = SessionTemplates()
        let clips = ClipCache()
        let format = LineFormat(envelope: true, sessionUsageUpdates: false)
        let first = try plan.session(at: 0), second = try plan.session(at: 1), third = try plan.session(at: 2)
        // Session 0 has no earlier session; 1 and 2 follow one with the same conversation.
        #expect(first.organisation == .none)
        #expect(second.organisation == OrganisationHistory(sameConversation: true))
        #expect(try templates.template(for: first, clips: clips, format: format) != nil)
        let template = try #require(try templates.template(for: second, clips: clips, format: format))
        // greeting: the connection event and one response; only the response's request id (resp_ + 22) is a hole.
        #expect(template.lines.count == 2)
        #expect(template.lines.map(\.holes.count) == [0, 1])
        let two = try SessionGenerator.generate(
            second, clips: clips, format: format, faults: FaultSpec(), seed: 1, templates: templates)
        let three = try SessionGenerator.generate(
            third, clips: clips, format: format, faults: FaultSpec(), seed: 1, templates: templates)
        let requestID = { (line: LoadLine) in
            String(decoding: line.bytes, as: UTF8.self).split(separator: "\"request_id\":\"")[1].prefix(27)
        }
        #expect(requestID(two.lines[1]).hasPrefix("resp_"))
        #expect(requestID(two.lines[1]) != requestID(three.lines[1]))
    }

    @Test func organisationKeysFollowWhatTheScenarioHolds() throws {
        let base = try ScenarioLoader.load(path: TestSupport.scenario("greeting.yaml"))
        let keys = OrganisationHistory.keys(of: base)
        // The file and name are not part of either key.
        var renamed = base
        renamed.name = "other"
        renamed.file = "elsewhere.yaml"
        #expect(OrganisationHistory.keys(of: renamed) == keys)
        // A turn's length changes the conversation, not the instructions.
        var longer = base
        longer.turns[0].kind = .userSpeech(text: "Hello there!", seconds: 1.7, textTokens: nil)
        #expect(OrganisationHistory.keys(of: longer).instructions == keys.instructions)
        #expect(OrganisationHistory.keys(of: longer).conversation != keys.conversation)
        // No seconds (the word count decides) is not the same as 1.6 s.
        var unscripted = base
        unscripted.turns[0].kind = .userSpeech(text: "Hello there!", seconds: nil, textTokens: nil)
        #expect(OrganisationHistory.keys(of: unscripted).conversation != keys.conversation)
        // The audio settings and the seed belong to the conversation.
        var dtx = base
        dtx.session.audio.dtx = true
        #expect(OrganisationHistory.keys(of: dtx).conversation != keys.conversation)
        var seeded = base
        seeded.seed = 2
        #expect(OrganisationHistory.keys(of: seeded).conversation != keys.conversation)
        // Instructions change both.
        var instructed = base
        instructed.session.instructions += " "
        #expect(OrganisationHistory.keys(of: instructed).instructions != keys.instructions)
        #expect(OrganisationHistory.keys(of: instructed).conversation != keys.conversation)
        // A text moved from one field to the next is a different scenario.
        var split = base
        split.turns[0].kind = .userSpeech(text: "Hello there", seconds: 1.6, textTokens: nil)
        split.turns[1].kind = .agentSpeech(
            text: "!Hi! How can I help you today?", seconds: 2.2, interruptedAfter: nil, textTokens: nil)
        #expect(OrganisationHistory.keys(of: split).conversation != keys.conversation)
    }
}

/// The ledger that orders random sessions' organisation keys: whatever order the sessions give their keys in, each
/// gets the history the whole plan's first occurrences give it.
struct KeyLedgerTests {
    @Test func historiesFollowPlanOrderWhateverOrderKeysArriveIn() async {
        // (instructions key, conversation key) per plan index; index 3's scenario did not load.
        let keys: [KeyLedger.Keys?] = [(1, 10), (2, 20), (1, 10), nil, (2, 21), (3, 30), (1, 11)]
        // By hand: 0 and 1 are first of their kind; 2 repeats 0's conversation (and so its instructions); 3 has no
        // keys; 4 shares 1's instructions with a new conversation; 5 is new; 6 shares 0's instructions only.
        let expected: [OrganisationHistory] = [
            .none, .none, OrganisationHistory(sameConversation: true), .none,
            OrganisationHistory(sameInstructions: true), .none, OrganisationHistory(sameInstructions: true),
        ]
        for order in [Array(keys.indices), Array(keys.indices.reversed()), [3, 6, 0, 5, 1, 4, 2]] {
            let ledger = KeyLedger()
            let answers = await withTaskGroup(of: (Int, OrganisationHistory).self) { group in
                for index in order {
                    group.addTask { (index, await ledger.history(at: index, keys: keys[index])) }
                }
                var all = [OrganisationHistory](repeating: .none, count: keys.count)
                for await (index, history) in group { all[index] = history }
                return all
            }
            #expect(answers == expected, "order \(order)")
        }
    }
}
