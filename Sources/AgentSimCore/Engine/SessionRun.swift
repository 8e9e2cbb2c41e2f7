import AgentSimAudio

/// One session of a scenario on one provider, as a stream of steps produced on demand.
///
/// A `SessionRun` is an independent value: nothing is shared between runs but the `ClipCache`, so
/// thousands can run concurrently. Nothing is buffered: each `next()` advances the conversation by
/// one event, encodes the audio that event needs (or takes it from the cache), hands the event to
/// the provider session and returns the event with the reports it caused.
public struct SessionRun: AsyncSequence, Sendable {
    public typealias Element = SessionStep

    public let scenario: Scenario
    public let plugin: any ProviderPlugin
    public let clips: ClipCache

    /// When true, the engine also lays the user's and agent's audio on two tracks and hands them
    /// over with the last step (`SessionStep.tracks`), for `--audio-out`.
    public let recordsTracks: Bool

    /// Mixed into the plugin's id seed (``SessionSetup/idSalt``): a load run gives each copy of a scenario its own.
    public let idSalt: UInt64

    /// What earlier sessions of the same organisation sent (``SessionSetup/organisation``).
    public let organisation: OrganisationHistory

    public init(
        scenario: Scenario, plugin: any ProviderPlugin, clips: ClipCache, recordsTracks: Bool = false,
        idSalt: UInt64 = 0,
        organisation: OrganisationHistory = .none
    ) {
        self.scenario = scenario
        self.plugin = plugin
        self.clips = clips
        self.recordsTracks = recordsTracks
        self.idSalt = idSalt
        self.organisation = organisation
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(
            scenario: scenario, plugin: plugin, clips: clips, recordsTracks: recordsTracks, idSalt: idSalt,
            organisation: organisation)
    }

    /// Advances the session one event at a time.
    public struct Iterator: AsyncIteratorProtocol, Sendable {
        private var engine: SessionEngine

        init(
            scenario: Scenario, plugin: any ProviderPlugin, clips: ClipCache, recordsTracks: Bool, idSalt: UInt64,
            organisation: OrganisationHistory
        ) {
            engine = SessionEngine(
                scenario: scenario, plugin: plugin, clips: clips, recordsTracks: recordsTracks, idSalt: idSalt,
                organisation: organisation)
        }

        /// The next step, synchronously (the engine never suspends); `next()` is this behind `AsyncIteratorProtocol`.
        /// - Throws: `ScenarioError` for a problem found while running.
        public mutating func nextStep() throws(ScenarioError) -> SessionStep? {
            try engine.nextStep()
        }

        /// - Throws: `ScenarioError` for a problem found while running (bad option, unreadable recording).
        public mutating func next() async throws -> SessionStep? {
            try engine.nextStep()
        }
    }
}

/// One event and the usage reports the provider produced for it.
public struct SessionStep: Sendable {
    public var event: SessionEvent
    public var outputs: [ProviderOutput]
    /// The session's two audio tracks, on the last step of a run that records them.
    public var tracks: SessionTracks?
    /// The provider session as it ended, on the last step: it explains its own figures from the options it
    /// parsed at its start (``ProviderSession/explain(_:)``).
    public var session: (any ProviderSession)?
}

/// The user's and the agent's audio laid on the session timeline (silence between utterances).
public struct SessionTracks: Sendable {
    public var user: TrackBuilder
    public var agent: TrackBuilder
}
