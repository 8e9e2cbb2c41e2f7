import AgentSimCore
import AgentSimJSON
import LiveKitMetrics

/// One realtime session (OpenAI Realtime, Gemini Live, GPT-Live) the way each tool reads it, response by response:
/// LiveKit 1.8.9's `RealtimeModelMetrics` and its `ModelUsageCollector`, the OTel GenAI attributes LiveKit puts on each
/// realtime turn's span, Langfuse fed those spans (both mappings) and Pipecat 1.14's realtime services'
/// `LLMTokenUsage`, text and audio apart. A realtime model has no itemised bill: the reference is LiveKit's figures,
/// which are the provider's own usage per response, and the plugin's sentences on where they part from the bill.
public struct RealtimeViewsReport: Sendable {
    /// One row of the table.
    public enum Row: String, Sendable, CaseIterable {
        case inputTokens = "input tokens"
        case inputTextTokens = "  text"
        case inputAudioTokens = "  audio"
        case cachedTokens = "cached input tokens"
        case cachedTextTokens = "  cached text"
        case cachedAudioTokens = "  cached audio"
        case outputTokens = "output tokens"
        case outputTextTokens = "  output text"
        case outputAudioTokens = "  output audio"
        case reasoningTokens = "reasoning tokens"
        case totalTokens = "total tokens"
        case sessionSeconds = "session seconds"
        case reports = "usage reports"

        /// The name `--format json` gives the row.
        public var key: String {
            switch self {
            case .inputTokens: "input_tokens"
            case .inputTextTokens: "input_text_tokens"
            case .inputAudioTokens: "input_audio_tokens"
            case .cachedTokens: "cached_input_tokens"
            case .cachedTextTokens: "cached_text_tokens"
            case .cachedAudioTokens: "cached_audio_tokens"
            case .outputTokens: "output_tokens"
            case .outputTextTokens: "output_text_tokens"
            case .outputAudioTokens: "output_audio_tokens"
            case .reasoningTokens: "reasoning_tokens"
            case .totalTokens: "total_tokens"
            case .sessionSeconds: "session_seconds"
            case .reports: "usage_reports"
            }
        }
    }

    /// One figure of a view: the tool's own name for it and its value.
    public struct Cell: Sendable, Equatable {
        public var name: String
        public var value: Double
    }

    /// One tool's reading of the session.
    public struct Column: Sendable {
        public var id: String
        public var title: String
        public var cells: [Row: Cell]
        /// Nil when the tool does not price usage.
        public var cost: ViewCost?
        /// The tool's own objects, one per usage report.
        public var responses: [JSONValue]
        /// One sentence per place the view parts from LiveKit's figures, and why.
        public var notes: [String]

        public func value(_ row: Row) -> Double? { cells[row]?.value }
    }

    public var file: String
    public var scenario: String
    public var provider: String
    public var model: String
    public var columns: [Column]
    /// LiveKit 1.8.9's metrics of each response (its zero-usage connection event left out).
    public var reports: [RealtimeModelMetrics]
    /// The plugin's sentences on where the reported figures part from the bill (`compare`'s).
    public var explanations: [String]

    public init(file: String, report: SessionReport, prices: PriceTable = .standard) {
        self.file = file
        scenario = report.scenario.name
        provider = report.providerID
        model = report.model
        reports = report.usageReports
        explanations = report.explanations
        let spans = reports.map(OTelGenAIView.attributes)
        let livekit = Self.liveKit(report, prices: prices)
        columns = [
            livekit, Self.otel(spans, model: report.model, prices: prices),
            Self.langfuse(.current, spans, model: report.model, livekit: livekit),
            Self.langfuse(.legacy, spans, model: report.model, livekit: livekit),
            Self.pipecat(report, livekit: livekit),
        ]
    }

    // MARK: - Columns

