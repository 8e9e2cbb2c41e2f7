#!/usr/bin/env bash
# Runs each libFuzzer target built by Fuzz/build.sh for SECONDS (default 60), seeded with Scenarios/,
# Scenarios/recordings/, Fuzz/seeds/merge/ (real `load --report` files) and every earlier finding under
# Tests/Fuzz/, keeping the grown corpus in .build/fuzz/corpus-*. Under a 1 GB RSS limit and a 5 s per-input
# timeout: an input that crashes, leaks, runs out of memory or hangs is saved as .build/fuzz/finding-TARGET-*
# and the script fails.
# Prints one line per target: its time, executions and findings.
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
OUT=.build/fuzz
status=0
for target in json audio scenario merge; do
  case $target in
    json) seeds=(Scenarios) ;;
    audio) seeds=(Scenarios/recordings) ;;
    scenario) seeds=(Scenarios) ;;
    merge) seeds=(Fuzz/seeds/merge) ;;
  esac
  [ -d "Tests/Fuzz/$target" ] && seeds+=("Tests/Fuzz/$target")
  corpus=$OUT/corpus-$target
  mkdir -p "$corpus"
  log=$OUT/fuzz-$target.log
  "$OUT/fuzz-$target" -max_total_time="$SECONDS_EACH" -rss_limit_mb=1024 -timeout=5 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$OUT/finding-$target-" "$corpus" "${seeds[@]}" >"$log" 2>&1
  rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  time=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]*' | grep -o '[0-9]*')
  if [ $rc -ne 0 ]; then
    echo "fuzz-$target: FINDING after ${runs:-?} executions (exit $rc); see $log and $OUT/finding-$target-*"
    grep -m3 -E 'ERROR|Fatal error|panic' "$log"
    status=1
  else
    echo "fuzz-$target: ${time:-$SECONDS_EACH} s, ${runs:-?} executions, no finding (corpus $(ls "$corpus" | wc -l) inputs)"
  fi
done
exit $status
