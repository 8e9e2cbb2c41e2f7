/// Random valid scenarios for `agentsim check --random`: every registered provider in turn, any of its
/// models and knobs, and turns with varied lengths, barge-ins, tool calls, silence and instruction changes.
///
/// Each scenario is produced as YAML text and then loaded like any file, so a failing one can be
/// printed, saved and replayed with `agentsim check FILE`. Speech is drawn from a small bank of
/// phrases and lengths so that the clip cache encodes each distinct clip once.
public enum RandomScenario {
    static let userPhrases = [
        "Hi, I need some help with my account.", "Can you check my last order?", "What time do you close today?",
        "I'd like to change my delivery address.", "Yes, that's right.", "No, the other one.",
        "How much would that cost in total?", "Sorry, could you repeat that?",
    ]
    static let agentPhrases = [
        "Of course, I can help with that.", "Let me look that up for you.",
        "Your order shipped yesterday and should arrive on Friday.",
        "We close at nine tonight.", "That comes to forty two dollars including delivery.",
        "Is there anything else I can do for you?",
    ]
    static let userSeconds: [Double] = [0.8, 1.6, 2.4, 3.2, 4.8, 7.2]
    static let agentSeconds: [Double] = [1.2, 2.0, 3.6, 6.0, 9.6]

    /// The `index`-th scenario of a run seeded with `seed`, as YAML text and a name.
    public static func make(index: Int, seed: UInt64, plugins: [any ProviderPlugin]) -> (name: String, yaml: String) {
        var rng = SeededGenerator(seed: seed, salt: "random-scenario-\(index)")
        let realtime = plugins.filter { $0.roles.contains(.realtime) }
        let services = [ServiceRole.stt, .llm, .tts].map { role in plugins.filter { $0.roles.contains(role) } }
        // Every realtime provider in turn, then a pipeline when every role has a plugin.
        let slots = realtime.count + (services.allSatisfy { !$0.isEmpty } ? 1 : 0)
        let slot = index % slots
        let plugin: (any ProviderPlugin)? = slot < realtime.count ? realtime[slot] : nil
        func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
        func chance(_ oneIn: UInt64) -> Bool { rng.next() % oneIn == 0 }
        let setup = plugin?.randomSetup(using: &rng) ?? RandomSetup(model: "", options: .object([]))

        let name = "random-\(seed)-\(index)"
        // A few seeds only: the seed also voices the synthetic speech, so sharing seeds lets the clip
        // cache serve most utterances of a large run.
        var lines = ["version: 1", "name: \(name)", "seed: \(pick([1, 2, 3]))", "session:"]
        if let plugin {
            lines.append("  provider: \(plugin.id)")
            if !setup.model.isEmpty { lines.append("  model: \(JSONValue.string(setup.model).compactString())") }
        } else {
            lines.append("  pipeline:")
            for (role, candidates) in zip(["stt", "llm", "tts"], services) {
                let service = pick(candidates)
                let drawn = service.randomSetup(using: &rng)
                var spec: [(String, JSONValue)] = [("provider", .string(service.id))]
                if !drawn.model.isEmpty { spec.append(("model", .string(drawn.model))) }
                spec.append(("options", drawn.options))
                lines.append("    \(role): \(JSONValue.object(spec).compactString())")
            }
            if chance(3) {
                let timing: JSONValue = .object([
                    ("transcription_delay", .double(pick([0.1, 0.3, 0.8]))),
                    ("endpointing_delay", .double(pick([0.2, 0.5, 1.0]))),
                    ("llm_ttft", .double(pick([0.2, 0.35, 0.9]))),
                    ("llm_tokens_per_second", .double(pick([8, 50, 200]))),
                    ("tts_ttfb", .double(pick([0.1, 0.2, 0.5]))), ("tts_realtime_factor", .double(pick([1, 2, 10]))),
                ])
                lines.append("    timing: \(timing.compactString())")
            }
        }
        lines.append("  instructions: \"You are a helpful voice assistant.\"")
        lines.append("  instructions_tokens: \(pick([0, 40, 300, 1200, 2100]))")
        if chance(5) {
            let audio: JSONValue = .object([
                ("sample_rate", .int(pick([16000, 48000]))), ("frame_ms", .int(pick([10, 20, 60]))),
                ("dtx", .bool(chance(2))),
            ])
            lines.append("  audio: \(audio.compactString())")
        }
        if plugin != nil {
            if chance(3) { lines.append("  response_latency: \(pick(["0.3", "0.6", "1.2"]))") }
            lines.append("  options: \(setup.options.compactString())")
        }
        lines.append("turns:")
        let exchanges = 1 + Int(rng.next() % 8)
        for _ in 0..<exchanges {
            if chance(7) { lines.append("  - user: {\"silence\": \(pick([0.5, 1.5, 4.0]))}") }
            var user: [(String, JSONValue)] = [
                ("say", .string(pick(userPhrases))), ("seconds", .double(pick(userSeconds))),
            ]
            if chance(4) { user.append(("text_tokens", .int(pick([3, 8, 12])))) }
            lines.append("  - user: \(JSONValue.object(user).compactString())")
            if chance(12) {
                lines.append("  - instructions: {\"text\": \"Be brief.\", \"tokens\": \(pick([20, 300, 1500]))}")
            }
            if chance(6) {
                let call: JSONValue = .object([
                    ("name", "lookup_order"), ("arguments", .string("{\"id\": \(rng.next() % 10000)}")),
                    ("result", "{\"status\": \"shipped\"}"),
                ])
                lines.append("  - agent: {\"tool_call\": \(call.compactString())}")
            }
            let seconds = pick(agentSeconds)
            var agent: [(String, JSONValue)] = [("say", .string(pick(agentPhrases))), ("seconds", .double(seconds))]
            if chance(4) { agent.append(("interrupted_after", .double(pick([0.5, 1.0]) * seconds / 1.2))) }
            if chance(4) { agent.append(("text_tokens", .int(pick([5, 12, 30])))) }
            lines.append("  - agent: \(JSONValue.object(agent).compactString())")
        }
        return (name, lines.joined(separator: "\n") + "\n")
    }
}