    /// LiveKit 1.8.9's `ModelUsageCollector` entry of the realtime model, priced by modality as `compare` prices it.
    static func liveKit(_ report: SessionReport, prices: PriceTable) -> Column {
        let entries = report.modelUsage.flatten()
        let llms = entries.compactMap { if case let .llm(u) = $0 { u } else { nil } }
        let u =
            llms.first { $0.model == report.model } ?? llms.first ?? LLMModelUsage(provider: "", model: report.model)
        var cells: [Row: Cell] = [
            .inputTokens: Cell(name: "input_tokens", value: Double(u.inputTokens)),
            .inputTextTokens: Cell(name: "input_text_tokens", value: Double(u.inputTextTokens)),
            .inputAudioTokens: Cell(name: "input_audio_tokens", value: Double(u.inputAudioTokens)),
            .cachedTokens: Cell(name: "input_cached_tokens", value: Double(u.inputCachedTokens)),
            .cachedTextTokens: Cell(name: "input_cached_text_tokens", value: Double(u.inputCachedTextTokens)),
            .cachedAudioTokens: Cell(name: "input_cached_audio_tokens", value: Double(u.inputCachedAudioTokens)),
            .outputTokens: Cell(name: "output_tokens", value: Double(u.outputTokens)),
            .outputTextTokens: Cell(name: "output_text_tokens", value: Double(u.outputTextTokens)),
            .outputAudioTokens: Cell(name: "output_audio_tokens", value: Double(u.outputAudioTokens)),
            .reports: Cell(name: "RealtimeModelMetrics", value: Double(report.usageReports.count)),
        ]
        if u.sessionDuration > 0 { cells[.sessionSeconds] = Cell(name: "session_duration", value: u.sessionDuration) }
        let cost = ModelUsagePricing.cost(entries, prices: prices, realtimeModels: [report.model])
        return Column(
            id: "livekit-1.8.9", title: "LiveKit 1.8.9", cells: cells, cost: cost,
            responses: report.usageReports.map { $0.json() }, notes: [])
    }

    /// The sum of one usage key over every span (or generation); nil when no span carries it.
    static func sum(_ items: [[(String, Int)]], _ key: String) -> Int? {
        let values = items.compactMap { item in item.first { $0.0 == key }?.1 }
        return values.isEmpty ? nil : values.reduce(0, +)
    }

    /// The gen_ai.usage attributes of every realtime span, summed; priced by modality from the realtime table.
    static func otel(_ spans: [[(String, Int)]], model: String, prices: PriceTable) -> Column {
        let keys: [(Row, String)] = [
            (.inputTokens, "input_tokens"), (.inputTextTokens, "text.input_tokens"),
            (.inputAudioTokens, "audio.input_tokens"), (.cachedTokens, "cache_read.input_tokens"),
            (.cachedTextTokens, "text.cache_read.input_tokens"),
            (.cachedAudioTokens, "audio.cache_read.input_tokens"), (.outputTokens, "output_tokens"),
            (.outputTextTokens, "text.output_tokens"), (.outputAudioTokens, "audio.output_tokens"),
        ]
        var cells: [Row: Cell] = [.reports: Cell(name: "spans", value: Double(spans.count))]
        for (row, key) in keys {
            if let v = sum(spans, "gen_ai.usage." + key) {
                cells[row] = Cell(name: "gen_ai.usage." + key, value: Double(v))
            }
        }
        func n(_ row: Row) -> Int { Int(cells[row]?.value ?? 0) }
        var u = LLMModelUsage(provider: "", model: model)
        u.inputTextTokens = n(.inputTextTokens)
        u.inputAudioTokens = n(.inputAudioTokens)
        u.inputCachedTextTokens = n(.cachedTextTokens)
        u.inputCachedAudioTokens = n(.cachedAudioTokens)
        u.inputImageTokens = sum(spans, "gen_ai.usage.image.input_tokens") ?? 0
        u.inputCachedImageTokens = sum(spans, "gen_ai.usage.image.cache_read.input_tokens") ?? 0
        u.outputTextTokens = n(.outputTextTokens)
        u.outputAudioTokens = n(.outputAudioTokens)
        let cost: ViewCost
        if let dollars = ModelUsagePricing.llmCost(u, prices: prices, realtime: true) {
            cost = ViewCost(dollars: dollars)
        } else {
            cost = ViewCost(dollars: 0, unpriced: ["llm \(model)"])
        }
        return Column(
            id: "otel", title: "OTel GenAI", cells: cells, cost: cost,
            responses: spans.map { .object($0.map { ($0.0, .int($0.1)) }) }, notes: [])
    }

