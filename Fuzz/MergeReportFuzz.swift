// libFuzzer target: the report reader of `agentsim merge` (`LoadReport.parse`) on any bytes must return a report or
// throw `MergeError`, never trap; a report it accepts must merge (alone, and refused as its own second copy) without
// trapping, and a merge it allows must read back as a valid report.
// Built by Fuzz/build.sh against the report's part of Sources/AgentSimLoad (one module, without the network and
// process sinks) and the modules it imports.

import AgentSimCore
import AgentSimLoad

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let report = try? LoadReport.parse(file: "a.json", bytes: bytes) else { return 0 }
    _ = report.json.compactString()
    _ = report.effects(verifyURL: "http://127.0.0.1:8080/totals")
    // The same shards twice are always refused.
    if (try? LoadReport.merge([("a.json", report), ("b.json", report)])) != nil {
        fatalError("a report merged with itself: \(report.shards)")
    }
    guard let merged = try? LoadReport.merge([("a.json", report)]) else { return 0 }
    let written = merged.json.compactString()
    do { _ = try LoadReport.parse(file: "merged.json", bytes: Array(written.utf8)) } catch {
        fatalError("a merged report does not read back: \(error.description)")
    }
    return 0
}
