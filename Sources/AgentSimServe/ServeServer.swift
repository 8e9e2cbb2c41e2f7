import AgentSimCore
import AgentSimJSON
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWebSocket
import Logging
import NIOCore

/// `agentsim serve`'s server: one port, HTTP and websocket upgrades (Hummingbird), and with `--tls` a second, TLS port
/// serving the same. OpenAI Realtime's GA protocol at `/v1/realtime` (and `/realtime`, `/openai/realtime`,
/// `/openai/v1/realtime`), Gemini Live's `BidiGenerateContent` at its `/ws/google.ai.generativelanguage…` paths, the
/// oracle at `GET /agentsim/totals`.
/// Every socket is its own session: nothing is shared between sessions but the read-only scripts and the oracle.
public enum ServeServer {
    /// Largest websocket message accepted (a `session.update` with many tools, a long audio append); a larger frame
    /// closes the socket with 1009 (message too big).
    public static let maxFrameSize = 16 << 20

    /// Runs until SIGINT or SIGTERM, calling `onListening` with each listener's base URL once its port is bound: the
    /// plain one on `port`, and with `tls` a TLS one on `tlsPort` too (both serve every endpoint).
    /// - Throws: when a port cannot be bound.
    public static func run(
        host: String, port: Int, tls: ServeTLS? = nil, tlsPort: Int = 0, oracle: ServeOracle,
        pipelines: PipelineServer? = nil,
        onListening: @escaping @Sendable (String) -> Void
    ) async throws {
        let router = Router()
        router.get("/agentsim/totals") { _, _ -> Response in
            let body = oracle.json.prettyString() + "\n"
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("/healthz") { _, _ -> Response in
            let body = "ok sessions=\(oracle.sessionsFinished) open=\(oracle.openSessions)\n"
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("/v1/models") { _, _ -> Response in
            let models = oracle.scripts.map { JSONValue.object([("id", .string($0.model)), ("object", "model")]) }
            let body = JSONValue.object([("object", "list"), ("data", .array(models))]).compactString()
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        if let pipelines { router.add(middleware: PipelineRoutes(server: pipelines)) }
        var logger = Logger(label: "agentsim-serve")
        logger.logLevel = .critical
        let upgrade: HTTPServerBuilder = .http1WebSocketUpgrade(
            configuration: .init(ws: .init(maxFrameSize: maxFrameSize, autoPing: .enabled(timePeriod: .seconds(30))))
        ) { request, _, _ in
            if let pipelines, let (route, socket) = pipelines.upgrade(request) {
                return .upgrade([:]) { inbound, outbound, _ in
                    try await pipelines.serve(route, socket, inbound: inbound, outbound: outbound)
                }
            }
            if let path = RealtimePath(request) {
                return .upgrade([:]) { inbound, outbound, _ in
                    try await session(path: path, oracle: oracle, inbound: inbound, outbound: outbound)
                }
            }
            if let path = GPTLivePath(request) {
                return .upgrade([:]) { inbound, outbound, _ in
                    try await gptLiveSession(path: path, oracle: oracle, inbound: inbound, outbound: outbound)
                }
            }
            if let path = GeminiLivePath(request) {
                return .upgrade([:]) { inbound, outbound, _ in
                    try await geminiSession(path: path, oracle: oracle, inbound: inbound, outbound: outbound)
                }
            }
            return .dontUpgrade
        }
        func application(_ server: HTTPServerBuilder, port: Int, scheme: String) -> some ApplicationProtocol {
            Application(
                router: router, server: server,
                configuration: .init(address: .hostname(host, port: port), serverName: "agentsim"),
                onServerRunning: { channel in
                    let bound = channel.localAddress?.port ?? port
                    onListening("\(scheme)://\(host):\(bound)")
                },
                logger: logger)
        }
        let plain = application(upgrade, port: port, scheme: "http")
        guard let tls else {
            try await plain.runService()
            return
        }
        let secure = application(
            try .tls(upgrade, configuration: TLSChannelConfiguration(tlsConfiguration: tls.configuration)),
            port: tlsPort, scheme: "https")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await plain.runService() }
            group.addTask { try await secure.runService() }
            try await group.next()
            group.cancelAll()
        }
    }

    /// One websocket: the chosen scenario's wire session, fed every text message the client sends.
    static func session(
        path: RealtimePath, oracle: ServeOracle, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter
    ) async throws {
        let opened = ContinuousClock.now
        func now() -> Double {
            let elapsed = ContinuousClock.now - opened
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        }
        guard let script = oracle.script(named: path.scenario) else {
            var refusal = OpenAIRealtimeWire.refusal(
                code: "invalid_scenario",
                message: "Unknown scenario '\(path.scenario ?? "")'; this server plays: "
                    + oracle.scripts.map(\.scenario.name).joined(separator: ", ") + ".")
            try await outbound.write(.text(refusal.removeFirst().compactString()))
            try await outbound.close(.policyViolation, reason: "unknown scenario")
            return
        }
        let number = oracle.nextSessionNumber()
        var wire = OpenAIRealtimeWire(
            script: script, seed: oracle.seed ?? script.scenario.seed, startTime: Date().timeIntervalSince1970,
            salt: UInt64(number), provider: path.host)
        for event in wire.open() { try await outbound.write(.text(event.compactString())) }
        defer {
            wire.end(at: now())
            oracle.record(number: number, wire: wire)
        }
        for try await message in inbound.messages(maxSize: maxFrameSize) {
            let reply: OpenAIRealtimeWire.Reply
            switch message {
            case let .text(text):
                reply = wire.receive(text, at: now())
            case .binary:
                reply = OpenAIRealtimeWire.Reply(events: wire.refuseBinary())
            }
            for event in reply.events { try await outbound.write(.text(event.compactString())) }
            if reply.close { return }
        }
    }
}

/// The realtime endpoint a request asks for and the scenario it names (`?scenario=NAME` or `X-Agentsim-Scenario`).
struct RealtimePath: Sendable {
    var scenario: String?
    /// The `Host` the client connected to (what LiveKit names the provider by).
    var host: String?

    static let paths: Set<String> = ["/v1/realtime", "/realtime", "/openai/realtime", "/openai/v1/realtime"]

    init?(_ request: HTTPRequest) {
        let full = request.path ?? ""
        let parts = full.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(parts.first ?? "")
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        guard Self.paths.contains(trimmed) else { return nil }
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                if kv.count == 2, kv[0] == "scenario" {
                    scenario = String(kv[1]).removingPercentEncoding ?? String(kv[1])
                }
            }
        }
        host = request.authority
        if scenario == nil, let name = HTTPField.Name("X-Agentsim-Scenario"), let header = request.headerFields[name] {
            scenario = header
        }
    }
}
