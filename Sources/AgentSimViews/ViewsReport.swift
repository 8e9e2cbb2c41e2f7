import AgentSimCore
import AgentSimJSON

/// One session through every normaliser, side by side with the bill, and the sentences that explain each difference.
public struct ViewsReport: Sendable {
    public struct Column: Sendable {
        public var view: any UsageNormaliser
        public var usage: NormalisedUsage
        /// One sentence or more per place the view differs from the bill, in service order, then the cost.
        public var differences: [String]
    }

    public var file: String
    public var session: ViewSession
    public var billed: [ServiceFigures]
    public var billedCost: ViewCost
    public var columns: [Column]

    /// The normalisers `agentsim views` runs, in column order.
    public static func standardViews(extra: [any UsageNormaliser] = []) -> [any UsageNormaliser] {
        [
            LiveKit12View(), LiveKit18View(), OTelGenAIView(), LangfuseView(.current), LangfuseView(.legacy),
            PipecatView(), LettaView(),
        ] + extra
    }

    public init(file: String, session: ViewSession, views: [any UsageNormaliser], prices: PriceTable = .standard) {
        self.file = file
        self.session = session
        let billed = session.services.map { Billed.figures($0.bill) }
        let billedCost = Billed.cost(session, prices: prices)
        self.billed = billed
        self.billedCost = billedCost
        columns = views.map { view in
            let usage = view.read(session, prices: prices)
            return Column(
                view: view, usage: usage,
                differences: Self.differences(
                    view, usage, billed: billed, billedCost: billedCost, session: session, prices: prices))
        }
    }

    /// Every figure of a view that differs from the bill, explained by the view; a service it does not cover, once;
    /// a cost that differs.
    static func differences(
        _ view: any UsageNormaliser, _ usage: NormalisedUsage, billed: [ServiceFigures], billedCost: ViewCost,
        session: ViewSession,
        prices: PriceTable
    ) -> [String] {
        var out = usage.notes
        let missing = billed.filter { b in !usage.services.contains { $0.role == b.role } }.map(\.role.rawValue)
        if !missing.isEmpty {
            out.append(
                "\(view.title) has no \(missing.joined(separator: " or ")) usage: it covers the "
                    + "\(usage.services.map(\.role.rawValue).joined(separator: ", ")) only."
            )
        }
        for b in billed {
            guard let v = usage.services.first(where: { $0.role == b.role }) else { continue }
            var gaps: [ViewGap] = []
            for bf in b.figures {
                if let vf = v.figure(bf.measure) {
                    let differs =
                        bf.measure.isCount
                        ? Int(vf.value.rounded()) != Int(bf.value.rounded()) : abs(vf.value - bf.value) >= 0.005
                    if differs {
                        gaps.append(
                            ViewGap(role: b.role, measure: bf.measure, name: vf.name, view: vf.value, billed: bf.value))
                    }
                } else if bf.value != 0, bf.measure != .totalTokens {
                    gaps.append(ViewGap(role: b.role, measure: bf.measure, name: nil, view: nil, billed: bf.value))
                }
            }
            if !gaps.isEmpty { out += view.explain(gaps, role: b.role, in: session) }
        }
        // A view is priced against the bill of the services it covers.
        let covered = Set(usage.services.map(\.role))
        let partial = covered.count < billed.count
        let billedCost = partial ? Billed.cost(session, prices: prices, roles: covered) : billedCost
        if let cost = usage.cost, Int((cost.dollars * 1e6).rounded()) != Int((billedCost.dollars * 1e6).rounded()) {
            let scope = partial ? " for the \(usage.services.map(\.role.rawValue).joined(separator: " and "))" : ""
            out.append(
                "\(view.title) prices the session at \(Number.dollars(cost.dollars)), "
                    + "\(Number.dollars(abs(cost.dollars - billedCost.dollars))) "
                    + "\(cost.dollars > billedCost.dollars ? "over" : "under") the "
                    + "\(Number.dollars(billedCost.dollars)) billed\(scope) (priced services only)."
            )
        }
        return out
    }

    // MARK: - Text

