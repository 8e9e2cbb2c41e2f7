import AgentSimAudio
import AgentSimCore
import AgentSimJSON
import AgentSimLoad
import AgentSimServe
import ArgumentParser
import Foundation

extension AgentSim {
    /// `agentsim serve`: the providers' own protocols on a local port, for real, unmodified clients.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Serve scenarios over the providers' own protocols (realtime models and pipeline STT, LLM and TTS "
                + "services), for real agents (LiveKit, Pipecat).",
            discussion: """
                One process, one port: OpenAI Realtime (GA protocol) at /v1/realtime, so a LiveKit agent's \
                openai.realtime.RealtimeModel(base_url="http://HOST:PORT/v1") runs against it with any key. What the \
                agent says comes from the scenario's agent turns, in order; what is billed comes from what the client \
                really sent, through the same plugin session `agentsim run` uses.

                The first line printed is `listening on http://HOST:PORT`. A session plays the scenario named by \
                ?scenario=NAME or the X-Agentsim-Scenario header, else the given files in turn. GET /agentsim/totals \
                serves, per finished session, the native usage messages sent and the totals a correct collector \
                holds. SIGINT or SIGTERM stops the server; --report is then written whole.

                Gemini Live (BidiGenerateContent) is served at /ws/google.ai.generativelanguage.v1beta.\
                GenerativeService.BidiGenerateContent (and v1, v1alpha). google-genai speaks TLS whenever an API key \
                is set, so give --tls: \
                `--tls self-signed` makes a certificate for 127.0.0.1 and localhost and prints the file to trust \
                (SSL_CERT_FILE=…); `--tls CERT,KEY` serves your own PEM files. The TLS listener runs on --tls-port \
                beside the plain one and serves the same endpoints.

                GPT-Live (openai-live) is served at /v1/live/sessions: LiveKit's GPTLiveModel(base_url=\
                "http://HOST:PORT/scenario/NAME/v1") opens it. The session's clock is the audio the client sends; the \
                scenario's timeline plays on it, and session.closed ends the bill at the client's session.close.

                Pipeline scenarios (session.pipeline) are served at each service's own endpoints under \
                http://HOST:PORT/scenario/NAME: point every plugin's base_url there. STT: Deepgram /v1/listen and \
                /v2/listen (websockets), OpenAI /v1/audio/transcriptions (the batch path: the agent's VAD cuts the \
                segments) and /v1/realtime?intent=transcription. LLM: OpenAI /v1/chat/completions and /v1/responses \
                (SSE and websocket), Anthropic /v1/messages, Gemini :streamGenerateContent (Google AI and Vertex \
                paths). TTS: ElevenLabs /v1/text-to-speech/VOICE/multi-stream-input, Cartesia /tts/websocket, OpenAI \
                /v1/audio/speech. The services of one agent share one served session; errors are each provider's own.
                """)

        @Argument(
            help: ArgumentHelp(
                "Scenario files or directories (openai-realtime, gemini-live and openai-live scenarios, and pipelines "
                    + "of the services listed above, are served).")
        )
        var paths: [String]

        @Option(help: "Address to listen on.")
        var host: String = "127.0.0.1"

        @Option(help: "Port to listen on (0 picks a free one).")
        var port: Int = 8089

        @Option(
            help: ArgumentHelp(
                "Serve TLS too: 'self-signed' (a certificate for 127.0.0.1 and localhost, made at start) or 'CERT,KEY' "
                    + "(PEM files).", valueName: "self-signed|CERT,KEY"))
        var tls: String?

        @Option(name: .customLong("tls-port"), help: "Port of the TLS listener (0 picks a free one).")
        var tlsPort: Int = 8443

        @Option(
            parsing: .unconditional, help: "Seed for the ids every session draws, instead of each file's.",
            transform: Seed.init(parsing:))
        var seed: Seed?

        @Option(help: "Write the oracle (per session: usage messages sent, collector totals) here when stopped.")
        var report: String?

        @Option(
            help: ArgumentHelp(
                "When stopped, GET this collector's totals (as `load --verify` does) and compare them with the "
                    + "oracle's."))
        var verify: String?

        @Option(help: "With --verify: seconds to wait for the collector's answer.")
        var timeout: Double = 10

        @Option(
            name: .customLong("driver-script"),
            help: "Write each scenario's driver script (NAME.drive.json and its user audio, for drive.py) here first.")
        var driverScript: String?

        @Option(
            help: ArgumentHelp(
                "Pipeline services: play the scenario's timeline this many times faster than real time (a driver "
                    + "playing its room faster asks for the same)."))
        var speed: Double = 1

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port takes 0 to 65535, got \(port)") }
            guard speed > 0, speed <= 1000 else { throw ValidationError("--speed takes 0 to 1000, got \(speed)") }
            guard (0...65535).contains(tlsPort) else {
                throw ValidationError("--tls-port takes 0 to 65535, got \(tlsPort)")
            }
            if let tls {
                do {
                    _ = try ServeTLS.Mode(argument: tls)
                } catch {
                    throw ValidationError(error.description)
                }
            }
        }

        func run() async throws {
            let (scripts, pipelineScripts) = try ServeScripts.loadAll(paths: paths)
            if let driverScript {
                do {
                    for script in scripts { try script.writeDriverFiles(to: driverScript) }
                    for script in pipelineScripts { try script.writeDriverFiles(to: driverScript) }
                } catch {
                    throw BadInput("cannot write into \(driverScript): \(error.description)")
                }
            }
            let oracle = ServeOracle(scripts: scripts, seed: seed?.value)
            let pipelines =
                pipelineScripts.isEmpty
                ? nil : PipelineServer(scripts: pipelineScripts, oracle: oracle, seed: seed?.value, speed: speed)
            let secure = try tls.map { try ServeScripts.tls($0) }
            do {
                try await ServeServer.run(
                    host: host, port: port, tls: secure, tlsPort: tlsPort, oracle: oracle, pipelines: pipelines
                ) { url in
                    print("listening on \(url)")
                    if url.hasPrefix("https:"), let secure {
                        print("trust the certificate: SSL_CERT_FILE=\(secure.trustFile)")
                    }
                    _ = Console.flushOutput()
                }
            } catch {
                throw BadInput("cannot serve on \(host):\(port): \(error)")
            }
            pipelines?.finishAll()
            let oracleJSON = oracle.json
            if let report {
                try ServeScripts.write(oracleJSON.prettyString() + "\n", to: report)
            }
            if let verify {
                try await verifyCollector(verify, oracle: oracleJSON["totals"] ?? .null)
            }
        }
    }
}

