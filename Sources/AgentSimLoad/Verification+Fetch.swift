import AgentSimCore
import AsyncHTTPClient
import Foundation
import NIOCore

extension Verification {
    /// Largest `--verify` answer read (64 MiB).
    public static let maxAnswerBytes = 64 << 20

    /// GETs the collector's totals: the whole exchange, from the request to the answer's last byte, within
    /// `timeoutSeconds` (a collector that trickles its answer is cut off), and an answer of at most 64 MiB.
    /// - Throws: ``VerifyFailure`` when the URL cannot be reached, does not answer in time, answers a non-2xx status,
    ///   too much, or no JSON object.
    public static func fetch(_ url: String, timeoutSeconds: Double = 10) async throws -> JSONValue {
        let configuration = HTTPClient.Configuration.agentsim(timeoutSeconds: timeoutSeconds)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        defer { _ = client.shutdown() }
        let answer: HTTPExchange.Answer
        do {
            answer = try await HTTPExchange.perform(
                client, HTTPClientRequest(url: url), timeoutSeconds: timeoutSeconds,
                keep: { (200..<300).contains($0) ? maxAnswerBytes : 4096 })
        } catch {
            throw VerifyFailure(
                description:
                    "--verify \(url): cannot get the collector's totals: "
                    + HTTPExchange.describe(error, timeoutSeconds: timeoutSeconds))
        }
        let code = answer.status
        guard (200..<300).contains(code) else {
            throw VerifyFailure(
                description:
                    "--verify \(url): the collector answered HTTP \(code): "
                    + "\(String(decoding: answer.body, as: UTF8.self).prefix(200))")
        }
        guard !answer.truncated else {
            throw VerifyFailure(
                description:
                    "--verify \(url): the answer is longer than \(maxAnswerBytes) bytes (64 MiB); expected "
                    + "{\"model_usage\": [...]}")
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes: answer.body)
        } catch {
            throw VerifyFailure(
                description: "--verify \(url): the answer is not JSON (\(error)); expected {\"model_usage\": [...]}")
        }
        try validate(value, url: url)
        return value
    }
}
