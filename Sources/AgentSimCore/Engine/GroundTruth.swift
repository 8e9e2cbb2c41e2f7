/// What really happened in a session — true audio seconds per track and per turn — and what the
/// provider's documented audio-token rates make of them, to set beside what the provider reports.
public struct GroundTruth: Sendable, Equatable {
    public struct TurnTruth: Sendable, Equatable {
        public var turn: Int
        public var speaker: String
        /// Encoded seconds on the speaker's track for this turn (generated audio for the agent).
        public var audioSeconds: Double
        /// For agent turns: the seconds the user heard before a barge-in.
        public var playedSeconds: Double?
        /// The documented rate applied to this turn's audio (silence only when the provider bills it).
        public var documentedAudioTokens: Int
    }

    public var rates: AudioTokenRates
    public var userSpeechSeconds: Double = 0
    public var userSilenceSeconds: Double = 0
    public var agentGeneratedSeconds: Double = 0
    public var agentPlayedSeconds: Double = 0
    public var sessionSeconds: Double = 0
    public var turns: [TurnTruth] = []

    public init(rates: AudioTokenRates) { self.rates = rates }

    /// Seconds on the user's track, silence included.
    public var userTrackSeconds: Double { userSpeechSeconds + userSilenceSeconds }
    /// One pass over the user's audio at the documented input rate.
    public var documentedInputAudioTokens: Int {
        turns.filter { $0.speaker == "user" }.reduce(0) { $0 + $1.documentedAudioTokens }
    }
    /// The agent's generated audio at the documented output rate.
    public var documentedOutputAudioTokens: Int {
        turns.filter { $0.speaker == "agent" }.reduce(0) { $0 + $1.documentedAudioTokens }
    }

    public var json: JSONValue {
        .object([
            ("session_seconds", .double(sessionSeconds)),
            ("user_speech_seconds", .double(userSpeechSeconds)),
            ("user_silence_seconds", .double(userSilenceSeconds)),
            ("agent_generated_seconds", .double(agentGeneratedSeconds)),
            ("agent_played_seconds", .double(agentPlayedSeconds)),
            ("rates", rates.json),
            ("documented_input_audio_tokens", .int(documentedInputAudioTokens)),
            ("documented_output_audio_tokens", .int(documentedOutputAudioTokens)),
            (
                "turns",
                .array(
                    turns.map { t in
                        var pairs: [(String, JSONValue)] = [
                            ("turn", .int(t.turn)), ("speaker", .string(t.speaker)),
                            ("audio_seconds", .double(t.audioSeconds)),
                        ]
                        if let played = t.playedSeconds { pairs.append(("played_seconds", .double(played))) }
                        pairs.append(("documented_audio_tokens", .int(t.documentedAudioTokens)))
                        return .object(pairs)
                    })
            ),
        ])
    }
}

/// A provider's documented audio-token rates.
public struct AudioTokenRates: Sendable, Equatable {
    public var inputPerSecond: Double
    public var outputPerSecond: Double
    /// Whether silence on the user's track is billed (Gemini) or dropped by server VAD (OpenAI).
    public var billsSilence: Bool

    public init(inputPerSecond: Double, outputPerSecond: Double, billsSilence: Bool) {
        self.inputPerSecond = inputPerSecond
        self.outputPerSecond = outputPerSecond
        self.billsSilence = billsSilence
    }

    /// Whole tokens for `seconds` at `perSecond` (floor; a hair of tolerance so that 2.4 s × 10 is 24, not 23).
    public static func tokens(seconds: Double, perSecond: Double) -> Int {
        let exact = seconds * perSecond
        guard exact.isFinite, exact > 0 else { return 0 }
        return Int((exact + 1e-7).rounded(.down))
    }

    public var json: JSONValue {
        .object([
            ("input_audio_tokens_per_second", .double(inputPerSecond)),
            ("output_audio_tokens_per_second", .double(outputPerSecond)),
            ("bills_silence", .bool(billsSilence)),
        ])
    }
}
