import AgentSimAudio
import AgentSimCore
import AgentSimJSON
import GeminiLive
import OpenAILive
import OpenAIRealtime

/// A scenario as `agentsim serve` plays it: the agent's turns in order (what the served model says: text, seconds,
/// tool calls), the user's turns (their scripted transcripts, for the model's transcription reports, and the audio a
/// driver sends), and the token counts the scenario gives for texts a client sends back (instructions, tool results).
///
/// Built once per scenario when the server starts and shared, read-only, by every session that plays it.
public struct ServeScript: Sendable {
    /// One agent turn: a spoken reply or a tool call.
    public enum AgentTurn: Sendable {
        case speech(AgentSpeech)
        case toolCall(ToolCall)
    }

    /// A spoken reply: its text, its encoded length (the sum of its Opus packets' durations, as `run` bills it) and
    /// its audio at the wire's rate.
    public struct AgentSpeech: Sendable {
        public var text: String
        public var textTokens: Int?
        /// Seconds of audio generated: the clip's Opus packets at the scenario's audio settings.
        public var seconds: Double
        public var packets: Int
        /// The scenario's `interrupted_after`, when the user barges in.
        public var interruptedAfter: Double?
        /// Seconds the user hears before the barge-in: whole frames covering `interrupted_after` (as `run` lays them).
        public var playedSeconds: Double
        /// PCM16 mono at ``ServeScript/wireSampleRate``, exactly `seconds` long.
        public var pcm: [Int16]
        /// `pcm` in 100 ms pieces, base64-encoded once for every session that sends them
        /// (`response.output_audio.delta`).
        public var chunks: [String]
    }

    /// One user turn, in order: speech (synthesised or recorded) or silence.
    public struct UserTurn: Sendable {
        /// The transcript the model's transcription reports (nil for a recording given without text).
        public var text: String?
        public var textTokens: Int?
        public var isSilence: Bool
        /// Seconds of audio: the clip's Opus packets at the scenario's audio settings.
        public var seconds: Double
        /// PCM16 mono at ``ServeScript/inputSampleRate``, exactly `seconds` long (zeros for silence).
        public var pcm: [Int16]
    }

    /// One entry of the conversation, in the scenario's order (for a driver that plays the user's side).
    public enum Step: Sendable {
        case user(Int)
        case agent(Int)
        case instructions(text: String, tokens: Int?)
    }

    /// OpenAI Realtime's audio rate: PCM16 mono at 24 kHz, both ways (Gemini Live's output rate too).
    public static let wireSampleRate = 24_000

    /// The rate of the user's audio on the wire: 16 kHz for Gemini Live, 24 kHz otherwise.
    public let inputSampleRate: Int

    /// The input rate of `provider`'s wire.
    public static func inputSampleRate(provider: String) -> Int {
        provider == "gemini-live" ? 16_000 : wireSampleRate
    }

    public let scenario: Scenario
    public let agentTurns: [AgentTurn]
    public let userTurns: [UserTurn]
    public let steps: [Step]

    /// Salt that gives the agent a different synthetic voice from the user's under the same seed (the engine's).
    static let agentVoice: UInt64 = 0xA6E7_0000_0000_0001

