import AgentSimAudio
import AgentSimCore
import AgentSimJSON
import Foundation

extension PipelineScript {
    /// What a pipeline driver (`Collectors/livekit/drive_pipeline.py`) needs: the realtime driver's script (the
    /// conversation in order, the user's audio files) plus each service's provider, model and options, the
    /// pipeline's timing, and for each interrupted reply the seconds after its LLM request at which the scenario's
    /// barge-in comes (a driver barges in then if the reply has not yet played as far as the user hears).
    public var driverJSON: JSONValue {
        guard case var .object(pairs) = script.driverJSON else { return script.driverJSON }
        func service(_ spec: ServiceSpec, model: String) -> JSONValue {
            .object([
                ("provider", .string(spec.provider)), ("model", .string(model)), ("options", spec.options.json),
            ])
        }
        let config = plugin.config
        pairs.append(
            (
                "pipeline",
                .object([
                    ("stt", service(config.stt, model: models.stt)), ("llm", service(config.llm, model: models.llm)),
                    ("tts", service(config.tts, model: models.tts)),
                    (
                        "timing",
                        .object([
                            ("transcription_delay", .double(timing.transcriptionDelay)),
                            ("endpointing_delay", .double(timing.endpointingDelay)),
                            ("llm_ttft", .double(timing.llmTTFT)),
                            ("llm_tokens_per_second", .double(timing.llmTokensPerSecond)),
                            ("tts_ttfb", .double(timing.ttsTTFB)),
                        ])
                    ),
                ])
            ))
        // Each interrupted reply's barge-in, after its LLM request.
        var agentIndex = 0
        if let steps = pairs.firstIndex(where: { $0.0 == "steps" }), case let .array(list) = pairs[steps].1 {
            var out: [JSONValue] = []
            for step in list {
                guard case let .object(fields) = step, let agent = step["agent"], case var .object(agentFields) = agent
                else {
                    out.append(step)
                    continue
                }
                if let after = bargeInAfterRequest(agentTurn: agentIndex) {
                    agentFields.append(("barge_in_after_request", .double(after)))
                }
                agentIndex += 1
                out.append(.object(fields.map { $0.0 == "agent" ? ($0.0, .object(agentFields)) : $0 }))
            }
            pairs[steps].1 = .array(out)
        }
        return .object(pairs)
    }

    /// Writes `NAME.drive.json` (``driverJSON``) and the user's audio files into `directory`; returns its path.
    /// - Throws: `AudioError` when a file cannot be written.
    @discardableResult
    public func writeDriverFiles(to directory: String) throws(AudioError) -> String {
        try script.writeDriverFiles(to: directory)
        let path = (directory as NSString).appendingPathComponent(scenario.name + ".drive.json")
        try AtomicFile.write(Array((driverJSON.prettyString() + "\n").utf8), to: path)
        return path
    }
}
