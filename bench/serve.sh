#!/usr/bin/env bash
# Concurrent real-time OpenAI Realtime sessions on one `agentsim serve` process, on this machine: each session streams
# the user's audio at real time and plays every reply at real time (bench/serve_load.py, aiohttp; the sessions are
# spread over PROCESSES client processes, 4 by default, so that one Python event loop's lag is not counted as the
# server's; and opened evenly over the first 4 s, as independent users are, not all in the same instant);
# prints the sessions, the lateness of the server's outgoing audio chunks (p50/p99: how long after playback needed
# each one it arrived) and the server's memory per session.
# Usage: bash bench/serve.sh [SESSIONS] [SECONDS] [PROCESSES]   (make release first, or set AGENTSIM)
set -euo pipefail
cd "$(dirname "$0")/.."
AGENTSIM=${AGENTSIM:-.build/release/agentsim}
PY=${PY:-.venvs/livekit-1.8.9/bin/python}
N=${1:-200}
SECONDS_=${2:-30}
P=${3:-4}
# Independent users are not in step: session n of N opens n / N x STAGGER s in (greeting's turn, 1.6 s up and a
# 2.2 s reply, lasts about 4 s), so replies are asked for at an even rate, not all 200 in the same instant.
STAGGER=${STAGGER:-4}
work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
[ -x "$AGENTSIM" ] || { echo "no $AGENTSIM: run 'make release' first" >&2; exit 2; }

"$AGENTSIM" serve Scenarios/greeting.yaml --port 0 --driver-script "$work" > "$work/serve.out" 2>&1 &
server_pid=$!
for _ in $(seq 600); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$work/serve.out")
[ -n "$url" ] || { cat "$work/serve.out" >&2; exit 2; }
echo "machine: $(nproc) cores, $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg); agentsim $AGENTSIM"
echo "scenario Scenarios/greeting.yaml: 1.6 s of user audio up, a 2.2 s reply down, repeated for $SECONDS_ s"
echo "$N sessions from $P client processes, opened evenly over the first ${STAGGER} s (one session's length)"
pids=()
first=0
for i in $(seq "$P"); do
  n=$(( N / P + (i <= N % P ? 1 : 0) ))
  "$PY" bench/serve_load.py --url "$url" --pcm "$work/greeting.user.0.pcm" --sessions "$n" --seconds "$SECONDS_" \
    --pid "$server_pid" --late-out "$work/late.$i" --first "$first" --total "$N" --stagger "$STAGGER" \
    > "$work/result.$i.json" &
  pids+=($!)
  first=$(( first + n ))
done
for pid in "${pids[@]}"; do wait "$pid" || true; done
"$PY" - "$work" "$P" <<'PY'
import json, sys
work, p = sys.argv[1], int(sys.argv[2])
results = [json.load(open(f"{work}/result.{i}.json")) for i in range(1, p + 1)]
late = sorted(float(x) for i in range(1, p + 1) for x in open(f"{work}/late.{i}"))
pct = lambda q: late[min(len(late) - 1, int(q * len(late)))] if late else 0.0
sessions = sum(r["sessions"] for r in results)
idle = min(r["rss_kb_idle"] for r in results)
peak = max(r["rss_kb_peak"] for r in results)
print(f"{sessions} concurrent real-time sessions: {sum(r['replies'] for r in results)} replies, {len(late)} audio "
      f"chunks, lateness p50 {pct(0.50):.1f} ms, p99 {pct(0.99):.1f} ms; server memory {idle // 1024} MB idle, "
      f"{peak // 1024} MB with all sessions open, {(peak - idle) / sessions:.1f} kB per session; "
      f"failed sessions: {sum(r['failed_sessions'] for r in results)}")
PY
