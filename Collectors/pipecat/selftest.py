#!/usr/bin/env python3
"""Selftest of bridge.py: hand-written provider streams through Pipecat's real services.

Every expected figure is derived by hand from the rules in README.md (pipecat-ai 1.14.0, file:line there); the
arithmetic is in the comment next to it. Run with the Pipecat venv:

    .venvs/pipecat/bin/python Collectors/pipecat/selftest.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

BRIDGE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bridge.py")
FAILURES: list[str] = []


def bridge(doc, raw: str | None = None) -> tuple[int, dict | None, str]:
    proc = subprocess.run(
        [sys.executable, BRIDGE],
        input=raw if raw is not None else json.dumps(doc),
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = json.loads(proc.stdout) if proc.returncode == 0 else None
    return proc.returncode, out, proc.stderr


def expect(name: str, got, want) -> None:
    if got != want:
        FAILURES.append(f"{name}: got {got!r}, want {want!r}")


def usage(prompt, completion, total, cache_read=None, cache_creation=None, reasoning=None) -> dict:
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": total,
        "cache_read_input_tokens": cache_read,
        "cache_creation_input_tokens": cache_creation,
        "reasoning_tokens": reasoning,
        "input_audio_tokens": None,
        "output_audio_tokens": None,
        "cache_read_input_audio_tokens": None,
    }


# --- Anthropic -------------------------------------------------------------------------------------------


def anthropic_start(input_tokens, cache_read, cache_creation, output_tokens=1) -> dict:
    return {
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
                "cache_creation_input_tokens": cache_creation,
                "cache_read_input_tokens": cache_read,
                "output_tokens": output_tokens,
            },
        },
    }


def anthropic_text(*texts) -> list[dict]:
    events = [{"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}]
    events += [
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": t}} for t in texts
    ]
    return events


def anthropic_end(usage_delta: dict) -> list[dict]:
    return [
        {"type": "content_block_stop", "index": 0},
        {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None}, "usage": usage_delta},
        {"type": "message_stop"},
    ]


ANTHROPIC_COMPLETE = {
    "provider": "anthropic",
    "model": "claude-sonnet-4-6",
    "payloads": [anthropic_start(10, 1500, 0, output_tokens=1), {"type": "ping"}]
    + anthropic_text("Hello", " there.")
    + anthropic_end({"output_tokens": 6}),
    "complete": True,
}
# message_start {input 10, cache_read 1500, cache_creation 0, output 1}; message_delta {output 6}.
# Usage values replace (cumulative), so completion = 6, not 1 + 6 = 7; prompt stays net = 10;
# total = prompt + cache_creation + cache_read + completion = 10 + 0 + 1500 + 6 = 1516; no thinking → None.
ANTHROPIC_COMPLETE_WANT = usage(10, 6, 1516, cache_read=1500, cache_creation=0, reasoning=None)

ANTHROPIC_THINKING = {
    "provider": "anthropic",
    "model": "claude-sonnet-4-6",
    "payloads": [anthropic_start(12, 0, 2048, output_tokens=2)]
    + anthropic_text("Yes.")
    + anthropic_end({"output_tokens": 40, "output_tokens_details": {"thinking_tokens": 25}}),
    "complete": True,
}
# start {input 12, cache_read 0, cache_creation 2048, output 2}; delta {output 40, thinking 25}.
# completion = 40 (replaced), reasoning = 25, total = 12 + 2048 + 0 + 40 = 2100.
ANTHROPIC_THINKING_WANT = usage(12, 40, 2100, cache_read=0, cache_creation=2048, reasoning=25)

ANTHROPIC_CUT = {
    "provider": "anthropic",
    "model": "claude-sonnet-4-6",
    "payloads": [anthropic_start(10, 1500, 0, output_tokens=1)] + anthropic_text("Hello", ", wor", "ld and"),
    "complete": False,
}
# Barge-in after three text deltas: completion = the words estimate, per delta int(pieces * 1.3) where
# pieces = non-word runs + 1: "Hello" → 1 piece → int(1.3) = 1; ", wor" → ["", "wor"] 2 → int(2.6) = 2;
# "ld and" → ["ld", "and"] 2 → 2. Sum 1 + 2 + 2 = 5. Prompt/cache from message_start: 10, 1500, 0;
# total = 10 + 0 + 1500 + 5 = 1515; reasoning None on the cancel path.
ANTHROPIC_CUT_WANT = usage(10, 5, 1515, cache_read=1500, cache_creation=0, reasoning=None)

ANTHROPIC_TOOL_CUT = {
    "provider": "anthropic",
    "model": "claude-sonnet-4-6",
    "payloads": [
        anthropic_start(20, 0, 0, output_tokens=1),
        {
            "type": "content_block_start",
            "index": 0,
            "content_block": {"type": "tool_use", "id": "toolu_selftest", "name": "lookup_order", "input": {}},
        },
        {"type": "content_block_delta", "index": 0, "delta": {"type": "input_json_delta", "partial_json": '{"id": '}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "input_json_delta", "partial_json": '"4417"}'}},
    ],
    "complete": False,
}
# Barge-in inside a tool call: partial_json deltas are estimated too. '{"id": ' → ["", "id", ""] 3 pieces →
# int(3.9) = 3; '"4417"}' → ["", "4417", ""] 3 → 3. completion 3 + 3 = 6; total 20 + 0 + 0 + 6 = 26.
ANTHROPIC_TOOL_CUT_WANT = usage(20, 6, 26, cache_read=0, cache_creation=0, reasoning=None)

# --- OpenAI Chat Completions ----------------------------------------------------------------------------


def chat_chunk(content=None, finish=None, usage_obj=None, choices=True) -> dict:
    chunk = {
        "id": "chatcmpl-selftest",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "gpt-4.1-mini-2025-04-14",
        "choices": [],
        "usage": usage_obj,
    }
    if choices:
        delta = {} if content is None else {"content": content}
        chunk["choices"] = [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]
    return chunk


CHAT_COMPLETE = {
    "provider": "openai-chat",
    "model": "gpt-4.1-mini",
    "payloads": [
        chat_chunk(""),
        chat_chunk("Sure, "),
        chat_chunk("one moment."),
        chat_chunk(finish="stop"),
        chat_chunk(
            choices=False,
            usage_obj={
                "prompt_tokens": 1200,
                "completion_tokens": 30,
                "total_tokens": 1230,
                "prompt_tokens_details": {"cached_tokens": 1024, "audio_tokens": 0},
                "completion_tokens_details": {"reasoning_tokens": 0},
            },
        ),
    ],
    "complete": True,
}
# The usage chunk as is: prompt 1200 (gross), completion 30, total 1230 (the provider's),
# cache_read = cached_tokens 1024, no cache_write_tokens key → None, reasoning 0.
CHAT_COMPLETE_WANT = usage(1200, 30, 1230, cache_read=1024, cache_creation=None, reasoning=0)

CHAT_NO_DETAILS = {
    "provider": "openai-chat",
    "model": "gpt-4.1-mini",
    "payloads": [
        chat_chunk("Hi."),
        chat_chunk(finish="stop"),
        chat_chunk(choices=False, usage_obj={"prompt_tokens": 900, "completion_tokens": 3, "total_tokens": 903}),
    ],
    "complete": True,
}
# No prompt/completion details → cache_read None and reasoning None (not 0).
CHAT_NO_DETAILS_WANT = usage(900, 3, 903)

CHAT_CUT = {
    "provider": "openai-chat",
    "model": "gpt-4.1-mini",
    "payloads": [chat_chunk(""), chat_chunk("Sure. Let me che"), chat_chunk("ck that")],
    "complete": False,
}
# Cut before the usage chunk (OpenAI sends it last): Pipecat has nothing to report and no estimate → null.
CHAT_CUT_WANT = None

# --- OpenAI Responses (HTTP) ----------------------------------------------------------------------------


def responses_obj(status, usage_obj=None) -> dict:
    return {
        "id": "resp_selftest",
        "object": "response",
        "created_at": 1,
        "status": status,
        "model": "gpt-4.1-mini-2025-04-14",
        "output": [],
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "usage": usage_obj,
    }


RESPONSES_COMPLETE = {
    "provider": "openai-responses",
    "model": "gpt-4.1-mini",
    "payloads": [
        {"type": "response.created", "sequence_number": 0, "response": responses_obj("in_progress")},
        {
            "type": "response.output_text.delta",
            "sequence_number": 1,
            "item_id": "msg_1",
            "output_index": 0,
            "content_index": 0,
            "delta": "Done.",
            "logprobs": [],
        },
        {
            "type": "response.completed",
            "sequence_number": 2,
            "response": responses_obj(
                "completed",
                {
                    "input_tokens": 1500,
                    "input_tokens_details": {"cached_tokens": 1280},
                    "output_tokens": 40,
                    "output_tokens_details": {"reasoning_tokens": 16},
                    "total_tokens": 1540,
                },
            ),
        },
    ],
    "complete": True,
}
# response.completed usage: prompt 1500 (gross), completion 40, total 1540, cache_read 1280,
# cache_write absent → 0 (Responses coalesces to 0), reasoning 16.
RESPONSES_COMPLETE_WANT = usage(1500, 40, 1540, cache_read=1280, cache_creation=0, reasoning=16)

RESPONSES_CUT = {
    "provider": "openai-responses",
    "model": "gpt-4.1-mini",
    "payloads": RESPONSES_COMPLETE["payloads"][:2],
    "complete": False,
}
# Cut before response.completed: usage rides only on the terminal event, so Pipecat reports nothing → null.
RESPONSES_CUT_WANT = None

# --- Gemini ---------------------------------------------------------------------------------------------


def gemini_chunk(text, meta, finish=None) -> dict:
    cand = {"content": {"parts": [{"text": text}], "role": "model"}}
    if finish:
        cand["finishReason"] = finish
    return {"candidates": [cand], "usageMetadata": meta, "modelVersion": "gemini-2.5-flash", "responseId": "r1"}


GEMINI_COMPLETE = {
    "provider": "gemini",
    "model": "gemini-2.5-flash",
    "payloads": [
        gemini_chunk(
            "It's",
            {"promptTokenCount": 1190, "candidatesTokenCount": 1, "thoughtsTokenCount": 40, "totalTokenCount": 1231},
        ),
        gemini_chunk(
            " sunny.",
            {
                "promptTokenCount": 1200,
                "cachedContentTokenCount": 1024,
                "candidatesTokenCount": 25,
                "thoughtsTokenCount": 40,
                "totalTokenCount": 1265,
            },
            finish="STOP",
        ),
    ],
    "complete": True,
}
# Last chunk wins (assignment): prompt 1200 (+0 tool-use), completion = candidates 25 + thoughts 40 = 65,
# total = 1200 + 65 = 1265 (computed), cache_read 1024, reasoning 40, cache_creation None.
GEMINI_COMPLETE_WANT = usage(1200, 65, 1265, cache_read=1024, cache_creation=None, reasoning=40)

GEMINI_CUT = {
    "provider": "gemini",
    "model": "gemini-2.5-flash",
    "payloads": [
        gemini_chunk(
            "Let me",
            {"promptTokenCount": 800, "candidatesTokenCount": 2, "thoughtsTokenCount": 0, "totalTokenCount": 802},
        ),
        gemini_chunk(
            " think about",
            {"promptTokenCount": 800, "candidatesTokenCount": 5, "totalTokenCount": 805},
        ),
    ],
    "complete": False,
}
# Cut after the second chunk: Pipecat still reports, from the last usageMetadata it saw:
# prompt 800, completion 5 + 0 (no thoughts) = 5, total 805, cache_read 0 (absent → 0), reasoning 0.
GEMINI_CUT_WANT = usage(800, 5, 805, cache_read=0, cache_creation=None, reasoning=0)


def main() -> int:
    cases = [
        ("anthropic complete", ANTHROPIC_COMPLETE, ANTHROPIC_COMPLETE_WANT),
        ("anthropic thinking", ANTHROPIC_THINKING, ANTHROPIC_THINKING_WANT),
        ("anthropic cut", ANTHROPIC_CUT, ANTHROPIC_CUT_WANT),
        ("anthropic tool cut", ANTHROPIC_TOOL_CUT, ANTHROPIC_TOOL_CUT_WANT),
        ("openai-chat complete", CHAT_COMPLETE, CHAT_COMPLETE_WANT),
        ("openai-chat no details", CHAT_NO_DETAILS, CHAT_NO_DETAILS_WANT),
        ("openai-chat cut", CHAT_CUT, CHAT_CUT_WANT),
        ("openai-responses complete", RESPONSES_COMPLETE, RESPONSES_COMPLETE_WANT),
        ("openai-responses cut", RESPONSES_CUT, RESPONSES_CUT_WANT),
        ("gemini complete", GEMINI_COMPLETE, GEMINI_COMPLETE_WANT),
        ("gemini cut", GEMINI_CUT, GEMINI_CUT_WANT),
    ]
    rc, out, err = bridge({"requests": [c[1] for c in cases]})
    expect("exit status", rc, 0)
    if out is None:
        print(err, file=sys.stderr)
        print("FAIL: bridge did not produce output", file=sys.stderr)
        return 1
    expect("pipecat_version", out["pipecat_version"], "1.14.0")
    expect("request count", len(out["requests"]), len(cases))
    for (name, _, want), got in zip(cases, out["requests"]):
        expect(name, got, want)
    # Totals over the 9 reported requests (the OpenAI chat and Responses cuts reported nothing):
    # prompt 10 + 12 + 10 + 20 + 1200 + 900 + 1500 + 1200 + 800 = 5652;
    # completion 6 + 40 + 5 + 6 + 30 + 3 + 40 + 65 + 5 = 200;
    # total 1516 + 2100 + 1515 + 26 + 1230 + 903 + 1540 + 1265 + 805 = 10900;
    # cache_read 1500 + 0 + 1500 + 0 + 1024 + 1280 + 1024 + 0 = 6328 (chat-no-details None is skipped);
    # cache_creation 0 + 2048 + 0 + 0 + 0 = 2048 (the four Anthropic and Responses);
    # reasoning 25 + 0 + 16 + 40 + 0 = 81 (the Anthropic complete/cuts and chat-no-details are None).
    total = out["total"]
    expect("total.prompt_tokens", total.get("prompt_tokens"), 5652)
    expect("total.completion_tokens", total.get("completion_tokens"), 200)
    expect("total.total_tokens", total.get("total_tokens"), 10900)
    expect("total.cache_read_input_tokens", total.get("cache_read_input_tokens"), 6328)
    expect("total.cache_creation_input_tokens", total.get("cache_creation_input_tokens"), 2048)
    expect("total.reasoning_tokens", total.get("reasoning_tokens"), 81)
    expect("total.input_audio_tokens", total.get("input_audio_tokens"), None)
    expect("total.reported", total.get("reported"), 9)

    # TTS characters a sentence-mode Pipecat TTS would count for each reply's text (sentences stripped of spaces,
    # the unfinished one flushed at the end of the reply, a cut one too: the cancelled LLM service pushes
    # LLMFullResponseEndFrame ahead of the interruption):
    # "Hello there." 12; "Yes." 4; cut "Hello, world and" 16; the tool call no text 0;
    # "Sure, one moment." 17; "Hi." 3; cut "Sure. Let me check that": "Sure." 5 + "Let me check that" 17 = 22;
    # "Done." 5; the cut "Done." 5; "It's sunny." 11; the cut "Let me think about" 18.
    expect("tts_characters", out.get("tts_characters"), [12, 4, 16, 0, 17, 3, 22, 5, 5, 11, 18])

    # Bad input: exit 2 and a message naming the place and the expected form.
    rc, _, err = bridge(None, raw='{"requests": [{"provider": "anthropic", "model": "m", "payloads": [], '
                                  '"complete": true}]}')
    expect("empty payloads exit", rc, 2)
    expect("empty payloads message", "requests[0].payloads must be a non-empty list" in err, True)
    rc, _, err = bridge(None, raw='{"requests": [{"provider": "cohere", "model": "m", "payloads": [{}], '
                                  '"complete": true}]}')
    expect("bad provider exit", rc, 2)
    expect("bad provider message", "requests[0].provider is 'cohere'; expected one of" in err, True)
    rc, _, err = bridge(None, raw="not json")
    expect("not json exit", rc, 2)
    expect("not json message", "stdin is not JSON: line 1 column 1" in err, True)

    if FAILURES:
        for f in FAILURES:
            print(f"FAIL: {f}", file=sys.stderr)
        return 1
    print(f"pipecat bridge selftest: {len(cases)} requests and 3 bad inputs OK (pipecat-ai {out['pipecat_version']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
