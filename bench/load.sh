#!/usr/bin/env bash
# `agentsim load` throughput and memory on this machine (release build):
#   1. ten-turn sessions to jsonl:/dev/null (every duration from real Opus packets; the clip cache serves copies);
#   2. the same sessions to the reference collector (Collectors/livekit/server.py, LiveKit 1.8.9's real
#      ModelUsageCollector behind aiohttp) over HTTP, verified exact;
#   3. peak memory (VmHWM) at 10,000 and 100,000 sessions: flat in N means the ratio stays near 1;
#   4. the limit: bench/template_writer.py, a Python writer that fills a per-session template with ids, writing the
#      same number of lines of the same lengths to /dev/null, against agentsim writing the sessions (both timed as
#      whole processes with /usr/bin/time, best of three alternating runs), and their ratio.
# Usage: bash bench/load.sh [SESSIONS_JSONL] [SESSIONS_HTTP]   (make release first, or set AGENTSIM)
set -euo pipefail
cd "$(dirname "$0")/.."
AGENTSIM=${AGENTSIM:-.build/release/agentsim}
PY=${PY:-.venvs/livekit-1.8.9/bin/python}
N=${1:-30000}
H=${2:-5000}
SCENARIO=bench/ten-turns.yaml
work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
[ -x "$AGENTSIM" ] || { echo "no $AGENTSIM: run 'make release' first" >&2; exit 2; }
field() { "$PY" -c "import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$1" "$2"; }

echo "machine: $(nproc) cores, $(uname -m); agentsim $AGENTSIM; scenario $SCENARIO (10 turns, 6 metrics events per session)"

"$AGENTSIM" load "$SCENARIO" --sessions "$N" --concurrency 64 --sink jsonl:/dev/null --report "$work/jsonl.json" > /dev/null
s=$(field "$work/jsonl.json" "r['sessions_per_second']"); e=$(field "$work/jsonl.json" "r['events_per_second']")
echo "jsonl:/dev/null  $N sessions: $s sessions/s, $e events/s"

"$PY" Collectors/livekit/server.py --port 0 --quiet > "$work/server.out" &
server_pid=$!
for _ in $(seq 100); do grep -q listening "$work/server.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -E 's/.*:([0-9]+)$/\1/' "$work/server.out")
"$AGENTSIM" load "$SCENARIO" --sessions "$H" --concurrency 64 --batch 500 --sink "http://127.0.0.1:$port/events" \
  --verify "http://127.0.0.1:$port/totals" --report "$work/http.json" > /dev/null
hs=$(field "$work/http.json" "r['sessions_per_second']"); he=$(field "$work/http.json" "r['events_per_second']")
p99=$(field "$work/http.json" "r['sinks'][0]['latency_ms']['p99']"); ok=$(field "$work/http.json" "r['verify']['matches']")
echo "http (reference collector, LiveKit 1.8.9)  $H sessions: $hs sessions/s, $he events/s, delivery p99 $p99 ms, totals exact: $ok"
echo "ratio http/jsonl: $("$PY" -c "print(round($hs/$s, 3))")"

# The limit: the template writer against agentsim, whole processes, alternating, best of three.
"$AGENTSIM" load "$SCENARIO" --sessions 3 --sink "jsonl:$work/three.jsonl" > /dev/null
best_a=""; best_t=""
for _ in 1 2 3; do
  /usr/bin/time -f %e -o "$work/ta" "$AGENTSIM" load "$SCENARIO" --sessions "$N" --concurrency 64 --sink jsonl:/dev/null \
    > /dev/null
  /usr/bin/time -f %e -o "$work/tt" python3 bench/template_writer.py "$work/three.jsonl" "$N" /dev/null > "$work/tw.out"
  best_a=$(python3 -c "print(min(x for x in [$(cat "$work/ta")${best_a:+, $best_a}]))")
  best_t=$(python3 -c "print(min(x for x in [$(cat "$work/tt")${best_t:+, $best_t}]))")
done
echo "template writer (the limit, bench/template_writer.py, $(cat "$work/tw.out")): $best_t s;" \
  "agentsim $best_a s for the same sessions (whole processes, best of 3); agentsim / writer: $(python3 -c "print(round($best_a / $best_t, 2))")"

for n in 10000 100000; do
  "$AGENTSIM" load "$SCENARIO" --sessions "$n" --concurrency 64 --sink jsonl:/dev/null --report "$work/m$n.json" > /dev/null
done
m1=$(field "$work/m10000.json" "r['max_rss_bytes']"); m2=$(field "$work/m100000.json" "r['max_rss_bytes']")
echo "peak memory: 10,000 sessions $((m1 / 1048576)) MiB, 100,000 sessions $((m2 / 1048576)) MiB, ratio $("$PY" -c "print(round($m2/$m1, 3))")"