extension AgentSim.Serve {
    /// `--verify`: the collector's totals against the oracle's, field by field, as `load --verify` compares them.
    func verifyCollector(_ url: String, oracle: JSONValue) async throws {
        let answer: JSONValue
        do {
            answer = try await Verification.fetch(url, timeoutSeconds: timeout)
        } catch let failure as VerifyFailure {
            throw BadInput(failure.description)
        }
        let none = FaultEffects.Effect(totals: .object([]), ids: [], count: 0, what: "")
        let outcome = Verification.compare(
            collector: answer, oracle: oracle, effects: FaultEffects(dropped: none, duplicated: none, resent: none),
            url: url)
        if outcome.matches {
            print("verify: \(url) holds the oracle's totals (\(outcome.comparedFields) fields compared)")
            return
        }
        var lines = ["verify: \(url) differs from the oracle in \(outcome.differences.count) fields:"]
        for difference in outcome.differences {
            lines.append(
                "  \(difference.field): collector "
                    + Figures.number(difference.collector, isInteger: difference.isInteger) + ", oracle "
                    + Figures.number(difference.oracle, isInteger: difference.isInteger))
        }
        print(lines.joined(separator: "\n"))
        throw DifferenceFound()
    }
}

/// Loading and writing for `serve` and `check --serve`.
enum ServeScripts {
    /// The providers whose wire protocols serve speaks.
    static let served = ["openai-realtime", "gemini-live", "openai-live"]

    /// The realtime scenarios in `paths`, each ready to serve (pipelines left out).
    static func load(paths: [String]) throws -> [ServeScript] {
        try loadAll(paths: paths).realtime
    }

    /// The servable scenarios in `paths`: realtime ones (OpenAI Realtime, Gemini Live) and pipelines (directories give
    /// theirs; a named file must be one).
    static func loadAll(paths: [String]) throws -> (realtime: [ServeScript], pipelines: [PipelineScript]) {
        var scenarios: [Scenario] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ScenarioError("no such file or directory", at: SourceLocation(file: path))
            }
            if isDirectory.boolValue {
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                    .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }.sorted()
                for name in names {
                    let scenario = try ScenarioLoader.load(path: (path as NSString).appendingPathComponent(name))
                    if isServable(scenario) { scenarios.append(scenario) }
                }
            } else {
                let scenario = try ScenarioLoader.load(path: path)
                guard isServable(scenario) else {
                    throw ScenarioError(
                        "session.provider: serve plays " + served.joined(separator: ", ")
                            + " scenarios and pipelines whose services it "
                            + "speaks (\(PipelineServer.services.joined(separator: ", "))); this one uses "
                            + "'\(scenario.session.pipeline?.label ?? scenario.session.provider)'",
                        at: scenario.session.providerLocation)
                }
                scenarios.append(scenario)
            }
        }
        guard !scenarios.isEmpty else {
            throw ValidationError("no servable scenario in \(paths.joined(separator: ", "))")
        }
        let clips = ClipCache()
        var realtime: [ServeScript] = []
        var pipelines: [PipelineScript] = []
        for scenario in scenarios {
            let script = try ServeScript(scenario, clips: clips)
            if scenario.session.pipeline != nil {
                pipelines.append(try PipelineScript(script, plugins: AgentSim.plugins))
            } else {
                _ = try scenario.session.plugin(from: AgentSim.plugins).makeSession(
                    SessionSetup(
                        model: scenario.session.model, modelLocation: scenario.session.modelLocation,
                        options: scenario.session.options, seed: scenario.seed, scenarioName: scenario.name,
                        startTime: 0))
                realtime.append(script)
            }
        }
        return (realtime, pipelines)
    }

    /// A realtime scenario serve speaks, or a pipeline whose three services it speaks.
    static func isServable(_ scenario: Scenario) -> Bool {
        if let pipeline = scenario.session.pipeline {
            return pipeline.services.allSatisfy { PipelineServer.services.contains($0.spec.provider) }
        }
        return served.contains(scenario.session.provider)
    }

    /// `--tls`: the certificate and key, a self-signed pair's trust file written into the temporary directory.
    static func tls(_ argument: String) throws -> ServeTLS {
        do {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("agentsim-serve-tls-\(getpid())").path
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            return try ServeTLS(ServeTLS.Mode(argument: argument), directory: directory)
        } catch {
            throw BadInput(error.description)
        }
    }

    static func write(_ text: String, to path: String) throws {
        do {
            try AtomicFile.write(Array(text.utf8), to: path)
        } catch {
            throw BadInput("cannot write \(path): \(error.description)")
        }
    }
}
