import AgentSimCore
import LiveKitMetrics

/// The inline SVG charts of `agentsim report`, built from the session reports alone.
enum ReportCharts {
    typealias P = ReportPalette
    static let font = "font-family=\"system-ui, sans-serif\""

    /// One usage report of a column with where and when it landed.
    struct UsagePoint {
        var index: Int
        var time: Double
        var turn: Int?
        var metrics: RealtimeModelMetrics
        /// The input by source, when the plugin says (bottom to top in the bar).
        var parts: [InputPart]
    }

    static func usagePoints(_ report: SessionReport) -> [UsagePoint] {
        var points: [UsagePoint] = []
        let pipeline = !report.bills.isEmpty
        for output in report.outputs {
            for metric in output.metrics {
                if case let .realtime(r) = metric, !r.requestId.isEmpty {
                    points.append(
                        UsagePoint(
                            index: points.count, time: output.time, turn: output.turn, metrics: r,
                            parts: output.inputParts))
                } else if pipeline, case let .llm(l) = metric {
                    // A pipeline's LLM request, drawn like a realtime report of text only (its prompt, cached part
                    // hatched).
                    let parts =
                        output.inputParts.reduce(0) { $0 + $1.tokens } == l.promptTokens ? output.inputParts : []
                    points.append(
                        UsagePoint(
                            index: points.count, time: output.time, turn: output.turn, metrics: textOnly(l),
                            parts: parts))
                }
            }
        }
        return points
    }

    /// An `LLMMetrics` in the shape the charts read: every prompt token text, the cached ones text too.
    static func textOnly(_ l: LLMMetrics) -> RealtimeModelMetrics {
        RealtimeModelMetrics(
            label: l.label, requestId: l.requestId, timestamp: l.timestamp, duration: l.duration, ttft: l.ttft,
            cancelled: l.cancelled,
            inputTokens: l.promptTokens, outputTokens: l.completionTokens, totalTokens: l.totalTokens,
            tokensPerSecond: l.tokensPerSecond,
            inputTokenDetails: .init(
                audioTokens: 0, textTokens: l.promptTokens, imageTokens: 0, cachedTokens: l.promptCachedTokens,
                cachedTokensDetails: .init(audioTokens: 0, textTokens: l.promptCachedTokens, imageTokens: 0)),
            outputTokenDetails: .init(textTokens: l.completionTokens, audioTokens: 0, imageTokens: 0))
    }

    /// The smallest round number ≥ `value` (1, 2, 2.5 or 5 × 10ⁿ steps, 4 to 5 ticks), and its tick step.
    static func niceScale(_ value: Int) -> (top: Int, step: Int) {
        let target = max(value, 1)
        var magnitude = 1
        while magnitude * 10 <= target { magnitude *= 10 }
        for step in [
            magnitude / 10, magnitude / 5, magnitude / 4, magnitude / 2, magnitude, magnitude * 2, magnitude * 5,
        ] where step > 0 {
            if target <= step * 5 { return ((target + step - 1) / step * step, step) }
        }
        return (magnitude * 10, magnitude * 2)
    }

    /// `<defs>` with the hatch patterns, ids prefixed so that every chart keeps its own.
    static func defs(_ prefix: String) -> String {
        func hatch(_ id: String, background: String, opacity: String) -> String {
            Markup.element(
                "pattern",
                [
                    ("id", "\(prefix)-\(id)"), ("patternUnits", "userSpaceOnUse"), ("width", "6"), ("height", "6"),
                    ("patternTransform", "rotate(45)"),
                ],
                Markup.empty(
                    "rect", [("width", "6"), ("height", "6"), ("fill", background), ("fill-opacity", opacity)])
                    + Markup.empty(
                        "line",
                        [
                            ("x1", "0"), ("y1", "0"), ("x2", "0"), ("y2", "6"), ("stroke", P.ink),
                            ("stroke-width", "2.2"),
                        ]))
        }
        let lines = Markup.element(
            "pattern",
            [("id", "\(prefix)-lines"), ("patternUnits", "userSpaceOnUse"), ("width", "8"), ("height", "4")],
            Markup.empty(
                "line",
                [("x1", "0"), ("y1", "2"), ("x2", "8"), ("y2", "2"), ("stroke", P.ink), ("stroke-width", "0.8")]))
        return Markup.element(
            "defs", [],
            hatch("hatch", background: "#FFFFFF", opacity: "0.45")
                + hatch("unheard", background: P.orange, opacity: "0.35") + lines)
    }

