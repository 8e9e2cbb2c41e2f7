#!/usr/bin/env python3
"""LiveKit 1.8.9's own OpenTelemetry GenAI usage attributes for agentsim's LLM metrics.

    agentsim run FILE --format jsonl | .venvs/livekit-1.8.9/bin/python Collectors/livekit/otel_attributes.py

Reads metrics events as JSON lines on stdin; for every `llm_metrics` event it validates the event as LiveKit's
LLMMetrics, opens a span on a real OpenTelemetry SDK tracer (recording, kept in memory) and hands both to
livekit.agents.telemetry.gen_ai.set_usage_attributes, exactly what LiveKit's LLMStream does after a request
(llm/llm.py). It prints one JSON line per span: its `gen_ai.usage.*` attributes in the order LiveKit set them.
Other event types are skipped. A line that is not JSON, or an llm_metrics event LiveKit rejects, ends the run
with a message naming the line on stderr and exit status 2.
"""

from __future__ import annotations

import json
import sys

_OUT = sys.stdout
sys.stdout = sys.stderr  # keep stdout for the protocol


def main() -> int:
    try:
        from livekit.agents.metrics import LLMMetrics
        from livekit.agents.telemetry import gen_ai
        from opentelemetry.sdk.trace import TracerProvider
    except ImportError as error:  # pragma: no cover - depends on the venv
        print(f"otel_attributes.py: needs livekit-agents 1.8.9 with telemetry ({error})", file=sys.stderr)
        return 2

    tracer = TracerProvider().get_tracer("livekit-agents")
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError as error:
            print(f"line {number}: not JSON ({error.msg}); expected one metrics event per line", file=sys.stderr)
            return 2
        if not isinstance(event, dict) or event.get("type") != "llm_metrics":
            continue
        try:
            metrics = LLMMetrics.model_validate(event)
        except Exception as error:  # pydantic's ValidationError
            print(f"line {number}: not an LLMMetrics ({error})", file=sys.stderr)
            return 2
        with tracer.start_as_current_span("llm_request") as span:
            gen_ai.set_usage_attributes(span, metrics)
            attrs = [(k, v) for k, v in span.attributes.items() if k.startswith("gen_ai.usage.")]
        _OUT.write(json.dumps(dict(attrs)) + "\n")
    _OUT.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
