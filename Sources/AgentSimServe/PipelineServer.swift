import AgentSimCore
import AgentSimJSON
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import Synchronization

/// The pipeline services `agentsim serve` speaks, on the same port as OpenAI Realtime: each provider's own endpoint
/// (OpenAI Chat Completions, Deepgram's `/v1/listen`, ElevenLabs' `multi-stream-input`, …) for the pipeline scenarios
/// it was given. A client names its scenario in the base URL's path, `/scenario/NAME/…` (an SDK appends its own
/// paths to a base URL and drops or mangles a query), or in an `X-Agentsim-Scenario` header; with one pipeline
/// scenario, plain paths play it.
///
/// The services of one agent share one served session: the first connection for a scenario opens it, and it ends
/// once every agent turn has been served and its connections have closed (the next connection opens a new one).
public final class PipelineServer: Sendable {
    public let scripts: [PipelineScript]
    public let oracle: ServeOracle
    /// `--seed`, else each scenario's.
    let seed: UInt64?
    /// The session clock's rate against the wall clock (a driver playing its room faster asks for the same).
    public let speed: Double
    private let open = Mutex<[String: PipelineServeSession]>([:])

    /// The pipeline services serve speaks, by plugin id.
    public static let services = [
        "deepgram", "openai-stt", "openai-chat", "openai-responses", "anthropic", "gemini", "elevenlabs",
        "openai-tts", "cartesia",
    ]

    /// Largest request body accepted (a long conversation's context); a larger one gets the provider's 413 error.
    public static let maxBodyBytes = 16 << 20

    public init(scripts: [PipelineScript], oracle: ServeOracle, seed: UInt64?, speed: Double = 1) {
        self.scripts = scripts
        self.oracle = oracle
        self.seed = seed
        self.speed = speed
    }

    /// The script a request names, or nil (unknown, or ambiguous when none is named).
    func script(named name: String?) -> PipelineScript? {
        if let name { return scripts.first { $0.scenario.name == name || $0.scenario.file == name } }
        return scripts.count == 1 ? scripts[0] : nil
    }

    /// The open session of `script`, or a new one (its clock `elapsed` session seconds along: see
    /// ``PipelineServeSession``).
    func session(for script: PipelineScript, elapsed: Double = 0) throws(ScenarioError) -> PipelineServeSession {
        let key = script.scenario.name
        return try open.withLock { open throws(ScenarioError) in
            if let existing = open[key] { return existing }
            let made = try PipelineServeSession(
                script: script, number: oracle.nextSessionNumber(), seed: seed ?? script.scenario.seed, speed: speed,
                elapsed: elapsed)
            open[key] = made
            return made
        }
    }

    /// A connection of `session` closed: when the session is over, the oracle records it.
    func closed(_ session: PipelineServeSession, socket: Bool) {
        guard session.closed(socket: socket) else { return }
        finish(session)
    }

    private func finish(_ session: PipelineServeSession) {
        open.withLock { open in
            if open[session.script.scenario.name] === session { open[session.script.scenario.name] = nil }
        }
        if let record = session.takeRecord() { oracle.record(record) }
    }

    /// Records every session still open (the server is stopping).
    public func finishAll() {
        let sessions = open.withLock { open in Array(open.values) }
        for session in sessions { finish(session) }
    }

    /// A request's body, at most ``maxBodyBytes``; nil when it is larger, or when the client went away before sending
    /// it all (each caller answers with its provider's 413, which a client that left never reads).
    static func body(of request: Request) async -> ByteBuffer? {
        try? await request.body.collect(upTo: maxBodyBytes)
    }

    /// The session a request's path and headers name, and the endpoint path after the scenario prefix.
    struct Route: Sendable {
        var script: PipelineScript?
        var named: String?
        /// The path without `/scenario/NAME`, and without a trailing slash.
        var path: String
        var query: String
    }

    func route(path full: String, headers: HTTPFields) -> Route {
        let parts = full.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var path = String(parts.first ?? "")
        let query = parts.count > 1 ? String(parts[1]) : ""
        var name: String?
        if path.hasPrefix("/scenario/") {
            let rest = path.dropFirst("/scenario/".count)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            name = String(rest[..<end]).removingPercentEncoding
            path = String(rest[end...])
        }
        if name == nil, let header = HTTPField.Name("X-Agentsim-Scenario"), let value = headers[header] {
            name = value
        }
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return Route(script: script(named: name), named: name, path: path, query: query)
    }

    /// The refusal for a request whose scenario is unknown.
    func unknownScenario(_ route: Route) -> String {
        let names = scripts.map(\.scenario.name).joined(separator: ", ")
        if let name = route.named {
            return "Unknown scenario '\(name)'; this server plays the pipelines: \(names)."
        }
        return "Name the scenario in the base URL (http://HOST:PORT/scenario/NAME/...): this server plays the "
            + "pipelines \(names)."
    }

    // MARK: Websockets

    /// The pipeline websocket a request upgrades to, if it is one.
    public enum Socket: Sendable {
        case deepgram(DeepgramWire.Options)
        case elevenLabs(ElevenLabsWire.Options)
        /// Cartesia's `/tts/websocket`.
        case cartesia
        /// OpenAI Responses' websocket (LiveKit connects to its `base_url` itself, or to `/v1/responses`).
        case responses
        /// OpenAI's realtime transcription websocket (`/v1/realtime?intent=transcription`), with the model the URL
        /// names.
        case openAITranscription(model: String?)
    }