    /// Langfuse's usage details of every realtime generation, summed; its total is the sum of every detail.
    static func langfuse(
        _ mapping: LangfuseView.Mapping, _ spans: [[(String, Int)]], model: String, livekit: Column
    ) -> Column {
        let view = LangfuseView(mapping)
        let generations = spans.map(view.usageDetails)
        let keys: [(Row, String)] = [
            (.inputTokens, "input"), (.inputTextTokens, "text.input_tokens"),
            (.inputAudioTokens, "audio.input_tokens"), (.cachedTokens, "input_cached_tokens"),
            (.cachedTextTokens, "text.cache_read.input_tokens"),
            (.cachedAudioTokens, "audio.cache_read.input_tokens"), (.outputTokens, "output"),
            (.outputTextTokens, "text.output_tokens"), (.outputAudioTokens, "audio.output_tokens"),
        ]
        var cells: [Row: Cell] = [.reports: Cell(name: "generations", value: Double(generations.count))]
        for (row, key) in keys {
            if let v = sum(generations, key) { cells[row] = Cell(name: key, value: Double(v)) }
        }
        let total = generations.reduce(0) { $0 + $1.reduce(0) { $0 + $1.1 } }
        cells[.totalTokens] = Cell(name: "total", value: Double(total))
        var notes: [String] = []
        let input = Int(cells[.inputTokens]?.value ?? 0), cached = Int(cells[.cachedTokens]?.value ?? 0)
        let reported = Int(livekit.value(.inputTokens) ?? 0), reportedOutput = Int(livekit.value(.outputTokens) ?? 0)
        let title = view.title
        switch mapping {
        case .legacy where cached > 0:
            let each = generations.compactMap { g -> String? in
                let read = g.first { $0.0 == "input_cached_tokens" }?.1 ?? 0
                guard read > 0 else { return nil }
                let inp = g.first { $0.0 == "input" }?.1 ?? 0
                return "\(Number.grouped(inp)) + \(Number.grouped(read))"
            }
            notes.append(
                "\(title) counts the \(Number.grouped(cached)) cached realtime input tokens twice: LiveKit's "
                    + "gen_ai.usage.input_tokens \(Number.grouped(input)) becomes `input` as it is, cached tokens "
                    + "included (priced at the input price), and the same \(Number.grouped(cached)) are kept again as "
                    + "input_cached_tokens (priced at the cached price) and cache_read.input_tokens; per generation "
                    + "with a cache read, input + input_cached_tokens: \(each.joined(separator: ", ")). On a mostly "
                    + "cached realtime context that is close to twice the input bill: livekit/agents#5121's near-2× "
                    + "Langfuse cost."
            )
        case .current where cached > 0:
            notes.append(
                "\(title)'s input \(Number.grouped(input)) is LiveKit's gen_ai.usage.input_tokens "
                    + "\(Number.grouped(reported)) less the \(Number.grouped(cached)) cache reads, which it keeps "
                    + "once as input_cached_tokens (since #13110; the double count before it is in the next column)."
            )
        default:
            break
        }
        if total != reported + reportedOutput {
            notes.append(
                "\(title)'s total \(Number.grouped(total)) is the sum of every usage detail it keeps: LiveKit sends "
                    + "each realtime figure under its official key, its unofficial spelling (input_text_tokens, "
                    + "input_audio_tokens, input_cached_tokens, output_text_tokens, output_audio_tokens) and its "
                    + "text and audio parts, and Langfuse keeps each as a separate bucket, so the same tokens count "
                    + "several times; LiveKit's input plus output is \(Number.grouped(reported + reportedOutput))."
            )
        }
        notes.append(
            "\(title) prices each usage key with its own price file; agentsim's copy of it holds no realtime model, "
                + "so this view is not priced (never guessed)."
        )
        let native = JSONValue.array(
            generations.map { g in .object(g.map { ($0.0, .int($0.1)) } + [("total", .int(g.reduce(0) { $0 + $1.1 }))])
            })
        let cost = ViewCost(dollars: 0, unpriced: ["llm \(model) (no Langfuse price for a realtime model)"])
        return Column(
            id: view.id, title: title, cells: cells, cost: cost, responses: native.arrayValue ?? [], notes: notes)
    }