    // MARK: Billed input per response

    /// Stacked bars of each report's input (text, audio, image, unlabelled; cached parts hatched), on the scale `top`.
    static func inputBars(_ points: [UsagePoint], id: String, top: Int, step: Int) -> String {
        let width = 480.0, height = 270.0, left = 52.0, right = 8.0, topMargin = 12.0, bottom = 40.0
        let plotW = width - left - right, plotH = height - topMargin - bottom
        func y(_ tokens: Int) -> Double { topMargin + plotH - Double(tokens) / Double(max(top, 1)) * plotH }
        var body = defs(id)
        var t = 0
        while t <= top {
            body += Markup.empty(
                "line",
                [
                    ("x1", Markup.number(left)), ("x2", Markup.number(width - right)), ("y1", Markup.number(y(t))),
                    ("y2", Markup.number(y(t))), ("stroke", P.grid),
                ])
            body += Markup.element(
                "text", [("x", Markup.number(left - 4)), ("y", Markup.number(y(t) + 4)), ("text-anchor", "end")],
                String(t))
            t += max(step, 1)
        }
        body += axisTitle("input tokens", x: 12, y: topMargin + plotH / 2)
        // The two label rows under the bars, named at their left: the report's number, the turn it answers.
        for (row, name) in [(16.0, "report"), (30.0, "turn")] {
            body += Markup.element(
                "text",
                [
                    ("x", Markup.number(left - 4)), ("y", Markup.number(height - bottom + row)),
                    ("text-anchor", "end"), ("fill", row == 16 ? P.ink : "#555"), ("font-size", "10"),
                ], name)
        }
        let slot = plotW / Double(max(points.count, 1))
        let barW = min(slot * 0.64, 44)
        for point in points {
            let m = point.metrics, d = m.inputTokenDetails
            let x = left + slot * Double(point.index) + (slot - barW) / 2
            let labelled = d.textTokens + d.audioTokens + d.imageTokens
            let unlabelled = max(0, m.inputTokens - labelled)
            var segments = ""
            var base = 0
            // By source when the plugin says (cached hatching then covers the bottom: the prefix starts with the
            // instructions); otherwise by the modalities the report labels, each with its cached part.
            let bySource = !point.parts.isEmpty
            let byDetails =
                !bySource
                && (d.cachedTokensDetails.map { $0.textTokens + $0.audioTokens + $0.imageTokens == d.cachedTokens }
                    ?? false)
            let parts: [(String, Int, Int, String)] =
                bySource
                ? point.parts.map { ($0.source.rawValue, $0.tokens, 0, P.colour(for: $0.source)) }
                : [
                    ("text", d.textTokens, byDetails ? d.cachedTokensDetails!.textTokens : 0, P.blue),
                    ("audio", d.audioTokens, byDetails ? d.cachedTokensDetails!.audioTokens : 0, P.orange),
                    ("image", d.imageTokens, byDetails ? d.cachedTokensDetails!.imageTokens : 0, P.purple),
                    ("unlabelled", unlabelled, 0, "#FFFFFF"),
                ]
            for (name, tokens, cached, colour) in parts where tokens > 0 {
                let box: [(String, String)] = [
                    ("x", Markup.number(x)), ("y", Markup.number(y(base + tokens))),
                    ("width", Markup.number(barW)), ("height", Markup.number(y(base) - y(base + tokens))),
                ]
                var attributes = [("class", "segment \(name)")] + box + [("fill", colour)]
                if colour == "#FFFFFF" { attributes += [("stroke", P.ink), ("stroke-dasharray", "2 2")] }
                segments += Markup.empty("rect", attributes)
                if name.hasSuffix("transcript") {
                    segments += Markup.empty("rect", box + [("fill", "url(#\(id)-lines)")])
                }
                if cached > 0 {
                    segments += Markup.empty(
                        "rect",
                        [
                            ("class", "cached"), ("x", Markup.number(x)), ("y", Markup.number(y(base + cached))),
                            ("width", Markup.number(barW)),
                            ("height", Markup.number(y(base) - y(base + cached))), ("fill", "url(#\(id)-hatch)"),
                        ])
                }
                base += tokens
            }
            if !byDetails, d.cachedTokens > 0 {
                let cached = min(d.cachedTokens, m.inputTokens)
                segments += Markup.empty(
                    "rect",
                    [
                        ("class", "cached"), ("x", Markup.number(x)), ("y", Markup.number(y(cached))),
                        ("width", Markup.number(barW)),
                        ("height", Markup.number(y(0) - y(cached))), ("fill", "url(#\(id)-hatch)"),
                    ])
            }
            body += Markup.element(
                "g", [("class", "bar"), ("data-request-id", m.requestId)],
                Markup.title(barTitle(point, of: points.count)) + segments)
            let cx = x + barW / 2
            body += Markup.element(
                "text",
                [("x", Markup.number(cx)), ("y", Markup.number(height - bottom + 16)), ("text-anchor", "middle")],
                String(point.index + 1))
            body += Markup.element(
                "text",
                [
                    ("x", Markup.number(cx)), ("y", Markup.number(height - bottom + 30)), ("text-anchor", "middle"),
                    ("fill", "#555"),
                ],
                point.turn.map(String.init) ?? "")
        }
        body += Markup.empty(
            "line",
            [
                ("x1", Markup.number(left)), ("x2", Markup.number(width - right)), ("y1", Markup.number(y(0))),
                ("y2", Markup.number(y(0))), ("stroke", P.ink),
            ])
        return svg(width: width, height: height, label: "Billed input tokens per response", fontSize: 12, body)
    }

