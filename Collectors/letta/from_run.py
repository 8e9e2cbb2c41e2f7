#!/usr/bin/env python3
"""Turns `agentsim run FILE --format json` output into bridge.py's input.

    agentsim run Scenarios/pipeline-anthropic.yaml --format json | python3 Collectors/letta/from_run.py \
        | .venvs/letta-0.16.8/bin/python Collectors/letta/bridge.py

"provider_payloads" mixes STT, LLM and TTS events; this keeps the LLM streams and cuts them into requests:
  * Anthropic Messages events (type message_start ... message_stop, ping, error): a request starts at each
    message_start; complete when its message_stop arrived.
  * OpenAI chat completion chunks (object "chat.completion.chunk"): a request per chunk id; complete when
    its include_usage chunk (the last one OpenAI sends before [DONE]) arrived.
  * OpenAI Responses events (type "response.*"): a request starts at each response.created; complete when
    its response.completed / response.incomplete / response.failed arrived.
  * Gemini GenerateContentResponse chunks (responseId + candidates/usageMetadata): a request per
    responseId; complete when a candidate carries a finishReason.
Only the standard library is used, so any python3 runs it. Bad input: message on stderr, exit 2.
"""

from __future__ import annotations

import json
import sys

ANTHROPIC_TYPES = {
    "message_start",
    "content_block_start",
    "content_block_delta",
    "content_block_stop",
    "message_delta",
    "message_stop",
    "ping",
    "error",
}


def requests_from_payloads(payloads: list) -> list[dict]:
    requests: list[dict] = []
    open_anthropic = None  # the Anthropic request that message_start opened and message_stop has not closed
    open_responses = None  # the OpenAI Responses request that response.created opened
    by_id: dict[tuple[str, str], dict] = {}
    for p in payloads:
        if not isinstance(p, dict):
            continue
        kind = p.get("type")
        if kind == "message_start" and isinstance(p.get("message"), dict):
            open_anthropic = {"provider": "anthropic", "model": str(p["message"].get("model") or "claude"), "payloads": [p], "complete": False}
            requests.append(open_anthropic)
        elif kind in ANTHROPIC_TYPES and open_anthropic is not None:
            open_anthropic["payloads"].append(p)
            if kind == "message_stop":
                open_anthropic["complete"] = True
                open_anthropic = None
        elif kind == "response.created" and isinstance(p.get("response"), dict):
            open_responses = {"provider": "openai-responses", "model": str(p["response"].get("model") or "gpt"), "payloads": [p], "complete": False}
            requests.append(open_responses)
        elif isinstance(kind, str) and kind.startswith("response.") and open_responses is not None:
            open_responses["payloads"].append(p)
            if kind in ("response.completed", "response.incomplete", "response.failed"):
                open_responses["complete"] = True
                open_responses = None
        elif p.get("object") == "chat.completion.chunk":
            key = ("openai-chat", str(p.get("id")))
            if key not in by_id:
                by_id[key] = {"provider": "openai-chat", "model": str(p.get("model") or "gpt"), "payloads": [], "complete": False}
                requests.append(by_id[key])
            by_id[key]["payloads"].append(p)
            if p.get("usage"):
                by_id[key]["complete"] = True
        elif "responseId" in p and ("candidates" in p or "usageMetadata" in p):
            key = ("gemini", str(p.get("responseId")))
            if key not in by_id:
                by_id[key] = {"provider": "gemini", "model": str(p.get("modelVersion") or "gemini"), "payloads": [], "complete": False}
                requests.append(by_id[key])
            by_id[key]["payloads"].append(p)
            if any(isinstance(c, dict) and c.get("finishReason") for c in p.get("candidates") or []):
                by_id[key]["complete"] = True
    return requests


def main() -> None:
    if sys.argv[1:]:
        print("from_run.py: takes no arguments; reads `agentsim run --format json` output on stdin", file=sys.stderr)
        sys.exit(2)
    try:
        doc = json.load(sys.stdin)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        print(f"from_run.py: stdin: not JSON ({e})", file=sys.stderr)
        sys.exit(2)
    if not isinstance(doc, dict) or not isinstance(doc.get("provider_payloads"), list):
        print('from_run.py: stdin: expected `agentsim run --format json` output (an object with a "provider_payloads" list)', file=sys.stderr)
        sys.exit(2)
    sys.stdout.write(json.dumps({"requests": requests_from_payloads(doc["provider_payloads"])}) + "\n")


if __name__ == "__main__":
    main()
