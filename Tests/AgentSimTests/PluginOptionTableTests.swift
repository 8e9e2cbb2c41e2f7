import AgentSimCLI
import AgentSimCore
import Testing

/// Every plugin's options table against what a user sees: the keys `agentsim providers ID` lists are the keys the
/// parser takes, each documented default behaves exactly like leaving the key out, a wrong value is refused with the
/// key and its range named, and the plugin's own random draws always make scenarios that run.
///
/// The plugins are `AgentSim.plugins`, each in the role it plays (a realtime model, or its pipeline service beside the
/// first plugin of each other role); the scenario is a short conversation run in-process.
struct PluginOptionTableTests {
    static let plugins: [String] = AgentSim.plugins.map(\.id)

    @Test(arguments: plugins)
    func theDocumentedKeysAreTheParsedKeys(_ id: String) async throws {
        let subject = try Subject(id)
        // An unknown key is refused with every key the parser asked for (MapReader: "expected one of: a, b, …",
        // sorted); that list must be the documented keys, no more and no fewer.
        let error = try #require(await subject.startError(model: nil, options: .object([("zz_not_an_option", 1)])))
        let prefix = "\(subject.optionsPath): unknown key 'zz_not_an_option'; expected one of: "
        #expect(error.message.hasPrefix(prefix), "\(error.message)")
        let parsed = error.message.dropFirst(prefix.count).components(separatedBy: ", ")
        #expect(parsed == subject.documented.map(\.key).sorted())
        #expect(Set(subject.documented.map(\.key)).count == subject.documented.count, "a key documented twice")
    }

    @Test(arguments: plugins)
    func eachDocumentedDefaultBehavesLikeLeavingTheKeyOut(_ id: String) async throws {
        let subject = try Subject(id)
        let withDefault = subject.documented.filter { $0.defaultLiteral != nil }
        // Every plugin prints at least one knob's default as a plain value.
        #expect(!withDefault.isEmpty)
        // On every model, with no other knob and beside the knobs of a few of the plugin's random draws (so that a
        // knob that only acts with another one, a cache minimum beside caching, is seen acting): setting the key to
        // its printed default changes nothing, wherever the session takes the key.
        var others: [JSONValue] = [.object([])]
        for index in 0..<6 {
            var rng = SeededGenerator(seed: UInt64(index), salt: "option-defaults")
            others.append(subject.plugin.randomSetup(using: &rng).options)
        }
        let contexts = subject.plugin.documentation.models.flatMap { model in
            others.map { Subject.Context(model: model.name, options: $0) }
        }
        var checked: [String: Int] = [:]
        for context in contexts {
            guard await subject.startError(model: context.model, options: context.options) == nil else { continue }
            let base = try await subject.run(model: context.model, options: context.options)
            for option in withDefault where context.options[option.key] == nil {
                let literal = try #require(option.defaultLiteral)
                let options: JSONValue = .object(context.options.pairs + [(option.key, literal)])
                guard await subject.startError(model: context.model, options: options) == nil else { continue }
                let with = try await subject.run(model: context.model, options: options)
                let setting = "\(option.key): \(literal.compactString())"
                #expect(with == base, "\(id) \(context.model ?? "") \(context.options.compactString()) \(setting)")
                checked[option.key, default: 0] += 1
            }
        }
        // Every printed default was tried somewhere.
        #expect(Set(checked.keys) == Set(withDefault.map(\.key)))
    }

