import AgentSimAudio
import AgentSimCore
import Foundation

/// The page `agentsim report` writes: one self-contained HTML file (inline CSS, JS, SVG and audio).
struct ReportPage {
    typealias P = ReportPalette

    var file: String
    var columns: [ComparisonColumn]
    var timeline: SessionTimeline
    /// The session's two tracks (the conversation is the same on every provider), embedded as Ogg Opus.
    var tracks: SessionTracks?

    /// The whole page.
    /// - Throws: `AudioError` when a track cannot be written as Ogg Opus.
    func html() throws(AudioError) -> String {
        let name = columns.first?.report.scenario.name ?? file
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(Markup.escape("agentsim report — \(name)"))</title>\n"
        out += "<style>\n\(Self.css)</style>\n"
        // Errors of the page's own script land in #errors, where a test (or a reader) can see them.
        out +=
            "<script>window.onerror = function (m, s, l) { var e = document.getElementById('errors'); if (e) { "
            + "e.textContent += m + ' (line ' + l + ')\\n'; } };</script>\n"
        out += "</head>\n<body>\n"
        out += header(name)
        out += try conversation()
        for (i, column) in columns.enumerated() { out += provider(column, index: i) }
        out += palette()
        out += "<pre id=\"errors\"></pre>\n"
        out += "<script>\n\(Self.script)</script>\n</body>\n</html>\n"
        return out
    }

    private var scale: (top: Int, step: Int) {
        ReportCharts.niceScale(
            columns.flatMap { ReportCharts.usagePoints($0.report) }.map(\.metrics.inputTokens).max() ?? 0)
    }

    private func header(_ name: String) -> String {
        let first = columns.first?.report
        var out =
            "<header>\n<h1>\(Markup.escape(name)): one conversation on \(columns.count) "
            + "provider\(columns.count == 1 ? "" : "s")</h1>\n"
        var facts = "<p class=\"facts\">\(Markup.escape(file))"
        if let first {
            facts += " · seed \(first.scenario.seed) · \(Figures.fixed(first.truth.sessionSeconds, decimals: 2)) s"
        }
        facts +=
            " · " + columns.map { Markup.escape("\($0.report.providerID) \($0.report.model)") }.joined(separator: " · ")
            + "</p>\n"
        out += facts
        out +=
            "<p>Each provider reports usage once per response, over the whole context sent for it. The bars show what "
            + "each report billed as input, on one scale for every provider; the lines add the reports up over the "
            + "session and set them beside one pass over the audio at the provider's documented rates. Hover any "
            + "bar, point or stretch of audio for its exact numbers.</p>\n</header>\n"
        return out
    }

    private func conversation() throws(AudioError) -> String {
        var out = "<section id=\"conversation\">\n<h2>The conversation</h2>\n"
        out += "<div class=\"scroll\">\(ReportCharts.timeline(timeline))</div>\n"
        out +=
            "<p class=\"legend\">"
            + [
                swatch(P.blue) + "user speech", swatch("#FFFFFF", dotted: true) + "user silence",
                swatch(P.orange) + "agent reply, heard",
                swatch(P.orange, hatched: true) + "generated but never heard", "<span class=\"mark\">▼</span> barge-in",
                swatch(P.purple) + "tool call", "<span class=\"playhead\">│</span> playback position",
            ].joined(separator: " ") + "</p>\n"
        if let truth = columns.first?.report.truth {
            out +=
                "<p>Ground truth: user speech \(Figures.fixed(truth.userSpeechSeconds, decimals: 2)) s, user silence "
                + "\(Figures.fixed(truth.userSilenceSeconds, decimals: 2)) s, agent audio "
                + "\(Figures.fixed(truth.agentGeneratedSeconds, decimals: 2)) s generated of which "
                + "\(Figures.fixed(truth.agentPlayedSeconds, decimals: 2)) s were heard; the session lasted "
                + "\(Figures.fixed(truth.sessionSeconds, decimals: 2)) s. The audio below is the session itself, "
                + "encoded with libopus as the figures were computed.</p>\n"
        }
        if let tracks {
            out += "<div class=\"players\">\n"
            // The bytes `agentsim run --audio-out` writes for the same session.
            for (track, role) in [(tracks.user, "user"), (tracks.agent, "agent")] {
                let fileName = TrackFiles.fileName(columns.first?.report.scenario.name ?? "session", role: role)
                let bytes = try track.oggOpusBytes(fileName: fileName)
                out +=
                    "<figure class=\"player\"><figcaption>\(Markup.escape(fileName)) · \(role) track · "
                    + "\(Figures.fixed(track.duration, decimals: 2)) s · Ogg Opus, \(bytes.count) "
                    + "bytes</figcaption>"
                out +=
                    "<audio controls preload=\"metadata\" data-track=\"\(role)\" "
                    + "src=\"data:audio/ogg;codecs=opus;base64,\(Data(bytes).base64EncodedString())\">"
                    + "</audio></figure>\n"
            }
            out += "</div>\n"
        }
        return out + "</section>\n"
    }

