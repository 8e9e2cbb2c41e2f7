/// A spoken reply's LLM stream as the LLM plugin sent it: the text its chunks carried and when its terminal chunk
/// came. LiveKit's `tts_node` pushes each chunk's text into the TTS stream and calls `end_input()` (which flushes the
/// segment's text) when the LLM's stream ends, whether it completed or ended early (a `response.incomplete` the
/// plugin raises on): the TTS segment gets exactly that text, flushed at that time.
struct ReplyStream: Sendable {
    let speechID: String
    let turn: Int
    /// The text the stream's chunks carried, in order.
    let text: String
    /// When the stream's terminal chunk came, or nil when a barge-in cancelled the stream first (or it has none).
    let endedAt: Double?

    init(_ request: LLMRequest, outputs: [ProviderOutput]) {
        speechID = request.speechID
        turn = request.turn
        text = outputs.compactMap { $0.usage?.text }.joined()
        // A barge-in cancels the stream unless its terminal chunk came first (a reply the API ended early).
        let ended = outputs.filter { $0.usage?.endsStream == true }.map(\.time).min()
        if let ended, ended <= request.cutAt ?? ended { endedAt = ended } else { endedAt = nil }
    }

    /// `segment` as this stream feeds it when it is the same speech: flushed when the stream ended, and holding only
    /// the text streamed when the stream ended before the reply's end (the rest was never sent to the TTS).
    func feeding(_ segment: TTSSegment) -> TTSSegment {
        guard segment.speechID == speechID, segment.turn == turn, let endedAt else { return segment }
        var fed = segment
        fed.flushedAt = endedAt
        if !text.isEmpty, text.unicodeScalars.count < segment.characters { fed.text = text }
        return fed
    }
}