    /// Pipecat 1.14.0's realtime service's `LLMTokenUsage` per response, summed; nil fields stay out.
    static func pipecat(_ report: SessionReport, livekit: Column) -> Column {
        let title = "Pipecat 1.14"
        let payloads = report.outputs.compactMap { $0.payload?.json }
        guard let usage = PipecatView.realtimeUsage(provider: report.providerID, payloads: payloads) else {
            return Column(
                id: "pipecat", title: title, cells: [:], cost: nil, responses: [],
                notes: ["Pipecat 1.14.0 has no realtime service for \(report.providerID): no figures."])
        }
        func total(_ values: [Int?]) -> Double? {
            let present = values.compactMap { $0 }
            return present.isEmpty ? nil : Double(present.reduce(0, +))
        }
        var cells: [Row: Cell] = [
            .inputTokens: Cell(name: "prompt_tokens", value: Double(usage.reduce(0) { $0 + $1.promptTokens })),
            .outputTokens: Cell(
                name: "completion_tokens", value: Double(usage.reduce(0) { $0 + $1.completionTokens })),
            .totalTokens: Cell(name: "total_tokens", value: Double(usage.reduce(0) { $0 + $1.totalTokens })),
            .reports: Cell(name: "LLMTokenUsage", value: Double(usage.count)),
        ]
        let optional: [(Row, String, [Int?])] = [
            (.inputAudioTokens, "input_audio_tokens", usage.map(\.inputAudioTokens)),
            (.cachedTokens, "cache_read_input_tokens", usage.map(\.cacheReadInputTokens)),
            (.cachedAudioTokens, "cache_read_input_audio_tokens", usage.map(\.cacheReadInputAudioTokens)),
            (.outputAudioTokens, "output_audio_tokens", usage.map(\.outputAudioTokens)),
            (.reasoningTokens, "reasoning_tokens", usage.map(\.reasoningTokens)),
        ]
        for (row, name, values) in optional {
            if let v = total(values) { cells[row] = Cell(name: name, value: v) }
        }
        var notes: [String] = []
        let lkReports = Int(livekit.value(.reports) ?? 0)
        if usage.count != lkReports {
            notes.append(
                "\(title) reports \(usage.count) LLMTokenUsage where LiveKit emits \(lkReports) RealtimeModelMetrics"
                    + (report.providerID == "gemini-live"
                        ? ": its Gemini Live service reads usage only from a message whose serverContent.turnComplete "
                            + "is true." : ".")
            )
        }
        for (row, what) in [(Row.inputTokens, "input"), (.outputTokens, "output")] {
            let ours = Int(cells[row]?.value ?? 0), theirs = Int(livekit.value(row) ?? 0)
            guard ours != theirs, let name = cells[row]?.name else { continue }
            var sentence =
                "\(title)'s \(name) \(Number.grouped(ours)) is \(Number.grouped(abs(ours - theirs))) "
                + "\(ours > theirs ? "over" : "under") LiveKit's \(Number.grouped(theirs)) \(what) tokens"
            if row == .outputTokens, let thoughts = cells[.reasoningTokens]?.value, thoughts > 0 {
                sentence +=
                    ": it adds thoughtsTokenCount (\(Number.grouped(Int(thoughts)))) to the response tokens, as "
                    + "Gemini bills them, where LiveKit leaves the thinking out"
            } else if row == .inputTokens, report.providerID == "gemini-live" {
                sentence += ": it adds toolUsePromptTokenCount to promptTokenCount and reads turnComplete messages only"
            }
            notes.append(sentence + ".")
        }
        if cells[.inputTextTokens] == nil {
            notes.append(
                "\(title)'s LLMTokenUsage has no text fields: text is its prompt and completion less the audio parts.")
        }
        return Column(
            id: "pipecat", title: title, cells: cells, cost: nil, responses: usage.map(\.json), notes: notes)
    }

    // MARK: - Text

    static func cellText(_ value: Double?, _ row: Row) -> String {
        guard let value else { return "-" }
        return row == .sessionSeconds ? Number.seconds(value) : Number.grouped(Int(value.rounded()))
    }

    /// The rows the table shows: session seconds only when a view has them.
    var rows: [Row] {
        Row.allCases.filter { row in row != .sessionSeconds || columns.contains { $0.cells[row] != nil } }
    }

