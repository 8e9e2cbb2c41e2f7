import AgentSimCore
import LiveKitMetrics

/// What every plugin must do whatever its role, and the findings a conformance suite returns.
///
/// A suite returns its findings as sentences (empty when the plugin conforms), so any test framework can assert on
/// them: `#expect(RealtimeConformance.findings(for: plugin) == [])` prints each finding when one fails.
public enum Conformance {
    /// The figures of one metrics event that must never be negative or non-finite, named.
    static func figures(_ metrics: AgentMetrics) -> [(String, Double)] {
        switch metrics {
        case let .realtime(r):
            let i = r.inputTokenDetails, o = r.outputTokenDetails
            return [
                ("input_tokens", Double(r.inputTokens)), ("output_tokens", Double(r.outputTokens)),
                ("total_tokens", Double(r.totalTokens)), ("input audio", Double(i.audioTokens)),
                ("input text", Double(i.textTokens)), ("input image", Double(i.imageTokens)),
                ("cached", Double(i.cachedTokens)), ("output audio", Double(o.audioTokens)),
                ("output text", Double(o.textTokens)), ("duration", r.duration),
                ("session_duration", r.sessionDuration),
            ]
        case let .llm(m):
            return [
                ("prompt_tokens", Double(m.promptTokens)), ("completion_tokens", Double(m.completionTokens)),
                ("prompt_cached_tokens", Double(m.promptCachedTokens)), ("total_tokens", Double(m.totalTokens)),
                ("duration", m.duration),
            ]
        case let .stt(m):
            return [("audio_duration", m.audioDuration), ("duration", m.duration)]
        case let .tts(m):
            return [
                ("characters_count", Double(m.charactersCount)), ("audio_duration", m.audioDuration),
                ("duration", m.duration),
            ]
        case .eou, .vad, .other:
            return []
        }
    }

    /// Findings common to every role on one run's outputs: figures non-negative and finite, payloads that are
    /// typed JSON objects, reports in time order from `start` on.
    static func commonFindings(_ outputs: [ProviderOutput], start: Double, who: String) -> [String] {
        var findings: [String] = []
        var last = start
        for (n, output) in outputs.enumerated() {
            if output.time + 1e-9 < last {
                findings.append("\(who): report \(n) at \(output.time) s comes before an earlier one (\(last) s)")
            }
            last = max(last, output.time)
            for metric in output.metrics {
                for (name, value) in figures(metric) where !(value.isFinite && value >= 0) {
                    findings.append("\(who): report \(n) (\(metric.type)) has \(name) = \(value)")
                }
            }
            if let payload = output.payload {
                if payload.type.isEmpty { findings.append("\(who): report \(n) has a payload without a type") }
                guard case let .object(fields) = payload.json, !fields.isEmpty else {
                    findings.append("\(who): report \(n)'s payload is not a JSON object with fields")
                    continue
                }
            }
        }
        return findings
    }

    /// The outputs of two runs differ (times, turns, payloads, metrics, input parts): the first difference.
    static func difference(_ a: [ProviderOutput], _ b: [ProviderOutput]) -> String? {
        guard a.count == b.count else { return "\(a.count) reports, then \(b.count)" }
        for (n, (x, y)) in zip(a, b).enumerated() {
            if x.time != y.time || x.turn != y.turn { return "report \(n)'s time or turn" }
            if x.payload != y.payload { return "report \(n)'s payload" }
            if x.metrics != y.metrics { return "report \(n)'s metrics" }
            if x.inputParts != y.inputParts { return "report \(n)'s input parts" }
        }
        return nil
    }

    /// Findings about setting a plugin up for `role`: the default model, every documented model, an unknown model
    /// and an unknown option refused with a message naming them.
    static func setupFindings(
        _ plugin: any ProviderPlugin, role: ServiceRole,
        make: (any ProviderPlugin, SessionSetup) throws(ScenarioError) -> String
    ) -> [String] {
        let who = "\(plugin.id) (\(role.rawValue))"
        var findings: [String] = []
        do {
            _ = try make(plugin, try TestSetup.make())
        } catch {
            findings.append("\(who): the default setup is refused: \(error)")
        }
        for model in plugin.documentation.models {
            do {
                let made = try make(plugin, try TestSetup.make(model: model.name))
                if made != model.name {
                    findings.append("\(who): model \(model.name) runs as \(made)")
                }
            } catch {
                findings.append("\(who): documented model \(model.name) is refused: \(error)")
            }
        }
        do {
            _ = try make(plugin, try TestSetup.make(model: "no-such-model-2099"))
            if !plugin.documentation.models.isEmpty {
                findings.append("\(who): an unknown model is accepted")
            }
        } catch {
            if !"\(error)".contains("no-such-model-2099") {
                findings.append("\(who): the unknown-model message does not name the model: \(error)")
            }
        }
        do {
            _ = try make(plugin, try TestSetup.make(options: "no_such_knob: 1"))
            findings.append("\(who): an unknown option is accepted")
        } catch {
            if !"\(error)".contains("no_such_knob") {
                findings.append("\(who): the unknown-option message does not name the key: \(error)")
            }
        }
        return findings
    }
}
