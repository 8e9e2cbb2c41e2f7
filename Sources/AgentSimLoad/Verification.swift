import AgentSimCore
import AsyncHTTPClient
import Foundation
import NIOCore

/// What faults should have changed, in the totals' JSON form, with the ids behind each change.
public struct FaultEffects: Sendable {
    public struct Effect: Sendable {
        /// Totals of the events concerned (`{"model_usage", "usage_summary", "usage_summary_v1_2"}`).
        public var totals: JSONValue
        public var ids: [String]
        public var count: Int
        /// Per `model_usage` entry key (and ``EventSet/anyUsage``): the events with a figure there.
        public var byEntry: [String: (count: Int, ids: [String])]
        /// How a sentence names them: "dropped and never sent".
        public var what: String

        public init(
            totals: JSONValue, ids: [String], count: Int, byEntry: [String: (count: Int, ids: [String])] = [:],
            what: String
        ) {
            self.totals = totals
            self.ids = ids
            self.count = count
            self.byEntry = byEntry
            self.what = what
        }

        /// The events behind a figure of `entry` (nil: a summary field, any event with usage).
        func events(for entry: String?) -> (count: Int, ids: [String]) {
            if let found = byEntry[entry ?? EventSet.anyUsage] { return found }
            return (count, ids)
        }
    }

    public var dropped: Effect
    public var duplicated: Effect
    public var resent: Effect

    public init(dropped: Effect, duplicated: Effect, resent: Effect) {
        self.dropped = dropped
        self.duplicated = duplicated
        self.resent = resent
    }
}

/// A `--verify` answer that cannot be compared.
public struct VerifyFailure: Error, CustomStringConvertible {
    public var description: String
}

public enum Verification {
    /// GETs the collector's totals.
    /// - Throws: ``VerifyFailure`` when the URL cannot be reached, answers a non-2xx status or no JSON object.
    public static func fetch(_ url: String, timeoutSeconds: Double = 10) async throws -> JSONValue {
        let configuration = HTTPClient.Configuration.agentsim(timeoutSeconds: timeoutSeconds)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        defer { _ = client.shutdown() }
        let body: ByteBuffer
        let code: UInt
        do {
            let response = try await client.execute(
                HTTPClientRequest(url: url), timeout: .milliseconds(Int64(timeoutSeconds * 1000)))
            code = response.status.code
            body = try await response.body.collect(upTo: 64 << 20)
        } catch {
            throw VerifyFailure(
                description: "--verify \(url): cannot get the collector's totals: \(HTTPSink.describe(error))")
        }
        guard (200..<300).contains(code) else {
            throw VerifyFailure(
                description: "--verify \(url): the collector answered HTTP \(code): \(String(buffer: body).prefix(200))"
            )
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes: body.readableBytesView)
        } catch {
            throw VerifyFailure(
                description: "--verify \(url): the answer is not JSON (\(error)); expected {\"model_usage\": [...]}")
        }
        try validate(value, url: url)
        return value
    }

    /// Checks the answer's shape: an object with `model_usage` (a list of entries with `type`, `provider`,
    /// `model` and numbers) and/or `usage_summary` (numbers).
    static func validate(_ value: JSONValue, url: String) throws {
        let expected =
            "expected {\"model_usage\": [{\"type\": ..., \"provider\": ..., \"model\": ..., <field>: <number>, ...}]}"
        guard case .object = value else {
            throw VerifyFailure(description: "--verify \(url): the answer is not a JSON object; \(expected)")
        }
        guard value["model_usage"] != nil || value["usage_summary"] != nil else {
            throw VerifyFailure(
                description: "--verify \(url): the answer has no \"model_usage\" (nor \"usage_summary\"); \(expected)")
        }
        if let usage = value["model_usage"] {
            guard let entries = usage.arrayValue else {
                throw VerifyFailure(description: "--verify \(url): \"model_usage\" is not a list; \(expected)")
            }
            var seen: [EntryID: Int] = [:]
            for (n, entry) in entries.enumerated() {
                guard case let .object(pairs) = entry else {
                    throw VerifyFailure(description: "--verify \(url): model_usage[\(n)] is not an object; \(expected)")
                }
                for key in ["type", "provider", "model"] where entry[key]?.stringValue == nil {
                    throw VerifyFailure(
                        description: "--verify \(url): model_usage[\(n)] has no string \"\(key)\"; \(expected)")
                }
                for (key, field) in pairs
                where !["type", "provider", "model"].contains(key) && field.doubleValue == nil {
                    throw VerifyFailure(
                        description:
                            "--verify \(url): model_usage[\(n)].\(key) is \(field.compactString()), not a number; "
                            + "\(expected)"
                    )
                }
                let id = EntryID(entry)
                if let first = seen.updateValue(n, forKey: id) {
                    throw VerifyFailure(
                        description:
                            "--verify \(url): model_usage[\(n)] repeats model_usage[\(first)]'s entry (\(id.key)); "
                            + "expected one entry per type, provider and model")
                }
            }
        }
        if let summary = value["usage_summary"] {
            guard case let .object(pairs) = summary else {
                throw VerifyFailure(description: "--verify \(url): \"usage_summary\" is not an object; \(expected)")
            }
            for (key, field) in pairs where field.doubleValue == nil {
                throw VerifyFailure(
                    description:
                        "--verify \(url): usage_summary.\(key) is \(field.compactString()), not a number; \(expected)")
            }
        }
    }
}

extension Figures {
    /// `1,234` for integers, else up to 6 decimals.
    public static func number(_ value: Double, isInteger: Bool) -> String {
        if isInteger, abs(value) < 9e15 { return Int(value).formatted(.number.grouping(.automatic)) }
        return String(format: "%.6f", value)
    }
}