    public var text: String {
        var lines: [String] = []
        lines.append("\(scenario) (\(file)): realtime \(provider):\(model)")
        lines.append("")
        var table: [[String]] = [[""] + columns.map(\.title)]
        for row in rows { table.append([row.rawValue] + columns.map { Self.cellText($0.value(row), row) }) }
        var costRow = ["cost"]
        for c in columns {
            guard let cost = c.cost else {
                costRow.append("-")
                continue
            }
            costRow.append(
                cost.unpriced.isEmpty
                    ? Number.dollars(cost.dollars)
                    : cost.dollars == 0 ? "unpriced" : Number.dollars(cost.dollars) + " + unpriced")
        }
        table.append(costRow)
        let widths = (0..<table[0].count).map { i in table.map { $0[i].count }.max() ?? 0 }
        for row in table {
            var line = row[0].padding(toLength: max(22, widths[0]), withPad: " ", startingAt: 0)
            for i in 1..<row.count { line += "  " + String(repeating: " ", count: widths[i] - row[i].count) + row[i] }
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        let unpriced = Array(Set(columns.prefix(2).flatMap { $0.cost?.unpriced ?? [] })).sorted()
        if !unpriced.isEmpty {
            lines.append("unpriced (no first-hand price in agentsim's table): \(unpriced.joined(separator: ", "))")
        }
        lines.append("")
        lines.append("Per response, text and audio apart (LiveKit's RealtimeModelMetrics, the provider's usage):")
        for (i, m) in reports.enumerated() {
            lines.append("  \(i + 1). " + Self.describe(m))
        }
        if let pipecat = columns.first(where: { $0.id == "pipecat" }), !pipecat.responses.isEmpty {
            lines.append("Per response, Pipecat 1.14's LLMTokenUsage:")
            for (i, u) in pipecat.responses.enumerated() { lines.append("  \(i + 1). " + Self.describe(pipecat: u)) }
        }
        lines.append("")
        if !explanations.isEmpty {
            lines.append("Where LiveKit's figures part from the provider's bill (as `agentsim compare` says):")
            for n in explanations { lines.append("  - " + n) }
            lines.append("")
        }
        for c in columns {
            lines.append("\(c.title) (\(c.id))" + (c.notes.isEmpty ? ": as LiveKit reports." : ":"))
            for n in c.notes { lines.append("  - " + n) }
        }
        lines.append("")
        lines.append(
            "Prices: \(PriceTable.sourcesLine). A realtime session has no itemised bill: the reference is LiveKit's "
                + "figures. Rules and sources: agentsim views --rules.")
        return lines.joined(separator: "\n") + "\n"
    }

    static func describe(_ m: RealtimeModelMetrics) -> String {
        let i = m.inputTokenDetails, o = m.outputTokenDetails
        var s =
            "\(m.requestId): input \(Number.grouped(m.inputTokens)) (text \(Number.grouped(i.textTokens)), audio "
            + "\(Number.grouped(i.audioTokens)))"
        if i.cachedTokens > 0 {
            s += ", cached \(Number.grouped(i.cachedTokens))"
            if let d = i.cachedTokensDetails {
                s += " (text \(Number.grouped(d.textTokens)), audio \(Number.grouped(d.audioTokens)))"
            }
        }
        s +=
            ", output \(Number.grouped(m.outputTokens)) (text \(Number.grouped(o.textTokens)), audio "
            + "\(Number.grouped(o.audioTokens)))"
        if m.sessionDuration > 0 { s += ", session \(Number.seconds(m.sessionDuration))" }
        if m.cancelled { s += ", cancelled" }
        return s
    }

    static func describe(pipecat u: JSONValue) -> String {
        func n(_ key: String) -> String? { u[key]?.intValue.map(Number.grouped) }
        var s = "prompt \(n("prompt_tokens") ?? "0")"
        if let a = n("input_audio_tokens") { s += " (audio \(a))" }
        if let c = n("cache_read_input_tokens") { s += ", cache read \(c)" }
        if let c = n("cache_read_input_audio_tokens") { s += " (audio \(c))" }
        s += ", completion \(n("completion_tokens") ?? "0")"
        if let a = n("output_audio_tokens") { s += " (audio \(a))" }
        if let r = n("reasoning_tokens") { s += ", reasoning \(r)" }
        return s + ", total \(n("total_tokens") ?? "0")"
    }

    // MARK: - JSON

    public var json: JSONValue {
        func cost(_ c: ViewCost?) -> JSONValue {
            guard let c else { return .null }
            return .object([
                ("dollars", .double((c.dollars * 1e9).rounded() / 1e9)),
                ("unpriced", .array(c.unpriced.map { .string($0) })),
            ])
        }
        return .object([
            ("scenario", .string(scenario)), ("file", .string(file)),
            ("realtime", .object([("provider", .string(provider)), ("model", .string(model))])),
            ("livekit_plugins", .array(explanations.map { .string($0) })),
            (
                "views",
                .array(
                    columns.map { c in
                        .object([
                            ("id", .string(c.id)), ("title", .string(c.title)),
                            (
                                "figures",
                                .object(
                                    rows.compactMap { row in
                                        guard let cell = c.cells[row] else { return nil }
                                        let v: JSONValue =
                                            row == .sessionSeconds ? .double(cell.value) : .int(Int(cell.value))
                                        return (row.key, .object([("name", .string(cell.name)), ("value", v)]))
                                    })
                            ),
                            ("cost", cost(c.cost)), ("responses", .array(c.responses)),
                            ("differences", .array(c.notes.map { .string($0) })),
                        ])
                    })
            ),
        ])
    }
}
