# Generate realtime_model_metrics lines to stdout: gen.py N [group_size]
# group_size > 0 wraps every group_size events in {"agentsim":"begin"/"end"} lines.
import json, sys
n = int(sys.argv[1]); gs = int(sys.argv[2]) if len(sys.argv) > 2 else 0
w = sys.stdout.write
for i in range(n):
    if gs and i % gs == 0:
        w(json.dumps({"agentsim": "begin", "id": f"g{i // gs}"}) + "\n")
    e = {"type":"realtime_model_metrics","label":"livekit.plugins.openai.realtime.realtime_model.RealtimeModel","request_id":f"resp_{i}","timestamp":1.5+i,"duration":2.0,"session_duration":0.0,"ttft":0.4,"cancelled":False,"input_tokens":120+i%7,"output_tokens":60,"total_tokens":180+i%7,"tokens_per_second":30.0,"input_token_details":{"audio_tokens":20,"text_tokens":100+i%7,"image_tokens":0,"cached_tokens":64 if i%3 else 0,"cached_tokens_details":{"audio_tokens":0,"text_tokens":64 if i%3 else 0,"image_tokens":0}},"output_token_details":{"text_tokens":12,"audio_tokens":48,"image_tokens":0},"acquire_time":0.0,"connection_reused":False,"metadata":{"model_name":"gpt-4o-realtime-preview","model_provider":"api.openai.com"}}
    w(json.dumps(e, separators=(",", ":")) + "\n")
    if gs and i % gs == gs - 1:
        w('{"agentsim":"end"}\n')