    /// Builds the script, synthesising every clip (the same clips `agentsim run` encodes).
    /// - Throws: `ScenarioError` pointing at the turn whose audio cannot be made.
    public init(_ scenario: Scenario, clips: ClipCache) throws(ScenarioError) {
        self.scenario = scenario
        var agentTurns: [AgentTurn] = []
        var userTurns: [UserTurn] = []
        var steps: [Step] = []
        let session = scenario.session
        let settings = session.audio
        let inputRate = Self.inputSampleRate(provider: session.provider)
        inputSampleRate = inputRate
        for (index, turn) in scenario.turns.enumerated() {
            switch turn.kind {
            case let .userSpeech(text, seconds, textTokens):
                let length = try Self.speechSeconds(
                    text: text, seconds: seconds, wpm: session.userWPM, turn: turn, index: index)
                let clip = try Self.clip(
                    .speech(text: text, seconds: length, seed: scenario.seed), clips, settings, turn)
                let pcm = SpeechSynthesizer.synthesize(
                    text: text, seconds: length, seed: scenario.seed, sampleRate: inputRate)
                steps.append(.user(userTurns.count))
                userTurns.append(
                    UserTurn(
                        text: text, textTokens: textTokens, isSilence: false, seconds: clip.duration,
                        pcm: Self.padded(pcm, to: clip.duration, rate: inputRate)))
            case let .userRecording(path, text, textTokens):
                let clip = try Self.clip(.recording(path: path), clips, settings, turn)
                let pcm: [Int16]
                do {
                    pcm = try AudioFileReader.readPCM(path: path, sampleRate: inputRate)
                } catch {
                    throw ScenarioError(error.description, at: turn.location)
                }
                steps.append(.user(userTurns.count))
                userTurns.append(
                    UserTurn(
                        text: text, textTokens: textTokens, isSilence: false, seconds: clip.duration,
                        pcm: Self.padded(pcm, to: clip.duration, rate: inputRate)))
            case let .userSilence(seconds):
                let clip = try Self.clip(.silence(seconds: seconds), clips, settings, turn)
                steps.append(.user(userTurns.count))
                userTurns.append(
                    UserTurn(
                        text: nil, textTokens: nil, isSilence: true, seconds: clip.duration,
                        pcm: Self.padded([], to: clip.duration, rate: inputRate)))
            case let .agentSpeech(text, seconds, interruptedAfter, textTokens):
                let length = try Self.speechSeconds(
                    text: text, seconds: seconds, wpm: session.agentWPM, turn: turn, index: index)
                let seed = scenario.seed ^ Self.agentVoice
                let clip = try Self.clip(.speech(text: text, seconds: length, seed: seed), clips, settings, turn)
                let played = interruptedAfter.map { clip.prefix(seconds: $0) } ?? clip
                let pcm = Self.padded(
                    SpeechSynthesizer.synthesize(
                        text: text, seconds: length, seed: seed, sampleRate: Self.wireSampleRate),
                    to: clip.duration)
                steps.append(.agent(agentTurns.count))
                agentTurns.append(
                    .speech(
                        AgentSpeech(
                            text: text, textTokens: textTokens, seconds: clip.duration, packets: clip.packets.count,
                            interruptedAfter: interruptedAfter, playedSeconds: played.duration, pcm: pcm,
                            chunks: Self.chunked(pcm))))
            case let .toolCall(call):
                steps.append(.agent(agentTurns.count))
                agentTurns.append(.toolCall(call))
            case let .instructions(text, tokens):
                steps.append(.instructions(text: text, tokens: tokens))
            }
        }
        self.agentTurns = agentTurns
        self.userTurns = userTurns
        self.steps = steps
    }

    /// The scripted length, or the word count at the speaker's rate (the engine's rule).
    private static func speechSeconds(
        text: String, seconds: Double?, wpm: Double, turn: Turn, index: Int
    ) throws(ScenarioError) -> Double {
        if let seconds { return seconds }
        let words = text.split(whereSeparator: { $0.isWhitespace }).count
        guard words > 0 else {
            throw ScenarioError(
                "turns[\(index)].\(turn.speaker): nothing to say; expected words or an explicit 'seconds'",
                at: turn.location)
        }
        return Double(words) * 60 / wpm
    }

    private static func clip(
        _ source: ClipSource, _ clips: ClipCache, _ settings: AudioSettings, _ turn: Turn
    ) throws(ScenarioError) -> Clip {
        do {
            return try clips.clip(source, settings: settings)
        } catch {
            throw ScenarioError(error.description, at: turn.location)
        }
    }

    /// Samples per `response.output_audio.delta` (100 ms; OpenAI sends small chunks).
    static let chunkSamples = wireSampleRate / 10

    /// `pcm` in 100 ms pieces, each base64-encoded PCM16.
    static func chunked(_ pcm: [Int16]) -> [String] {
        stride(from: 0, to: pcm.count, by: chunkSamples).map { from in
            PCM16.base64(pcm[from..<min(pcm.count, from + chunkSamples)])
        }
    }

    /// `pcm` cut or padded with zeros to exactly `seconds` at the wire's rate (the encoder pads a clip's last frame
    /// with silence the same way).
    static func padded(_ pcm: [Int16], to seconds: Double, rate: Int = wireSampleRate) -> [Int16] {
        let count = Int((seconds * Double(rate)).rounded())
        if pcm.count >= count { return Array(pcm.prefix(count)) }
        return pcm + [Int16](repeating: 0, count: count - pcm.count)
    }

    /// The model the scenario names, else its provider's default.
    public var model: String {
        if let model = scenario.session.model { return model }
        let models: [ModelDocumentation]
        switch scenario.session.provider {
        case "gemini-live": models = GeminiLivePlugin().documentation.models
        case "openai-live": models = OpenAILivePlugin().documentation.models
        default: models = OpenAIRealtimePlugin().documentation.models
        }
        return models.first(where: \.isDefault)?.name ?? "gpt-realtime"
    }

    /// The instructions' exact token count when the scenario gives one for this text (the session's, or an
    /// `instructions` turn's); nil lets the plugin estimate from the text.
    public func instructionsTokens(for text: String) -> Int? {
        if text == scenario.session.instructions { return scenario.session.instructionsTokens }
        for step in steps {
            if case let .instructions(turnText, tokens) = step, turnText == text { return tokens }
        }
        return nil
    }
}
