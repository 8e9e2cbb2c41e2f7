import AgentSimJSON
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import NIOWebSocket

extension ServeServer {
    /// One Gemini Live websocket: the chosen scenario's wire session, fed every message the client sends (text, or
    /// binary holding UTF-8 JSON, as Google accepts both).
    static func geminiSession(
        path: GeminiLivePath, oracle: ServeOracle, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter
    ) async throws {
        let opened = ContinuousClock.now
        func now() -> Double {
            let elapsed = ContinuousClock.now - opened
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        }
        guard let script = oracle.script(named: path.scenario, provider: "gemini-live") else {
            let names = oracle.scripts.filter { $0.scenario.session.provider == "gemini-live" }.map(\.scenario.name)
            let reason =
                names.isEmpty
                ? "This server plays no gemini-live scenario."
                : "Unknown scenario '\(path.scenario ?? "")'; this server plays: " + names.joined(separator: ", ")
            try await outbound.close(.policyViolation, reason: String(reason.prefix(120)))
            return
        }
        let number = oracle.nextSessionNumber()
        var wire = GeminiLiveWire(
            script: script, seed: oracle.seed ?? script.scenario.seed, startTime: Date().timeIntervalSince1970,
            salt: UInt64(number))
        defer {
            wire.end(at: now())
            oracle.record(number: number, scenario: script.scenario.name, payloads: wire.payloads, totals: wire.totals)
        }
        for try await message in inbound.messages(maxSize: maxFrameSize) {
            let text: String
            switch message {
            case let .text(value): text = value
            case let .binary(buffer): text = String(buffer: buffer)
            }
            let reply = wire.receive(text, at: now())
            for event in reply.messages { try await outbound.write(.text(event.compactString())) }
            if let close = reply.close {
                try await outbound.close(.init(codeNumber: Int(close.code)), reason: close.reason)
                return
            }
        }
    }
}

/// A Gemini Live endpoint: `/ws/google.ai.generativelanguage.{v1,v1beta,v1alpha}.GenerativeService.BidiGenerateContent`
/// (what google-genai opens with an API key: v1 under a custom base URL; any key accepted in `x-goog-api-key` or
/// `?key=`), or Vertex AI's
/// `/ws/google.cloud.aiplatform.{v1,v1beta1}.LlmBidiService/BidiGenerateContent`; the scenario named by
/// `?scenario=NAME` or the `X-Agentsim-Scenario` header.
struct GeminiLivePath: Sendable {
    var scenario: String?
    var vertex: Bool

    static let paths: [String: Bool] = [
        "/ws/google.ai.generativelanguage.v1.GenerativeService.BidiGenerateContent": false,
        "/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent": false,
        "/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContent": false,
        "/ws/google.cloud.aiplatform.v1beta1.LlmBidiService/BidiGenerateContent": true,
        "/ws/google.cloud.aiplatform.v1.LlmBidiService/BidiGenerateContent": true,
    ]

    init?(_ request: HTTPRequest) {
        let full = request.path ?? ""
        let parts = full.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        // google-genai joins a base URL ending in "/" with "/ws/…": "//ws/…" reaches Google, and here, as one path.
        var path = String(parts.first ?? "")
        while path.hasPrefix("//") { path.removeFirst() }
        guard let vertex = Self.paths[path] else { return nil }
        self.vertex = vertex
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
