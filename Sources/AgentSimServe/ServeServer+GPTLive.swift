import AgentSimJSON
import AgentSimLoad
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import NIOWebSocket

extension ServeServer {
    /// One GPT-Live websocket: the chosen scenario's wire session, fed every text event the client sends.
    static func gptLiveSession(
        path: GPTLivePath, oracle: ServeOracle, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter
    ) async throws {
        guard let script = oracle.script(named: path.scenario, provider: "openai-live") else {
            let names = oracle.scripts.filter { $0.scenario.session.provider == "openai-live" }.map(\.scenario.name)
            let message =
                names.isEmpty
                ? "This server plays no openai-live scenario."
                : "Unknown scenario '\(path.scenario ?? "")'; this server plays: " + names.joined(separator: ", ")
            let error = JSONValue.object([
                ("type", "error"), ("event_id", "event_agentsim_refusal"),
                (
                    "error",
                    .object([
                        ("type", "invalid_request_error"), ("code", "invalid_scenario"), ("message", .string(message)),
                    ])
                ),
            ])
            try await outbound.write(.text(error.compactString()))
            try await outbound.close(.policyViolation, reason: "unknown scenario")
            return
        }
        let number = oracle.nextSessionNumber()
        var wire: GPTLiveWire
        do {
            wire = try GPTLiveWire(
                script: script, seed: oracle.seed ?? script.scenario.seed, startTime: Date().timeIntervalSince1970,
                salt: UInt64(number))
        } catch {
            try await outbound.close(.unexpectedServerError, reason: "the scenario cannot be served")
            oracle.record(number: number, scenario: script.scenario.name, payloads: [], totals: Totals())
            return
        }
        defer {
            wire.end()
            oracle.record(number: number, scenario: script.scenario.name, payloads: wire.payloads, totals: wire.totals)
        }
        for try await message in inbound.messages(maxSize: maxFrameSize) {
            let reply: GPTLiveWire.Reply
            switch message {
            case let .text(text): reply = wire.receive(text)
            case .binary: reply = wire.refuseBinary()
            }
            for event in reply.events { try await outbound.write(.text(event.compactString())) }
            if let close = reply.close {
                try await outbound.close(.init(codeNumber: Int(close.code)), reason: close.reason)
                return
            }
        }
    }
}

/// A GPT-Live endpoint: `/v1/live/sessions` (what livekit-agents 1.8.9's `GPTLiveModel` opens under its base URL; also
/// `/live/sessions` and `/openai/v1/live/sessions`), the scenario named by a `/scenario/NAME` prefix (LiveKit keeps the
/// base URL's path but drops its query), `?scenario=NAME` or the `X-Agentsim-Scenario` header.
struct GPTLivePath: Sendable {
    var scenario: String?

    static let paths: Set<String> = ["/v1/live/sessions", "/live/sessions", "/openai/v1/live/sessions"]

    init?(_ request: HTTPRequest) {
        let full = request.path ?? ""
        let parts = full.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var path = String(parts.first ?? "")
        if path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        if path.hasPrefix("/scenario/") {
            let rest = path.dropFirst("/scenario/".count)
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            let name = String(rest[..<slash])
            scenario = name.removingPercentEncoding ?? name
            path = String(rest[slash...])
        }
        guard Self.paths.contains(path) else { return nil }
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                if kv.count == 2, kv[0] == "scenario" {
                    scenario = String(kv[1]).removingPercentEncoding ?? String(kv[1])
                }
            }
        }
        if scenario == nil, let name = HTTPField.Name("X-Agentsim-Scenario"), let header = request.headerFields[name] {
            scenario = header
        }
    }
}