    private func provider(_ column: ComparisonColumn, index: Int) -> String {
        let report = column.report, truth = report.truth
        let points = ReportCharts.usagePoints(report)
        let id = "p\(index)"
        var groups: [ExplanationTopic: [String]] = [:]
        for sentence in column.explanations { groups[ExplanationTopic(sentence), default: []].append(sentence) }
        func list(_ topic: ExplanationTopic) -> String {
            guard let sentences = groups[topic], !sentences.isEmpty else { return "" }
            return "<ul class=\"why\">" + sentences.map { "<li>\(Markup.escape($0))</li>" }.joined() + "</ul>"
        }

        var out = "<section class=\"provider\" id=\"\(id)\" data-provider=\"\(Markup.escape(column.spec))\">\n"
        out +=
            "<h2>\(Markup.escape(report.providerID)) <span class=\"model\">\(Markup.escape(report.model))</span></h2>\n"
        out +=
            "<div class=\"pair\">\n<figure class=\"bars\">"
            + ReportCharts.inputBars(points, id: id, top: scale.top, step: scale.step)
        out +=
            "<figcaption>Input tokens billed by each of the \(points.count) usage reports (numbered under each bar, "
            + "above the scenario turn it answers)"
        let sources = InputPart.Source.allCases.filter { source in
            points.contains { $0.parts.contains { $0.source == source } }
        }
        if points.allSatisfy({ !$0.parts.isEmpty }) {
            out +=
                ", by where it comes from: "
                + sources.map { source in
                    legend(
                        swatch(
                            P.colour(for: source), dotted: P.colour(for: source) == "#FFFFFF",
                            lined: source == .userTranscript || source == .agentTranscript),
                        source.rawValue)
                }.joined(separator: " ")
            out +=
                " " + legend(swatch("#FFFFFF", hatched: true), "cached")
                + ". The hover title also gives the modalities the report labels. Same scale for every "
                + "provider.</figcaption></figure>\n"
        } else {
            out +=
                ": " + legend(swatch(P.blue), "text") + " " + legend(swatch(P.orange), "audio") + " "
                + legend(swatch(P.purple), "image") + " " + legend(swatch("#FFFFFF", dotted: true), "unlabelled") + " "
            out +=
                legend(swatch("#FFFFFF", hatched: true), "cached")
                + ". Same scale for every provider.</figcaption></figure>\n"
        }
        out += "<div class=\"notes\">\n<h3>What LiveKit sums</h3>\n"
        out +=
            "<p class=\"label\">livekit-agents 1.2.18 <code>UsageSummary</code></p><pre class=\"summary "
            + "v1_2\">\(Markup.escape(report.usageV1_2.summary.reprLine))</pre>\n"
        out +=
            "<p class=\"label\">livekit-agents 1.8.9 <code>UsageSummary</code></p><pre class=\"summary "
            + "v1_8\">\(Markup.escape(report.usage.summary.reprLine))</pre>\n"
        let cost = column.cost
        out +=
            "<p class=\"label\">Cost at list price of LiveKit 1.8.9's <code>ModelUsage</code></p><p class=\"cost\" "
            + "data-dollars=\"\(Figures.number(cost.dollars))\">\(Markup.escape(column.costCell))"
        if !cost.unpriced.isEmpty {
            out +=
                " <span class=\"unpriced\">(unpriced: \(Markup.escape(cost.unpriced.joined(separator: ", "))))</span>"
        }
        out += "</p>\n"
        out += list(.general)
        out += "</div>\n</div>\n"

        // Reported against ground truth, added up report by report.
        var reportedAudio: [Int] = [], truthAudio: [Int] = [], reportedOut: [Int] = [], truthOut: [Int] = []
        var reportedPrompt: [Int] = [], context: [Int] = []
        var sumAudio = 0, sumOut = 0, sumPrompt = 0
        for point in points {
            sumAudio += point.metrics.inputTokenDetails.audioTokens
            sumOut += point.metrics.outputTokenDetails.audioTokens
            sumPrompt += point.metrics.inputTokens
            reportedAudio.append(sumAudio)
            reportedOut.append(sumOut)
            reportedPrompt.append(sumPrompt)
            context.append(point.metrics.inputTokens)
            let turn = point.turn ?? Int.max
            truthAudio.append(
                truth.turns.filter { $0.speaker == "user" && $0.turn < turn }.reduce(0) {
                    $0 + $1.documentedAudioTokens
                })
            truthOut.append(
                truth.turns.filter { $0.speaker == "agent" && $0.turn <= turn }.reduce(0) {
                    $0 + $1.documentedAudioTokens
                })
        }
        let inRate = Figures.number(truth.rates.inputPerSecond), outRate = Figures.number(truth.rates.outputPerSecond)
        let charts: [(String, String, [ReportCharts.Series], ExplanationTopic)] = [
            (
                "input audio tokens",
                "input audio tokens, summed over the reports against one pass over the user's audio at \(inRate)/s",
                [
                    .init(name: "reported", values: reportedAudio, colour: P.blue, dashed: false),
                    .init(name: "ground truth", values: truthAudio, colour: P.vermillion, dashed: true),
                ], .inputAudio
            ),
            (
                "output audio tokens", "output audio tokens, summed, against the generated agent audio at \(outRate)/s",
                [
                    .init(name: "reported", values: reportedOut, colour: P.blue, dashed: false),
                    .init(name: "ground truth", values: truthOut, colour: P.vermillion, dashed: true),
                ], .outputAudio
            ),
            (
                "prompt tokens", "prompt tokens, summed, against the context of one response alone",
                [
                    .init(name: "reported", values: reportedPrompt, colour: P.blue, dashed: false),
                    .init(name: "this response's context", values: context, colour: P.vermillion, dashed: true),
                ], .prompt
            ),
        ]
        out += "<div class=\"three\">\n"
        for (i, (label, caption, series, topic)) in charts.enumerated() {
            let chart = ReportCharts.cumulative(
                points, series: series, end: truth.sessionSeconds, id: "\(id)-c\(i)", label: label, unit: label)
            out += "<figure class=\"cumulative\" data-metric=\"\(Markup.escape(label))\">\(chart)"
            out +=
                "<figcaption>" + legend("<span class=\"key solid\"></span>", "reported") + " · "
                + legend("<span class=\"key dashed\"></span>", series[1].name) + ": \(Markup.escape(caption)). "
            out +=
                "At the end: \(series[0].values.last ?? 0) reported, \(series[1].values.last ?? 0) "
                + "\(Markup.escape(series[1].name)).</figcaption>"
            out += list(topic) + "</figure>\n"
        }
        out += "</div>\n</section>\n"
        return out
    }

