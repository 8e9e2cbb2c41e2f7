import Testing

@testable import AgentSimServe

/// The multipart/form-data parser behind `POST /v1/audio/transcriptions`, on bodies written by hand as RFC 7578 and
/// httpx (the openai SDK's client) lay them out.
@Suite struct MultipartFormTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Two parts: a text field and a file whose bytes hold CR LF and a near-boundary ("--agentsi"), which must stay
    /// in the file: a part ends only at CR LF followed by the whole "--agentsim".
    @Test func fieldsAndFilesKeepTheirBytes() throws {
        let body = Self.bytes(
            "--agentsim\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n"
                + "--agentsim\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\nRIFF\r\n--agentsi\u{0}x\r\n--agentsim--\r\n")
        let form = try MultipartForm.parse(body, boundary: "agentsim")
        #expect(form.parts.map(\.name) == ["model", "file"])
        #expect(form.text("model") == "whisper-1")
        let file = try #require(form.part("file"))
        #expect(file.fileName == "file.wav")
        #expect(file.bytes == Self.bytes("RIFF\r\n--agentsi\u{0}x"))
        #expect(form.part("prompt") == nil)
    }

    /// The boundary comes from the Content-Type header, quoted or not; another type, or none, is not multipart.
    @Test func theBoundaryComesFromTheContentType() {
        #expect(MultipartForm.boundary(contentType: "multipart/form-data; boundary=abc123") == "abc123")
        #expect(MultipartForm.boundary(contentType: "Multipart/Form-Data; charset=utf-8; boundary=\"a b\"") == "a b")
        #expect(MultipartForm.boundary(contentType: "application/json") == nil)
        #expect(MultipartForm.boundary(contentType: "multipart/form-data") == nil)
        // RFC 2046: a boundary is at most 70 characters.
        #expect(
            MultipartForm.boundary(contentType: "multipart/form-data; boundary=" + String(repeating: "x", count: 71))
                == nil)
    }

    /// Bodies cut short or without a part's headers say what is wrong instead of reading past the end.
    @Test func malformedBodiesSayWhy() {
        func problem(_ text: String) -> String? {
            do {
                _ = try MultipartForm.parse(Self.bytes(text), boundary: "agentsim")
                return nil
            } catch {
                guard case let .malformed(why) = error else { return nil }
                return why
            }
        }
        #expect(problem("no boundary here") == "the body does not contain the boundary 'agentsim'")
        #expect(
            problem("--agentsim\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nhalf a file")
                == "part 1 is not closed by the boundary")
        #expect(problem("--agentsim\r\nContent-Disposition: form-data") == "part 1 has no blank line after its headers")
        #expect(
            problem("--agentsim\r\nContent-Type: text/plain\r\n\r\nx\r\n--agentsim--")
                == "part 1 has no Content-Disposition with a name")
        #expect(problem("--agentsimX") == "a boundary is not followed by CRLF")
        #expect(problem("--agentsim--\r\n") == nil)
    }
}
