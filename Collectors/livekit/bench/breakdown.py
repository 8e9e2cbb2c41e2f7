# Per-stage cost of the bridge's per-line work, measured streaming (objects freed as we go,
# like the bridge does). Usage: <venv>/bin/python bench/breakdown.py bench/rt100k.jsonl
import json, time, warnings, sys
warnings.simplefilter("ignore", DeprecationWarning)
from livekit.agents import metrics as M
dec = json.JSONDecoder().decode
R = M.RealtimeModelMetrics
u = M.UsageCollector(); mc = M.ModelUsageCollector() if hasattr(M, 'ModelUsageCollector') else None
pc = time.perf_counter
tj = tv = tu = tm = 0.0; n = 0
with open(sys.argv[1], 'rb') as f:
    for l in f:
        a = pc(); o = dec(l.decode()); b = pc(); m = R.model_validate(o); c = pc(); u.collect(m); d = pc()
        if mc: mc.collect(m)
        e = pc(); tj += b - a; tv += c - b; tu += d - c; tm += e - d; n += 1
print(f"per event: json {1e6*tj/n:.2f}us  model_validate {1e6*tv/n:.2f}us  UsageCollector.collect {1e6*tu/n:.2f}us  ModelUsageCollector.collect {1e6*tm/n:.2f}us")
