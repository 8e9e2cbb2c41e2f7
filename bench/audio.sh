#!/usr/bin/env bash
# Audio throughput and memory on this machine (release build): `agentsim run --audio-out` of one long synthetic
# utterance against opusenc encoding the same PCM in the same mode.
#   agentsim: synthesis + Opus encoding (VOIP application, voice signal, 48 kHz mono, 20 ms frames, 24 kbit/s
#             constrained VBR, complexity 5: agentsim's defaults) + both Ogg Opus tracks written.
#   opusenc:  the same PCM (written by bench/speech-pcm, agentsim's own synthesiser) from a WAV file, with
#             --speech --set-ctl-int 4000=2048 (OPUS_SET_APPLICATION VOIP) and the same bitrate, VBR, complexity and
#             frame size.
# Runs alternate (agentsim, opusenc, agentsim, …); each line gives wall, CPU (user + sys) and peak memory (VmHWM, from
# /usr/bin/time -v), then the median of each and the median of the pairwise wall ratios opusenc / agentsim (> 1:
# agentsim is faster).
# Usage: bash bench/audio.sh [SECONDS] [RUNS]   (make release first, or set AGENTSIM and SPEECH_PCM)
set -euo pipefail
cd "$(dirname "$0")/.."
AGENTSIM=${AGENTSIM:-.build/release/agentsim}
SPEECH_PCM=${SPEECH_PCM:-.build/release/speech-pcm}
SECONDS_LONG=${1:-600}
RUNS=${2:-5}
TEXT="This is a long monologue about nothing in particular that goes on and on."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for tool in "$AGENTSIM" "$SPEECH_PCM"; do
  [ -x "$tool" ] || { echo "no $tool: run 'make release' first" >&2; exit 2; }
done
command -v opusenc >/dev/null || { echo "no opusenc (apt-get install opus-tools)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "no /usr/bin/time (apt-get install time)" >&2; exit 2; }

cat >"$work/long.yaml" <<EOF
version: 1
name: long
seed: 1
session:
  provider: openai-realtime
  model: gpt-4o-realtime-preview
turns:
  - user: {say: "$TEXT", seconds: $SECONDS_LONG}
EOF
# The user's voice is seeded with the scenario's seed (1).
"$SPEECH_PCM" "$TEXT" "$SECONDS_LONG" 1 48000 "$work/long.wav"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); opusenc: $(opusenc --version | head -n 1)"
echo "one ${SECONDS_LONG} s utterance, 48 kHz mono, 20 ms frames, 24 kbit/s, complexity 5, VOIP, voice; $RUNS runs each"

measure() {  # prints "wall cpu peak_kib" of one run of the command
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$work/time"
}
: >"$work/a"
: >"$work/o"
for run in $(seq "$RUNS"); do
  rm -rf "$work/tracks"
  a=$(measure "$AGENTSIM" run "$work/long.yaml" --format json --audio-out "$work/tracks")
  o=$(measure opusenc --quiet --speech --set-ctl-int 4000=2048 --bitrate 24 --cvbr --comp 5 --framesize 20 \
    "$work/long.wav" "$work/opusenc.opus")
  echo "$a" >>"$work/a"
  echo "$o" >>"$work/o"
  echo "run $run: agentsim wall $(cut -d' ' -f1 <<<"$a") s, cpu $(cut -d' ' -f2 <<<"$a") s, peak $(($(cut -d' ' -f3 <<<"$a") / 1024)) MiB" \
    "| opusenc wall $(cut -d' ' -f1 <<<"$o") s, cpu $(cut -d' ' -f2 <<<"$o") s, peak $(($(cut -d' ' -f3 <<<"$o") / 1024)) MiB"
done
python3 - "$work/a" "$work/o" <<'PY'
import statistics, sys
a = [list(map(float, l.split())) for l in open(sys.argv[1])]
o = [list(map(float, l.split())) for l in open(sys.argv[2])]
med = lambda rows, i: statistics.median(r[i] for r in rows)
ratios = [y[0] / x[0] for x, y in zip(a, o)]
print(f"median: agentsim wall {med(a, 0):.2f} s, cpu {med(a, 1):.2f} s, peak {med(a, 2) / 1024:.1f} MiB; "
      f"opusenc wall {med(o, 0):.2f} s, cpu {med(o, 1):.2f} s, peak {med(o, 2) / 1024:.1f} MiB")
print(f"speed (opusenc wall / agentsim wall): median {statistics.median(ratios):.2f}x "
      f"(min {min(ratios):.2f}, max {max(ratios):.2f})")
PY
