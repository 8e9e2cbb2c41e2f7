import AgentSimCore
import AgentSimJSON

/// Pipecat 1.14.0's usage metrics (`enable_usage_metrics=True`): one `LLMTokenUsage` per LLM request, `STTUsage`
/// seconds, and TTS characters, read from the same native streams its services parse.
///
/// Written from pipecat-ai 1.14.0's code (file:line in ``rules`` and ``sources``); `Collectors/pipecat/bridge.py` runs
/// Pipecat's real services on the same payloads and a test holds this view to it.
public struct PipecatView: UsageNormaliser {
    public init() {}
    public var id: String { "pipecat" }
    public var title: String { "Pipecat 1.14" }

    public var rules: [String] {
        [
            "Usage metrics are off unless PipelineParams(enable_usage_metrics=True); each report is one MetricsFrame "
                + "with LLMUsageMetricsData (LLMTokenUsage), STTUsageMetricsData (STTUsage) or TTSUsageMetricsData "
                + "(characters), one per LLM request.",
            "LLMTokenUsage.prompt_tokens is net of cache on Anthropic and gross elsewhere (its docstring, "
                + "metrics.py:112-118); total_tokens is gross either way.",
            "Anthropic: message_start's usage, then each message_delta's non-null fields replacing it (not summed); "
                + "prompt = input_tokens, total = prompt + cache_creation + cache_read + completion; a stream "
                + "cancelled by an interruption reports completion = Σ over its text and tool-input (partial_json) "
                + "deltas of int(words × 1.3), words = len(re.split(r\"[^\\w]+\", delta)), and no reasoning; nothing "
                + "when every figure is 0.",
            "OpenAI Chat: the last usage chunk as sent (prompt gross, total the provider's, cache_read from "
                + "prompt_tokens_details.cached_tokens, cache_creation from cache_write_tokens when present, reasoning "
                + "from completion_tokens_details); a stream cut before its usage chunk reports nothing.",
            "OpenAI Responses (OpenAIResponsesLLMService over WebSocket, OpenAIResponsesHttpLLMService over SSE, the "
                + "same mapping): usage of response.completed / incomplete / failed, absent fields 0; a cancelled "
                + "response reports nothing (the WebSocket service drains and discards its terminal event).",
            "Gemini: the last chunk's usage_metadata, reported even when cancelled: prompt = prompt + tool-use prompt, "
                + "completion = candidates + thoughts, total = prompt + completion, cache_read = "
                + "cached_content_token_count, reasoning = thoughts.",
            "STT (continuous services: Deepgram, OpenAI realtime STT): seconds of audio the client sent (bytes / (rate "
                + "× 2)), silence and keepalives included, reported before each final transcript and flushed at the "
                + "end; the provider's own duration or tokens are never read.",
            "TTS (sentence mode, the default): the LLM's text is cut into sentences by SimpleTextAggregator, each "
                + "stripped of spaces, and len(sentence) is counted when it is sent, before any audio, so the spaces "
                + "between sentences are never counted; a sentence is released only once the character after its end "
                + "mark arrives, the last one by the flush at the end of the reply. A barge-in cancels the LLM's "
                + "stream, and the service pushes LLMFullResponseEndFrame as it stops, ahead of the InterruptionFrame: "
                + "that flush sends the unfinished sentence too, so a cut reply counts all the text streamed before "
                + "the cut. No provider usage is read.",
            "Cost: prompt_tokens at the input price on Anthropic (already net) and less cache reads and writes "
                + "elsewhere; cache figures at their prices; completion at the output price.",
        ]
    }

    public var sources: [String] {
        [
            "pipecat-ai 1.14.0 pipecat/metrics/metrics.py:109-200 (LLMTokenUsage, docstring 112-118); "
                + "frames/frames.py:1590-1599 (MetricsFrame)",
            "pipecat/services/anthropic/llm.py:579-585, 643-650, 692-717, 750-752, 753-764, 806-807, 817-838",
            "pipecat/services/openai/base_llm.py:397, 509-546, 584-593, 650-654, 737-739",
            "pipecat/processors/frame_processor.py:1152-1171 (an interruption cancels the process task)",
            "pipecat/services/openai/responses/llm.py:1003-1010, 1170-1184, 1305-1329 (WebSocket), 1439-1468, "
                + "1574-1601 (HTTP)",
            "pipecat/services/google/llm.py:768-800, 986-994",
            "pipecat/services/stt_service.py:243-266, 367-382, 461; deepgram/stt.py:757-766",
            "pipecat/services/tts_service.py:326-329, 1190-1196, 1309-1315, 1507-1574; "
                + "utils/text/simple_text_aggregator.py:66, 97-163, 232-239; elevenlabs/tts_base.py:809-810; "
                + "cartesia/tts.py:861-862; metrics/frame_processor_metrics.py:358-370",
        ]
    }

