import AgentSimJSON
import LiveKitMetrics

/// A scenario that reproduces a recorded realtime session's shape: one agent turn per response, with its reply's
/// length and transcript tokens, and the user's turns in the gaps between responses. The timings come from the
/// events' timestamps (each response starts when the user stops: `timestamp`, and lasts `duration`); the figures
/// from the documented rates. What cannot be read from the events is a comment, not a guess.
public struct Skeleton: Sendable {
    /// The scenario's lines before `instructions_tokens`, and from `turns:` on.
    var head: [String] = []
    var turns: [String] = []
    /// The instructions' token count, when known: a caller that can run the scenario finds it by running it once
    /// (``calibrate(firstInputTokens:)``), so no plugin's rule is restated here.
    public private(set) var instructionsTokens: Int?
    /// The first response's recorded input tokens, which the instructions are calibrated against.
    public private(set) var firstInputTokens: Int?
    private var note = ""
    /// Whether ``calibrate(produced:)`` has set the instructions.
    public private(set) var calibrated = false

    /// The scenario as YAML.
    public var yaml: String {
        guard !head.isEmpty else { return note }
        var lines = head
        if let instructionsTokens {
            lines.append(
                "  instructions_tokens: \(instructionsTokens)   # "
                    + (calibrated
                        ? "calibrated: response 0 bills the \(firstInputTokens ?? 0) input tokens recorded"
                        : "not calibrated: response 0 recorded \(firstInputTokens ?? 0) input tokens"))
        }
        return (lines + turns).joined(separator: "\n") + "\n"
    }

    /// Sets `instructions_tokens` so that response 0 bills what was recorded, given what this skeleton's response 0
    /// bills with its current instructions (`produced`): the difference goes to the instructions, which every
    /// response re-bills. Returns false when no count can (a negative one would be needed).
    public mutating func calibrate(produced: Int) -> Bool {
        guard let recorded = firstInputTokens else { return false }
        let tokens = (instructionsTokens ?? 0) + recorded - produced
        guard tokens >= 0 else { return false }
        instructionsTokens = tokens
        calibrated = true
        return true
    }

    /// The documented output audio rate of a reporter's model, tokens per second, when it has one.
    static func outputRate(_ reporter: Reporter, _ m: RealtimeModelMetrics) -> Double? {
        switch reporter {
        case .openAIRealtime: 20
        case .geminiLive: m.outputTokenDetails.audioTokens > 0 ? 25 : nil
        default: nil
        }
    }

