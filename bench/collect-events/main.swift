import AgentSimJSON
import Foundation
import LiveKitMetrics

// collect-events FILE.jsonl: the Swift side of bench/check-throughput.sh. Each line of a metrics events file goes
// through the work LiveKit's Python side does in bench/collect_events.py, phase by phase, each phase timed on its own:
//   parse    the line's bytes to a JSON value        (Python: json.JSONDecoder.decode)
//   decode   the JSON value to a typed metrics event (Python: the pydantic class's model_validate)
//   collect  UsageCollectorV1_2 (livekit-agents 1.2.18's UsageCollector), and UsageCollector + ModelUsageCollector
//            (1.8.9's pair), timed apart so each compares with the venv that runs the same collectors.
// Reading the file is outside every timer on both sides. Prints one JSON object.
let arguments = CommandLine.arguments
guard arguments.count == 2, let data = FileManager.default.contents(atPath: arguments[1]) else {
    FileHandle.standardError.write(Data("usage: collect-events FILE.jsonl (a readable file)\n".utf8))
    exit(2)
}
let bytes = [UInt8](data)
let clock = ContinuousClock()
var parse = Duration.zero
var decode = Duration.zero
var collect12 = Duration.zero
var collect189 = Duration.zero
var v1_2 = UsageCollectorV1_2()
var v1_8 = UsageCollector()
var modelUsage = ModelUsageCollector()
var events = 0
var rejected = 0
var start = 0
while start < bytes.count {
    let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
    defer { start = end + 1 }
    let line = bytes[start..<end]
    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
    let t0 = clock.now
    guard let value = try? JSONValue.parse(bytes: line) else {
        rejected += 1
        continue
    }
    let t1 = clock.now
    guard let metrics = try? AgentMetrics.decode(value) else {
        rejected += 1
        continue
    }
    let t2 = clock.now
    v1_2.collect(metrics)
    let t3 = clock.now
    v1_8.collect(metrics)
    modelUsage.collect(metrics)
    let t4 = clock.now
    parse += t1 - t0
    decode += t2 - t1
    collect12 += t3 - t2
    collect189 += t4 - t3
    events += 1
}
func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
// The sums are printed so no collector's work can be optimised away, and so the two sides can be compared.
let summary = JSONValue.object([
    ("events", .int(events)), ("rejected", .int(rejected)),
    ("parse_seconds", .double(seconds(parse))), ("decode_seconds", .double(seconds(decode))),
    ("collect_1_2_18_seconds", .double(seconds(collect12))), ("collect_1_8_9_seconds", .double(seconds(collect189))),
    ("llm_prompt_tokens", .int(v1_8.summary.llmPromptTokens)),
    ("model_usage_entries", .int(modelUsage.flatten().count)),
])
print(summary.compactString())