    @Test(arguments: plugins)
    func aWrongValueNamesTheKeyAndItsRange(_ id: String) async throws {
        let subject = try Subject(id)
        for option in subject.documented {
            let sample = option.defaultLiteral ?? Self.sample(option.kind)
            let context = try #require(
                await subject.context(accepting: option.key, sample: sample), "no session takes \(option.key)")
            let path = "\(subject.optionsPath).\(option.key)"
            for (value, message) in Self.wrongValues(option.kind) {
                let error = await subject.startError(
                    model: context.model, options: .object(context.options.pairs + [(option.key, value)]))
                #expect(error?.message == "\(path): \(message)", "\(id) \(option.key) = \(value.compactString())")
            }
        }
    }

    @Test(arguments: plugins)
    func randomDrawsParseAndRun(_ id: String) async throws {
        let subject = try Subject(id)
        let documented = Set(subject.documented.map(\.key))
        var drawnKeys: Set<String> = []
        for index in 0..<24 {
            var rng = SeededGenerator(seed: UInt64(index), salt: "option-table-\(id)")
            let drawn = subject.plugin.randomSetup(using: &rng)
            drawnKeys.formUnion(drawn.options.keys)
            #expect(Set(drawn.options.keys).isSubset(of: documented), "\(drawn.options.compactString())")
            let report = try await subject.run(model: drawn.model, options: drawn.options)
            #expect(!report.metrics.isEmpty, "\(drawn.model) \(drawn.options.compactString()): no metrics")
        }
        // The draws reach past the defaults: at least one knob is set in 24 scenarios (each is set one time in 3).
        #expect(!drawnKeys.isEmpty)
    }

    // MARK: - Values

    /// A value of the right kind, for a knob without a plain default.
    static func sample(_ kind: OptionKind) -> JSONValue? {
        switch kind {
        case .bool: return true
        case let .int(range): return .int(range.lowerBound)
        case let .number(range): return .double(range.lowerBound)
        case let .choice(names): return names.first.map { .string($0) }
        case .string: return "x"
        case .custom: return nil
        }
    }

    /// Values just outside what `kind` accepts, each with the message MapReader gives for it (after the key):
    /// "expected true or false, got a string 'maybe'"; "expected a whole number from L to U, got N" for one past
    /// either bound and "…, got a string 'many'" for text; "expected a number from L to U, got X" with the bounds as
    /// Swift prints a Double (0.0) and the value as JSON does; "expected one of a, b, got 'zz'"; "expected a string,
    /// got a list".
    static func wrongValues(_ kind: OptionKind) -> [(JSONValue, String)] {
        switch kind {
        case .bool:
            return [("maybe", "expected true or false, got a string 'maybe'")]
        case let .int(range):
            let expected = "expected a whole number from \(range.lowerBound) to \(range.upperBound)"
            return [
                (.int(range.upperBound + 1), "\(expected), got \(range.upperBound + 1)"),
                (.int(range.lowerBound - 1), "\(expected), got \(range.lowerBound - 1)"),
                ("many", "\(expected), got a string 'many'"),
            ]
        case let .number(range):
            let expected = "expected a number from \(range.lowerBound) to \(range.upperBound)"
            let above = range.upperBound + 1, below = range.lowerBound - 1
            return [
                (.double(above), "\(expected), got \(JSONValue.format(above))"),
                (.double(below), "\(expected), got \(JSONValue.format(below))"),
                ("many", "\(expected), got a string 'many'"),
            ]
        case let .choice(names):
            return [("zz", "expected one of \(names.joined(separator: ", ")), got 'zz'")]
        case .string:
            return [([1], "expected a string, got a list")]
        case .custom:
            return []
        }
    }
}

/// One plugin in the role it plays, and scenarios around it.
private struct Subject {
    var plugin: any ProviderPlugin
    var role: ServiceRole
    var documented: [OptionDocumentation]

    init(_ id: String) throws {
        plugin = try Running.plugin(id)
        role = plugin.roles[0]
        documented = plugin.documentation.options
    }

    /// Where the plugin's options sit in the file, as messages name them.
    var optionsPath: String { role == .realtime ? "session.options" : "session.pipeline.\(role.rawValue).options" }

    struct Context {
        var model: String?
        var options: JSONValue
    }

    /// A model and other knobs with which `key` set to `sample` (or to the value a random draw gave it) starts:
    /// each model with no other knob first, then the plugin's own random draws that set the key.
    func context(accepting key: String, sample: JSONValue?) async -> Context? {
        if let sample {
            for model in plugin.documentation.models.map(\.name)
            where await startError(model: model, options: .object([(key, sample)])) == nil {
                return Context(model: model, options: .object([]))
            }
        }
        for index in 0..<300 {
            var rng = SeededGenerator(seed: UInt64(index), salt: "option-context")
            let drawn = plugin.randomSetup(using: &rng)
            guard drawn.options[key] != nil, await startError(model: drawn.model, options: drawn.options) == nil else {
                continue
            }
            return Context(model: drawn.model, options: .object(drawn.options.pairs.filter { $0.0 != key }))
        }
        return nil
    }

