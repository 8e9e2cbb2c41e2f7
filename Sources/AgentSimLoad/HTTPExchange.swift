import AsyncHTTPClient
import Foundation
import NIOCore

/// One HTTP request and its answer within a total deadline, from the first byte sent to the last byte read: every
/// exchange agentsim has with a collector (the HTTP sink's POSTs, `--verify`'s GET). async-http-client's own
/// deadline covers the response head only, and its read timeout only the gap between two reads, so a collector that
/// trickles its body (a byte every 2 s) would hold a run forever; here the whole exchange races a timer, and the
/// loser is cancelled.
enum HTTPExchange {
    /// An answer: its status and as much of its body as the caller keeps.
    struct Answer: Sendable {
        var status: UInt
        var reason: String
        var body: [UInt8]
        /// The body was longer than what was kept (the rest was not read).
        var truncated: Bool
    }

    /// The exchange took longer than its deadline.
    struct Timeout: Error {}

    /// Sends `request` and reads the answer, all within `timeoutSeconds`.
    /// - Parameter keep: how many body bytes to keep for a status; the rest of the body is not read (the
    ///   connection is closed instead).
    /// - Throws: ``Timeout``, or async-http-client's error.
    static func perform(
        _ client: HTTPClient, _ request: HTTPClientRequest, timeoutSeconds: Double,
        keep: @escaping @Sendable (UInt) -> Int
    ) async throws -> Answer {
        let limit = Duration.milliseconds(Int64(timeoutSeconds * 1000))
        return try await withThrowingTaskGroup(of: Answer?.self) { group in
            group.addTask {
                let response = try await client.execute(request, timeout: .milliseconds(Int64(timeoutSeconds * 1000)))
                let code = response.status.code
                let wanted = keep(code)
                var body: [UInt8] = []
                var truncated = false
                for try await var chunk in response.body {
                    let room = wanted - body.count
                    if chunk.readableBytes > room {
                        if room > 0, let bytes = chunk.readBytes(length: room) { body += bytes }
                        truncated = true
                        break
                    }
                    body += chunk.readBytes(length: chunk.readableBytes) ?? []
                }
                return Answer(status: code, reason: response.status.reasonPhrase, body: body, truncated: truncated)
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let answer = first else { throw Timeout() }
            return answer
        }
    }

    /// A short reason for a transport error (`connection refused`, `timed out`), not NIO's whole value.
    static func describe(_ error: any Error, timeoutSeconds: Double) -> String {
        if error is Timeout {
            return "no complete answer within \(Self.seconds(timeoutSeconds)) s (--timeout)"
        }
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") || text.contains("ECONNREFUSED") {
            return "connection refused"
        }
        if let e = error as? HTTPClientError {
            switch e {
            case .connectTimeout: return "connection timed out"
            case .readTimeout, .deadlineExceeded: return "no answer within the timeout"
            case .remoteConnectionClosed: return "the collector closed the connection"
            default: break
            }
        }
        if text.contains("connectTimeout") { return "connection timed out" }
        if text.contains("ECONNRESET") || text.contains("Connection reset") { return "connection reset" }
        return String(text.prefix(200))
    }

    /// `10`, `0.5`.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && value < 1e15 ? String(Int(value)) : String(value)
    }
}

extension HTTPClient.Configuration {
    /// How agentsim talks to collectors: HTTP/1.1, no redirects, a 2 s connect timeout, `timeoutSeconds` to read.
    /// A refused connection fails the attempt at once: agentsim's own retry loop (backoff, jitter, a bound)
    /// decides what happens next, instead of the pool retrying until the connect timeout.
    static func agentsim(timeoutSeconds: Double) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        let connect = Swift.min(2000, Swift.max(1, Int64(timeoutSeconds * 1000)))
        configuration.timeout = .init(
            connect: .milliseconds(connect), read: .milliseconds(Swift.max(1, Int64(timeoutSeconds * 1000))))
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.httpVersion = .http1Only
        return configuration
    }
}
