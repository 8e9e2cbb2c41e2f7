#!/usr/bin/env python3
"""A minimal usage collector: input and output tokens per provider and model, as most teams' first collector keeps.

It receives LiveKit metrics events as JSON lines (POST /events: bare events or agentsim's envelopes) and answers its
totals in the form `agentsim load --verify` reads (GET /totals, docs/COLLECTORS.md). Standard library only.

    python3 examples/python/minimal_collector.py --port 0        # prints `listening on http://127.0.0.1:PORT`

--double-count adds every event twice (the bug a verification must catch).
"""

from __future__ import annotations

import argparse
import json
import threading
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Which fields of which metrics event count as input and output tokens (LiveKit's own mapping, ModelUsageCollector).
INPUT = {"llm_metrics": "prompt_tokens", "realtime_model_metrics": "input_tokens"}
OUTPUT = {"llm_metrics": "completion_tokens", "realtime_model_metrics": "output_tokens"}


class Totals:
    def __init__(self, double_count: bool) -> None:
        self.lock = threading.Lock()
        self.usage: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"input_tokens": 0, "output_tokens": 0})
        self.events = 0
        self.double_count = double_count

    def add(self, line: dict) -> None:
        event = line.get("metrics", line)  # an envelope {"id", "session", "seq", "metrics"} or a bare event
        kind = event.get("type")
        if kind not in INPUT:
            return
        metadata = event.get("metadata") or {}
        key = (metadata.get("model_provider") or "", metadata.get("model_name") or "")
        with self.lock:
            for _ in range(2 if self.double_count else 1):
                self.usage[key]["input_tokens"] += int(event.get(INPUT[kind], 0))
                self.usage[key]["output_tokens"] += int(event.get(OUTPUT[kind], 0))
            self.events += 1

    def json(self) -> dict:
        with self.lock:
            entries = [
                {"type": "llm_usage", "provider": provider, "model": model, **figures}
                for (provider, model), figures in self.usage.items()
            ]
            return {"model_usage": entries, "events": self.events}


def serve(port: int, double_count: bool) -> None:
    totals = Totals(double_count)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def answer(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            if self.path != "/events":
                return self.answer(404, {"error": "not found"})
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            lines = [json.loads(line) for line in body.splitlines() if line.strip()]
            for line in lines:
                totals.add(line)
            self.answer(200, {"accepted": len(lines)})

        def do_GET(self) -> None:
            if self.path != "/totals":
                return self.answer(404, {"error": "not found"})
            self.answer(200, totals.json())

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--double-count", action="store_true")
    arguments = parser.parse_args()
    try:
        serve(arguments.port, arguments.double_count)
    except KeyboardInterrupt:
        pass