    /// The error the session gives when it starts, or nil when it starts.
    func startError(model: String?, options: JSONValue) async -> ScenarioError? {
        do {
            var steps = try session(model: model, options: options).makeAsyncIterator()
            _ = try steps.nextStep()
            return nil
        } catch let error as ScenarioError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    /// Runs the whole conversation and keeps what a user compares: every output (time, payload, metrics) and the bills.
    func run(model: String?, options: JSONValue) async throws -> Outcome {
        let report = try await SessionReport.collect(try session(model: model, options: options))
        return Outcome(
            times: report.outputs.map(\.time), payloads: report.outputs.map(\.payload), metrics: report.metrics,
            bills: report.bills.map { "\($0)" })
    }

    struct Outcome: Equatable {
        var times: [Double]
        var payloads: [ProviderPayload?]
        var metrics: [AgentMetrics]
        var bills: [String]
    }

    /// The conversation below on this plugin, loaded like a file and ready to run.
    private func session(model: String?, options: JSONValue) throws -> SessionRun {
        let scenario = try ScenarioLoader.parse(text(model: model, options: options), file: "options.yaml")
        return SessionRun(
            scenario: scenario, plugin: try scenario.session.plugin(from: AgentSim.plugins), clips: Running.clips)
    }

    /// A short conversation: two exchanges, a tool call, a barge-in and a pause, so that every knob has something to
    /// act on.
    func text(model: String?, options: JSONValue) -> String {
        var lines = ["version: 1", "name: options", "seed: 7", "session:"]
        if role == .realtime {
            lines.append("  provider: \(plugin.id)")
            if let model { lines.append("  model: \(JSONValue.string(model).compactString())") }
            lines.append("  options: \(options.compactString())")
        } else {
            lines.append("  pipeline:")
            for other in [ServiceRole.stt, .llm, .tts] {
                var spec: [(String, JSONValue)]
                if other == role {
                    spec = [("provider", .string(plugin.id))]
                    if let model { spec.append(("model", .string(model))) }
                    spec.append(("options", options))
                } else {
                    let first = AgentSim.plugins.first { $0.roles.contains(other) }!
                    spec = [("provider", .string(first.id))]
                }
                lines.append("    \(other.rawValue): \(JSONValue.object(spec).compactString())")
            }
        }
        lines += [
            "  instructions: \"You are a helpful voice assistant.\"",
            "  instructions_tokens: 2500",
            "turns:",
            "  - user: {\"say\": \"Can you check my last order?\", \"seconds\": 2.4}",
            "  - agent: {\"tool_call\": {\"name\": \"lookup_order\", \"arguments\": \"{\\\"id\\\": 7}\", "
                + "\"result\": \"{\\\"status\\\": \\\"shipped\\\"}\"}}",
            "  - agent: {\"say\": \"Your order shipped yesterday and should arrive on Friday.\", \"seconds\": 3.6}",
            "  - user: {\"silence\": 1.5}",
            "  - user: {\"say\": \"How much would that cost in total?\", \"seconds\": 1.6}",
            "  - agent: {\"say\": \"That comes to forty two dollars including delivery.\", \"seconds\": 6.0, "
                + "\"interrupted_after\": 2.0}",
            "  - user: {\"say\": \"Sorry, could you repeat that?\", \"seconds\": 1.6}",
            "  - agent: {\"say\": \"Of course, I can help with that.\", \"seconds\": 2.0}",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}

extension JSONValue {
    /// The pairs of an object, in order (none for any other value).
    fileprivate var pairs: [(String, JSONValue)] {
        guard case let .object(pairs) = self else { return [] }
        return pairs
    }
}
