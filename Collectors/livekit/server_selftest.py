#!/usr/bin/env python3
"""Self-test of server.py against hand-derived numbers (no pytest needed).

Run with the python of the venv to test; it starts server.py (and bridge.py) with that same python:

    .venvs/livekit-1.2.18/bin/python Collectors/livekit/server_selftest.py
    .venvs/livekit-1.8.9/bin/python  Collectors/livekit/server_selftest.py

The last line is "N passed, M failed"; exit status 0 only when nothing failed.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
from importlib.metadata import version

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "server.py")
BRIDGE = os.path.join(HERE, "bridge.py")

LK = version("livekit-agents")
NEW = tuple(int(x) for x in LK.split(".")[:2]) >= (1, 5)  # 1.5+: ModelUsageCollector, 18 summary fields

from livekit.agents.metrics import RealtimeModelMetrics  # noqa: E402

PASSED: list[str] = []
FAILED: list[str] = []


def check(name: str, cond: bool, detail="") -> bool:
    if cond:
        PASSED.append(name)
    else:
        FAILED.append(name)
        print(f"FAIL: {name}" + (f"\n      {detail}" if detail != "" else ""), flush=True)
    return cond


# ---------------------------------------------------------------- events, built by the class itself

def build(cls, **values):
    """cls(**values) restricted to the fields the installed class has (1.8.9 adds session_duration,
    acquire_time, connection_reused), so every field either version requires is given explicitly."""
    fields = cls.model_fields
    missing = [k for k, f in fields.items() if f.is_required() and k not in values]
    assert not missing, f"{cls.__name__}: test gives no value for required {missing}"
    return cls(**{k: v for k, v in values.items() if k in fields})


def realtime(request_id, *, inp, out, in_audio, in_text, cached, cached_audio, cached_text,
             out_text, out_audio, out_image=0, session_duration=0.0, cancelled=False) -> dict:
    R = RealtimeModelMetrics
    m = build(
        R, label="livekit.plugins.openai.realtime.realtime_model.RealtimeModel",
        request_id=request_id, timestamp=1.5, duration=2.0, session_duration=session_duration,
        ttft=0.4, cancelled=cancelled, input_tokens=inp, output_tokens=out, total_tokens=inp + out,
        tokens_per_second=30.0,
        input_token_details=build(
            R.InputTokenDetails, audio_tokens=in_audio, text_tokens=in_text, image_tokens=0,
            cached_tokens=cached,
            cached_tokens_details=build(R.CachedTokenDetails, audio_tokens=cached_audio,
                                        text_tokens=cached_text, image_tokens=0)),
        output_token_details=build(R.OutputTokenDetails, text_tokens=out_text, audio_tokens=out_audio,
                                   image_tokens=out_image),
        acquire_time=0.0, connection_reused=False,
        metadata={"model_name": "gpt-4o-realtime-preview", "model_provider": "api.openai.com"},
    )
    d = m.model_dump(mode="json")
    assert d["type"] == "realtime_model_metrics", d
    return d


E1 = realtime("resp_1", inp=120, out=60, in_audio=20, in_text=100, cached=64, cached_audio=0,
              cached_text=64, out_text=12, out_audio=48)
E2 = realtime("resp_2", inp=300, out=95, in_audio=150, in_text=150, cached=128, cached_audio=64,
              cached_text=64, out_text=20, out_audio=70, out_image=5, session_duration=12.5,
              cancelled=True)


def env(eid: str, seq: int, metrics: dict) -> dict:
    return {"id": eid, "session": "sess_1", "seq": seq, "metrics": metrics}


def ndjson(*objs) -> bytes:
    return "".join((o if isinstance(o, str) else json.dumps(o)) + "\n" for o in objs).encode()


BATCH = ndjson(env("ev_1", 1, E1), env("ev_2", 2, E2))

# Hand-derived sums of E1 + E2:
#   llm_prompt_tokens        = input_tokens                 120 + 300 = 420
#   llm_prompt_cached_tokens = input.cached_tokens           64 + 128 = 192
#   llm_input_audio_tokens   = input.audio_tokens            20 + 150 = 170
#   llm_completion_tokens    = output_tokens                 60 +  95 = 155  (cancelled counts too)
#   llm_output_audio_tokens  = output.audio_tokens           48 +  70 = 118
# 1.5+ only:
#   llm_input_text_tokens        = input.text_tokens        100 + 150 = 250
#   llm_input_cached_text_tokens = cached.text_tokens        64 +  64 = 128
#   llm_input_cached_audio_tokens= cached.audio_tokens        0 +  64 =  64
#   llm_output_text_tokens       = output.text_tokens        12 +  20 =  32
#   llm_output_image_tokens      = output.image_tokens        0 +   5 =   5
#   model_usage: one llm_usage bucket (same provider/model), session_duration 0 + 12.5 = 12.5
SUM = {"llm_prompt_tokens": 420, "llm_prompt_cached_tokens": 192, "llm_input_audio_tokens": 170,
       "llm_completion_tokens": 155, "llm_output_audio_tokens": 118,
       "tts_characters_count": 0, "tts_audio_duration": 0.0, "stt_audio_duration": 0.0}
if NEW:
    SUM.update({"llm_input_text_tokens": 250, "llm_input_cached_text_tokens": 128,
                "llm_input_cached_audio_tokens": 64, "llm_input_image_tokens": 0,
                "llm_input_cached_image_tokens": 0, "llm_output_text_tokens": 32,
                "llm_output_image_tokens": 5, "stt_input_tokens": 0, "stt_output_tokens": 0,
                "stt_input_audio_tokens": 0})
ZERO = {k: type(v)(0) for k, v in SUM.items()}


# ---------------------------------------------------------------- server process and HTTP

class Server:
    def __init__(self, *args: str) -> None:
        self.args = args
        self.err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([sys.executable, SERVER, "--port", "0", "--quiet", *args],
                                     stdout=subprocess.PIPE, stderr=self.err, stdin=subprocess.DEVNULL)
        line = self._read_line(timeout=30.0)
        prefix = "listening on http://127.0.0.1:"
        if not line.startswith(prefix):
            self.kill()
            raise RuntimeError(f"server {args} did not start: stdout {line!r}, stderr {self.stderr()!r}")
        self.port = int(line[len(prefix):])
        self.base = f"http://127.0.0.1:{self.port}"

    def _read_line(self, timeout: float) -> str:
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        ready = sel.select(timeout)
        sel.close()
        if not ready:
            return ""
        return self.proc.stdout.readline().decode().rstrip("\n")

    def stderr(self) -> str:
        self.err.seek(0)
        return self.err.read().decode(errors="replace")

    def request(self, method: str, path: str, body: bytes | None = None):
        req = urllib.request.Request(self.base + path, data=body, method=method,
                                     headers={"Content-Type": "application/x-ndjson"} if body is not None else {})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                status, data = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, data = e.code, e.read()
        try:
            return status, json.loads(data)
        except ValueError:
            return status, data.decode(errors="replace")

    def post(self, body: bytes):
        return self.request("POST", "/events", body)

    def totals(self) -> dict:
        status, t = self.request("GET", "/totals")
        assert status == 200, (status, t)
        return t

    def terminate(self, within: float = 2.0):
        """SIGTERM; returns (exit status or None if still running after `within` s, seconds)."""
        t0 = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(within)
        except subprocess.TimeoutExpired:
            rc = None
        return rc, time.monotonic() - t0

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def check_sums(name: str, t: dict, expected: dict, events: int) -> None:
    s = t["usage_summary"]
    check(f"{name}: events == {events}", t["events"] == events, t["events"])
    check(f"{name}: usage_summary", s == expected, s)
    if NEW:
        mu = t.get("model_usage")
        if events == 0:
            check(f"{name}: model_usage empty", mu == [], mu)
        else:
            ok = (isinstance(mu, list) and len(mu) == 1
                  and (mu[0]["type"], mu[0]["provider"], mu[0]["model"])
                  == ("llm_usage", "api.openai.com", "gpt-4o-realtime-preview"))
            if check(f"{name}: model_usage has one llm_usage bucket", ok, mu):
                u = mu[0]
                n = events // 2  # the batches below always carry E1 and E2 together
                want = {"input_tokens": 420 * n, "input_cached_tokens": 192 * n,
                        "input_audio_tokens": 170 * n, "input_text_tokens": 250 * n,
                        "input_cached_audio_tokens": 64 * n, "input_cached_text_tokens": 128 * n,
                        "output_tokens": 155 * n, "output_audio_tokens": 118 * n,
                        "output_text_tokens": 32 * n, "session_duration": 12.5 * n}
                got = {k: u.get(k) for k in want}
                check(f"{name}: model_usage sums", got == want, got)
    else:
        check(f"{name}: no model_usage on {LK}", "model_usage" not in t, list(t))


# ---------------------------------------------------------------- tests

def test_main_server() -> None:
    srv = Server("--dedupe")
    try:
        status, body = srv.request("GET", "/health")
        check("GET /health -> 200 ok", (status, body) == (200, "ok"), (status, body))
        check("GET /nope -> 404", srv.request("GET", "/nope")[0] == 404)
        check("GET /events -> 405", srv.request("GET", "/events")[0] == 405)
        check("POST /totals -> 405", srv.request("POST", "/totals", b"")[0] == 405)

        t = srv.totals()
        check("fresh totals", (t["livekit_version"], t["events"], t["duplicates_ignored"], t["posts"],
                               t["failed_posts"]) == (LK, 0, 0, 0, 0), t)

        r = srv.post(BATCH)
        check("two envelopes -> 200 accepted 2", r == (200, {"accepted": 2, "duplicates": 0}), r)
        t = srv.totals()
        check_sums("after first batch", t, SUM, 2)
        check("posts == 1", t["posts"] == 1, t)
        if not NEW:
            check("1.2.x usage_summary has its 8 fields in declaration order", list(t["usage_summary"]) == [
                "llm_prompt_tokens", "llm_prompt_cached_tokens", "llm_input_audio_tokens",
                "llm_completion_tokens", "llm_output_audio_tokens", "tts_characters_count",
                "tts_audio_duration", "stt_audio_duration"], list(t["usage_summary"]))

        r = srv.post(BATCH)
        check("same ids again -> 200 accepted 0, duplicates 2",
              r == (200, {"accepted": 0, "duplicates": 2}), r)
        t = srv.totals()
        check_sums("after duplicate batch", t, SUM, 2)
        check("duplicates_ignored == 2, posts == 2", (t["duplicates_ignored"], t["posts"]) == (2, 2), t)

        # line 1 valid (new id), line 2 blank (still counted), line 3: 3.5 in an int field
        bad = dict(E1, input_tokens=3.5)
        r = srv.post(ndjson(env("ev_3", 3, E1), "", env("ev_4", 4, bad), env("ev_5", 5, E2)))
        check("invalid line 3 -> 400 naming line 3",
              r[0] == 400 and isinstance(r[1], dict) and r[1].get("line") == 3, r)
        check("400 message is the pydantic error for input_tokens",
              isinstance(r[1], dict) and "input_tokens" in r[1].get("error", "")
              and "int_from_float" in r[1].get("error", "")
              and "errors.pydantic.dev" not in r[1].get("error", ""), r)
        r = srv.post(ndjson(env("ev_6", 6, E1), '{"metrics": {"type": "realtime_model_metrics", '))
        check("malformed JSON on line 2 -> 400 invalid JSON line 2",
              r[0] == 400 and r[1].get("line") == 2 and r[1]["error"].startswith("invalid JSON: "), r)
        r = srv.post(b'{"type": "stt_metrics", "audio_duration": NaN}\n')
        check("NaN -> 400 line 1", r[0] == 400 and r[1].get("line") == 1 and "NaN" in r[1]["error"], r)
        r = srv.post(ndjson({"type": "llm_usage"}))
        check("unknown type -> 400", r[0] == 400 and "unknown metrics type 'llm_usage'" in r[1]["error"], r)
        t = srv.totals()
        check_sums("after rejected batches", t, SUM, 2)
        check("rejected batches: posts == 6, duplicates unchanged",
              (t["posts"], t["duplicates_ignored"]) == (6, 2), t)

        # ids of a rejected batch were not consumed: ev_3 and ev_5 are new; a bare event (no id)
        # is always ingested, even twice and under --dedupe
        r = srv.post(ndjson(env("ev_3", 3, E1), env("ev_5", 5, E2), E1, E2, E1, E2))
        check("ids of rejected batch unused; bare events always ingested",
              r == (200, {"accepted": 6, "duplicates": 0}), r)
        t = srv.totals()
        check_sums("after 8 events", t, {k: v * 4 for k, v in SUM.items()}, 8)

        r = srv.request("POST", "/reset")
        check("POST /reset -> 200 reset true", r == (200, {"reset": True}), r)
        t = srv.totals()
        check("reset clears counters", (t["events"], t["duplicates_ignored"], t["posts"],
                                        t["failed_posts"]) == (0, 0, 0, 0), t)
        check_sums("after reset", t, ZERO, 0)
        r = srv.post(BATCH)
        check("reset clears seen ids", r == (200, {"accepted": 2, "duplicates": 0}), r)
        check_sums("after reset + batch", srv.totals(), SUM, 2)

        rc, secs = srv.terminate(2.0)
        check(f"SIGTERM -> exit 0 within 2 s (took {secs:.2f} s)", rc == 0, rc)
        check("stderr empty (--quiet, DeprecationWarnings silenced)", srv.stderr() == "", srv.stderr())
    finally:
        srv.kill()


def test_fail_after() -> None:
    srv = Server("--fail-every", "2", "--dedupe")
    try:
        r = srv.post(ndjson(env("ev_1", 1, E1)))
        check("fail-every 2: POST #1 -> 200", r == (200, {"accepted": 1, "duplicates": 0}), r)
        r = srv.post(ndjson(env("ev_2", 2, E2)))
        check("fail-every 2: POST #2 -> 500 (after: ingested)",
              r[0] == 500 and r[1].get("injected") is True and r[1].get("accepted") == 1, r)
        t = srv.totals()
        check_sums("fail after: POST #2 was ingested", t, SUM, 2)
        check("fail after: posts 2, failed_posts 1", (t["posts"], t["failed_posts"]) == (2, 1), t)
        r = srv.post(ndjson(env("ev_2", 2, E2)))  # the client's retry of POST #2
        check("fail after: the retry (POST #3) is a duplicate", r == (200, {"accepted": 0, "duplicates": 1}), r)
        r = srv.post(b"")
        check("fail-every 2: POST #4 -> 500 too", r[0] == 500, r)
        t = srv.totals()
        check("fail after: posts 4, failed_posts 2, events 2",
              (t["posts"], t["failed_posts"], t["events"], t["duplicates_ignored"]) == (4, 2, 2, 1), t)
        rc, secs = srv.terminate(2.0)
        check(f"fail after: SIGTERM -> exit 0 within 2 s (took {secs:.2f} s)", rc == 0, rc)
    finally:
        srv.kill()


def test_fail_before() -> None:
    srv = Server("--fail-every", "2", "--fail-mode", "before")
    try:
        r = srv.post(ndjson(env("ev_1", 1, E1), env("ev_2", 2, E2)))
        check("fail before: POST #1 -> 200", r == (200, {"accepted": 2, "duplicates": 0}), r)
        r = srv.post(ndjson(env("ev_1", 1, E1), env("ev_2", 2, E2)))
        check("fail before: POST #2 -> 500, nothing ingested",
              r[0] == 500 and r[1].get("accepted") == 0, r)
        t = srv.totals()
        check_sums("fail before: only POST #1 counted", t, SUM, 2)
        check("fail before: posts 2, failed_posts 1", (t["posts"], t["failed_posts"]) == (2, 1), t)
        r = srv.post(ndjson(env("ev_1", 1, E1), env("ev_2", 2, E2)))
        check("no --dedupe: same ids ingested again", r == (200, {"accepted": 2, "duplicates": 0}), r)
        check_sums("no --dedupe: sums doubled", srv.totals(), {k: v * 2 for k, v in SUM.items()}, 4)
        rc, secs = srv.terminate(2.0)
        check(f"fail before: SIGTERM -> exit 0 within 2 s (took {secs:.2f} s)", rc == 0, rc)
    finally:
        srv.kill()


def test_bad_arguments() -> None:
    for args in (["--port", "0", "--host", "0.0.0.0"], ["--port", "0", "--host", "localhost"], [],
                 ["--port", "0", "--fail-every", "0"], ["--port", "0", "--fail-mode", "sometimes"]):
        p = subprocess.run([sys.executable, SERVER, *args], capture_output=True, text=True, timeout=30)
        check(f"server.py {' '.join(args) or '(no args)'} -> exit 2", p.returncode == 2 and p.stdout == "",
              (p.returncode, p.stdout, p.stderr))


def test_bridge_envelopes() -> None:
    """bridge.py unwraps the same envelopes and gets the same sums (line numbers count envelopes)."""
    bad = env("ev_bad", 9, dict(E1, input_tokens=3.5))
    text = BATCH.decode() + json.dumps(bad) + "\n" + json.dumps({"id": "x", "metrics": {"agentsim": "end"}}) + "\n"
    p = subprocess.run([sys.executable, BRIDGE], input=text, capture_output=True, text=True, timeout=60)
    if not check("bridge.py on envelopes: exit 0, one result", p.returncode == 0 and len(p.stdout.splitlines()) == 1,
                 (p.returncode, p.stdout, p.stderr)):
        return
    g = json.loads(p.stdout)
    check("bridge.py on envelopes: 2 events, same usage_summary as the server",
          g["events"] == 2 and g["usage_summary"] == SUM, g)
    errs = g["errors"]
    check("bridge.py: invalid envelope on line 3, wrapped control object on line 4 is not a control line",
          [e["line"] for e in errs] == [3, 4] and "input_tokens" in errs[0]["message"]
          and errs[1]["message"].startswith("missing 'type' field"), errs)


def main() -> int:
    for test in (test_bad_arguments, test_main_server, test_fail_after, test_fail_before, test_bridge_envelopes):
        try:
            test()
        except Exception:  # noqa: BLE001 -- report and go on with the next test
            FAILED.append(test.__name__)
            print(f"FAIL: {test.__name__} raised:\n{traceback.format_exc()}", flush=True)
    print(f"server selftest: livekit-agents {LK}, python {sys.version.split()[0]}")
    print(f"{len(PASSED)} passed, {len(FAILED)} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
