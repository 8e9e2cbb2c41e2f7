import AgentSimCore
import LiveKitMetrics

/// The conformance suites of the three pipeline roles. Each sets the plugin up (models, unknown model and option
/// refused), runs a standard exchange and checks figures never negative, reports in time order within the input's
/// span, a bill for the right role, and the same reports from the same inputs.
public enum PipelineConformance {
    /// Everything `plugin` gets wrong in every pipeline role it plays (empty when it conforms).
    public static func findings(for plugin: any ProviderPlugin) -> [String] {
        var findings: [String] = []
        if plugin.roles.contains(.stt) { findings += sttFindings(plugin) }
        if plugin.roles.contains(.llm) { findings += llmFindings(plugin) }
        if plugin.roles.contains(.tts) { findings += ttsFindings(plugin) }
        return findings
    }

    /// A speech-to-text connection: opens, hears an utterance and the silence after it, transcribes, closes.
    static func sttFindings(_ plugin: any ProviderPlugin) -> [String] {
        let who = "\(plugin.id) (stt)"
        var findings = Conformance.setupFindings(plugin, role: .stt) { plugin, setup throws(ScenarioError) in
            try plugin.makeSTT(setup).modelName
        }
        guard let setup = try? TestSetup.make(), let fresh = try? plugin.makeSTT(setup) else { return findings }
        let speech = PipelineInputs.heard(start: 0.5, seconds: 2.0)
        let after = PipelineInputs.heard(start: speech.time, seconds: 3.0, isSilence: true)
        func run(_ session: inout any STTSession) -> [ProviderOutput] {
            var outputs = session.connect(STTConnect(time: 0))
            outputs += session.hear(PipelineInputs.heard(start: 0, seconds: 0.5, isSilence: true))
            outputs += session.hear(speech)
            outputs += session.transcribe(PipelineInputs.transcript(of: speech))
            outputs += session.hear(after)
            outputs += session.close(STTClose(time: after.time))
            return outputs.sorted { $0.time < $1.time }
        }
        var first = fresh, second = fresh
        let outputs = run(&first)
        findings += Conformance.commonFindings(outputs, start: 0, who: who)
        findings += spanFindings(outputs, from: 0, to: after.time, who: who)
        if first.bill.role != .stt { findings.append("\(who): its bill is for the \(first.bill.role.rawValue) role") }
        if first.bill.audioSeconds < 0 { findings.append("\(who): bills \(first.bill.audioSeconds) s") }
        if let difference = Conformance.difference(outputs, run(&second)) {
            findings.append("\(who): the same inputs give different reports (\(difference))")
        }
        return findings
    }

    /// A text LLM: a reply, a tool call, and a reply whose stream a barge-in cuts.
    static func llmFindings(_ plugin: any ProviderPlugin) -> [String] {
        let who = "\(plugin.id) (llm)"
        var findings = Conformance.setupFindings(plugin, role: .llm) { plugin, setup throws(ScenarioError) in
            try plugin.makeLLM(setup).modelName
        }
        guard let setup = try? TestSetup.make(), let fresh = try? plugin.makeLLM(setup) else { return findings }
        let call = ToolCall(name: "get_weather", arguments: #"{"city": "Lyon"}"#, result: #"{"sky": "clear"}"#)
        let reply = PipelineInputs.request()
        var context = reply.context
        context.append(ContextItem(role: .assistant, text: "It is sunny and warm all afternoon.", turn: 1))
        context.append(ContextItem(role: .user, text: "And in Lyon?", turn: 2))
        let tool = PipelineInputs.request(index: 1, turn: 3, context: context, reply: .toolCall(call), sentAt: 8)
        context += [
            ContextItem(role: .toolCall, text: call.arguments, turn: 3, toolName: call.name),
            ContextItem(role: .toolResult, text: call.result, turn: 3, toolName: call.name),
        ]
        let long = String(repeating: "The forecast for Lyon stays clear through the weekend. ", count: 6)
        let cut = PipelineInputs.request(
            index: 2, turn: 3, context: context, reply: .text(long, tokens: nil), sentAt: 10)
        var cutRequest = cut
        cutRequest.cutAt = SessionClock.microseconds(cut.firstTokenAt + 0.2)
        let requests = [reply, tool, cutRequest]
        func run(_ session: inout any LLMSession) -> [ProviderOutput] {
            requests.flatMap { session.complete($0) }
        }
        var first = fresh, second = fresh
        let outputs = run(&first)
        findings += Conformance.commonFindings(outputs, start: 0, who: who)
        let llmMetrics = outputs.flatMap(\.metrics).filter { if case .llm = $0 { true } else { false } }
        if llmMetrics.count > requests.count {
            findings.append("\(who): \(llmMetrics.count) LLMMetrics for \(requests.count) requests")
        }
        findings += spanFindings(outputs, from: reply.sentAt, to: requests.map(\.endsAt).max() ?? 0, who: who)
        if first.bill.role != .llm { findings.append("\(who): its bill is for the \(first.bill.role.rawValue) role") }
        if first.bill.requests < 2 { findings.append("\(who): bills \(first.bill.requests) requests of 3") }
        if let difference = Conformance.difference(outputs, run(&second)) {
            findings.append("\(who): the same inputs give different reports (\(difference))")
        }
        return findings
    }

    /// A text-to-speech stream: one segment played to its end, one cut by a barge-in.
    static func ttsFindings(_ plugin: any ProviderPlugin) -> [String] {
        let who = "\(plugin.id) (tts)"
        var findings = Conformance.setupFindings(plugin, role: .tts) { plugin, setup throws(ScenarioError) in
            try plugin.makeTTS(setup).modelName
        }
        guard let setup = try? TestSetup.make(), let fresh = try? plugin.makeTTS(setup) else { return findings }
        let whole = PipelineInputs.segment()
        let cut = PipelineInputs.segment(
            index: 1, turn: 3, text: "First sentence here. Second sentence that nobody hears.", textAt: 9,
            seconds: 3.5, cutAt: 10)
        func run(_ session: inout any TTSSession) -> [ProviderOutput] {
            [whole, cut].flatMap { session.synthesize($0) }
        }
        var first = fresh, second = fresh
        let outputs = run(&first)
        findings += Conformance.commonFindings(outputs, start: 0, who: who)
        findings += spanFindings(
            outputs.filter { $0.time < cut.textAt }, from: whole.textAt, to: whole.lastFrameAt, who: who)
        if first.bill.role != .tts { findings.append("\(who): its bill is for the \(first.bill.role.rawValue) role") }
        if first.bill.characters > whole.characters + cut.characters {
            findings.append(
                "\(who): bills \(first.bill.characters) characters of the \(whole.characters + cut.characters) sent")
        }
        if let difference = Conformance.difference(outputs, run(&second)) {
            findings.append("\(who): the same inputs give different reports (\(difference))")
        }
        return findings
    }

    /// Reports outside `[from, to]`.
    static func spanFindings(_ outputs: [ProviderOutput], from: Double, to: Double, who: String) -> [String] {
        outputs.filter { $0.time < from - 1e-9 || $0.time > to + 1e-9 }.map {
            "\(who): a report at \($0.time) s lies outside its input's span \(from)–\(to) s"
        }
    }
}
