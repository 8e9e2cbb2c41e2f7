// libFuzzer target: `ScenarioLoader.parse` on any text must return a scenario or throw `ScenarioError`
// (one message with the file), never trap, and stay within the bounds of `ScenarioLimits` (alias bombs
// and deep documents included). Built by Fuzz/build.sh against AgentSimCore and its dependencies.
import AgentSimCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size <= ScenarioLimits.maxFileBytes else { return -1 }  // the loader refuses larger files before parsing
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let scenario = try ScenarioLoader.parse(text, file: "fuzz.yaml")
        guard scenario.turns.count <= ScenarioLimits.maxTurns else { fatalError("\(scenario.turns.count) turns") }
    } catch {
        guard error.description.hasPrefix("fuzz.yaml") else { fatalError("message without the file: \(error)") }
    }
    return 0
}
