/// One realtime model session (OpenAI Realtime, Gemini Live, GPT-Live): the provider's own state (the context it
/// re-bills, its cache, its model profile's quirks), answering each input with the usage reports it causes.
///
/// The shape of the pipeline roles (`STTSession`, `LLMSession`, `TTSSession`): one method per input, each with a
/// default that reports nothing, so a new input is a new method that breaks no plugin, and a plugin implements only
/// what it bills. Inputs arrive in session-clock order; each report (`ProviderOutput`: the native payload and the
/// LiveKit metrics LiveKit's plugin builds from it) carries its own time.
public protocol RealtimeSession: Sendable {
    /// The model this session runs.
    var modelName: String { get }
    /// The documented audio rates of this session's model, for the ground-truth view.
    var audioTokenRates: AudioTokenRates { get }

    /// The session starts.
    mutating func start(_ input: RealtimeStart) -> [ProviderOutput]
    /// The session clock reaches `input.time` (before any other input at that time).
    mutating func advance(_ input: RealtimeClock) -> [ProviderOutput]
    /// A stretch of the user's track, speech or silence, reached the model.
    mutating func hear(_ input: RealtimeUserAudio) -> [ProviderOutput]
    /// The user's turn ended: the utterance becomes one input item.
    mutating func commit(_ input: RealtimeCommit) -> [ProviderOutput]
    /// The instructions change.
    mutating func updateInstructions(_ input: RealtimeInstructions) -> [ProviderOutput]
    /// The declared tools change.
    mutating func updateTools(_ input: RealtimeTools) -> [ProviderOutput]
    /// A response is requested and starts.
    mutating func startResponse(_ input: RealtimeResponseStart) -> [ProviderOutput]
    /// A response's first audio reaches the user.
    mutating func responseAudio(_ input: RealtimeResponseAudio) -> [ProviderOutput]
    /// A response ends (completed, cut by a barge-in, or a tool call).
    mutating func finishResponse(_ input: RealtimeResponseDone) -> [ProviderOutput]
    /// A finished response's playback was truncated where the user stopped hearing it.
    mutating func truncate(_ input: RealtimeTruncation) -> [ProviderOutput]
    /// A tool's result joins the conversation.
    mutating func toolResult(_ input: RealtimeToolResult) -> [ProviderOutput]
    /// The session ends.
    mutating func end(_ input: RealtimeEnd) -> [ProviderOutput]

    /// Plain sentences saying where this session's reported figures part from the ground truth (for `compare`),
    /// from the options the session parsed when it started; the default says nothing.
    func explain(_ facts: UsageFacts) -> [String]
}

extension RealtimeSession {
    public mutating func start(_ input: RealtimeStart) -> [ProviderOutput] { [] }
    public mutating func advance(_ input: RealtimeClock) -> [ProviderOutput] { [] }
    public mutating func hear(_ input: RealtimeUserAudio) -> [ProviderOutput] { [] }
    public mutating func commit(_ input: RealtimeCommit) -> [ProviderOutput] { [] }
    public mutating func updateInstructions(_ input: RealtimeInstructions) -> [ProviderOutput] { [] }
    public mutating func updateTools(_ input: RealtimeTools) -> [ProviderOutput] { [] }
    public mutating func startResponse(_ input: RealtimeResponseStart) -> [ProviderOutput] { [] }
    public mutating func responseAudio(_ input: RealtimeResponseAudio) -> [ProviderOutput] { [] }
    public mutating func finishResponse(_ input: RealtimeResponseDone) -> [ProviderOutput] { [] }
    public mutating func truncate(_ input: RealtimeTruncation) -> [ProviderOutput] { [] }
    public mutating func toolResult(_ input: RealtimeToolResult) -> [ProviderOutput] { [] }
    public mutating func end(_ input: RealtimeEnd) -> [ProviderOutput] { [] }
    public func explain(_ facts: UsageFacts) -> [String] { [] }
}