    /// The hover text of one bar: every figure of the report, with LiveKit's field names.
    static func barTitle(_ point: UsagePoint, of count: Int) -> String {
        let m = point.metrics, d = m.inputTokenDetails
        let unlabelled = m.inputTokens - d.textTokens - d.audioTokens - d.imageTokens
        var text = "response \(point.index + 1) of \(count)"
        if let turn = point.turn { text += ", turn \(turn)" }
        text += ", \(m.requestId) at \(Figures.fixed(point.time, decimals: 2)) s: "
        text += "input_tokens \(m.inputTokens) (text \(d.textTokens), audio \(d.audioTokens), image \(d.imageTokens)"
        if unlabelled > 0 { text += ", unlabelled \(unlabelled)" }
        text += "); cached_tokens \(d.cachedTokens)"
        if let c = d.cachedTokensDetails {
            text += " (text \(c.textTokens), audio \(c.audioTokens), image \(c.imageTokens))"
        }
        text +=
            "; output_tokens \(m.outputTokens) (text \(m.outputTokenDetails.textTokens), audio "
            + "\(m.outputTokenDetails.audioTokens))"
        if !point.parts.isEmpty {
            text += "; by source: " + point.parts.map { "\($0.source.rawValue) \($0.tokens)" }.joined(separator: ", ")
        }
        return text
    }

    // MARK: Reported vs ground truth, cumulative

    /// One line of a cumulative chart: a value per usage report.
    struct Series {
        var name: String
        var values: [Int]
        var colour: String
        var dashed: Bool
    }

