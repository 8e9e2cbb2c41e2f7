#!/usr/bin/env bash
# How long agentsim takes to refuse hostile input (issue 12's "within a second"), each case under a 1 GiB
# address-space limit (prlimit --as), and how `check --events` time grows with the length of one line.
# The Swift tests hold the same cases to a looser watchdog so a loaded CI machine cannot make them flaky;
# this script is where the figure is measured. Usage: bash bench/hostile.sh   (AGENTSIM to choose a build)
set -uo pipefail
cd "$(dirname "$0")/.."
AGENTSIM=${AGENTSIM:-.build/debug/agentsim}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
head='version: 1
name: hostile
session:
  provider: openai-realtime
'
printf '%s  instructions_tokens: 9223372036854775807\nturns:\n  - user: hi\n' "$head" > "$work/int-max.yaml"
{ printf 'a: &a [x, x, x, x, x, x, x, x, x, x]\n'; prev=a
  for n in b c d e f g h i; do printf '%s: &%s [' "$n" "$n"; for _ in 1 2 3 4 5 6 7 8 9; do printf '*%s, ' "$prev"; done; printf '*%s]\n' "$prev"; prev=$n; done
  printf '%sturns:\n  - user: hi\n' "$head"; } > "$work/laughs.yaml"
python3 -c "print('x: ' + '[' * 10000 + ']' * 10000)" > "$work/deep.yaml"
{ printf '%sturns:\n' "$head"; for _ in $(seq 100000); do printf '  - user: hi\n'; done; } > "$work/big.yaml"
mkfifo "$work/fifo.yaml"
# Three hours of 48 kHz mono 16-bit WAV (1 GB, written as a sparse file: its zeros take no disk).
python3 - "$work/long.wav" <<'PY'
import struct, sys
n = 3 * 3600 * 48000 * 2
open(sys.argv[1], "wb").write(b"RIFF" + struct.pack("<I", 36 + n) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, 48000, 96000, 2, 16) + b"data" + struct.pack("<I", n))
with open(sys.argv[1], "r+b") as f:
    f.truncate(44 + n)
PY
printf '%sturns:\n  - user: {audio: long.wav, text: hi}\n' "$head" > "$work/long-recording.yaml"

ms() { local t0 t1; t0=$(date +%s%N); "$@" > /dev/null 2> "$work/err"; local rc=$?; t1=$(date +%s%N); echo "$(( (t1 - t0) / 1000000 )) $rc"; }
limit=(prlimit --as=1073741824)
printf '%-44s %8s %6s  %s\n' case ms status message
row() {
  local name=$1; shift
  read -r t rc < <(ms "$@")
  printf '%-44s %8s %6s  %s\n' "$name" "$t" "$rc" "$(head -c 110 "$work/err" | head -n 1)"
}
row "instructions_tokens: Int.max" "${limit[@]}" "$AGENTSIM" run "$work/int-max.yaml"
row "billion laughs (10^9 values from 9 anchors)" "${limit[@]}" "$AGENTSIM" run "$work/laughs.yaml"
row "10,000-deep nesting" "${limit[@]}" "$AGENTSIM" run "$work/deep.yaml"
row "1.2 MB scenario (100,000 turns)" "${limit[@]}" "$AGENTSIM" run "$work/big.yaml"
row "a FIFO as the scenario" "${limit[@]}" "$AGENTSIM" run "$work/fifo.yaml"
row "a 3-hour WAV recording" "${limit[@]}" "$AGENTSIM" run "$work/long-recording.yaml"
row "--provider ''" "${limit[@]}" "$AGENTSIM" run Scenarios/greeting.yaml --provider ''
row "check --events /dev/zero through a pipe" bash -c "cat /dev/zero 2>/dev/null | ${limit[*]} $AGENTSIM check --events -"
row "stdout is /dev/full" bash -c "${limit[*]} $AGENTSIM run Scenarios/greeting.yaml > /dev/full"

echo
echo "check --events on one long line (both bridges' start-up included):"
for kb in 250 500 1000; do
  python3 -c "print('{\"type\":\"' + 'a' * ($kb * 1000) + '\"}')" > "$work/line.jsonl"
  read -r t rc < <(ms "$AGENTSIM" check --events "$work/line.jsonl")
  echo "  $kb kB line: $t ms (status $rc)"
done
