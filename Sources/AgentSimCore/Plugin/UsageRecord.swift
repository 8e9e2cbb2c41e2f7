/// The usage one output reports, typed: the figures its payload carries, in the accounting of the API that sent it,
/// and what a view needs to read a request's stream (the text it carried, whether it ended the stream). The plugin
/// fills it by reading back the payload it built, so the two cannot drift; views read it instead of re-parsing
/// payloads by provider.
///
/// A figure is nil when the payload does not carry that field (proto3 JSON leaves zero counts out, an event carries
/// no usage object), and 0 when it carries a 0: tools that read "the field if present" differ on exactly that.
public struct UsageRecord: Sendable, Equatable {
    /// Which API's accounting the figures follow. A plugin with a new API declares its own value; views that have
    /// no rules for it name it instead of guessing.
    public struct API: Hashable, Sendable, CustomStringConvertible {
        public var name: String

        public init(_ name: String) { self.name = name }

        public var description: String { name }

        public static let chatCompletions = API("OpenAI Chat Completions")
        public static let responses = API("OpenAI Responses")
        public static let anthropicMessages = API("Anthropic Messages")
        public static let geminiGenerateContent = API("Gemini generateContent")
        public static let openAIRealtime = API("OpenAI Realtime")
        public static let geminiLive = API("Gemini Live")
        public static let gptLive = API("GPT-Live")
        public static let deepgram = API("Deepgram")
        public static let elevenLabs = API("ElevenLabs")
        public static let cartesia = API("Cartesia")
        public static let openAISpeech = API("OpenAI speech")
        public static let openAITranscription = API("OpenAI transcription")
    }

    /// How the record's figures relate to the other records of the same request.
    public enum Reading: String, Sendable {
        /// The output carries no usage (a text delta, an audio chunk).
        case none
        /// A reading a later record of the same request replaces, field by field (Anthropic's `message_start`,
        /// Gemini's usageMetadata on a chunk before the last).
        case partial
        /// The request's final reading (`message_delta`, the usage chunk, `response.completed`, `response.done`).
        case final
        /// A running total over the session so far, which a later one replaces (GPT-Live's `session.usage.updated`,
        /// Gemini Live under cumulative reporting, Deepgram's closing Metadata).
        case cumulative
    }

    /// Token figures as the API names them, each nil when the payload leaves the field out.
    public struct Tokens: Sendable, Equatable {
        /// Input (prompt) tokens as the API reports them.
        public var input: Int?
        /// Whether `input` includes the cache reads and writes (OpenAI, Gemini) or leaves them out (Anthropic).
        public var inputIncludesCache: Bool
        public var cacheRead: Int?
        public var cacheWrite: Int?
        /// Output (completion, candidates, response) tokens as the API reports them.
        public var output: Int?
        /// Reasoning (thinking) tokens; `outputIncludesReasoning` says whether `output` counts them (OpenAI) or not
        /// (Gemini's candidates).
        public var reasoning: Int?
        public var outputIncludesReasoning: Bool
        /// Gemini's tool-use prompt tokens (outside `input`).
        public var toolUsePrompt: Int?
        /// The API's own total, when it sends one.
        public var total: Int?
        /// Text and audio splits, where the API itemises them.
        public var inputText: Int?
        public var inputAudio: Int?
        public var outputText: Int?
        public var outputAudio: Int?

        public init(
            input: Int? = nil, inputIncludesCache: Bool = true, cacheRead: Int? = nil, cacheWrite: Int? = nil,
            output: Int? = nil, reasoning: Int? = nil, outputIncludesReasoning: Bool = true,
            toolUsePrompt: Int? = nil, total: Int? = nil, inputText: Int? = nil, inputAudio: Int? = nil,
            outputText: Int? = nil, outputAudio: Int? = nil
        ) {
            self.input = input
            self.inputIncludesCache = inputIncludesCache
            self.cacheRead = cacheRead
            self.cacheWrite = cacheWrite
            self.output = output
            self.reasoning = reasoning
            self.outputIncludesReasoning = outputIncludesReasoning
            self.toolUsePrompt = toolUsePrompt
            self.total = total
            self.inputText = inputText
            self.inputAudio = inputAudio
            self.outputText = outputText
            self.outputAudio = outputAudio
        }
    }

    public var api: API
    public var reading: Reading
    /// Token figures; all nil when the output carries none.
    public var tokens: Tokens
    /// Seconds of audio the payload reports (a duration billed or transcribed), nil when it reports none.
    public var seconds: Double?
    /// Characters the payload reports, nil when it reports none.
    public var characters: Int?
    /// The reply text the output carried (a text delta, a transcript), nil when it carried none.
    public var text: String?
    /// The tool-call argument text the output carried (`partial_json`, an arguments delta), nil when none.
    public var toolInput: String?
    /// The output is the one that ends its request's stream (a barge-in that cuts the stream leaves it out).
    public var endsStream: Bool

    public init(
        api: API, reading: Reading = .none, tokens: Tokens = Tokens(), seconds: Double? = nil,
        characters: Int? = nil, text: String? = nil, toolInput: String? = nil, endsStream: Bool = false
    ) {
        self.api = api
        self.reading = reading
        self.tokens = tokens
        self.seconds = seconds
        self.characters = characters
        self.text = text
        self.toolInput = toolInput
        self.endsStream = endsStream
    }

    /// The record carries usage figures (its reading is not `.none`).
    public var hasUsage: Bool { reading != .none }
}
