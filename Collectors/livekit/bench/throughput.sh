#!/bin/sh
# Throughput of the bridge for N realtime_model_metrics lines (default 100000), per venv.
# Usage (from the repo root): sh Collectors/livekit/bench/throughput.sh [N] [venv ...]
set -e
N=${1:-100000}; [ $# -gt 0 ] && shift
VENVS=${*:-".venvs/livekit-1.2.18 .venvs/livekit-1.8.9"}
D=$(dirname "$0"); F=$(mktemp); trap 'rm -f "$F"' EXIT
python3 "$D/gen.py" "$N" > "$F"
for V in $VENVS; do
  S=$(python3 -c 'import time; print(time.time())')
  "$V/bin/python" "$D/../bridge.py" < "$F" | python3 -c '
import json, sys, time
r = json.loads(sys.stdin.readline()); t = time.time() - float(sys.argv[1])
n, s, e = r["events"], r["seconds"], len(r["errors"])
print(f"{sys.argv[2]}: {n} events, in-loop {s:.2f}s = {n/s:,.0f} ev/s; end-to-end incl. start-up {t:.2f}s = {n/t:,.0f} ev/s; errors={e}")' "$S" "$V"
done
