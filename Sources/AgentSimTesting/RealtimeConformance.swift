import AgentSimCore
import LiveKitMetrics

/// The conformance suite every realtime model plugin runs: set-up (models, unknown model and option refused), a
/// standard conversation (instructions, speech, silence, a finished reply, a reply cut by a barge-in, a tool call and
/// its result, an instructions change, a later truncation), and odd but legal input orders — each run checked for
/// figures that are never negative, reports in time order, metrics that add up, and the same reports from the same
/// inputs, also from a copy of a session taken halfway.
public enum RealtimeConformance {
    /// The standard conversation's inputs.
    public static var conversation: [RealtimeInput] {
        var script = RealtimeScript(
            instructions: Instructions(text: "You are a support agent. Keep it short.", tokens: nil))
        script.user("Hi, is my order on its way?", seconds: 2.0)
        script.reply("Let me check that for you, one moment please.", seconds: 3.0, interruptedAfter: 1.1)
        script.user("It's order 4417.", seconds: 1.5)
        script.toolCall(
            ToolCall(name: "lookup_order", arguments: #"{"order": 4417}"#, result: #"{"status": "shipped"}"#))
        script.reply("Order 4417 has shipped and arrives on Tuesday.", seconds: 2.6)
        script.silence(seconds: 1.2)
        script.truncate(response: 2, playedSeconds: 1.0)
        script.instructions(Instructions(text: "Now answer in French.", tokens: 6))
        script.user("Thanks, that's all.", seconds: 1.2)
        script.reply("You're welcome, goodbye.", seconds: 1.8, textTokens: 6)
        script.wait(seconds: 0.5)
        script.end()
        return script.inputs
    }

    /// Unusual but legal sequences a wire can produce: a session that ends at once, a truncation of a response that
    /// never was, a zero-length utterance, a reply of no audio.
    public static var oddConversations: [[RealtimeInput]] {
        var endsAtOnce = RealtimeScript()
        endsAtOnce.end()
        var strange = RealtimeScript()
        strange.truncate(response: 7, playedSeconds: 3)
        strange.user("", seconds: 0)
        strange.reply("", seconds: 0)
        strange.silence(seconds: 0.02)
        strange.end()
        return [endsAtOnce.inputs, strange.inputs]
    }

    /// Everything `plugin`'s realtime role gets wrong (empty when it conforms).
    public static func findings(for plugin: any ProviderPlugin) -> [String] {
        let who = "\(plugin.id) (realtime)"
        var findings = Conformance.setupFindings(plugin, role: .realtime) { plugin, setup throws(ScenarioError) in
            try plugin.makeRealtime(setup).modelName
        }
        guard let setup = try? TestSetup.make(), let fresh = try? plugin.makeRealtime(setup) else { return findings }

        var first = fresh
        let outputs = conversation.send(to: &first)
        findings += Conformance.commonFindings(outputs, start: 0, who: who)
        findings += metricsFindings(outputs, who: who)
        if !outputs.contains(where: { !$0.metrics.isEmpty }) {
            findings.append("\(who): a conversation of three replies and a tool call reports no metrics at all")
        }
        var second = fresh
        if let difference = Conformance.difference(outputs, conversation.send(to: &second)) {
            findings.append("\(who): the same inputs give different reports (\(difference))")
        }
        // A copy taken halfway continues exactly as the original: sessions are values, independent of each other.
        let half = conversation.count / 2
        var original = fresh
        let head = Array(conversation[..<half]).send(to: &original)
        var copy = original
        let tail = Array(conversation[half...])
        if let difference = Conformance.difference(head + tail.send(to: &original), head + tail.send(to: &copy)) {
            findings.append("\(who): a copy of a session reports differently from the original (\(difference))")
        }
        for (n, odd) in oddConversations.enumerated() {
            var session = fresh
            let reports = odd.send(to: &session)
            findings += Conformance.commonFindings(reports, start: 0, who: "\(who), odd sequence \(n)")
        }
        return findings
    }

    /// Realtime metrics that do not add up: labelled modalities over their totals, cached over input, a total short
    /// of input plus output, input parts that do not sum to the input, a metrics event without the session's model.
    static func metricsFindings(_ outputs: [ProviderOutput], who: String) -> [String] {
        var findings: [String] = []
        for output in outputs {
            for case let .realtime(r) in output.metrics {
                let i = r.inputTokenDetails, o = r.outputTokenDetails
                let id = r.requestId.isEmpty ? "the connection event" : r.requestId
                if i.audioTokens + i.textTokens + i.imageTokens > r.inputTokens {
                    findings.append("\(who): \(id): input modalities exceed input_tokens")
                }
                if o.audioTokens + o.textTokens + o.imageTokens > r.outputTokens {
                    findings.append("\(who): \(id): output modalities exceed output_tokens")
                }
                if i.cachedTokens > r.inputTokens { findings.append("\(who): \(id): cached exceeds input") }
                if r.totalTokens < r.inputTokens + r.outputTokens {
                    findings.append("\(who): \(id): total_tokens below input + output")
                }
                if let details = i.cachedTokensDetails,
                    details.audioTokens + details.textTokens + details.imageTokens != i.cachedTokens
                {
                    findings.append("\(who): \(id): the cached split does not add up to cached_tokens")
                }
                if !r.requestId.isEmpty, r.inputTokens > 0,
                    output.inputParts.reduce(0, { $0 + $1.tokens }) != r.inputTokens
                {
                    findings.append("\(who): \(id): input parts \(output.inputParts) do not add up to \(r.inputTokens)")
                }
                if (r.metadata?.modelName ?? "").isEmpty { findings.append("\(who): \(id): no model in metadata") }
            }
        }
        return findings
    }
}