    /// One request's `LLMTokenUsage`, or nil when Pipecat reports nothing for it.
    public struct TokenUsage: Sendable, Equatable {
        public var promptTokens = 0
        public var completionTokens = 0
        public var totalTokens = 0
        public var cacheReadInputTokens: Int?
        public var cacheCreationInputTokens: Int?
        public var reasoningTokens: Int?

        var json: JSONValue {
            func opt(_ v: Int?) -> JSONValue { v.map { .int($0) } ?? .null }
            return .object([
                ("prompt_tokens", .int(promptTokens)), ("completion_tokens", .int(completionTokens)),
                ("total_tokens", .int(totalTokens)), ("cache_read_input_tokens", opt(cacheReadInputTokens)),
                ("cache_creation_input_tokens", opt(cacheCreationInputTokens)),
                ("reasoning_tokens", opt(reasoningTokens)),
                ("input_audio_tokens", .null), ("output_audio_tokens", .null), ("cache_read_input_audio_tokens", .null),
            ])
        }
    }

    /// The APIs Pipecat's LLM services are written for here (the rules above).
    static let knownAPIs: Set<UsageRecord.API> = [
        .anthropicMessages, .chatCompletions, .responses, .geminiGenerateContent,
    ]

    /// What Pipecat reports for one request, by the rules above for the API its records follow; nil when Pipecat
    /// reports nothing, and for an API this view has no rules for (named in its output instead).
    public static func usage(_ r: LLMExchange) -> TokenUsage? {
        guard let api = r.api else { return nil }
        switch api {
        case .anthropicMessages:
            var u = TokenUsage(cacheReadInputTokens: 0, cacheCreationInputTokens: 0)
            var completion = 0
            var estimate = 0
            for record in r.records {
                if let t = record.text ?? record.toolInput { estimate += Int(Double(wordPieces(t)) * 1.3) }
                guard record.hasUsage else { continue }
                // message_start, then each message_delta's non-null fields replacing it.
                let t = record.tokens
                if let v = t.input { u.promptTokens = v }
                if let v = t.output { completion = v }
                if let v = t.cacheWrite { u.cacheCreationInputTokens = v }
                if let v = t.cacheRead { u.cacheReadInputTokens = v }
                if let v = t.reasoning { u.reasoningTokens = v }
            }
            if !r.complete {
                completion = estimate
                u.reasoningTokens = nil
            }
            u.completionTokens = completion
            let read = u.cacheReadInputTokens ?? 0, write = u.cacheCreationInputTokens ?? 0
            guard u.promptTokens != 0 || completion != 0 || read != 0 || write != 0 else { return nil }
            u.totalTokens = u.promptTokens + write + read + completion
            return u
        case .responses:
            // Whatever terminal event came (a failed one is reported too); a cut stream has none.
            guard let last = r.records.last(where: \.endsStream), last.hasUsage else { return nil }
            let t = last.tokens
            return TokenUsage(
                promptTokens: t.input ?? 0, completionTokens: t.output ?? 0, totalTokens: t.total ?? 0,
                cacheReadInputTokens: t.cacheRead ?? 0, cacheCreationInputTokens: t.cacheWrite ?? 0,
                reasoningTokens: t.reasoning ?? 0)
        case .geminiGenerateContent:
            // The last usage_metadata, whole, reported even when cancelled.
            var u = TokenUsage(cacheReadInputTokens: 0, reasoningTokens: 0)
            for record in r.readings {
                let t = record.tokens
                let thoughts = t.reasoning ?? 0
                u.reasoningTokens = thoughts
                u.promptTokens = (t.input ?? 0) + (t.toolUsePrompt ?? 0)
                u.completionTokens = (t.output ?? 0) + thoughts
                u.totalTokens = u.promptTokens + u.completionTokens
                u.cacheReadInputTokens = t.cacheRead ?? 0
            }
            return u
        case .chatCompletions:
            // The last usage chunk as sent; a stream cut before it reports nothing.
            guard let t = r.readings.last?.tokens else { return nil }
            return TokenUsage(
                promptTokens: t.input ?? 0, completionTokens: t.output ?? 0, totalTokens: t.total ?? 0,
                cacheReadInputTokens: t.cacheRead, cacheCreationInputTokens: t.cacheWrite,
                reasoningTokens: t.reasoning)
        default:
            return nil
        }
    }

