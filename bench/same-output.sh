#!/usr/bin/env bash
# Byte-identical outputs before and after a change: builds BASE (a commit; default the one before the plugin-contract
# refactor) in a worktree of its own, runs both builds over every shipped scenario and compares what they print and
# write, byte for byte:
#   run (text, --format json, --format jsonl, --audio-out's Ogg files), compare (text and json, on the three realtime
#   models and on the file's own provider), views (text and json, or the refusal of a realtime file), report --html,
#   load --report (timings removed) with the lines it sent, load --random's lines, providers and explain pages.
# Usage: bash bench/same-output.sh [BASE]    (AGENTSIM: the build under test, default .build/debug/agentsim;
#        BASE_AGENTSIM: an existing build of BASE, to skip building it)
# Prints one line per output that differs (with the first differing lines) and a verdict; exit 1 if any differs.
set -uo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-92034b9}
NEW=${AGENTSIM:-.build/debug/agentsim}
root=$(pwd)
work=${SAME_OUTPUT_DIR:-$root/.build-same-output}
mkdir -p "$work"
OLD=${BASE_AGENTSIM:-$work/bin-$BASE/agentsim}
if [ ! -x "$OLD" ]; then
  echo "building $BASE in $work/src-$BASE (once; kept for later runs)…"
  [ -d "$work/src-$BASE" ] || git worktree add -f --detach "$work/src-$BASE" "$BASE" >/dev/null || exit 2
  swift build --package-path "$work/src-$BASE" --scratch-path "$work/build-$BASE" >"$work/build-$BASE.log" 2>&1 \
    || { tail -n 20 "$work/build-$BASE.log"; exit 2; }
  mkdir -p "$work/bin-$BASE" && cp "$work/build-$BASE/debug/agentsim" "$work/bin-$BASE/agentsim"
