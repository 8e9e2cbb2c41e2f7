import AgentSimAudio
import AgentSimCore
import AgentSimJSON
import Foundation

extension ServeScript {
    /// The scenario's transcription model (`session.options.input_audio_transcription`), nil when off.
    public var transcriptionModel: String? {
        guard case let .map(entries) = scenario.session.options.kind else { return nil }
        guard let value = entries.first(where: { $0.key == "input_audio_transcription" })?.value,
            case let .string(model, _) = value.kind, model != "none"
        else { return nil }
        return model
    }

    /// Whether a Gemini Live scenario runs on Vertex AI (`options.api: vertex`, or a Vertex-only `gemini-live-…`
    /// model without `api`).
    public var isVertex: Bool {
        guard scenario.session.provider == "gemini-live" else { return false }
        if case let .map(entries) = scenario.session.options.kind,
            let value = entries.first(where: { $0.key == "api" })?.value, case let .string(api, _) = value.kind
        {
            return api == "vertex"
        }
        return model.hasPrefix("gemini-live-")
    }

    /// The raw PCM16 file of user turn `index` in a driver directory.
    public func pcmFileName(_ index: Int) -> String { "\(scenario.name).user.\(index).pcm" }

    /// Writes the driver script (`NAME.drive.json`) and its user audio files into `directory`; returns the script's
    /// path.
    /// - Throws: `AudioError` when a file cannot be written.
    @discardableResult
    public func writeDriverFiles(to directory: String) throws(AudioError) -> String {
        for (index, turn) in userTurns.enumerated() {
            try AtomicFile.write(
                PCM16.bytes(turn.pcm[...]), to: (directory as NSString).appendingPathComponent(pcmFileName(index)))
        }
        let path = (directory as NSString).appendingPathComponent(scenario.name + ".drive.json")
        try AtomicFile.write(Array((driverJSON.prettyString() + "\n").utf8), to: path)
        return path
    }

    /// What a driver needs to play the user's side against a served session (`Collectors/livekit/drive.py`): the
    /// model, instructions and transcription to configure, and the conversation in order: each user turn's audio
    /// (PCM16 mono, 24 kHz, base64; exactly the clip's length), each agent turn's length and where the user barges
    /// in, each tool call's result, each instructions change.
    /// The user turns' audio is written beside it as raw PCM16 files (`NAME.user.N.pcm`), named in `pcm_file`.
    public var driverJSON: JSONValue {
        var steps: [JSONValue] = []
        for step in self.steps {
            switch step {
            case let .user(index):
                let turn = userTurns[index]
                steps.append(
                    .object([
                        (
                            "user",
                            .object([
                                ("silence", .bool(turn.isSilence)), ("seconds", .double(turn.seconds)),
                                ("samples", .int(turn.pcm.count)), ("text", turn.text.map { .string($0) } ?? .null),
                                ("pcm_file", .string(pcmFileName(index))),
                            ])
                        )
                    ]))
            case let .agent(index):
                switch agentTurns[index] {
                case let .speech(speech):
                    steps.append(
                        .object([
                            (
                                "agent",
                                .object([
                                    ("kind", "speech"), ("text", .string(speech.text)),
                                    ("seconds", .double(speech.seconds)),
                                    ("interrupted", .bool(speech.interruptedAfter != nil)),
                                    ("played_seconds", .double(speech.playedSeconds)),
                                    (
                                        "played_samples",
                                        .int(Int((speech.playedSeconds * Double(Self.wireSampleRate)).rounded()))
                                    ),
                                ])
                            )
                        ]))
                case let .toolCall(call):
                    steps.append(
                        .object([
                            (
                                "agent",
                                .object([
                                    ("kind", "tool_call"), ("name", .string(call.name)),
                                    ("arguments", .string(call.arguments)), ("result", .string(call.result)),
                                ])
                            )
                        ]))
                }
            case let .instructions(text, _):
                steps.append(.object([("instructions", .object([("text", .string(text))]))]))
            }
        }
        return .object([
            ("scenario", .string(scenario.name)), ("model", .string(model)),
            ("instructions", .string(scenario.session.instructions)),
            ("transcription", transcriptionModel.map { .string($0) } ?? .null),
            ("provider", .string(scenario.session.provider)), ("vertex", .bool(isVertex)),
            ("sample_rate", .int(inputSampleRate)),
            ("output_sample_rate", .int(Self.wireSampleRate)), ("steps", .array(steps)),
        ])
    }
}
