/// Which request of its service an output answers: its place among the service's requests and the provider's id for
/// it. Views group a service's outputs by it instead of re-inferring request boundaries from each API's payloads.
public struct RequestRef: Sendable, Equatable {
    /// 0 for the service's first request (an LLM request, a TTS segment or sentence request, an STT connection or
    /// segment, a realtime response), then 1, 2, …
    public var index: Int
    /// The provider's id for the request or its response (`chatcmpl-…`, `msg_01…`, `resp_…`, a Gemini `responseId`,
    /// a TTS context id), nil when the API gives it none.
    public var id: String?

    public init(index: Int, id: String?) {
        self.index = index
        self.id = id
    }
}
