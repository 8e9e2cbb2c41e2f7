import AgentSimAudio
import Foundation
import Yams

/// Reads version-1 scenario files (YAML, or JSON, which the same parser reads) into `Scenario` values.
public enum ScenarioLoader {
    /// Loads and validates one file.
    /// - Parameter path: the file, as the user named it (messages repeat it as given).
    /// - Throws: `ScenarioError` naming the file, line and column, and the expected form.
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        let here = SourceLocation(file: path)
        let size: Int
        switch RegularFile.size(at: path) {
        case let .success(bytes): size = bytes
        case let .failure(problem):
            throw ScenarioError(
                problem.text == "is a directory, expected a regular file"
                    ? "is a directory, expected a scenario file" : problem.text, at: here)
        }
        guard size <= ScenarioLimits.maxFileBytes else {
            throw ScenarioError(
                "the file is \(size) bytes; expected a scenario of at most \(ScenarioLimits.maxFileBytes) "
                    + "bytes (1 MiB)",
                at: here)
        }
        guard let data = FileManager.default.contents(atPath: path), data.count <= ScenarioLimits.maxFileBytes else {
            throw ScenarioError("cannot read the file", at: here)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError("not UTF-8 text", at: here)
        }
        return try parse(text, file: path)
    }

    /// Parses scenario text; `file` is used in messages and to resolve recording paths.
    public static func parse(_ text: String, file: String) throws(ScenarioError) -> Scenario {
        let root = try ScenarioValue.parseYAML(text, file: file)
        if case .null = root.kind {
            throw ScenarioError(
                "the file is empty; expected a scenario map starting with 'version: 1'", at: root.location)
        }
        guard root.mapEntries != nil else {
            throw ScenarioError(
                "expected a scenario map starting with 'version: 1', got "
                    + "\(root.typeName)\(MapReader.describeScalar(root))",
                at: root.location)
        }
        var top = try MapReader(root, path: "")
        try top.rejectUnknownKeys(allowed: ["version", "name", "seed", "session", "turns"])
        let version = try top.required("version", expected: "version: 1")
        guard case .int(1) = version.kind else {
            let shown: String
            if case let .string(s, _) = version.kind {
                shown = "'\(s)'"
            } else {
                shown = MapReader.describeValue(version)
            }
            throw ScenarioError("version: only version 1 is supported, got \(shown)", at: version.location)
        }
        let defaultName = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let nameValue = top.value("name")
        let name =
            try nameValue.map { v throws(ScenarioError) in
                try printable(try MapReader.string(v, path: "name"), path: "name", at: v.location)
            } ?? defaultName
        let seed = try readSeed(top.value("seed"))
        var sessionReader = try MapReader(
            try top.required("session", expected: "a map with at least 'provider'"), path: "session")
        let session = try readSession(&sessionReader)
        let turnsValue = try top.required("turns", expected: "a list of user/agent turns")
        guard case let .list(items) = turnsValue.kind else {
            throw ScenarioError("turns: expected a list of turns, got \(turnsValue.typeName)", at: turnsValue.location)
        }
        guard !items.isEmpty else {
            throw ScenarioError("turns: the list is empty; expected at least one turn", at: turnsValue.location)
        }
        guard items.count <= ScenarioLimits.maxTurns else {
            throw ScenarioError(
                "turns: \(items.count) turns; expected at most \(ScenarioLimits.maxTurns)", at: turnsValue.location)
        }
        let baseDirectory = URL(fileURLWithPath: file).deletingLastPathComponent()
        var turns: [Turn] = []
        for (index, item) in items.enumerated() {
            turns.append(try readTurn(item, index: index, baseDirectory: baseDirectory, session: session))
        }
        try top.finish()
        return Scenario(file: file, name: name, seed: seed, session: session, turns: turns)
    }

    private static func readSession(_ r: inout MapReader) throws(ScenarioError) -> SessionConfig {
        try r.rejectUnknownKeys(allowed: [
            "provider", "pipeline", "model", "instructions", "instructions_tokens", "audio", "options", "user_wpm",
            "agent_wpm",
            "response_latency", "tool_call_latency", "start_time",
        ])
        var session: SessionConfig
        if let pipelineValue = r.value("pipeline") {
            // A pipeline names its services itself: a realtime provider, its model, options or latencies beside it
            // would be ignored.
            for key in ["provider", "model", "options", "response_latency", "tool_call_latency"]
            where r.keys.contains(key) {
                let why =
                    key.hasSuffix("latency")
                    ? "a pipeline's latency comes from session.pipeline.timing "
                        + "(\(PipelineTiming.keys.map(\.key).joined(separator: ", ")))"
                    : "each pipeline service takes its own provider, model and options"
                throw ScenarioError(
                    "session.\(key): not allowed beside session.pipeline; \(why)",
                    at: r.value(key)?.location ?? pipelineValue.location)
            }
            session = SessionConfig(
                provider: PipelineConfig.providerID, providerLocation: pipelineValue.location,
                modelLocation: pipelineValue.location,
                options: .emptyMap(at: pipelineValue.location))
            session.pipeline = try readPipeline(pipelineValue)
        } else {
            let providerValue = try r.required(
                "provider",
                expected:
                    "a plugin id such as openai-realtime, or session.pipeline with stt, llm and tts; `agentsim "
                    + "providers` lists them"
            )
            let provider = try MapReader.string(providerValue, path: "session.provider")
            let modelValue = r.value("model")
            let model = try modelValue.map { v throws(ScenarioError) in try MapReader.string(v, path: "session.model") }
            session = SessionConfig(
                provider: provider, providerLocation: providerValue.location,
                model: model, modelLocation: modelValue?.location ?? r.location,
                options: .emptyMap(at: r.location))
        }
        session.instructions = try r.string("instructions") ?? ""
        session.instructionsTokens = try r.int("instructions_tokens", in: tokenRange)
        if var audio = try r.map("audio") {
            session.audio = try readAudio(&audio)
            try audio.finish()
        }
        if let options = r.value("options") {
            _ = try MapReader(options, path: "session.options")  // must be a map; the plugin reads the keys
            session.options = options
        }
        session.userWPM = try r.double("user_wpm", in: 1...1000) ?? session.userWPM
        session.agentWPM = try r.double("agent_wpm", in: 1...1000) ?? session.agentWPM
        session.responseLatency = try r.double("response_latency", in: 0...60) ?? session.responseLatency
        session.toolCallLatency = try r.double("tool_call_latency", in: 0...60) ?? session.toolCallLatency
        session.startTime = try r.double("start_time", in: 0...ScenarioLimits.maxStartTime) ?? session.startTime
        try r.finish()
        return session
    }

    /// `session.pipeline: {stt, llm, tts, timing}`.
    private static func readPipeline(_ value: ScenarioValue) throws(ScenarioError) -> PipelineConfig {
        var r = try MapReader(value, path: "session.pipeline")
        try r.rejectUnknownKeys(allowed: ["stt", "llm", "tts", "timing"])
        func service(_ role: String, _ r: inout MapReader) throws(ScenarioError) -> ServiceSpec {
            let v = try r.required(role, expected: "ID[:MODEL] or {provider, model, options}")
            return try readService(v, path: "session.pipeline.\(role)")
        }
        let stt = try service("stt", &r)
        let llm = try service("llm", &r)
        let tts = try service("tts", &r)
        var timing = PipelineTiming()
        if var t = try r.map("timing") {
            try t.rejectUnknownKeys(allowed: PipelineTiming.keys.map(\.key))
            func read(_ key: String) throws(ScenarioError) -> Double? {
                let range = PipelineTiming.keys.first { $0.key == key }!.range
                return try t.double(key, in: range)
            }
            timing.transcriptionDelay = try read("transcription_delay") ?? timing.transcriptionDelay
            timing.endpointingDelay = try read("endpointing_delay") ?? timing.endpointingDelay
            timing.llmTTFT = try read("llm_ttft") ?? timing.llmTTFT
            timing.llmTokensPerSecond = try read("llm_tokens_per_second") ?? timing.llmTokensPerSecond
            timing.ttsTTFB = try read("tts_ttfb") ?? timing.ttsTTFB
            timing.ttsRealtimeFactor = try read("tts_realtime_factor") ?? timing.ttsRealtimeFactor
            try t.finish()
        }
        try r.finish()
        return PipelineConfig(stt: stt, llm: llm, tts: tts, timing: timing)
    }

    /// One service: `ID[:MODEL]` or `{provider, model, options}`.
    private static func readService(_ v: ScenarioValue, path: String) throws(ScenarioError) -> ServiceSpec {
        if v.mapEntries == nil {
            let text = try MapReader.string(v, path: path)
            let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard !parts[0].isEmpty, parts.count == 1 || !parts[1].isEmpty else {
                throw ScenarioError(
                    "\(path): expected ID or ID:MODEL such as deepgram:nova-3, got '\(text)'", at: v.location)
            }
            return ServiceSpec(
                provider: parts[0], providerLocation: v.location, model: parts.count > 1 ? parts[1] : nil,
                modelLocation: v.location,
                options: .emptyMap(at: v.location), path: path)
        }
        var r = try MapReader(v, path: path)
        try r.rejectUnknownKeys(allowed: ["provider", "model", "options"])
        let providerValue = try r.required(
            "provider", expected: "a plugin id such as deepgram; `agentsim providers` lists them")
        let provider = try MapReader.string(providerValue, path: "\(path).provider")
        let modelValue = r.value("model")
        let model = try modelValue.map { m throws(ScenarioError) in try MapReader.string(m, path: "\(path).model") }
        var options = ScenarioValue.emptyMap(at: v.location)
        if let o = r.value("options") {
            _ = try MapReader(o, path: "\(path).options")
            options = o
        }
        try r.finish()
        return ServiceSpec(
            provider: provider, providerLocation: providerValue.location, model: model,
            modelLocation: modelValue?.location ?? v.location,
            options: options, path: path)
    }

    private static func readAudio(_ r: inout MapReader) throws(ScenarioError) -> AudioSettings {
        var audio = AudioSettings()
        if let v = r.value("sample_rate") {
            let rate = try MapReader.int(v, path: "session.audio.sample_rate")
            guard AudioSettings.validSampleRates.contains(rate) else {
                throw ScenarioError(
                    "session.audio.sample_rate: expected one of Opus' rates "
                        + "\(AudioSettings.validSampleRates.map(String.init).joined(separator: ", ")), got \(rate)",
                    at: v.location)
            }
            audio.sampleRate = rate
        }
        if let v = r.value("frame_ms") {
            let ms = try MapReader.int(v, path: "session.audio.frame_ms")
            guard AudioSettings.validFrameMilliseconds.contains(ms) else {
                throw ScenarioError(
                    "session.audio.frame_ms: expected one of "
                        + "\(AudioSettings.validFrameMilliseconds.map(String.init).joined(separator: ", ")), got \(ms)",
                    at: v.location)
            }
            audio.frameMilliseconds = ms
        }
        audio.bitrate = try r.int("bitrate", in: 500...512_000) ?? audio.bitrate
        audio.complexity = try r.int("complexity", in: 0...10) ?? audio.complexity
        audio.dtx = try r.bool("dtx") ?? audio.dtx
        return audio
    }

    private static func readTurn(
        _ item: ScenarioValue, index: Int, baseDirectory: URL, session: SessionConfig
    ) throws(ScenarioError) -> Turn {
        let path = "turns[\(index)]"
        guard let entries = item.mapEntries else {
            throw ScenarioError(
                "\(path): expected a map with one key, user, agent or instructions; got \(item.typeName)",
                at: item.location)
        }
        guard entries.count == 1, let entry = entries.first else {
            let keys = entries.map(\.key).joined(separator: ", ")
            throw ScenarioError(
                "\(path): expected exactly one of user, agent or instructions, got \(entries.isEmpty ? "none" : keys)",
                at: item.location)
        }
        let value = entry.value
        let here = entry.keyLocation
        switch entry.key {
        case "user":
            if case .string = value.kind {
                let text = try MapReader.string(value, path: "\(path).user")
                try checkSpokenLength(text, wpm: session.userWPM, path: "\(path).user", at: value.location)
                return Turn(.userSpeech(text: text, seconds: nil, textTokens: nil), at: here)
            }
            var r = try MapReader(value, path: "\(path).user")
            let kinds = ["say", "silence", "audio"].filter { r.keys.contains($0) }
            if kinds.isEmpty, let entries = value.mapEntries,
                let unknown = entries.first(where: {
                    !["say", "silence", "audio", "seconds", "text", "text_tokens"].contains($0.key)
                })
            {
                throw ScenarioError(
                    "\(path).user: unknown key '\(unknown.key)'; expected one of: say, silence, audio (with seconds, "
                        + "text, text_tokens)",
                    at: unknown.keyLocation)
            }
            guard kinds.count == 1 else {
                throw ScenarioError(
                    "\(path).user: expected exactly one of say, silence or audio, got "
                        + "\(kinds.isEmpty ? "none" : kinds.joined(separator: " and "))",
                    at: value.location)
            }
            let turn: Turn
            switch kinds[0] {
            case "say":
                let sayValue = r.value("say")
                let text =
                    try sayValue.map { v throws(ScenarioError) in try MapReader.string(v, path: "\(path).user.say") }
                    ?? ""
                let seconds = try positiveSeconds(&r, "seconds")
                if seconds == nil, let sayValue {
                    try checkSpokenLength(text, wpm: session.userWPM, path: "\(path).user.say", at: sayValue.location)
                }
                turn = Turn(
                    .userSpeech(text: text, seconds: seconds, textTokens: try r.int("text_tokens", in: tokenRange)),
                    at: here)
            case "silence":
                guard let seconds = try positiveSeconds(&r, "silence") else {
                    throw ScenarioError(
                        "\(path).user.silence: expected a positive number of seconds", at: value.location)
                }
                turn = Turn(.userSilence(seconds: seconds), at: here)
            default:
                let audioValue = r.value("audio")!
                let relative = try MapReader.string(audioValue, path: "\(path).user.audio")
                let resolved = relative.hasPrefix("/") ? relative : baseDirectory.appendingPathComponent(relative).path
                if case let .failure(problem) = RegularFile.size(at: resolved), problem.text != "no such file" {
                    throw ScenarioError(
                        "\(path).user.audio: the recording '\(relative)' (resolved to \(resolved)) "
                            + "\(problem.text.hasPrefix("is ") ? problem.text : "cannot be read: \(problem.text)"); "
                            + "expected a WAV or Ogg Opus file",
                        at: audioValue.location)
                }
                guard FileManager.default.isReadableFile(atPath: resolved) else {
                    throw ScenarioError(
                        "\(path).user.audio: cannot read the recording '\(relative)' (resolved to \(resolved)); "
                            + "expected a WAV or Ogg Opus file path relative to the scenario",
                        at: audioValue.location)
                }
                turn = Turn(
                    .userRecording(
                        path: resolved, text: try r.string("text"), textTokens: try r.int("text_tokens", in: tokenRange)
                    ), at: here)
            }
            try r.finish()
            return turn
        case "agent":
            if case .string = value.kind {
                let text = try MapReader.string(value, path: "\(path).agent")
                try checkSpokenLength(text, wpm: session.agentWPM, path: "\(path).agent", at: value.location)
                return Turn(.agentSpeech(text: text, seconds: nil, interruptedAfter: nil, textTokens: nil), at: here)
            }
            var r = try MapReader(value, path: "\(path).agent")
            let turn: Turn
            if r.keys.contains("tool_call") {
                var t = try r.map("tool_call")!
                let name = try MapReader.string(
                    try t.required("name", expected: "the tool's name"), path: "\(path).agent.tool_call.name")
                let call = ToolCall(
                    name: name, arguments: try t.string("arguments") ?? "{}", result: try t.string("result") ?? "",
                    argumentsTokens: try t.int("arguments_tokens", in: tokenRange),
                    resultTokens: try t.int("result_tokens", in: tokenRange))
                try t.finish()
                turn = Turn(.toolCall(call), at: here)
            } else {
                let sayValue = try r.required("say", expected: "the words the agent speaks, or tool_call")
                let text = try MapReader.string(sayValue, path: "\(path).agent.say")
                let seconds = try positiveSeconds(&r, "seconds")
                let interrupted = try positiveSeconds(&r, "interrupted_after")
                if seconds == nil {
                    try checkSpokenLength(text, wpm: session.agentWPM, path: "\(path).agent.say", at: sayValue.location)
                }
                if let seconds, let interrupted, interrupted >= seconds {
                    throw ScenarioError(
                        "\(path).agent.interrupted_after: \(JSONValue.format(interrupted)) s is not before the end "
                            + "of the \(JSONValue.format(seconds)) s reply; expected a smaller number",
                        at: here)
                }
                turn = Turn(
                    .agentSpeech(
                        text: text, seconds: seconds, interruptedAfter: interrupted,
                        textTokens: try r.int("text_tokens", in: tokenRange)), at: here)
            }
            try r.finish()
            return turn
        case "instructions":
            if case .string = value.kind {
                return Turn(
                    .instructions(text: try MapReader.string(value, path: "\(path).instructions"), tokens: nil),
                    at: here)
            }
            var r = try MapReader(value, path: "\(path).instructions")
            let text = try MapReader.string(
                try r.required("text", expected: "the new instructions"), path: "\(path).instructions.text")
            let turn = Turn(.instructions(text: text, tokens: try r.int("tokens", in: tokenRange)), at: here)
            try r.finish()
            return turn
        default:
            throw ScenarioError("\(path): unknown turn '\(entry.key)'; expected user, agent or instructions", at: here)
        }
    }

    /// A finite number of seconds from ``ScenarioLimits/minUtteranceSeconds`` to
    /// ``ScenarioLimits/maxUtteranceSeconds``.
    private static func positiveSeconds(_ r: inout MapReader, _ key: String) throws(ScenarioError) -> Double? {
        guard let v = r.value(key) else { return nil }
        let seconds = try MapReader.double(v, path: "\(r.path).\(key)", in: 0...ScenarioLimits.maxUtteranceSeconds)
        guard seconds > 0 else {
            throw ScenarioError("\(r.path).\(key): expected a positive number of seconds, got 0", at: v.location)
        }
        guard seconds >= ScenarioLimits.minUtteranceSeconds else {
            throw ScenarioError(
                "\(r.path).\(key): expected at least \(JSONValue.format(ScenarioLimits.minUtteranceSeconds)) s "
                    + "(shorter audio holds no sample), got \(JSONValue.format(seconds))",
                at: v.location)
        }
        return seconds
    }

    /// Every token count's range.
    private static let tokenRange = 0...ScenarioLimits.maxTokens

    /// Throws when speech without `seconds` would last longer than ``ScenarioLimits/maxUtteranceSeconds``
    /// at `wpm` (the engine derives its length from the word count).
    private static func checkSpokenLength(
        _ text: String, wpm: Double, path: String, at location: SourceLocation
    ) throws(ScenarioError) {
        let words = text.split(whereSeparator: { $0.isWhitespace }).count
        let seconds = Double(words) * 60 / wpm
        guard seconds <= ScenarioLimits.maxUtteranceSeconds else {
            throw ScenarioError(
                "\(path): \(words) words at \(JSONValue.format(wpm)) words per minute last "
                    + "\(JSONValue.format(seconds.rounded())) s; expected at most "
                    + "\(Int(ScenarioLimits.maxUtteranceSeconds)) s per turn (split the turn or give 'seconds')",
                at: location)
        }
    }

    /// The file's seed: a whole number from 0 to 2^63 − 1.
    private static func readSeed(_ value: ScenarioValue?) throws(ScenarioError) -> UInt64 {
        guard let value else { return 0 }
        let expected = "seed: expected a whole number from 0 to \(ScenarioLimits.maxSeed) (2^63 − 1)"
        switch value.kind {
        case let .int(i) where i >= 0: return UInt64(i)
        case let .int(i): throw ScenarioError("\(expected), got \(i)", at: value.location)
        case let .double(d) where d.rounded() == d:
            throw ScenarioError("\(expected), got \(JSONValue.format(d))", at: value.location)
        default:
            throw ScenarioError(
                "\(expected), got \(value.typeName)\(MapReader.describeScalar(value))", at: value.location)
        }
    }

    /// `text` unless it holds a control character, which would reach the terminal raw.
    private static func printable(
        _ text: String, path: String, at location: SourceLocation
    ) throws(ScenarioError) -> String {
        if let (offset, scalar) = text.unicodeScalars.enumerated().first(where: {
            $0.element.properties.generalCategory == .control
        }) {
            let code = String(scalar.value, radix: 16, uppercase: true)
            throw ScenarioError(
                "\(path): control character U+\(String(repeating: "0", count: max(0, 4 - code.count)))\(code) at "
                    + "character \(offset + 1); expected printable text",
                at: location)
        }
        return text
    }
}

extension MapReader {
    /// A value shown in a message: its text for scalars, its type for the rest.
    static func describeValue(_ v: ScenarioValue) -> String {
        switch v.kind {
        case let .int(i): return String(i)
        case let .double(d): return JSONValue.format(d)
        case let .bool(b): return String(b)
        case let .string(s, _): return "'\(s)'"
        default: return v.typeName
        }
    }

    /// " 'text'" for a string, "" for the rest (follows a type name in a message).
    static func describeScalar(_ v: ScenarioValue) -> String {
        if case let .string(s, _) = v.kind { return " '\(s)'" }
        return ""
    }
}
