/// A `multipart/form-data` body (RFC 7578), as OpenAI's SDK sends an upload: each part's field name, its file
/// name when it is a file, and its bytes. Parsing is one pass over the body with no copies beyond the parts'.
struct MultipartForm: Sendable {
    struct Part: Sendable {
        var name: String
        var fileName: String?
        var bytes: [UInt8]
    }

    var parts: [Part]

    /// A field's value as text (the first part of that name), or nil.
    func text(_ name: String) -> String? {
        parts.first { $0.name == name }.map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    /// The first part of that name.
    func part(_ name: String) -> Part? { parts.first { $0.name == name } }

    /// The boundary a `Content-Type: multipart/form-data; boundary=…` header names, or nil for another type.
    static func boundary(contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingSpaces }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            let kv = piece.split(separator: "=", maxSplits: 1).map { String($0) }
            guard kv.count == 2, kv[0].trimmingSpaces.lowercased() == "boundary" else { continue }
            var value = kv[1].trimmingSpaces
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return value.isEmpty || value.utf8.count > 70 ? nil : value
        }
        return nil
    }

    enum Problem: Error, Equatable, Sendable {
        /// The body does not open with the boundary, or a part does not end with one.
        case malformed(String)
    }

    /// Parses `body` whose parts are separated by `--boundary`.
    static func parse(_ body: [UInt8], boundary: String) throws(Problem) -> MultipartForm {
        let delimiter = Array(("--" + boundary).utf8)
        let separator = Array(("\r\n--" + boundary).utf8)
        guard let first = find(delimiter, in: body, from: 0) else {
            throw .malformed("the body does not contain the boundary '\(boundary)'")
        }
        var parts: [Part] = []
        var position = first + delimiter.count
        while true {
            // After a delimiter: "--" closes the body, CRLF opens a part.
            if body.count >= position + 2, body[position] == UInt8(ascii: "-"), body[position + 1] == UInt8(ascii: "-")
            {
                return MultipartForm(parts: parts)
            }
            guard body.count >= position + 2, body[position] == 13, body[position + 1] == 10 else {
                throw .malformed("a boundary is not followed by CRLF")
            }
            position += 2
            guard let headerEnd = find([13, 10, 13, 10], in: body, from: position) else {
                throw .malformed("part \(parts.count + 1) has no blank line after its headers")
            }
            let headers = String(decoding: body[position..<headerEnd], as: UTF8.self)
            guard let end = find(separator, in: body, from: headerEnd + 4) else {
                throw .malformed("part \(parts.count + 1) is not closed by the boundary")
            }
            guard let disposition = Self.disposition(headers) else {
                throw .malformed("part \(parts.count + 1) has no Content-Disposition with a name")
            }
            parts.append(
                Part(name: disposition.name, fileName: disposition.fileName, bytes: Array(body[(headerEnd + 4)..<end])))
            position = end + separator.count
        }
    }

    /// The `name` and `filename` of a part's `Content-Disposition: form-data; name="…"; filename="…"`.
    static func disposition(_ headers: String) -> (name: String, fileName: String?)? {
        for line in headers.split(separator: "\r\n") {
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingSpaces.lowercased() == "content-disposition" else { continue }
            var name: String?
            var fileName: String?
            for piece in pair[1].split(separator: ";").dropFirst() {
                let kv = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces }
                guard kv.count == 2 else { continue }
                var value = kv[1]
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                    value = String(value.dropFirst().dropLast())
                }
                switch kv[0].lowercased() {
                case "name": name = value
                case "filename": fileName = value
                default: break
                }
            }
            return name.map { ($0, fileName) }
        }
        return nil
    }

    /// The first index at or after `from` where `needle` occurs in `haystack`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var i = from
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var k = 1
                while k < needle.count, haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}

extension StringProtocol {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
