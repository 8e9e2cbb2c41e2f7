#!/usr/bin/env bash
# Throughput of metrics-event collection on N events (default 100,000), the same work timed on both sides:
#   1. agentsim's Swift ports and LiveKit's real collectors (both venvs), phase by phase over the same file:
#      parse (JSON text to values), decode (values to typed events: Swift's decoder, pydantic's model_validate),
#      collect (each version's collectors: 1.2.18's UsageCollector; 1.8.9's UsageCollector + ModelUsageCollector).
#      Swift: bench/collect-events; Python: bench/collect_events.py. Reading the file is outside every timer.
#   2. the wall time of the whole `agentsim check --events` (read, parse, both bridges with their start-up).
# The events are the shipped scenarios' jsonl, repeated until N lines.
# Usage: bash bench/check-throughput.sh [N]   (AGENTSIM, default .build/debug/agentsim; COLLECT_EVENTS, default
#        collect-events beside it)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
AGENTSIM=${AGENTSIM:-.build/debug/agentsim}
COLLECT_EVENTS=${COLLECT_EVENTS:-$(dirname "$AGENTSIM")/collect-events}
VENVS=${VENVS:-".venvs/livekit-1.2.18 .venvs/livekit-1.8.9"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for tool in "$AGENTSIM" "$COLLECT_EVENTS"; do
  [ -x "$tool" ] || { echo "no $tool: swift build (-c release) first" >&2; exit 2; }
done
for f in Scenarios/*.yaml Scenarios/*.json; do "$AGENTSIM" run "$f" --format jsonl; done > "$work/one.jsonl"
per=$(wc -l < "$work/one.jsonl")
: > "$work/events.jsonl"
while [ "$(wc -l < "$work/events.jsonl")" -lt "$N" ]; do cat "$work/one.jsonl" >> "$work/events.jsonl"; done
head -n "$N" "$work/events.jsonl" > "$work/n.jsonl"
echo "events: $(wc -l < "$work/n.jsonl") lines ($per per pass over Scenarios/), $(du -h "$work/n.jsonl" | cut -f1)"

"$COLLECT_EVENTS" "$work/n.jsonl" > "$work/swift.json"
for venv in $VENVS; do
  "$venv/bin/python" bench/collect_events.py "$work/n.jsonl" > "$work/$(basename "$venv").json"
done
python3 - "$work" $VENVS <<'PY'
import json, os, sys
work, venvs = sys.argv[1], sys.argv[2:]
swift = json.load(open(os.path.join(work, "swift.json")))
n = swift["events"]
rate = lambda s: f"{n / s:>12,.0f}" if s > 0 else "           -"
print("same work on both sides (events/s; each phase timed on its own, file reading outside the timers):")
print(f"{'':40} {'parse':>12} {'decode':>12} {'collect':>12} {'all three':>12}")
for venv in venvs:
    version = os.path.basename(venv).removeprefix("livekit-")
    py = json.load(open(os.path.join(work, os.path.basename(venv) + ".json")))
    if py["events"] != n or py["llm_prompt_tokens"] != swift["llm_prompt_tokens"]:
        print(f"  {version}: the sides disagree (events {py['events']} vs {n}, prompt tokens "
              f"{py['llm_prompt_tokens']} vs {swift['llm_prompt_tokens']})")
        sys.exit(1)
    collect = swift["collect_1_2_18_seconds" if version.startswith("1.2") else "collect_1_8_9_seconds"]
    s_all = swift["parse_seconds"] + swift["decode_seconds"] + collect
    p_all = py["parse_seconds"] + py["decode_seconds"] + py["collect_seconds"]
    names = "UsageCollector" + (" + ModelUsageCollector" if py["model_usage_entries"] is not None else "")
    print(f"{version}'s collectors ({names}):")
    print(f"  {'agentsim (Swift)':38}", rate(swift["parse_seconds"]), rate(swift["decode_seconds"]), rate(collect),
          rate(s_all))
    print(f"  {'livekit-agents (json, pydantic)':38}", rate(py["parse_seconds"]), rate(py["decode_seconds"]),
          rate(py["collect_seconds"]), rate(p_all))
    print(f"  {'agentsim / livekit-agents':38}",
          *(f"{p / s:>11.1f}x" if s > 0 else "           -" for s, p in [
              (swift["parse_seconds"], py["parse_seconds"]), (swift["decode_seconds"], py["decode_seconds"]),
              (collect, py["collect_seconds"]), (s_all, p_all)]))
PY
echo "whole check (agentsim check --events: read, parse, agentsim's collectors and both bridges, start-up included;"
echo "its throughput line times agentsim's collect alone against each bridge's decode + validate + collect):"
start=$(date +%s.%N)
"$AGENTSIM" check --events "$work/n.jsonl" | tail -n 3 | sed 's/^/  /'
echo "  wall $(python3 -c "import time; print(round(time.time() - $start, 2))") s"
