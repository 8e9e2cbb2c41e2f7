#!/usr/bin/env bash
# Concurrent real-time OpenAI Realtime sessions on one `agentsim serve` process, on this machine: each session streams
# the user's audio at real time and plays every reply at real time (bench/serve_load.py, aiohttp, one client process);
# prints the sessions, the lateness of the server's outgoing audio chunks (p50/p99: how long after playback needed
# each one it arrived) and the server's memory per session.
# Usage: bash bench/serve.sh [SESSIONS] [SECONDS]   (make release first, or set AGENTSIM)
set -euo pipefail
cd "$(dirname "$0")/.."
AGENTSIM=${AGENTSIM:-.build/release/agentsim}
PY=${PY:-.venvs/livekit-1.8.9/bin/python}
N=${1:-200}
SECONDS_=${2:-30}
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
"$PY" bench/serve_load.py --url "$url" --pcm "$work/greeting.user.0.pcm" --sessions "$N" --seconds "$SECONDS_" \
  --pid "$server_pid" > "$work/result.json" || true
"$PY" - "$work/result.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{r['sessions']} concurrent real-time sessions: {r['replies']} replies, {r['chunks']} audio chunks, "
      f"lateness p50 {r['lateness_ms_p50']} ms, p99 {r['lateness_ms_p99']} ms; "
      f"server memory {r['rss_kb_idle'] // 1024} MB idle, {r['rss_kb_peak'] // 1024} MB with all sessions open, "
      f"{r['kb_per_session']} kB per session; failed sessions: {r['failed_sessions']}")
PY