fi
[ -x "$NEW" ] || { echo "no build under test at $NEW (swift build first)"; exit 2; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Runs one command with both builds; each side's standard output, standard error and status are kept, and any file
# the command writes goes under $side/files (the placeholder @ in the arguments is that directory).
compared=0
differ=0
both() {
  local name=$1; shift
  for side in old new; do
    local bin=$OLD; [ $side = new ] && bin=$NEW
    local dir=$out/$side/$name
    mkdir -p "$dir/files"
    local args=()
    for a in "$@"; do args+=("${a//@/$dir/files}"); done
    (cd "$root" && "$bin" "${args[@]}" >"$dir/stdout" 2>"$dir/stderr"; echo $? >"$dir/status")
    # Paths of the side's own directory are the same output.
    sed -i "s#$dir/files#@#g" "$dir/stdout" "$dir/stderr"
    local f
    for f in "$dir/files"/*.json; do [ -f "$f" ] && sed -i "s#$dir/files#@#g" "$f"; done
  done
}

# A load report with what depends on the machine's speed removed (wall time, rates, latencies).
strip_timings() {
  python3 - "$1" <<'PY'
import json, sys
path = sys.argv[1]
try:
    data = json.load(open(path))
except Exception:
    sys.exit(0)
TIMING = ("wall", "seconds_elapsed", "latency", "latencies", "rate", "per_second", "elapsed", "duration_ms", "started",
          "finished", "rss", "memory")
def clean(v):
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items() if not any(t in k for t in TIMING)}
    if isinstance(v, list):
        return [clean(x) for x in v]
    return v
json.dump(clean(data), open(path, "w"), indent=1, sort_keys=True)
PY
}

scenarios=(Scenarios/*.yaml Scenarios/*.json)
for f in "${scenarios[@]}"; do
  n=$(basename "$f"); n=${n%.*}
  both "$n.run.text" run "$f"
  both "$n.run.json" run "$f" --format json
  both "$n.run.jsonl" run "$f" --format jsonl
  both "$n.run.audio" run "$f" --format json --audio-out @
  both "$n.compare.text" compare "$f" --providers openai-realtime,gemini-live,openai-live
  both "$n.compare.json" compare "$f" --providers openai-realtime,gemini-live,openai-live --format json
  both "$n.views.text" views "$f"
  both "$n.views.json" views "$f" --format json
  both "$n.report.html" report "$f" --html @/report.html
  both "$n.load" load "$f" --sessions 12 --seed 7 --concurrency 4 --sink jsonl:@/lines.jsonl --report @/report.json \
    --format json
done
both "random.load" load --random --sessions 60 --seed 3 --concurrency 4 --sink jsonl:@/lines.jsonl --report @/report.json \
  --format json
both "mix.load" load Scenarios/ --sessions 90 --seed 5 --concurrency 8 --sink jsonl:@/lines.jsonl --report @/report.json \
  --format json
# Paths the performance work opened: many random sessions (timing clips, the key ledger), many copies of a few files
# filled in from templates (with snapshots and faults), a long utterance synthesised while it is encoded.
both "random-many.load" load --random --sessions 400 --seed 11 --concurrency 16 --sink jsonl:@/lines.jsonl \
  --report @/report.json --format json
both "copies.load" load Scenarios/greeting.yaml Scenarios/support-call.yaml Scenarios/truncation.yaml \
  Scenarios/livekit-thread-openai.yaml --sessions 300 --seed 2 --concurrency 32 --session-usage-updates \
  --faults drop=0.05,dup=0.05,reorder=0.1,delay=20 --sink jsonl:@/lines.jsonl --report @/report.json --format json
cat >"$out/long-utterance.yaml" <<'YAML'
version: 1
name: long-utterance
seed: 3
session:
  provider: openai-realtime
turns:
  - user: {say: "A long question that goes on and on, read slowly.", seconds: 95.3}
  - agent: {say: "A long answer, cut short by the caller.", seconds: 80, interrupted_after: 61.7}
  - user: {say: "Sorry, one more thing.", seconds: 1.1}
YAML
both "long-utterance.run.audio" run "$out/long-utterance.yaml" --format json --audio-out @
both "long-utterance.run.jsonl" run "$out/long-utterance.yaml" --format jsonl
both "providers" providers
for id in $("$OLD" providers 2>/dev/null | awk 'NR>1 && $1 ~ /^[a-z]/ {print $1}'); do
  both "providers.$id" providers "$id"
  both "explain.$id" explain "$id"
done

# Timings out of load's reports and summaries (both sides alike), then every file compared.
for side in old new; do
  for r in "$out/$side"/*/files/report.json; do [ -f "$r" ] && strip_timings "$r"; done
  for s in "$out/$side"/*.load/stdout; do [ -f "$s" ] && strip_timings "$s"; done
done
: >"$out/differences"
while IFS= read -r rel; do
  compared=$((compared + 1))
  if ! cmp -s "$out/old/$rel" "$out/new/$rel"; then
    differ=$((differ + 1))
    echo "DIFFERS: $rel" >>"$out/differences"
    if [ "${rel##*.}" != opus ] && [ "${rel##*.}" != ogg ]; then
      diff "$out/old/$rel" "$out/new/$rel" | head -n 6 | cut -c1-200 | sed 's/^/    /' >>"$out/differences"
    fi
  fi
done < <(cd "$out/old" && find . -type f | sed 's#^\./##' | grep -v '/stdout$\|/stderr$\|/status$' ; cd "$out/old" && find . -type f \( -name stdout -o -name stderr -o -name status \) | sed 's#^\./##')
cat "$out/differences" | head -n 200
if [ "$(wc -l <"$out/differences")" -gt 200 ]; then
  echo "… every output that differs:"
  grep '^DIFFERS: ' "$out/differences" | sed 's/^DIFFERS: /  /'
fi
echo "$compared outputs compared against $BASE ($(ls "$out/old" | wc -l) commands, ${#scenarios[@]} scenarios): $differ differ"
[ "$differ" -eq 0 ]