    /// Lines over the session clock, one point per usage report, starting from zero at time zero.
    static func cumulative(
        _ points: [UsagePoint], series: [Series], end: Double, id: String, label: String, unit: String
    ) -> String {
        let width = 480.0, height = 230.0, left = 52.0, right = 10.0, topMargin = 12.0, bottom = 30.0
        let plotW = width - left - right, plotH = height - topMargin - bottom
        let largest = series.flatMap(\.values).max() ?? 0
        let (top, step) = niceScale(largest)
        let span = max(end, 1)
        func x(_ time: Double) -> Double { left + min(max(time, 0), span) / span * plotW }
        func y(_ value: Int) -> Double { topMargin + plotH - Double(value) / Double(top) * plotH }
        var body = axisTitle(unit, x: 12, y: topMargin + plotH / 2)
        // Nothing to scale: the zero axis alone and a note, not a flat line on a made-up 0 to 1 scale.
        if largest == 0 {
            body += Markup.element(
                "text",
                [
                    ("x", Markup.number(left + plotW / 2)), ("y", Markup.number(topMargin + plotH / 2)),
                    ("text-anchor", "middle"), ("class", "none"), ("fill", "#555"),
                ], "0 throughout: none reported, none expected")
        }
        var t = 0
        while t <= (largest == 0 ? 0 : top) {
            body += Markup.empty(
                "line",
                [
                    ("x1", Markup.number(left)), ("x2", Markup.number(width - right)), ("y1", Markup.number(y(t))),
                    ("y2", Markup.number(y(t))), ("stroke", P.grid),
                ])
            body += Markup.element(
                "text", [("x", Markup.number(left - 4)), ("y", Markup.number(y(t) + 4)), ("text-anchor", "end")],
                String(t))
            t += step
        }
        body += timeAxis(end: span, x: x, y: topMargin + plotH, labelsAt: topMargin + plotH + 16)
        // Reported last, so that it stays visible where it runs on the ground truth.
        for s in series.reversed() {
            var coordinates = ["\(Markup.number(x(0))),\(Markup.number(y(0)))"]
            for (point, value) in zip(points, s.values) {
                coordinates.append("\(Markup.number(x(point.time))),\(Markup.number(y(value)))")
            }
            var attributes: [(String, String)] = [
                ("class", "line"), ("data-series", s.name), ("points", coordinates.joined(separator: " ")),
                ("fill", "none"),
                ("stroke", s.colour), ("stroke-width", "2.5"),
            ]
            if s.dashed { attributes.append(("stroke-dasharray", "6 4")) }
            body += Markup.empty("polyline", attributes)
        }
        for (i, point) in points.enumerated() {
            let parts = series.map { "\($0.name) \($0.values[i])" }.joined(separator: "; ")
            let title =
                "after response \(point.index + 1) at \(Figures.fixed(point.time, decimals: 2)) s: \(parts) \(unit)"
            for s in series {
                body += Markup.element(
                    "circle",
                    [
                        ("class", "point"), ("cx", Markup.number(x(point.time))), ("cy", Markup.number(y(s.values[i]))),
                        ("r", "3.5"),
                        ("fill", s.dashed ? "#FFFFFF" : s.colour), ("stroke", s.colour), ("stroke-width", "1.5"),
                    ], Markup.title(title))
            }
        }
        return svg(width: width, height: height, label: label, fontSize: 13, body)
    }

    // MARK: The conversation

