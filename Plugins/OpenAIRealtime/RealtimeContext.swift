import AgentSimCore

/// The conversation as OpenAI re-bills it: instructions, then every item in order.
///
/// Each item carries its text tokens (with the per-item special tokens) and audio tokens. A
/// request's cached tokens are the prefix it shares with the previous request, rounded down to the
/// cache's step grid (nothing below the minimum).
struct RealtimeContext: Sendable {
    struct Item: Sendable, Equatable {
        var id: Int
        var textTokens: Int
        var audioTokens: Int
        /// Where the text tokens come from, and how many of them are the item's special tokens.
        var textSource = InputPart.Source.instructions
        var overhead = 0
        var audioSource = InputPart.Source.userAudio
        var total: Int { textTokens + audioTokens }

        var parts: [InputPart] {
            [
                InputPart(textSource, textTokens - overhead), InputPart(.specialTokens, overhead),
                InputPart(audioSource, audioTokens),
            ]
        }
    }

    struct Usage: Sendable, Equatable {
        var text = 0
        var audio = 0
        var cachedText = 0
        var cachedAudio = 0
        /// The request's tokens by source (they add up to `total`).
        var parts: [InputPart] = []
        var total: Int { text + audio }
        var cached: Int { cachedText + cachedAudio }
    }

    private(set) var instructions: Item
    private(set) var items: [Item] = []
    private var previousRequest: [Item]?
    /// Requests the organisation's earlier sessions sent that may share a prefix with this session's (their heads).
    private var organisationRequests: [[Item]] = []
    /// An earlier session sent every request this one sends: each is cached in full (to the grid).
    private(set) var sentBefore = false
    private var nextID = 1
    /// How many items truncation has dropped so far.
    private(set) var droppedItems = 0

    init(instructionsTokens: Int, overhead: Int = 0) {
        instructions = Item(id: 0, textTokens: instructionsTokens, audioTokens: 0, overhead: overhead)
    }

    mutating func replaceInstructions(tokens: Int, overhead: Int = 0) {
        instructions = Item(id: nextID, textTokens: tokens, audioTokens: 0, overhead: overhead)
        nextID += 1
    }

    /// Appends an item of `textTokens` (of which `overhead` are special tokens) and `audioTokens`; returns its id.
    @discardableResult
    mutating func append(
        textTokens: Int, audioTokens: Int, overhead: Int = 0,
        textSource: InputPart.Source = .userTranscript, audioSource: InputPart.Source = .userAudio
    ) -> Int {
        items.append(
            Item(
                id: nextID, textTokens: textTokens, audioTokens: audioTokens, textSource: textSource,
                overhead: overhead, audioSource: audioSource))
        nextID += 1
        return nextID - 1
    }

    /// Replaces item `id`'s content in place (a truncated reply), keeping its place and id; an item that truncation
    /// already dropped stays dropped.
    mutating func replace(
        item id: Int, textTokens: Int, audioTokens: Int, overhead: Int = 0,
        textSource: InputPart.Source = .userTranscript, audioSource: InputPart.Source = .userAudio
    ) {
        guard let index = items.firstIndex(where: { $0.id == id }) else { return }
        items[index] = Item(
            id: id, textTokens: textTokens, audioTokens: audioTokens, textSource: textSource, overhead: overhead,
            audioSource: audioSource)
    }

    /// Records what earlier sessions of the organisation sent: this session's instructions as the head of their
    /// requests (`instructions`), or every request this session will send (`everything`).
    mutating func warm(instructions: Bool, everything: Bool) {
        if instructions { organisationRequests = [[self.instructions]] }
        sentBefore = everything
    }

    /// Drops the oldest items until the context fits `threshold` tokens (the instructions stay).
    mutating func truncate(to threshold: Int) {
        while !items.isEmpty, instructions.total + items.reduce(0, { $0 + $1.total }) > threshold {
            items.removeFirst()
            droppedItems += 1
        }
    }

    /// Bills one request over the current context and remembers it as the cache's prefix.
    mutating func bill(caching: Bool, minimum: Int, step: Int) -> Usage {
        let request = [instructions] + items
        var usage = Usage()
        for item in request {
            usage.text += item.textTokens
            usage.audio += item.audioTokens
        }
        usage.parts = InputPart.combined(request.flatMap(\.parts))
        if caching {
            func sharedPrefix(_ earlier: [Item]) -> Int {
                var shared = 0
                for (a, b) in zip(earlier, request) {
                    guard a == b else { break }
                    shared += a.total
                }
                return shared
            }
            let shared =
                sentBefore ? usage.total : ([previousRequest ?? []] + organisationRequests).map(sharedPrefix).max() ?? 0
            let cached = shared >= minimum ? minimum + (shared - minimum) / step * step : 0
            var left = cached
            for item in request where left > 0 {
                let text = min(left, item.textTokens)
                usage.cachedText += text
                left -= text
                let audio = min(left, item.audioTokens)
                usage.cachedAudio += audio
                left -= audio
            }
        }
        previousRequest = request
        return usage
    }
}
