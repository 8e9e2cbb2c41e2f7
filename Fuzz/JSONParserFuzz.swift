// libFuzzer target: `JSONValue.parse` on any bytes must return a value or throw `JSONParseError`,
// never trap, and a parsed value must survive writing and reparsing unchanged.
// Built by Fuzz/build.sh together with the sources of Sources/AgentSimJSON (one module).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let value = try? JSONValue.parse(text) else { return 0 }
    let written = value.compactString()
    guard let again = try? JSONValue.parse(written) else { fatalError("written JSON does not parse: \(written)") }
    guard again.compactString() == written else { fatalError("round trip changed \(written)") }
    return 0
}
