#!/usr/bin/env bash
# Throughput of `agentsim check --events` on N metrics events (default 100,000): agentsim's Swift
# collectors and LiveKit's real ones (both venvs), collectors only, plus the wall time of the whole check.
# The events are the shipped scenarios' jsonl, repeated until N lines.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
AGENTSIM=${AGENTSIM:-.build/debug/agentsim}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for f in Scenarios/*.yaml Scenarios/*.json; do "$AGENTSIM" run "$f" --format jsonl; done > "$work/one.jsonl"
per=$(wc -l < "$work/one.jsonl")
: > "$work/events.jsonl"
while [ "$(wc -l < "$work/events.jsonl")" -lt "$N" ]; do cat "$work/one.jsonl" >> "$work/events.jsonl"; done
head -n "$N" "$work/events.jsonl" > "$work/n.jsonl"
echo "events: $(wc -l < "$work/n.jsonl") lines ($per per pass over Scenarios/), $(du -h "$work/n.jsonl" | cut -f1)"
"$AGENTSIM" check --events "$work/n.jsonl" | tail -n 3