    /// The characters a sentence-mode Pipecat TTS after this LLM counts for one request's reply: each sentence's
    /// length without the spaces around it. A stream cut by a barge-in counts all the text it streamed, its
    /// unfinished last sentence included: the interruption cancels the LLM service's request, whose `finally` pushes
    /// LLMFullResponseEndFrame (base_llm.py:737-739, anthropic/llm.py:750-752, google/llm.py:995), and the TTS
    /// flushes its aggregator on it (tts_service.py:1190-1196) before the InterruptionFrame arrives (checked on
    /// Pipecat's real ElevenLabsTTSService against `agentsim serve`: PipecatPipelineServeTests).
    public static func ttsCharacters(_ r: LLMExchange) -> Int {
        SpeechText.sentences(r.text).reduce(0) { $0 + $1.unicodeScalars.count }
    }

    /// `len(re.split(r"[^\w]+", s))`: the maximal runs of non-word characters, plus one.
    ///
    /// Python's `\w` on a `str` is `str.isalnum()` or `_`: a letter (general category Lu, Ll, Lt, Lm, Lo) or a
    /// character with a numeric value. Combining marks are not word characters there (`"e\u{301}"` splits in two),
    /// although Unicode's Alphabetic property includes many of them, so the categories are tested directly.
    static func wordPieces(_ s: String) -> Int {
        var pieces = 1
        var inSeparator = false
        for scalar in s.unicodeScalars {
            let word: Bool
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: word = true
            default: word = scalar == "_" || scalar.properties.numericType != nil
            }
            if !word, !inSeparator { pieces += 1 }
            inSeparator = !word
        }
        return pieces
    }

    public func read(_ session: ViewSession, prices: PriceTable) -> NormalisedUsage {
        let usages = session.requests.map(Self.usage)
        let characters = session.requests.map(Self.ttsCharacters)
        let reported = usages.compactMap { $0 }
        func sum(_ f: (TokenUsage) -> Int?) -> Int { reported.reduce(0) { $0 + (f($1) ?? 0) } }
        var services: [ServiceFigures] = []
        for s in session.services {
            switch s.role {
            case .stt:
                services.append(
                    ServiceFigures(
                        role: .stt, provider: s.provider, model: s.model,
                        figures: [Figure(.audioSeconds, "STTUsage.audio_seconds", session.streamedSeconds)]))
            case .llm:
                services.append(
                    ServiceFigures(
                        role: .llm, provider: s.provider, model: s.model,
                        figures: [
                            Figure(.inputTokens, "prompt_tokens", sum(\.promptTokens)),
                            Figure(.cachedTokens, "cache_read_input_tokens", sum(\.cacheReadInputTokens)),
                            Figure(.cacheWriteTokens, "cache_creation_input_tokens", sum(\.cacheCreationInputTokens)),
                            Figure(.outputTokens, "completion_tokens", sum(\.completionTokens)),
                            Figure(.reasoningTokens, "reasoning_tokens", sum(\.reasoningTokens)),
                            Figure(.totalTokens, "total_tokens", sum(\.totalTokens)),
                        ]))
            case .tts:
                services.append(
                    ServiceFigures(
                        role: .tts, provider: s.provider, model: s.model,
                        figures: [Figure(.characters, "TTSUsageMetricsData.value", characters.reduce(0, +))]))
            case .realtime: break
            }
        }
        // prompt_tokens is the API's input as reported: net of cache where the API's input leaves the cache out.
        let net = session.requests.flatMap(\.readings).first.map { !$0.tokens.inputIncludesCache } ?? false
        let cost = FigurePricing.cost(
            services, prices: prices, uncached: net ? FigurePricing.netInput : FigurePricing.grossInput)
        let native = JSONValue.object([
            ("llm", .array(usages.map { $0?.json ?? .null })),
            ("stt_audio_seconds", .double(session.streamedSeconds)),
            ("tts_characters", .int(session.service(.tts) == nil ? 0 : characters.reduce(0, +))),
            ("tts_characters_by_request", .array(characters.map { .int($0) })),
        ])
        let notes = LLMExchange.unknownSentences(session.requests, view: title, known: Self.knownAPIs)
        return NormalisedUsage(services: services, native: native, cost: cost, notes: notes)
    }

    public func explain(_ gaps: [ViewGap], role: ServiceRole, in session: ViewSession) -> [String] {
        if role == .tts { return gaps.map { ttsSentence($0, in: session) } }
        guard role == .llm, session.service(.llm) != nil else { return gaps.map { $0.sentence(view: title) } }
        let api = session.requests.lazy.compactMap(\.api).first ?? UsageRecord.API("")
        let usages = session.requests.map(Self.usage)
        let cut = session.requests.indices.filter { !session.requests[$0].complete }
        // Requests Pipecat reports nothing for, among those whose API it has rules for (the others are named).
        let silent = usages.indices.filter {
            usages[$0] == nil && session.requests[$0].api.map(Self.knownAPIs.contains) == true
        }
        let zeroed = cut.filter { usages[$0].map { $0.promptTokens == 0 && $0.completionTokens == 0 } ?? false }
        var out: [String] = []
        for gap in gaps {
            switch (api, gap.measure) {
            case (.anthropicMessages, .inputTokens):
                let read = usages.reduce(0) { $0 + ($1?.cacheReadInputTokens ?? 0) }
                let write = usages.reduce(0) { $0 + ($1?.cacheCreationInputTokens ?? 0) }
                let net = Int(gap.view ?? 0)
                out.append(
                    "\(title)'s prompt_tokens \(Number.grouped(net)) is Anthropic's input_tokens, net of cache "
                        + "(LLMTokenUsage's docstring: Anthropic net, OpenAI gross): with its \(Number.grouped(read)) "
                        + "cache reads and \(Number.grouped(write)) cache writes it makes "
                        + "\(Number.grouped(net + read + write)) of the \(Number.grouped(Int(gap.billed))) input "
                        + "tokens billed."
                )
            case (.anthropicMessages, .outputTokens) where !cut.isEmpty:
                let estimated = cut.compactMap { usages[$0]?.completionTokens }.reduce(0, +)
                out.append(
                    "\(title)'s completion_tokens \(Number.grouped(Int(gap.view ?? 0))) against "
                        + "\(Number.grouped(Int(gap.billed))) billed: for the \(cut.count) "
                        + "stream\(cut.count == 1 ? "" : "s") cut by a barge-in it counts no usage but its estimate of "
                        + "int(words × 1.3) per text delta, \(Number.grouped(estimated)) "
                        + "token\(estimated == 1 ? "" : "s"), where Anthropic billed every token generated before the "
                        + "cut."
                )
            case (.geminiGenerateContent, let m)
            where !zeroed.isEmpty && [.inputTokens, .outputTokens, .reasoningTokens, .totalTokens].contains(m):
                out.append(
                    gap.sentence(view: title)
                        + " \(zeroed.count) of the \(usages.count) requests \(zeroed.count == 1 ? "was" : "were") cut "
                        + "by a barge-in before any chunk carried usage_metadata, and Pipecat still reports "
                        + "\(zeroed.count == 1 ? "it" : "them"), as 0 tokens (it reports Gemini's last usage even "
                        + "when cancelled, google/llm.py:986-994)."
                )
            case (_, let m)
            where !silent.isEmpty && [.inputTokens, .outputTokens, .cachedTokens, .totalTokens].contains(m):
                out.append(
                    gap.sentence(view: title)
                        + " \(silent.count) of the \(usages.count) requests report nothing in Pipecat: their stream "
                        + "was cut before its usage arrived."
                )
            default:
                out.append(gap.sentence(view: title))
            }
        }
        return out
    }

    /// Why Pipecat's TTS characters differ from the characters billed: the spaces between sentences, and the
    /// replies cut by a barge-in, which count the text streamed before the cut.
    func ttsSentence(_ gap: ViewGap, in session: ViewSession) -> String {
        guard gap.measure == .characters, let view = gap.view else { return gap.sentence(view: title) }
        let cut = session.requests.filter { !$0.complete && !$0.text.isEmpty }
        var sentence =
            "\(title)'s TTSUsageMetricsData.value \(Number.grouped(Int(view))) against "
            + "\(Number.grouped(Int(gap.billed))) characters billed: Pipecat's TTS counts len() of each sentence "
            + "as it sends it, stripped of the spaces around it, so the spaces between sentences never count"
        if !cut.isEmpty {
            let kept = cut.reduce(0) { $0 + Self.ttsCharacters($1) }
            sentence +=
                ", and the \(cut.count) repl\(cut.count == 1 ? "y" : "ies") cut by a barge-in "
                + "\(cut.count == 1 ? "counts" : "count") \(Number.grouped(kept)) character\(kept == 1 ? "" : "s"), "
                + "the text streamed before the cut, unfinished sentence included (the cancelled LLM service's "
                + "LLMFullResponseEndFrame flushes it to the TTS ahead of the interruption)"
        }
        return sentence + "."
    }
}
