import AgentSimCore

/// One content block of a Messages request, in the order Anthropic reads the prompt: system blocks first, then
/// the messages' blocks.
struct PromptBlock: Sendable, Equatable {
    enum Role: String, Sendable { case system, user, assistant }
    var role: Role
    var text: String
    var tokens: Int
    /// Where the block's tokens come from, for the report's input chart.
    var source: InputPart.Source
}

/// A request's prompt as LiveKit's plugin lays it out, with its `cache_control` breakpoints.
struct PromptLayout: Sendable, Equatable {
    var blocks: [PromptBlock]
    /// Prefix lengths (in blocks) that end on a breakpoint, ascending.
    var breakpoints: [Int]

    /// Tokens of the first `count` blocks.
    func tokens(through count: Int) -> Int { blocks.prefix(count).reduce(0) { $0 + $1.tokens } }

    var totalTokens: Int { tokens(through: blocks.count) }

    /// LiveKit 1.8.9's layout (`_provider_format/anthropic.py` `to_chat_ctx`, `llm.py` l.252-284): system items with
    /// text become system blocks; the rest are grouped into alternating user / assistant messages (tool calls are
    /// assistant blocks, tool results user blocks); a `(empty)` user message opens a conversation that does not
    /// start with the user; on models without prefill a `.` user message closes one that ends with the assistant.
    init(context: [ContextItem], model: AnthropicModel, options: AnthropicOptions) {
        func count(_ item: ContextItem) -> Int {
            item.tokens ?? TextTokens.estimate(item.text, charactersPerToken: options.charactersPerToken)
        }
        func injected(_ text: String) -> PromptBlock {
            PromptBlock(
                role: .user, text: text,
                tokens: TextTokens.estimate(text, charactersPerToken: options.charactersPerToken),
                source: .hiddenOverhead)
        }
        var system: [PromptBlock] = []
        var messages: [[PromptBlock]] = []
        for item in context {
            let block: PromptBlock
            switch item.role {
            case .system:
                // LiveKit keeps a system message only when it has text (`raw_text_content`).
                if !item.text.isEmpty {
                    system.append(
                        PromptBlock(role: .system, text: item.text, tokens: count(item), source: .instructions))
                }
                continue
            case .user: block = PromptBlock(role: .user, text: item.text, tokens: count(item), source: .userTranscript)
            case .assistant:
                block = PromptBlock(role: .assistant, text: item.text, tokens: count(item), source: .agentTranscript)
            case .toolCall:
                block = PromptBlock(role: .assistant, text: item.text, tokens: count(item), source: .toolItems)
            case .toolResult: block = PromptBlock(role: .user, text: item.text, tokens: count(item), source: .toolItems)
            }
            if let last = messages.last?.last, last.role == block.role {
                messages[messages.count - 1].append(block)
            } else {
                messages.append([block])
            }
        }
        if messages.first?.first?.role != .user { messages.insert([injected("(empty)")], at: 0) }
        if model.disablesPrefill, messages.last?.last?.role == .assistant { messages.append([injected(".")]) }

        blocks = system + messages.flatMap { $0 }
        var marks: [Int] = []
        if options.breakpoints != .none, !system.isEmpty { marks.append(system.count) }
        if options.breakpoints == .conversation {
            // The last assistant message, then the nearest user message before it (llm.py l.272-284).
            var end = blocks.count
            var seenAssistant = false
            for message in messages.reversed() {
                let role = message[0].role
                if role == .assistant, !seenAssistant {
                    marks.append(end)
                    seenAssistant = true
                } else if role == .user, seenAssistant {
                    marks.append(end)
                    break
                }
                end -= message.count
            }
        }
        breakpoints = Array(Set(marks)).sorted()
    }
}

/// What one request read from and wrote to the prompt cache, and what was left uncached.
struct CacheUse: Sendable, Equatable {
    var read: Int
    var creation: Int
    /// Tokens after the last cached breakpoint (or every token when nothing is cached): `usage.input_tokens`.
    var input: Int
}

/// Anthropic's prompt cache for one session and model: prefixes written at breakpoints, each alive until its TTL
/// passes without a use.
struct PromptCache: Sendable {
    /// Anthropic checks for hits at the 20 block positions ending at each breakpoint (prompt-caching docs).
    static let lookbackBlocks = 20

    private struct Entry: Sendable {
        var blocks: [PromptBlock]
        var tokens: Int
        var expiresAt: Double
    }

    private var entries: [Entry] = []

    /// Reads the longest live cached prefix the request can hit, writes every breakpoint whose prefix reaches the
    /// minimum, and refreshes what it used.
    /// - Parameters:
    ///   - layout: The request's blocks and breakpoints.
    ///   - time: When the request is sent.
    ///   - minimum: The model's minimum cacheable prefix.
    ///   - ttl: Seconds an entry lives after its last use.
    mutating func use(_ layout: PromptLayout, at time: Double, minimum: Int, ttl: Double) -> CacheUse {
        entries.removeAll { $0.expiresAt < time }
        let total = layout.totalTokens
        guard !layout.breakpoints.isEmpty else { return CacheUse(read: 0, creation: 0, input: total) }

        // The longest live entry that is a prefix of this prompt and ends within the lookback of a breakpoint.
        var hit: Int?
        for (i, entry) in entries.enumerated() {
            let n = entry.blocks.count
            guard n <= layout.blocks.count,
                layout.breakpoints.contains(where: { $0 >= n && $0 - n < Self.lookbackBlocks }),
                Array(layout.blocks.prefix(n)) == entry.blocks
            else { continue }
            if hit == nil || entry.blocks.count > entries[hit!].blocks.count { hit = i }
        }
        let readBlocks = hit.map { entries[$0].blocks.count } ?? 0
        let read = hit.map { entries[$0].tokens } ?? 0
        if let hit { entries[hit].expiresAt = time + ttl }

        // Every breakpoint whose prefix is long enough is written (or refreshed).
        let cacheable = layout.breakpoints.filter { layout.tokens(through: $0) >= minimum }
        for end in cacheable {
            let prefix = Array(layout.blocks.prefix(end))
            if let i = entries.firstIndex(where: { $0.blocks == prefix }) {
                entries[i].expiresAt = time + ttl
            } else {
                entries.append(Entry(blocks: prefix, tokens: layout.tokens(through: end), expiresAt: time + ttl))
            }
        }
        let lastCached = max(cacheable.last ?? 0, readBlocks)
        let creation = layout.tokens(through: lastCached) - read
        return CacheUse(read: read, creation: creation, input: total - read - creation)
    }
}
