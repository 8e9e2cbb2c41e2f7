/// `session.pipeline`: the three services of a pipeline session and the timeline they add.
public struct PipelineConfig: Sendable {
    public var stt: ServiceSpec
    public var llm: ServiceSpec
    public var tts: ServiceSpec
    public var timing: PipelineTiming

    public init(stt: ServiceSpec, llm: ServiceSpec, tts: ServiceSpec, timing: PipelineTiming = PipelineTiming()) {
        self.stt = stt
        self.llm = llm
        self.tts = tts
        self.timing = timing
    }

    /// The specs by role, in pipeline order.
    public var services: [(role: ServiceRole, spec: ServiceSpec)] { [(.stt, stt), (.llm, llm), (.tts, tts)] }

    /// `ID[:MODEL]+ID[:MODEL]+ID[:MODEL]` (STT, LLM, TTS), the form `--providers pipeline:…` takes.
    public var label: String { services.map(\.spec.label).joined(separator: "+") }
}

/// One pipeline service: `ID[:MODEL]`, or `{provider, model, options}`.
public struct ServiceSpec: Sendable {
    public var provider: String
    public var providerLocation: SourceLocation
    public var model: String?
    public var modelLocation: SourceLocation
    public var options: ScenarioValue
    /// The dotted path in the file (`session.pipeline.llm`), for messages.
    public var path: String

    public init(
        provider: String, providerLocation: SourceLocation, model: String? = nil, modelLocation: SourceLocation,
        options: ScenarioValue, path: String
    ) {
        self.provider = provider
        self.providerLocation = providerLocation
        self.model = model
        self.modelLocation = modelLocation
        self.options = options
        self.path = path
    }

    public var label: String { model.map { "\(provider):\($0)" } ?? provider }
}

/// The timeline a pipeline adds to a conversation (`session.pipeline.timing`), in seconds.
public struct PipelineTiming: Sendable, Equatable {
    /// End of the user's speech → the final transcript.
    public var transcriptionDelay = 0.3
    /// End of the user's speech → the end-of-turn decision (LiveKit's `min_endpointing_delay`, 0.5 s by default).
    public var endpointingDelay = 0.5
    /// LLM request sent → first token.
    public var llmTTFT = 0.35
    /// Reply tokens per second after the first.
    public var llmTokensPerSecond = 50.0
    /// First text reaching the TTS → its first audio frame.
    public var ttsTTFB = 0.2
    /// How many times faster than playback the TTS delivers frames (1: as fast as they play).
    public var ttsRealtimeFactor = 1.0

    public init() {}

    /// The keys of `session.pipeline.timing`, with their forms and defaults, for messages and documentation.
    public static let keys: [(key: String, range: ClosedRange<Double>, summary: String)] = [
        ("transcription_delay", 0...60, "end of the user's speech to the final transcript (s); default 0.3"),
        (
            "endpointing_delay", 0...60,
            "end of the user's speech to the end-of-turn decision (s), LiveKit's min_endpointing_delay; default 0.5"
        ),
        ("llm_ttft", 0...60, "LLM request sent to its first token (s); default 0.35"),
        ("llm_tokens_per_second", 0.1...100_000, "reply tokens per second after the first; default 50"),
        ("tts_ttfb", 0...60, "first text reaching the TTS to its first audio frame (s); default 0.2"),
        (
            "tts_realtime_factor", 1...1000,
            "how many times faster than playback the TTS delivers frames (≥ 1); default 1"
        ),
    ]

    /// End of speech → end-of-utterance decision: the turn ends once both the endpointing delay has passed and the
    /// final transcript is in.
    public var endOfUtteranceDelay: Double { max(endpointingDelay, transcriptionDelay) }
}

extension PipelineConfig {
    /// The `session.provider` a pipeline session carries, and the id of `--providers pipeline:…`.
    public static let providerID = "pipeline"
}