    public var text: String {
        var lines: [String] = []
        let services = session.services.map { "\($0.provider):\($0.model)" }.joined(separator: " + ")
        lines.append("\(session.scenario) (\(file)): \(services)")
        lines.append("")
        let headers = ["billed"] + columns.map(\.view.title)
        let width = 22
        var table: [[String]] = [[""] + headers]
        for b in billed {
            table.append(["\(b.role.rawValue) \(b.provider):\(b.model)"] + Array(repeating: "", count: headers.count))
            for bf in b.figures {
                var row = ["  " + bf.measure.rawValue, Number.text(bf.value, bf.measure)]
                for c in columns {
                    if let s = c.usage.services.first(where: { $0.role == b.role }), let f = s.figure(bf.measure) {
                        row.append(Number.text(f.value, bf.measure))
                    } else {
                        row.append("-")
                    }
                }
                table.append(row)
            }
        }
        var costRow = ["cost", Number.dollars(billedCost.dollars)]
        for c in columns { costRow.append(c.usage.cost.map { Number.dollars($0.dollars) } ?? "-") }
        table.append(costRow)
        let widths = (0..<table[0].count).map { i in table.map { $0[i].count }.max() ?? 0 }
        for row in table {
            var line = row[0].padding(toLength: max(width, widths[0]), withPad: " ", startingAt: 0)
            for i in 1..<row.count { line += "  " + String(repeating: " ", count: widths[i] - row[i].count) + row[i] }
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        if !billedCost.unpriced.isEmpty {
            lines.append(
                "unpriced (no source in agentsim's price table): \(billedCost.unpriced.joined(separator: ", "))")
        }
        lines.append("")
        let notes = session.services.flatMap { session.pluginExplanations[$0.role] ?? [] }
        if !notes.isEmpty {
            lines.append("What LiveKit's plugins never report (every view fed by LiveKit's metrics inherits it):")
            for n in notes { lines.append("  - " + n) }
            lines.append("")
        }
        for c in columns {
            lines.append("\(c.view.title) (\(c.view.id))" + (c.differences.isEmpty ? ": matches the bill." : ":"))
            for d in c.differences { lines.append("  - " + d) }
        }
        lines.append("")
        lines.append("Prices: \(PriceTable.standard.summary). Rules and sources: agentsim views --rules.")
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - JSON

    public var json: JSONValue {
        func figures(_ s: ServiceFigures) -> JSONValue {
            .object([
                ("role", .string(s.role.rawValue)), ("provider", .string(s.provider)), ("model", .string(s.model)),
                (
                    "figures",
                    .object(
                        s.figures.map {
                            ($0.name, $0.measure.isCount ? .int(Int($0.value.rounded())) : .double($0.value))
                        })
                ),
            ])
        }
        func cost(_ c: ViewCost?) -> JSONValue {
            guard let c else { return .null }
            return .object([
                ("dollars", .double((c.dollars * 1e9).rounded() / 1e9)),
                ("unpriced", .array(c.unpriced.map { .string($0) })),
            ])
        }
        return .object([
            ("scenario", .string(session.scenario)), ("file", .string(file)),
            ("billed", .object([("services", .array(billed.map(figures))), ("cost", cost(billedCost))])),
            (
                "livekit_plugins",
                .array(session.services.flatMap { session.pluginExplanations[$0.role] ?? [] }.map { .string($0) })
            ),
            (
                "views",
                .array(
                    columns.map { c in
                        .object([
                            ("id", .string(c.view.id)), ("title", .string(c.view.title)),
                            ("services", .array(c.usage.services.map(figures))), ("cost", cost(c.usage.cost)),
                            ("native", c.usage.native), ("differences", .array(c.differences.map { .string($0) })),
                            ("sources", .array(c.view.sources.map { .string($0) })),
                        ])
                    })
            ),
            (
                "requests",
                .array(
                    session.requests.map { r in
                        .object([
                            ("provider", .string(r.provider)), ("model", .string(r.model)),
                            ("complete", .bool(r.complete)),
                            ("payloads", .array(r.payloads)),
                        ])
                    })
            ),
        ])
    }
}

extension PriceTable {
    /// One line on where the prices come from.
    public var summary: String {
        "LLM tokens from Langfuse's default-model-prices.json (commit 62751446, 2026-08-22), OpenAI speech from "
            + "openai.com/api/pricing; Deepgram, ElevenLabs and Cartesia are not priced"
    }
}
