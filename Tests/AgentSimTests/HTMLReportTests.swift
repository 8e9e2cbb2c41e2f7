import AgentSimJSON
import Foundation
import Testing

/// `agentsim report … --html`: the page opened in headless Chromium (Debian's `chromium`, installed by `make setup`).
struct HTMLReportTests {
    static let scenario = TestSupport.scenario("livekit-thread-gemini.yaml")
    static let providers = ["openai-realtime", "gemini-live"]
    static let chromium = "/usr/bin/chromium"

    /// Runs headless Chromium on `page` with a fresh profile, every host name unresolvable.
    static func chromium(_ arguments: [String], page: URL, in dir: URL) throws -> TestSupport.Result {
        try #require(
            FileManager.default.isExecutableFile(atPath: chromium),
            "chromium is missing: run `make setup` (apt package chromium)")
        let profile = dir.appendingPathComponent("profile-\(UUID().uuidString)").path
        return try TestSupport.run(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(profile)",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr", "--v=0",
            ] + arguments + [page.absoluteString])
    }

    /// The realtime usage reports of `agentsim run --provider P --format json` (the connection event left out).
    static func reports(provider: String) throws -> [JSONValue] {
        let run = try TestSupport.agentsim("run", scenario, "--provider", provider, "--format", "json")
        try #require(run.status == 0, "\(run.stderr)")
        let metrics = try #require(try JSONValue.parse(run.stdout)["metrics"]?.arrayValue)
        return metrics.filter {
            $0["type"]?.stringValue == "realtime_model_metrics" && $0["request_id"]?.stringValue != ""
        }
    }

    static func captures(_ pattern: String, in text: String) throws -> [[String]] {
        let regex = try Regex(pattern)
        return text.matches(of: regex).map { match in
            (1..<match.output.count).map { match.output[$0].substring.map(String.init) ?? "" }
        }
    }

    static func writePage(_ dir: URL, name: String = "out.html") throws -> URL {
        let page = dir.appendingPathComponent(name)
        let result = try TestSupport.agentsim(arguments: [
            "report", scenario, "--providers", providers.joined(separator: ","), "--html", page.path,
        ])
        try #require(result.status == 0, "\(result.stderr)")
        // One line on success: where the page went and what it holds.
        #expect(result.stdout.hasPrefix("wrote \(page.path) ("), "\(result.stdout)")
        #expect(result.stdout.hasSuffix("; open it in a browser, no network needed\n"), "\(result.stdout)")
        #expect(result.stdout.split(separator: "\n").count == 1)
        return page
    }

    @Test func pageInChromiumHasOneBarPerResponseWithTheRunsNumbers() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = try Self.writePage(dir)
        let dumped = try Self.chromium(["--window-size=1280,2000", "--dump-dom"], page: page, in: dir)
        try #require(dumped.status == 0, "\(dumped.stderr)")
        let dom = dumped.stdout

        // Scripts ran, reported nothing to window.onerror, and wrote nothing to the console.
        #expect(dom.contains("data-script=\"ran\""))
        #expect(dom.contains("<pre id=\"errors\"></pre>"))
        let console = dumped.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") || $0.contains("Uncaught") }
        #expect(console.isEmpty, "\(console)")

        // Nothing leaves the file: every src and href is a data: URI or a fragment, and no http(s) URL appears at all.
        let references = try Self.captures(#"(?:src|href)="([^"]*)""#, in: dom).map { $0[0] }
        #expect(references.count == 2)  // the two <audio> tracks
        for reference in references {
            #expect(reference.hasPrefix("data:") || reference.hasPrefix("#"), "\(reference.prefix(60))")
        }
        #expect(!dom.contains("http://") && !dom.contains("https://"))

        let sections = dom.components(separatedBy: "<section class=\"provider\"").dropFirst()
        #expect(sections.count == 2)
        // The thread's scenario has 7 agent replies; hand-derived sums (README's compare table): OpenAI re-bills the
        // context, 3692 input audio tokens and 4751 prompt tokens; Gemini 2.0's AUDIO entry is the turn index,
        // 0+1+…+6 = 21, of 5354 prompt tokens.
        let expectedSums = ["openai-realtime": (audio: 3692, input: 4751), "gemini-live": (audio: 21, input: 5354)]
        for (provider, section) in zip(Self.providers, sections) {
            #expect(
                section.hasPrefix(" id=\"p\(Self.providers.firstIndex(of: provider)!)\" data-provider=\"\(provider)\""))
            let expected = try Self.reports(provider: provider)
            #expect(expected.count == 7)
            let bars = try Self.captures(
                #"<g class="bar" data-request-id="([^"]*)"><title>response (\d+) of (\d+)[^<]*?, ([A-Za-z0-9_]+) at [0-9.]+ s: input_tokens (\d+) \(text (\d+), audio (\d+), image (\d+)\); cached_tokens (\d+)(?: \(text (\d+), audio (\d+), image (\d+)\))?; output_tokens (\d+) \(text (\d+), audio (\d+)\); by source: ([^<]+)</title>"#,
                in: section)
            #expect(bars.count == expected.count, "\(provider): \(bars.count) bars")
            #expect(section.components(separatedBy: "<g class=\"bar\"").count - 1 == expected.count)
            for (i, (bar, json)) in zip(bars, expected).enumerated() {
                let input = try #require(json["input_token_details"]),
                    output = try #require(json["output_token_details"])
                let id = json["request_id"]?.stringValue ?? "?"
                #expect(bar[0] == id && bar[3] == id)
                #expect(bar[1] == String(i + 1) && bar[2] == String(expected.count))
                #expect(Int(bar[4]) == json["input_tokens"]?.intValue, "\(provider) r\(i + 1) input_tokens")
                #expect(Int(bar[5]) == input["text_tokens"]?.intValue)
                #expect(Int(bar[6]) == input["audio_tokens"]?.intValue)
                #expect(Int(bar[7]) == input["image_tokens"]?.intValue)
                #expect(Int(bar[8]) == input["cached_tokens"]?.intValue)
                if let details = input["cached_tokens_details"], !details.isNull {
                    #expect(Int(bar[9]) == details["text_tokens"]?.intValue)
                    #expect(Int(bar[10]) == details["audio_tokens"]?.intValue)
                    #expect(Int(bar[11]) == details["image_tokens"]?.intValue)
                } else {
                    #expect(bar[9].isEmpty)
                }
                #expect(Int(bar[12]) == json["output_tokens"]?.intValue)
                #expect(Int(bar[13]) == output["text_tokens"]?.intValue)
                #expect(Int(bar[14]) == output["audio_tokens"]?.intValue)
                // The sources add up to the billed input.
                let sources = bar[15].components(separatedBy: ", ").map {
                    Int($0.split(separator: " ").last ?? "") ?? -1
                }
                #expect(sources.reduce(0, +) == json["input_tokens"]?.intValue, "\(provider) r\(i + 1): \(bar[15])")
            }
            // By source, hand-derived: OpenAI's first request is instructions 110 + 2 special tokens and the first
            // utterance (2 special tokens; 22 words at 150 wpm = 8.8 s, floor(8.8 × 10) = 88 audio); Gemini 2.0's first
            // prompt is the 110 instructions, 508 hidden tokens and the utterance's transcript, ceil(116 characters / 4) = 29.
            let first = bars.first?[15] ?? ""
            #expect(
                first
                    == (provider == "openai-realtime"
                        ? "instructions 110, special tokens 4, user audio 88"
                        : "instructions 110, hidden overhead 508, user transcript 29"),
                "\(first)")
            let sums = try #require(expectedSums[provider])
            #expect(bars.reduce(0) { $0 + (Int($1[6]) ?? 0) } == sums.audio)
            #expect(bars.reduce(0) { $0 + (Int($1[4]) ?? 0) } == sums.input)
        }
        #expect(dom.contains("data-bars=\"14\""))
        // The UsageSummary line beside Gemini's chart is the thread's, character for character.
        #expect(
            dom.contains(
                "UsageSummary(llm_prompt_tokens=5354, llm_prompt_cached_tokens=0, llm_input_audio_tokens=21, llm_completion_tokens=80, llm_output_audio_tokens=0, tts_characters_count=0, tts_audio_duration=0.0, stt_audio_duration=0.0)"
            ))
    }

    @Test func timelineMarksTheBargeInAndEmbedsTheSessionsOwnTracks() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = try String(contentsOf: try Self.writePage(dir), encoding: .utf8)
        // One barge-in (turn 5, interrupted after 2.0 s): one mark and one unheard stretch; 7 replies heard (in part).
        #expect(html.components(separatedBy: "<g class=\"barge-in\">").count - 1 == 1)
        #expect(html.components(separatedBy: "class=\"span agent-unheard\" data-turn=\"5\"").count - 1 == 1)
        #expect(html.components(separatedBy: "class=\"span agent-played\"").count - 1 == 7)
        #expect(html.components(separatedBy: "class=\"span user-speech\"").count - 1 == 7)
        #expect(html.components(separatedBy: "class=\"span user-silence\" data-turn=\"8\"").count - 1 == 1)

        // The embedded audio is byte for byte what `run --audio-out` writes for the session.
        let tracks = dir.appendingPathComponent("tracks")
        let run = try TestSupport.agentsim("run", Self.scenario, "--audio-out", tracks.path)
        try #require(run.status == 0, "\(run.stderr)")
        let embedded = try Self.captures(
            #"<audio controls preload="metadata" data-track="(user|agent)" src="data:audio/ogg;codecs=opus;base64,([A-Za-z0-9+/=]+)">"#,
            in: html)
        #expect(embedded.map { $0[0] } == ["user", "agent"])
        for track in embedded {
            let file = try Data(contentsOf: tracks.appendingPathComponent("livekit-thread-gemini.\(track[0]).opus"))
            let decoded = try #require(Data(base64Encoded: track[1]))
            #expect(decoded == file, "\(track[0]): \(decoded.count) bytes embedded, \(file.count) in the file")
            #expect(decoded.prefix(4) == Data("OggS".utf8))
        }
    }

    @Test func screenshotsAt1280And390PixelsAndNoSidewaysScrolling() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = try Self.writePage(dir)
        for width in [1280, 390] {
            let png = dir.appendingPathComponent("shot-\(width).png")
            let shot = try Self.chromium(
                ["--window-size=\(width),2000", "--screenshot=\(png.path)"], page: page, in: dir)
            #expect(shot.status == 0, "\(shot.stderr)")
            let bytes = [UInt8](try Data(contentsOf: png))
            try #require(bytes.count > 24)
            #expect(bytes.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            // IHDR: width and height, big-endian, at bytes 16 and 20.
            let pngWidth = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) },
                pngHeight = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
            #expect(pngWidth == width && pngHeight == 2000)
            // Laid out in a frame of that width (headless Chromium's own window is at least 500 px wide), the page is
            // no wider than the frame: charts shrink, the timeline scrolls in its own box.
            let frame = dir.appendingPathComponent("frame-\(width).html")
            try """
            <html><body style="margin:0"><iframe id="f" src="\(page.lastPathComponent)" style="width:\(width)px;height:2000px;border:0"></iframe>
            <script>document.getElementById('f').addEventListener('load', function () {
              var d = this.contentDocument;
              document.body.setAttribute('data-frame', d ? this.contentWindow.innerWidth + ' ' + d.documentElement.scrollWidth + ' ' + d.body.getAttribute('data-script') : 'blocked');
            });</script></body></html>
            """.write(to: frame, atomically: true, encoding: .utf8)
            let dumped = try Self.chromium(
                ["--window-size=\(width + 100),2000", "--allow-file-access-from-files", "--dump-dom"], page: frame,
                in: dir)
            let measured = try #require(
                try Self.captures(#"data-frame="(\d+) (\d+) (\w+)""#, in: dumped.stdout).first,
                "\(dumped.stdout.prefix(300))")
            #expect(Int(measured[0]) == width)
            let pageWidth = try #require(Int(measured[1]))
            #expect(pageWidth <= width, "page is \(pageWidth) px wide in a \(width) px frame")
            #expect(measured[2] == "ran")
        }
    }

    @Test func sameFileAndSeedGiveTheSameBytesAndAnotherSeedDoesNot() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try Data(contentsOf: try Self.writePage(dir, name: "a.html"))
        let second = try Data(contentsOf: try Self.writePage(dir, name: "b.html"))
        #expect(first == second)
        let other = dir.appendingPathComponent("c.html")
        let result = try TestSupport.agentsim(
            "report", Self.scenario, "--providers", "gemini-live", "--seed", "8", "--html", other.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Data(contentsOf: other) != first)
    }

    @Test func badInputIsExitStatus2AndLeavesNoFile() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missingDirectory = dir.appendingPathComponent("no/such/dir/out.html").path
        let unwritable = try TestSupport.agentsim("report", Self.scenario, "--html", missingDirectory)
        #expect(unwritable.status == 2)
        #expect(unwritable.stderr.hasPrefix("agentsim: --html: "), "\(unwritable.stderr)")
        #expect(!FileManager.default.fileExists(atPath: missingDirectory))

        let out = dir.appendingPathComponent("out.html").path
        let unknown = try TestSupport.agentsim(
            "report", Self.scenario, "--providers", "openai-realtime,nope", "--html", out)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown provider 'nope'"), "\(unknown.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))

        let bad = dir.appendingPathComponent("bad.yaml")
        try "version: 1\nsession: {provider: openai-realtime}\nturns:\n  - user: {say: hi, seconds: -2}\n".write(
            to: bad, atomically: true, encoding: .utf8)
        let malformed = try TestSupport.agentsim("report", bad.path, "--html", out)
        #expect(malformed.status == 2)
        #expect(malformed.stderr.hasPrefix("\(bad.path):4:"), "\(malformed.stderr)")
        #expect(
            malformed.stderr.contains("error: turns[0].user.seconds: expected a number from 0.0 to 3600.0, got -2.0"),
            "\(malformed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
