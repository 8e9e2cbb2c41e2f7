#!/usr/bin/env python3
"""Self-test of bridge.py against hand-derived numbers (no pytest needed).

Run with the python of the venv to test; it runs bridge.py with that same python:

    .venvs/livekit-1.2.18/bin/python Collectors/livekit/selftest.py
    .venvs/livekit-1.8.9/bin/python  Collectors/livekit/selftest.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BRIDGE = os.path.join(HERE, "bridge.py")

RT_LABEL = "livekit.plugins.openai.realtime.realtime_model.RealtimeModel"
RT_META = {"model_name": "gpt-4o-realtime-preview", "model_provider": "api.openai.com"}


def realtime(request_id, *, inp, out, in_audio, in_text, cached, cached_audio, cached_text,
             out_text, out_audio, out_image=0, session_duration=0.0, cancelled=False):
    """Full-form realtime_model_metrics event (every field present: both versions accept it)."""
    return {
        "type": "realtime_model_metrics", "label": RT_LABEL, "request_id": request_id,
        "timestamp": 1.5, "duration": 2.0, "session_duration": session_duration, "ttft": 0.4,
        "cancelled": cancelled, "input_tokens": inp, "output_tokens": out,
        "total_tokens": inp + out, "tokens_per_second": 30.0,
        "input_token_details": {
            "audio_tokens": in_audio, "text_tokens": in_text, "image_tokens": 0,
            "cached_tokens": cached,
            "cached_tokens_details": {"audio_tokens": cached_audio, "text_tokens": cached_text,
                                      "image_tokens": 0},
        },
        "output_token_details": {"text_tokens": out_text, "audio_tokens": out_audio,
                                 "image_tokens": out_image},
        "acquire_time": 0.0, "connection_reused": False, "metadata": RT_META,
    }


def stt(request_id, audio_duration):
    return {
        "type": "stt_metrics", "label": "livekit.plugins.openai.stt.STT", "request_id": request_id,
        "timestamp": 3.0, "duration": 0.0, "audio_duration": audio_duration, "streamed": True,
        "input_tokens": 0, "output_tokens": 0, "total_tokens": 0, "input_audio_tokens": 0,
        "acquire_time": 0.0, "connection_reused": False,
        "metadata": {"model_name": "whisper-1", "model_provider": "api.openai.com"},
    }


bad_float = realtime("resp_bad", inp=10, out=5, in_audio=0, in_text=10, cached=0, cached_audio=0,
                     cached_text=0, out_text=5, out_audio=0)
bad_float["input_tokens"] = 3.5  # int field: pydantic rejects a float with a fractional part

LINES = [
    json.dumps({"agentsim": "begin", "id": "selftest"}),                           # line 1
    # zero-usage event the OpenAI plugin emits when the connection is acquired
    json.dumps(realtime("", inp=0, out=0, in_audio=0, in_text=0, cached=0, cached_audio=0,
                        cached_text=0, out_text=0, out_audio=0)),                   # line 2
    json.dumps(realtime("resp_1", inp=120, out=60, in_audio=20, in_text=100, cached=64,
                        cached_audio=0, cached_text=64, out_text=12, out_audio=48)),  # line 3
    json.dumps(realtime("resp_2", inp=300, out=95, in_audio=150, in_text=150, cached=128,
                        cached_audio=64, cached_text=64, out_text=20, out_audio=70, out_image=5,
                        session_duration=12.5, cancelled=True)),                    # line 4
    json.dumps(stt("event_1", 2.4)),                                                # line 5
    "",                                                                             # line 6 (blank: ignored)
    '{"type": "realtime_model_metrics", "request_id": ',                            # line 7 (malformed)
    json.dumps(bad_float),                                                          # line 8 (3.5 in int)
    json.dumps({"agentsim": "end"}),                                                # line 9
    # no begin: implicit group "" closed at EOF
    json.dumps(stt("event_2", 1.25)),                                               # line 10
]


def main() -> int:
    from importlib.metadata import version

    lk = version("livekit-agents")
    new = tuple(int(x) for x in lk.split(".")[:2]) >= (1, 5)

    v = subprocess.run([sys.executable, BRIDGE, "--version"], capture_output=True, text=True, check=True)
    assert json.loads(v.stdout) == {"livekit_version": lk, "python": sys.version.split()[0]}, v.stdout

    p = subprocess.run([sys.executable, BRIDGE], input="\n".join(LINES) + "\n",
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert p.stderr == "", f"unexpected stderr: {p.stderr!r}"  # DeprecationWarnings silenced
    out = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(out) == 2, out
    g, implicit = out

    assert g["id"] == "selftest" and g["livekit_version"] == lk
    assert g["events"] == 4  # lines 2-5; the blank line is ignored, lines 7-8 are errors
    assert isinstance(g["seconds"], float) and g["seconds"] > 0

    s = g["usage_summary"]
    # prompt = input_tokens: 0 + 120 + 300
    assert s["llm_prompt_tokens"] == 420, s
    # cached = input_token_details.cached_tokens: 0 + 64 + 128
    assert s["llm_prompt_cached_tokens"] == 192, s
    # input audio: 0 + 20 + 150
    assert s["llm_input_audio_tokens"] == 170, s
    # completion = output_tokens: 0 + 60 + 95  (the cancelled response counts too)
    assert s["llm_completion_tokens"] == 155, s
    # output audio: 0 + 48 + 70
    assert s["llm_output_audio_tokens"] == 118, s
    assert s["tts_characters_count"] == 0 and s["tts_audio_duration"] == 0.0, s
    # STT: one event of 2.4 s
    assert s["stt_audio_duration"] == 2.4, s

    if not new:  # 1.2.x: 8 fields, in declaration order
        assert list(s) == ["llm_prompt_tokens", "llm_prompt_cached_tokens", "llm_input_audio_tokens",
                           "llm_completion_tokens", "llm_output_audio_tokens", "tts_characters_count",
                           "tts_audio_duration", "stt_audio_duration"], list(s)
        assert g["usage_summary_repr"] == (
            "UsageSummary(llm_prompt_tokens=420, llm_prompt_cached_tokens=192, "
            "llm_input_audio_tokens=170, llm_completion_tokens=155, llm_output_audio_tokens=118, "
            "tts_characters_count=0, tts_audio_duration=0.0, stt_audio_duration=2.4)"), g["usage_summary_repr"]
        assert "model_usage" not in g
    else:  # 1.8.x: 18 fields
        assert len(s) == 18, list(s)
        assert s["llm_input_text_tokens"] == 250, s          # 0 + 100 + 150
        assert s["llm_input_cached_text_tokens"] == 128, s   # 0 + 64 + 64
        assert s["llm_input_cached_audio_tokens"] == 64, s   # 0 + 0 + 64
        assert s["llm_input_image_tokens"] == 0 and s["llm_input_cached_image_tokens"] == 0, s
        assert s["llm_output_text_tokens"] == 32, s          # 0 + 12 + 20
        assert s["llm_output_image_tokens"] == 5, s          # 0 + 0 + 5
        assert s["stt_input_tokens"] == 0 and s["stt_output_tokens"] == 0 and s["stt_input_audio_tokens"] == 0, s
        assert g["usage_summary_repr"].startswith("UsageSummary(llm_prompt_tokens=420, "), g["usage_summary_repr"]
        mu = g["model_usage"]
        # one LLM bucket (all three realtime events share provider/model), then one STT bucket
        assert [(u["type"], u["provider"], u["model"]) for u in mu] == [
            ("llm_usage", "api.openai.com", "gpt-4o-realtime-preview"),
            ("stt_usage", "api.openai.com", "whisper-1")], mu
        llm, st = mu
        assert llm["input_tokens"] == 420 and llm["input_cached_tokens"] == 192, llm
        assert llm["input_audio_tokens"] == 170 and llm["input_text_tokens"] == 250, llm
        assert llm["input_cached_audio_tokens"] == 64 and llm["input_cached_text_tokens"] == 128, llm
        assert llm["output_tokens"] == 155 and llm["output_audio_tokens"] == 118, llm
        assert llm["output_text_tokens"] == 32, llm
        assert "output_image_tokens" not in llm, llm         # ModelUsage drops output image tokens
        assert llm["session_duration"] == 12.5, llm          # 0 + 0 + 12.5
        assert st["audio_duration"] == 2.4, st

    errs = g["errors"]
    assert [e["line"] for e in errs] == [7, 8], errs
    assert errs[0]["message"].startswith("invalid JSON: "), errs[0]
    assert "input_tokens" in errs[1]["message"] and "int_from_float" in errs[1]["message"], errs[1]
    assert "errors.pydantic.dev" not in errs[1]["message"], errs[1]

    assert implicit["id"] == "" and implicit["events"] == 1 and implicit["errors"] == [], implicit
    assert implicit["usage_summary"]["stt_audio_duration"] == 1.25, implicit
    assert implicit["usage_summary"]["llm_prompt_tokens"] == 0, implicit

    print(f"selftest OK: livekit-agents {lk}")
    for line in p.stdout.splitlines():
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
