"""The Python side of bench/check-throughput.sh: each line of a metrics events file through livekit-agents' real
classes and collectors, phase by phase, each phase timed on its own (the same phases bench/collect-events times in
Swift):
  parse    json.JSONDecoder.decode of the line
  decode   the metrics class's model_validate (pydantic), the class picked by "type" as Collectors/livekit/bridge.py
           picks it
  collect  UsageCollector.collect, and ModelUsageCollector.collect where the installed version has it (1.8.9)
Reading the file is outside every timer. Run with a venv's python:
    .venvs/livekit-1.8.9/bin/python bench/collect_events.py FILE.jsonl
Prints one JSON object.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Collectors", "livekit"))
import bridge  # noqa: E402  (the bridge's own class map and warning filters)

sys.stdout = sys.__stdout__
from livekit.agents import metrics as M  # noqa: E402

lines = open(sys.argv[1], "rb").read().splitlines()
decoder = json.JSONDecoder().decode
classes = bridge.CLASS_BY_TYPE
usage = M.UsageCollector()
model_usage = M.ModelUsageCollector() if hasattr(M, "ModelUsageCollector") else None
perf = time.perf_counter
parse = decode = collect = 0.0
events = rejected = 0
for raw in lines:
    if not raw.strip():
        continue
    t0 = perf()
    try:
        obj = decoder(raw.decode("utf-8"))
    except ValueError:
        rejected += 1
        continue
    t1 = perf()
    cls = classes.get(obj.get("type")) if type(obj) is dict else None
    if cls is None:
        rejected += 1
        continue
    try:
        m = cls.model_validate(obj)
    except Exception:
        rejected += 1
        continue
    t2 = perf()
    usage.collect(m)
    if model_usage is not None:
        model_usage.collect(m)
    t3 = perf()
    parse += t1 - t0
    decode += t2 - t1
    collect += t3 - t2
    events += 1
print(json.dumps({
    "events": events, "rejected": rejected, "parse_seconds": parse, "decode_seconds": decode,
    "collect_seconds": collect, "llm_prompt_tokens": usage.get_summary().llm_prompt_tokens,
    "model_usage_entries": len(model_usage.flatten()) if model_usage is not None else None,
}))
