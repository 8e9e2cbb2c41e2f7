#!/usr/bin/env python3
"""Self-test of Collectors/letta/bridge.py against Letta's real code.

Run with the Letta venv's python:  .venvs/letta-0.16.8/bin/python Collectors/letta/selftest.py

Every expected number below is derived by hand from the rules in Collectors/letta/README.md
(Letta 0.16.8 file:line there), never from the bridge's own output. Exit 0 when all checks pass,
1 (with the failed checks listed) otherwise.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

BRIDGE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bridge.py")
failures: list[str] = []


def check(what: str, got, expected) -> None:
    if got != expected:
        failures.append(f"{what}: expected {expected!r}, got {got!r}")


def run(doc) -> subprocess.CompletedProcess:
    text = doc if isinstance(doc, str) else json.dumps(doc)
    return subprocess.run([sys.executable, BRIDGE], input=text.encode(), capture_output=True, timeout=300)


# --- hand-written streams -------------------------------------------------------------------------


def anthropic_stream(input_tokens, cache_read, cache_creation, start_output, final_output):
    """One Anthropic Messages stream; final_output None = cut before message_delta/message_stop."""
    events = [
        {
            "type": "message_start",
            "message": {
                "id": "msg_selftest",
                "type": "message",
                "role": "assistant",
                "model": "claude-sonnet-4-6",
                "content": [],
                "stop_reason": None,
                "stop_sequence": None,
                "usage": {
                    "input_tokens": input_tokens,
                    "cache_read_input_tokens": cache_read,
                    "cache_creation_input_tokens": cache_creation,
                    "output_tokens": start_output,
                },
            },
        },
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "ping"},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Table for two"}},
    ]
    if final_output is None:
        return events
    return events + [
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": " at eight."}},
        {"type": "content_block_stop", "index": 0},
        {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None}, "usage": {"output_tokens": final_output}},
        {"type": "message_stop"},
    ]


def openai_chunk(content=None, usage=None, finish=None):
    choices = [] if usage is not None else [{"index": 0, "delta": {"content": content}, "logprobs": None, "finish_reason": finish}]
    return {
        "id": "chatcmpl-selftest",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "gpt-4.1-mini",
        "choices": choices,
        "usage": usage,
    }


def gemini_chunk(text, prompt, candidates, cached, thoughts, total, finish=None):
    cand = {"content": {"parts": [{"text": text}], "role": "model"}}
    if finish:
        cand["finishReason"] = finish
    return {
        "candidates": [cand],
        "usageMetadata": {
            "promptTokenCount": prompt,
            "candidatesTokenCount": candidates,
            "cachedContentTokenCount": cached,
            "thoughtsTokenCount": thoughts,
            "totalTokenCount": total,
        },
        "modelVersion": "gemini-2.5-flash",
        "responseId": "selftest",
    }


def responses_stream(usage, finished=True):
    """One OpenAI Responses stream; finished False = cut before response.completed."""
    base = {"id": "resp_selftest", "object": "response", "created_at": 1, "status": "in_progress", "error": None,
            "incomplete_details": None, "model": "gpt-4.1-mini", "output": [], "parallel_tool_calls": True,
            "tool_choice": "auto", "tools": [], "usage": None}
    item = {"id": "msg_selftest", "type": "message", "status": "in_progress", "content": [], "role": "assistant"}
    part = {"type": "output_text", "annotations": [], "text": ""}
    where = {"item_id": "msg_selftest", "output_index": 0, "content_index": 0}
    events = [
        {"type": "response.created", "sequence_number": 0, "response": base},
        {"type": "response.in_progress", "sequence_number": 1, "response": base},
        {"type": "response.output_item.added", "sequence_number": 2, "output_index": 0, "item": item},
        {"type": "response.content_part.added", "sequence_number": 3, **where, "part": part},
        {"type": "response.output_text.delta", "sequence_number": 4, **where, "delta": "Shipped on Friday."},
    ]
    if not finished:
        return events
    done_part = dict(part, text="Shipped on Friday.")
    done_item = dict(item, status="completed", content=[done_part])
    return events + [
        {"type": "response.output_text.done", "sequence_number": 5, **where, "text": "Shipped on Friday."},
        {"type": "response.content_part.done", "sequence_number": 6, **where, "part": done_part},
        {"type": "response.output_item.done", "sequence_number": 7, "output_index": 0, "item": done_item},
        {"type": "response.completed", "sequence_number": 8, "response": dict(base, status="completed", output=[done_item], usage=usage)},
    ]


requests = [
    # 0: the brief's stream: input 10, cache_read 1500, cache_creation 8, output 12 (message_start says 1).
    {"provider": "anthropic", "model": "claude-sonnet-4-6", "payloads": anthropic_stream(10, 1500, 8, 1, 12), "complete": True},
    # 1: same request cut after the first text delta (no message_delta): output stays message_start's 1.
    {"provider": "anthropic", "model": "claude-sonnet-4-6", "payloads": anthropic_stream(10, 1500, 8, 1, None), "complete": False},
    # 2: a cache write with cache_read reported as 0: 0 is falsy, so cached_input_tokens is None.
    {"provider": "anthropic", "model": "claude-sonnet-4-6", "payloads": anthropic_stream(3, 0, 2000, 1, 9), "complete": True},
    # 3: OpenAI chat: text chunks, then the include_usage chunk (prompt 1330 gross, 1280 of it cached).
    {
        "provider": "openai-chat",
        "model": "gpt-4.1-mini",
        "payloads": [
            openai_chunk("Sure"),
            openai_chunk(", at eight.", finish="stop"),
            openai_chunk(
                usage={
                    "prompt_tokens": 1330,
                    "completion_tokens": 8,
                    "total_tokens": 1338,
                    "prompt_tokens_details": {"cached_tokens": 1280},
                    "completion_tokens_details": {"reasoning_tokens": 0},
                }
            ),
        ],
        "complete": True,
    },
    # 4: OpenAI chat cut before its usage chunk.
    {"provider": "openai-chat", "model": "gpt-4.1-mini", "payloads": [openai_chunk("Sure")], "complete": False},
    # 5: Gemini: usage on every chunk, cumulative; thoughts 120 are in totalTokenCount only.
    {
        "provider": "gemini",
        "model": "gemini-2.5-flash",
        "payloads": [
            gemini_chunk("It's", 2130, 1, 2110, 120, 2251),
            gemini_chunk(" sunny.", 2130, 12, 2110, 120, 2262, finish="STOP"),
        ],
        "complete": True,
    },
    # 6: an Anthropic stream that ends in an "error" event: the SDK raises, Letta re-raises.
    {
        "provider": "anthropic",
        "model": "claude-sonnet-4-6",
        "payloads": anthropic_stream(10, 0, 0, 1, None) + [{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}],
        "complete": False,
    },
    # 7: OpenAI Responses: usage only on response.completed (input 1464 gross, 1280 cached, reasoning 3).
    {
        "provider": "openai-responses",
        "model": "gpt-4.1-mini",
        "payloads": responses_stream(
            {"input_tokens": 1464, "input_tokens_details": {"cached_tokens": 1280}, "output_tokens": 14,
             "output_tokens_details": {"reasoning_tokens": 3}, "total_tokens": 1478}
        ),
        "complete": True,
    },
    # 8: OpenAI Responses cut before response.completed.
    {"provider": "openai-responses", "model": "gpt-4.1-mini", "payloads": responses_stream(None, finished=False), "complete": False},
]

proc = run({"requests": requests})
if proc.returncode != 0:
    print(proc.stderr.decode(errors="replace")[-3000:], file=sys.stderr)
    print(f"FAIL: bridge exited {proc.returncode}", file=sys.stderr)
    sys.exit(1)
out = json.loads(proc.stdout)
res = out["requests"]
check("letta_version", out["letta_version"], "0.16.8")
check("one result per request", len(res), len(requests))

# 0. prompt = input + cache_read + cache_creation = 10 + 1500 + 8 = 1518;
#    completion = message_delta's 12 (assigned, replaces message_start's 1); total = 1518 + 12 = 1530.
r = res[0]
check("anthropic prompt_tokens", r.get("prompt_tokens"), 1518)
check("anthropic completion_tokens", r.get("completion_tokens"), 12)
check("anthropic total_tokens", r.get("total_tokens"), 1530)
check("anthropic cached_input_tokens", r.get("cached_input_tokens"), 1500)
check("anthropic cache_write_tokens", r.get("cache_write_tokens"), 8)
check("anthropic reasoning_tokens", r.get("reasoning_tokens"), None)
check("anthropic step_count", r.get("step_count"), 1)

# 1. cut: prompt still 10 + 1500 + 8 = 1518; completion = message_start's 1; total = 1519.
r = res[1]
check("anthropic cut prompt_tokens", r.get("prompt_tokens"), 1518)
check("anthropic cut completion_tokens", r.get("completion_tokens"), 1)
check("anthropic cut total_tokens", r.get("total_tokens"), 1519)
check("anthropic cut step_count", r.get("step_count"), 1)

# 2. prompt = 3 + 0 + 2000 = 2003; completion 9; total 2012; cache_read 0 -> None; write 2000.
r = res[2]
check("anthropic write-only prompt_tokens", r.get("prompt_tokens"), 2003)
check("anthropic write-only total_tokens", r.get("total_tokens"), 2012)
check("anthropic write-only cached_input_tokens (0 is reported as None)", r.get("cached_input_tokens"), None)
check("anthropic write-only cache_write_tokens", r.get("cache_write_tokens"), 2000)

# 3. OpenAI: prompt is gross 1330 (cached 1280 not added); completion 8; total = 1330 + 8 = 1338;
#    cached 1280; reasoning reported 0 -> 0 (not None); no cache write for OpenAI.
r = res[3]
check("openai prompt_tokens", r.get("prompt_tokens"), 1330)
check("openai completion_tokens", r.get("completion_tokens"), 8)
check("openai total_tokens", r.get("total_tokens"), 1338)
check("openai cached_input_tokens", r.get("cached_input_tokens"), 1280)
check("openai reasoning_tokens", r.get("reasoning_tokens"), 0)
check("openai cache_write_tokens", r.get("cache_write_tokens"), None)

# 4. OpenAI cut before usage: nothing reported -> 0, 0, 0, cached None; still one step.
r = res[4]
check("openai cut prompt_tokens", r.get("prompt_tokens"), 0)
check("openai cut total_tokens", r.get("total_tokens"), 0)
check("openai cut cached_input_tokens", r.get("cached_input_tokens"), None)
check("openai cut step_count", r.get("step_count"), 1)

# 5. Gemini: last chunk's prompt 2130 and candidates 12; total = 2130 + 12 = 2142 (thoughts 120 left
#    out, although totalTokenCount says 2262); cached 2110; reasoning = thoughts 120.
r = res[5]
check("gemini prompt_tokens", r.get("prompt_tokens"), 2130)
check("gemini completion_tokens", r.get("completion_tokens"), 12)
check("gemini total_tokens", r.get("total_tokens"), 2142)
check("gemini cached_input_tokens", r.get("cached_input_tokens"), 2110)
check("gemini reasoning_tokens", r.get("reasoning_tokens"), 120)

# 6. error event -> skipped, not counted.
check("anthropic error event skipped", sorted(res[6].keys()), ["skipped"])

# 7. Responses: prompt = input_tokens 1464 (gross), completion 14, total = 1464 + 14 = 1478,
#    cached 1280, reasoning 3, no cache write.
r = res[7]
check("responses prompt_tokens", r.get("prompt_tokens"), 1464)
check("responses completion_tokens", r.get("completion_tokens"), 14)
check("responses total_tokens", r.get("total_tokens"), 1478)
check("responses cached_input_tokens", r.get("cached_input_tokens"), 1280)
check("responses reasoning_tokens", r.get("reasoning_tokens"), 3)
check("responses cache_write_tokens", r.get("cache_write_tokens"), None)

# 8. Responses cut before response.completed: 0, 0, 0, cached None; one step.
r = res[8]
check("responses cut total_tokens", r.get("total_tokens"), 0)
check("responses cut cached_input_tokens", r.get("cached_input_tokens"), None)
check("responses cut step_count", r.get("step_count"), 1)

# Total over the counted requests 0-5, 7, 8 (6 was skipped):
#   prompt     1518 + 1518 + 2003 + 1330 + 0 + 2130 + 1464 + 0 = 9963
#   completion   12 +    1 +    9 +    8 + 0 +   12 +   14 + 0 = 56
#   total      1530 + 1519 + 2012 + 1338 + 0 + 2142 + 1478 + 0 = 10019
#   cached     1500 + 1500 + (None) + 1280 + (None) + 2110 + 1280 + (None) = 7670
#   write         8 +    8 + 2000 = 2016 (OpenAI/Gemini None)
#   reasoning  0 (OpenAI chat) + 120 (Gemini) + 3 (Responses) = 123; steps 8.
t = out["total"]
check("total prompt_tokens", t.get("prompt_tokens"), 9963)
check("total completion_tokens", t.get("completion_tokens"), 56)
check("total total_tokens", t.get("total_tokens"), 10019)
check("total cached_input_tokens", t.get("cached_input_tokens"), 7670)
check("total cache_write_tokens", t.get("cache_write_tokens"), 2016)
check("total reasoning_tokens", t.get("reasoning_tokens"), 123)
check("total step_count", t.get("step_count"), 8)

# Same input -> byte-identical output.
again = run({"requests": requests})
check("deterministic stdout", again.stdout == proc.stdout, True)

# Bad input: exit 2 and a message naming the offending part.
for doc, needle in [
    ("{not json", "stdin: not JSON"),
    ({"requests": [{"provider": "bedrock", "model": "m", "payloads": [], "complete": True}]}, "requests[0].provider"),
    ({"requests": [{"provider": "anthropic", "model": "m", "payloads": [{}], "complete": True}]}, "requests[0].payloads[0]"),
    ({"requests": [{"provider": "gemini", "model": "m", "payloads": [], "complete": "yes"}]}, "requests[0].complete"),
    ({"requests": [], "extra": 1}, "unknown key 'extra'"),
]:
    bad = run(doc)
    err = bad.stderr.decode(errors="replace")
    check(f"bad input {needle!r} exit status", bad.returncode, 2)
    check(f"bad input {needle!r} message", needle in err, True)
    check(f"bad input {needle!r} stdout empty", bad.stdout, b"")

# from_run.py: a run document mixing an STT event, two Anthropic streams (the second cut) and an
# OpenAI chat stream and a cut Responses stream -> four requests: anthropic 8 events complete, anthropic
# 4 events (message_start, content_block_start, ping, one delta) not complete, openai-chat 3 chunks
# complete (usage chunk seen), openai-responses 5 events not complete (no response.completed).
FROM_RUN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "from_run.py")
run_doc = {
    "provider_payloads": [{"type": "Results", "channel_index": [0, 1]}]
    + anthropic_stream(10, 1500, 8, 1, 12)
    + [{"type": "SpeechStarted", "channel": [0, 1]}]
    + anthropic_stream(5, 0, 0, 1, None)
    + requests[3]["payloads"]
    + responses_stream(None, finished=False)
}
split = subprocess.run([sys.executable, FROM_RUN], input=json.dumps(run_doc).encode(), capture_output=True, timeout=60)
check("from_run exit status", split.returncode, 0)
if split.returncode == 0:
    got = [(r["provider"], len(r["payloads"]), r["complete"]) for r in json.loads(split.stdout)["requests"]]
    check("from_run requests", got, [("anthropic", 8, True), ("anthropic", 4, False), ("openai-chat", 3, True), ("openai-responses", 5, False)])
bad_split = subprocess.run([sys.executable, FROM_RUN], input=b"[]", capture_output=True, timeout=60)
check("from_run bad input exit status", bad_split.returncode, 2)

if failures:
    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    sys.exit(1)
print(f"selftest: all checks passed (letta {out['letta_version']})")