    init(events: [AgentMetrics]) {
        let responses = events.compactMap { metrics -> (RealtimeModelMetrics, Reporter)? in
            guard case let .realtime(m) = metrics, !m.requestId.isEmpty, m.sessionDuration == 0 else { return nil }
            return (m, Reporter(metrics))
        }.sorted { $0.0.timestamp < $1.0.timestamp }
        guard let (first, reporter) = responses.first else {
            note = "# no realtime responses in these events: a skeleton is inferred for realtime sessions only\n"
            return
        }
        let provider: String
        switch reporter {
        case .openAIRealtime: provider = "openai-realtime"
        case .geminiLive: provider = "gemini-live"
        case .gptLive: provider = "openai-live"
        default: provider = "openai-realtime  # the label names no known plugin: \(first.label)"
        }
        let latency = responses.map(\.0.ttft).first { $0 >= 0 }
        // Timestamps under a million seconds are a session clock from 0; larger ones are wall-clock times.
        let clockFromZero = first.timestamp < 1_000_000
        func fixed(_ v: Double) -> String { JSONValue.format((v * 100).rounded() / 100) }
        var lines = [
            "version: 1", "name: inspected", "seed: 1", "session:", "  provider: \(provider)",
            "  instructions: \"…\"",
        ]
        if let model = first.metadata?.modelName, !model.isEmpty { lines.append("  model: \(model)") }
        lines.append(
            latency.map { "  response_latency: \(fixed($0))   # the first response's ttft" }
                ?? "  # response_latency: not reported (ttft -1); the default 0.6 s applies")
        if !clockFromZero { lines.append("  start_time: \(fixed(first.timestamp))   # the first response's start") }
        firstInputTokens = first.inputTokens
        instructionsTokens = 0
        head = lines
        lines = []
        lines.append("turns:")
        var end = clockFromZero ? 0 : first.timestamp
        // OpenAI bills the committed speech only: the context's audio grows by each user item and by what the
        // previous reply left (its whole audio, or after a barge-in the part heard), so the rest of a gap is silence.
        var contextAudio = 0
        // A half-cascade Gemini model re-bills its whole prompt each turn and counts speech as transcript text (its
        // AUDIO entry is the response's index): the prompt grows by the previous reply's output and the user's
        // transcript tokens.
        let halfCascade =
            reporter == .geminiLive
            && responses.enumerated().allSatisfy { $0.element.0.inputTokenDetails.audioTokens == $0.offset }
        let latencyApplied = latency ?? 0.6
        for (k, (m, reporter)) in responses.enumerated() {
            let gap = m.timestamp - end
            if reporter == .openAIRealtime, gap > 0.001 {
                let speech = Double(max(m.inputTokenDetails.audioTokens - contextAudio, 0)) / 10
                if gap - speech > 0.019 {
                    lines.append(
                        "  - user: {silence: \(fixed(gap - speech))}   # the gap before response \(k), less the speech")
                }
                if speech > 0 {
                    let tokens = Int(speech * 10)
                    lines.append(
                        "  - user: {say: \"…\", seconds: \(fixed(speech))}   # \(tokens) input audio tokens at 10/s")
                }
            } else if halfCascade, k > 0, gap > 0.001 {
                let previous = responses[k - 1].0
                let transcript = m.inputTokens - previous.inputTokens - previous.outputTokens
                let grew = m.inputTokens - previous.inputTokens
                lines.append(
                    "  - user: {say: \"…\", seconds: \(fixed(gap)), text_tokens: \(max(transcript, 0))}   # the prompt "
                        + "grew by \(grew), \(previous.outputTokens) of them the reply")
            } else if gap > 0.001 {
                lines.append("  - user: {say: \"…\", seconds: \(fixed(gap))}   # the gap before response \(k)")
            }
            let played = m.duration - (m.ttft >= 0 ? m.ttft : min(latencyApplied, m.duration))
            var fields = ["say: \"…\""]
            var notes: [String] = []
            var kept = m.outputTokenDetails.audioTokens
            if m.outputTokenDetails.audioTokens == 0, Self.outputRate(reporter, m) != nil || played < 0.02 {
                // No audio at all from a model that speaks: a tool call, its output the call's tokens.
                lines.append(
                    "  - agent: {tool_call: {name: lookup, arguments: \"{}\", result: \"{}\", "
                        + "arguments_tokens: \(m.outputTokenDetails.textTokens)}}   # no output audio: a tool call "
                        + "(its result's tokens are not in the events)")
                end = m.timestamp + m.duration
                contextAudio = m.inputTokenDetails.audioTokens
                continue
            }
            if let rate = Self.outputRate(reporter, m) {
                let generated = Double(m.outputTokenDetails.audioTokens) / rate
                fields.append("seconds: \(fixed(generated))")
                notes.append("\(m.outputTokenDetails.audioTokens) output audio tokens at \(JSONValue.format(rate))/s")
                if m.cancelled, played < generated {
                    fields.append("interrupted_after: \(fixed(played))")
                    notes.append("cancelled after \(fixed(played)) s played")
                    kept = Int(played * rate + 1e-7)
                }
            } else {
                fields.append("seconds: \(fixed(played))")
                notes.append(
                    m.ttft >= 0
                        ? "no output audio figure: the seconds played" : "no output audio figure: duration − latency")
            }
            fields.append("text_tokens: \(m.outputTokenDetails.textTokens)")
            lines.append("  - agent: {\(fields.joined(separator: ", "))}   # \(notes.joined(separator: "; "))")
            end = m.timestamp + m.duration
            contextAudio = m.inputTokenDetails.audioTokens + kept
        }
        turns = lines
    }
}