    /// Whether `request` is a pipeline websocket this server speaks; the upgrade's handler if so.
    func upgrade(_ request: HTTPRequest) -> (Route, Socket)? {
        let route = route(path: request.path ?? "", headers: request.headerFields)
        if route.script?.plugin.config.stt.provider == "openai-stt", ["/v1/realtime", "/realtime"].contains(route.path)
        {
            let model = route.query.split(separator: "&").compactMap { pair -> String? in
                let kv = pair.split(separator: "=", maxSplits: 1)
                return kv.count == 2 && kv[0] == "model" ? String(kv[1]).removingPercentEncoding : nil
            }.first
            return (route, .openAITranscription(model: model))
        }
        if route.path == "/v1/listen" || route.path == "/listen" || route.path == "/v2/listen" {
            let options = DeepgramWire.Options(query: route.query)
            // A model the scenario does not run: Deepgram refuses the handshake (PipelineRoutes answers 400).
            if let script = route.script, DeepgramWire.handshakeRefusal(options, script: script) != nil { return nil }
            return (route, .deepgram(options))
        }
        if route.script?.plugin.config.llm.provider == "openai-responses",
            ["/v1/responses", "/responses", "/v1", "/", ""].contains(route.path)
        {
            return (route, .responses)
        }
        if route.path == "/tts/websocket" { return (route, .cartesia) }
        if let voice = ElevenLabsWire.voice(inPath: route.path) {
            return (route, .elevenLabs(ElevenLabsWire.Options(voice: voice, query: route.query)))
        }
        return nil
    }

    /// Serves one upgraded pipeline websocket to its end.
    func serve(
        _ route: Route, _ socket: Socket, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter
    ) async throws {
        guard let script = route.script else {
            try await outbound.write(
                .text(JSONValue.object([("error", .string(unknownScenario(route)))]).compactString()))
            try await outbound.close(.policyViolation, reason: "unknown scenario")
            return
        }
        let session: PipelineServeSession
        do {
            session = try self.session(for: script)
        } catch {
            try await outbound.close(.unexpectedServerError, reason: "the scenario cannot be served")
            return
        }
        session.opened(socket: true)
        defer { closed(session, socket: true) }
        switch socket {
        case let .deepgram(options):
            try await DeepgramWire(session: session, options: options).serve(inbound: inbound, outbound: outbound)
        case .cartesia:
            try await CartesiaWire(session: session).serve(inbound: inbound, outbound: outbound)
        case let .elevenLabs(options):
            try await ElevenLabsWire(session: session, options: options).serve(inbound: inbound, outbound: outbound)
        case .responses:
            try await ResponsesWire(server: self, route: route).serve(inbound: inbound, outbound: outbound)
        case let .openAITranscription(model):
            try await OpenAITranscriptionWire(session: session, model: model).serve(
                inbound: inbound, outbound: outbound)
        }
    }
}

/// The pipeline services' HTTP endpoints, as router middleware: a request for one of them is answered here; any
/// other goes on to the router.
public struct PipelineRoutes<Context: RequestContext>: RouterMiddleware {
    let server: PipelineServer

    public init(server: PipelineServer) { self.server = server }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let route = server.route(path: request.uri.description, headers: request.headers)
        switch (request.method, route.path) {
        case (.post, "/v1/chat/completions"), (.post, "/chat/completions"):
            return await ChatCompletionsWire(server: server, route: route).respond(to: request)
        case (.post, "/v1/responses"), (.post, "/responses"):
            return await ResponsesWire(server: server, route: route).respond(to: request)
        case (.post, "/v1/audio/transcriptions"), (.post, "/audio/transcriptions"):
            return await OpenAIBatchTranscriptionWire(server: server, route: route).respond(to: request)
        case (.post, "/v1/audio/speech"), (.post, "/audio/speech"):
            return await OpenAITTSWire(server: server, route: route).respond(to: request)
        case (.post, "/v1/messages"):
            return await AnthropicWire(server: server, route: route).respond(to: request)
        case (.post, let path) where GeminiWire.model(inPath: path) != nil:
            return await GeminiWire(server: server, route: route).respond(
                to: request, model: GeminiWire.model(inPath: path)!)
        case (.get, "/v1/listen"), (.get, "/listen"), (.get, "/v2/listen"):
            return DeepgramWire.refuse(route, server: server)
        case (.get, "/v1beta/models"), (.get, "/v1beta1/publishers/google/models"),
            (.get, "/v1/models") where route.script?.plugin.config.llm.provider == "gemini":
            return GeminiWire(server: server, route: route).models()
        case (.get, "/v1/models"), (.get, "/models"):
            guard request.uri.path.hasPrefix("/scenario/") else { return try await next(request, context) }
            if route.script?.plugin.config.llm.provider == "anthropic" {
                return AnthropicWire(server: server, route: route).models()
            }
            return ChatCompletionsWire(server: server, route: route).models()
        default:
            return try await next(request, context)
        }
    }
}
