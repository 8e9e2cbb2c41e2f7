import AgentSimJSON
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension DeepgramWire {
    /// Why Deepgram refuses the handshake of a `/v1/listen` connection for `script`, or nil: a `model` the scenario's
    /// STT does not run (`nova-3` plays `nova-3` and `nova-3-general`; no model plays Deepgram's default, the
    /// scenario's). Deepgram answers such a handshake with HTTP 400 instead of upgrading it.
    static func handshakeRefusal(_ options: Options, script: PipelineScript) -> String? {
        guard let model = options.model else { return nil }
        let served = script.models.stt
        if model == served || model.hasPrefix(served + "-") || served.hasPrefix(model + "-") { return nil }
        return "Bad Request: No such model/language/tier combination found."
    }

    /// Deepgram's HTTP error body, `{"err_code", "err_msg", "request_id"}`, with its status.
    static func error(_ status: HTTPResponse.Status, code: String, message: String) -> Response {
        let body = JSONValue.object([
            ("err_code", .string(code)), ("err_msg", .string(message)),
            ("request_id", .string(UUID().uuidString.lowercased())),
        ])
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body.compactString())))
    }

    /// The answer to a `/v1/listen` request that was not upgraded: the handshake's refusal (400), or Deepgram's 426
    /// for a plain HTTP request.
    static func refuse(_ route: PipelineServer.Route, server: PipelineServer) -> Response {
        guard let script = route.script else {
            return error(.notFound, code: "Not Found", message: server.unknownScenario(route))
        }
        if let refusal = handshakeRefusal(Options(query: route.query), script: script) {
            return error(.badRequest, code: "Bad Request", message: refusal)
        }
        return error(
            .upgradeRequired, code: "Upgrade Required", message: "/v1/listen streams over a websocket: upgrade to it.")
    }
}