    /// Both tracks on the session clock: speech and silence, replies heard and unheard, barge-ins, tool calls.
    static func timeline(_ timeline: SessionTimeline) -> String {
        let width = 960.0, height = 150.0, left = 56.0, right = 12.0
        let span = max(timeline.end, 1)
        let plotW = width - left - right
        func x(_ time: Double) -> Double { left + min(max(time, 0), span) / span * plotW }
        let userY = 18.0, agentY = 64.0, rowH = 30.0
        var body = defs("timeline")
        body += Markup.element("text", [("x", "4"), ("y", Markup.number(userY + 20))], "user")
        body += Markup.element("text", [("x", "4"), ("y", Markup.number(agentY + 20))], "agent")
        body += timeAxis(end: span, x: x, y: agentY + rowH + 12, labelsAt: agentY + rowH + 28)
        for s in timeline.spans {
            let rowY = s.kind == .userSpeech || s.kind == .userSilence ? userY : agentY
            var attributes: [(String, String)] = [
                ("class", "span \(s.kind.rawValue)"), ("data-turn", String(s.turn)), ("x", Markup.number(x(s.start))),
                ("y", Markup.number(rowY)),
                ("width", Markup.number(max(x(s.end) - x(s.start), 0.5))), ("height", Markup.number(rowH)),
            ]
            switch s.kind {
            case .userSpeech: attributes.append(("fill", P.blue))
            case .userSilence: attributes += [("fill", "#FFFFFF"), ("stroke", P.ink), ("stroke-dasharray", "2 2")]
            case .agentPlayed: attributes.append(("fill", P.orange))
            case .agentUnheard: attributes += [("fill", "url(#timeline-unheard)"), ("stroke", P.orange)]
            case .toolCall: attributes.append(("fill", P.purple))
            }
            body += Markup.element("rect", attributes, Markup.title(s.note))
        }
        for time in timeline.bargeIns {
            body += Markup.element(
                "g", [("class", "barge-in")],
                Markup.title(
                    "barge-in at \(Figures.fixed(time, decimals: 2)) s: the user spoke over the reply, playback stopped"
                )
                    + Markup.empty(
                        "line",
                        [
                            ("x1", Markup.number(x(time))), ("x2", Markup.number(x(time))), ("y1", "8"),
                            ("y2", Markup.number(agentY + rowH + 4)), ("stroke", P.ink), ("stroke-width", "2"),
                        ])
                    + Markup.empty(
                        "path",
                        [
                            (
                                "d",
                                "M\(Markup.number(x(time) - 5)),2 L\(Markup.number(x(time) + 5)),2 "
                                    + "L\(Markup.number(x(time))),10 Z"
                            ), ("fill", P.ink),
                        ]))
        }
        for time in timeline.instructionUpdates {
            body += Markup.element(
                "line",
                [
                    ("class", "instructions"), ("x1", Markup.number(x(time))), ("x2", Markup.number(x(time))),
                    ("y1", "12"), ("y2", Markup.number(agentY + rowH)),
                    ("stroke", P.purple), ("stroke-dasharray", "3 3"),
                ],
                Markup.title("new instructions at \(Figures.fixed(time, decimals: 2)) s"))
        }
        body += Markup.empty(
            "line",
            [
                ("id", "playhead"), ("x1", Markup.number(left)), ("x2", Markup.number(left)), ("y1", "8"),
                ("y2", Markup.number(agentY + rowH + 4)),
                ("stroke", P.vermillion), ("stroke-width", "2"), ("data-left", Markup.number(left)),
                ("data-per-second", Markup.number(plotW / span)),
            ])
        return svg(width: width, height: height, label: "The conversation on the session clock", fontSize: 13, body)
    }

    // MARK: Shared

    private static func timeAxis(end: Double, x: (Double) -> Double, y: Double, labelsAt labelY: Double) -> String {
        let step = end <= 20 ? 2 : end <= 60 ? 10 : end <= 300 ? 20 : end <= 1200 ? 120 : 600
        var out = Markup.empty(
            "line",
            [
                ("x1", Markup.number(x(0))), ("x2", Markup.number(x(end))), ("y1", Markup.number(y)),
                ("y2", Markup.number(y)), ("stroke", P.ink),
            ])
        var t = 0
        while Double(t) <= end + 1e-9 {
            out += Markup.empty(
                "line",
                [
                    ("x1", Markup.number(x(Double(t)))), ("x2", Markup.number(x(Double(t)))), ("y1", Markup.number(y)),
                    ("y2", Markup.number(y + 4)), ("stroke", P.ink),
                ])
            out += Markup.element(
                "text", [("x", Markup.number(x(Double(t)))), ("y", Markup.number(labelY)), ("text-anchor", "middle")],
                "\(t) s")
            t += step
        }
        return out
    }

    /// A y-axis title, turned to read upwards, centred on (`x`, `y`).
    private static func axisTitle(_ text: String, x: Double, y: Double) -> String {
        Markup.element(
            "text",
            [
                ("class", "axis-title"), ("x", Markup.number(x)), ("y", Markup.number(y)), ("text-anchor", "middle"),
                ("font-size", "10"), ("fill", "#555"),
                ("transform", "rotate(-90 \(Markup.number(x)) \(Markup.number(y)))"),
            ], Markup.escape(text))
    }

    private static func svg(width: Double, height: Double, label: String, fontSize: Int, _ body: String) -> String {
        "<svg viewBox=\"0 0 \(Markup.number(width)) \(Markup.number(height))\" role=\"img\" "
            + "aria-label=\"\(Markup.escape(label))\" font-size=\"\(fontSize)\" \(font)>"
            + body + "</svg>"
    }
}