    private func palette() -> String {
        var out =
            "<section id=\"palette\">\n<h2>Colours</h2>\n<p>The Okabe–Ito colour-blind-safe palette; every distinction "
            + "is also carried by lightness, a line style or a pattern, so the page survives grey-scale "
            + "printing.</p>\n<table><tr><th></th><th>stands for</th><th>in grey-scale</th></tr>"
        for (what, colour, grey) in P.documented {
            let sample = swatch(
                colour == P.ink ? "#FFFFFF" : colour, dotted: colour == "#FFFFFF", hatched: colour == P.ink,
                lined: colour == P.sky || colour == P.yellow)
            out +=
                "<tr><td>\(sample) <code>\(colour)</code></td><td>\(Markup.escape(what))</td>"
                + "<td>\(Markup.escape(grey))</td></tr>"
        }
        return out + "</table>\n</section>\n"
    }

    /// A key and its label, kept on one line: a narrow screen wraps between entries, never inside one.
    private func legend(_ key: String, _ label: String) -> String {
        "<span class=\"entry\">\(key)\(key.hasPrefix("<span class=\"key") ? " " : "")\(Markup.escape(label))</span>"
    }

    private func swatch(_ colour: String, dotted: Bool = false, hatched: Bool = false, lined: Bool = false) -> String {
        var classes = "swatch"
        if dotted { classes += " dotted" }
        if hatched { classes += " hatched" }
        if lined { classes += " lined" }
        return "<span class=\"\(classes)\" style=\"background-color:\(colour)\"></span>"
    }

    /// Which chart a `compare` sentence explains, from what it talks about.
    enum ExplanationTopic: Hashable {
        case outputAudio, inputAudio, prompt, general

        init(_ sentence: String) {
            let s = sentence.lowercased()
            if s.contains("output audio") {
                self = .outputAudio
            } else if s.contains("input audio") {
                self = .inputAudio
            } else if s.contains("prompt") || s.contains("cached") {
                self = .prompt
            } else {
                self = .general
            }
        }
    }

    static let css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { font: 15px/1.45 system-ui, sans-serif; color: #222; background: #fff; margin: 0 auto; \
        max-width: 1280px; padding: 12px 20px 40px; }
        h1 { font-size: 1.45rem; margin: 0.4em 0 0.2em; }
        h2 { font-size: 1.2rem; margin: 1.4em 0 0.4em; border-bottom: 2px solid #222; padding-bottom: 2px; }
        h3 { font-size: 1rem; margin: 0 0 0.3em; }
        .model { font-weight: normal; color: #444; }
        .facts { color: #444; overflow-wrap: anywhere; }
        figure { margin: 0; min-width: 0; }
        figcaption { font-size: 0.85rem; color: #333; margin-top: 4px; }
        svg { display: block; width: 100%; height: auto; }
        svg text { fill: #222; }
        .scroll { overflow-x: auto; }
        .scroll svg { min-width: 720px; }
        .pair { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 20px; align-items: start; }
        .three { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 16px; margin-top: 12px; }
        .players { display: flex; flex-wrap: wrap; gap: 16px; }
        .player audio { width: 100%; min-width: 260px; }
        pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 12px; background: #f3f3f3; \
        border-left: 3px solid #0072B2; padding: 6px 8px; margin: 0 0 8px; }
        pre#errors { border: 0; background: none; color: #D55E00; }
        .label { font-size: 0.8rem; margin: 6px 0 2px; color: #444; }
        .why { padding-left: 1.1em; margin: 6px 0; font-size: 0.9rem; }
        .why li { margin-bottom: 4px; }
        .swatch { display: inline-block; width: 0.95em; height: 0.95em; vertical-align: -0.1em; \
        border: 1px solid #222; margin: 0 3px 0 8px; }
        .swatch.dotted { border-style: dotted; }
        .swatch.hatched { background-image: repeating-linear-gradient(45deg, #222 0 2px, transparent 2px 5px); }
        .swatch.lined { background-image: repeating-linear-gradient(0deg, #222 0 1px, transparent 1px 4px); }
        .mark { margin-left: 8px; }
        .playhead { color: #D55E00; font-weight: bold; margin-left: 8px; }
        .key { display: inline-block; width: 22px; height: 0; border-top: 3px solid #0072B2; vertical-align: middle; }
        .key.dashed { border-top: 3px dashed #D55E00; }
        .entry { white-space: nowrap; }
        .cost { margin: 0 0 8px; font-variant-numeric: tabular-nums; }
        table { border-collapse: collapse; font-size: 0.9rem; }
        td, th { text-align: left; padding: 3px 10px 3px 0; vertical-align: top; }
        @media (max-width: 860px) {
          body { padding: 8px 10px 30px; font-size: 14px; }
          .pair, .three { grid-template-columns: minmax(0, 1fr); }
        }

        """

    /// Moves the timeline's playhead with whichever track is playing; marks the page as scripted.
    static let script = """
        (function () {
          var head = document.getElementById('playhead');
          var players = document.querySelectorAll('audio[data-track]');
          function follow(event) {
            if (!head) { return; }
            var left = parseFloat(head.getAttribute('data-left'));
            var perSecond = parseFloat(head.getAttribute('data-per-second'));
            var x = left + event.target.currentTime * perSecond;
            head.setAttribute('x1', String(x));
            head.setAttribute('x2', String(x));
          }
          for (var i = 0; i < players.length; i++) {
            players[i].addEventListener('timeupdate', follow);
            players[i].addEventListener('seeked', follow);
          }
          document.body.setAttribute('data-bars', String(document.querySelectorAll('g.bar').length));
          // The laid-out width: wider than the window would mean the page scrolls sideways.
          document.body.setAttribute('data-page-width', String(document.documentElement.scrollWidth));
          document.body.setAttribute('data-script', 'ran');
        })();

        """
}
