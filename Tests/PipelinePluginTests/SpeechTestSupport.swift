import AgentSimCore

/// Builders shared by the Deepgram and ElevenLabs tests: options maps and setups as a scenario would give them.
enum SpeechTestSupport {
    static let file = SourceLocation(file: "test.yaml", line: 9, column: 7)

    static func options(_ pairs: [(String, ScenarioValue.Kind)]) -> ScenarioValue {
        ScenarioValue(
            .map(
                pairs.enumerated().map { n, pair in
                    let at = SourceLocation(file: "test.yaml", line: 10 + n, column: 9)
                    return (
                        key: pair.0, keyLocation: at,
                        value: ScenarioValue(pair.1, at: SourceLocation(file: "test.yaml", line: 10 + n, column: 20))
                    )
                }), at: file)
    }

    static func setup(
        model: String?, options: ScenarioValue = options([]), role: String, startTime: Double = 1_700_000_000
    ) -> SessionSetup {
        var s = SessionSetup(
            model: model, modelLocation: file, options: options, seed: 7, scenarioName: "test", startTime: startTime)
        s.optionsPath = "session.pipeline.\(role).options"
        s.modelPath = "session.pipeline.\(role).model"
        return s
    }

    /// A stretch of the user's track in 20 ms frames.
    static func heard(_ start: Double, _ end: Double, turn: Int? = nil, silence: Bool = true) -> STTHeard {
        let seconds = SessionClock.interval(from: start, to: end)
        let packets = Int((seconds / 0.02).rounded())
        return STTHeard(
            start: start, time: end, turn: turn,
            audio: UserAudio(
                text: silence ? nil : "Hi.", textTokens: nil, seconds: seconds, packets: packets, bytes: packets * 3,
                isSilence: silence, isRecording: false))
    }
}

extension SpeechTestSupport {
    /// A ground truth with no audio-token rates (pipeline services bill their own units).
    static var truth: GroundTruth {
        GroundTruth(rates: AudioTokenRates(inputPerSecond: 0, outputPerSecond: 0, billsSilence: false))
    }
}
