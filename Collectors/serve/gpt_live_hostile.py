"""Hostile clients against a running `agentsim serve` on its GPT-Live endpoint, then a normal session that must still
be served correctly.

    python Collectors/serve/gpt_live_hostile.py --url http://127.0.0.1:PORT

Each case prints one JSON line {"case", "ok", "detail"}. The cases: an event that is not JSON, audio before
`session.start`, a `session.start` without a model, one for a model the scenario does not play, an unknown scenario,
a second `session.start`, audio at 16 kHz (`audio.format.rate`), audio that is not PCM16, an unknown event, a binary
frame, and a client that never reads while it streams a minute of audio. Each must get GPT-Live's `error` event (and,
where the session cannot go on, a close), never a hang. The last case is a normal session over the raw protocol:
gpt-live.yaml streamed as LiveKit's client streams it (100 ms appends, the tool's output answered), closed after the
last reply; the figures must be its header's (backend runs input 5 / output 6 and 17 / 6; snapshots 4.6 and 7.2 s;
session.closed 7.2 s).
Exit status 0 when every case got what the issue asks for. Needs aiohttp (the livekit-1.8.9 venv).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import sys

import aiohttp

RESULTS: list[dict] = []
SCENARIO = "gpt-live"
CHUNK = json.dumps({"type": "session.input_audio.append", "audio": base64.b64encode(b"\x00" * 4800).decode()})


def report(case: str, ok: bool, detail: str) -> None:
    RESULTS.append({"case": case, "ok": bool(ok), "detail": detail})
    print(json.dumps(RESULTS[-1]), flush=True)


def start(model: str | None = "gpt-live-1", rate: int = 24000) -> str:
    session: dict = {"audio": {"format": {"type": "audio/pcm", "rate": rate}}}
    if model is not None:
        session["model"] = model
    return json.dumps({"type": "session.start", "session": session})


async def open_ws(http: aiohttp.ClientSession, url: str, scenario: str = SCENARIO):
    return await http.ws_connect(
        url.replace("http://", "ws://") + f"/scenario/{scenario}/v1/live/sessions",
        headers={"Authorization": "Bearer sk-agentsim"},
        max_msg_size=0,
    )


async def next_event(ws, timeout: float = 10.0) -> dict | None:
    """The next server event that is not output audio; None once the socket closes."""
    while True:
        msg = await asyncio.wait_for(ws.receive(), timeout)
        if msg.type != aiohttp.WSMsgType.TEXT:
            return None
        event = json.loads(msg.data)
        if event.get("type") != "session.output_audio.delta":
            return event


async def closed(ws, timeout: float = 10.0) -> int | None:
    while True:
        msg = await asyncio.wait_for(ws.receive(), timeout)
        if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
            return ws.close_code if msg.type != aiohttp.WSMsgType.CLOSE else msg.data
        if msg.type == aiohttp.WSMsgType.ERROR:
            return None


async def refused(http, url: str, case: str, messages: list, code: str, close: int | None, started: bool = False):
    """Sends `messages` (after a good session.start when `started`); the last must get error `code`, then (when
    `close` is set) that close."""
    ws = await open_ws(http, url)
    if started:
        await ws.send_str(start())
        await next_event(ws)
    for message in messages:
        if isinstance(message, bytes):
            await ws.send_bytes(message)
        else:
            await ws.send_str(message)
    event = await next_event(ws)
    got = (event or {}).get("error", {}).get("code")
    ok = got == code
    detail = f"error {got}"
    if close is not None:
        code_seen = await closed(ws)
        ok = ok and code_seen == close
        detail += f", close {code_seen}"
    else:
        # The session goes on: a good event is still answered.
        await ws.send_str(json.dumps({"type": "session.input_audio.mute"}))
        after = await next_event(ws)
        ok = ok and (after or {}).get("type") in ("session.input_audio.muted", "error")
        detail += f", then {(after or {}).get('type')}"
    report(case, ok, detail)
    await ws.close()


async def never_reads(url: str) -> None:
    """Starts a session and streams a minute of audio (600 appends) without reading a byte, then disconnects."""
    async with aiohttp.ClientSession() as http:
        ws = await open_ws(http, url)
        await ws.send_str(start())
        sent = 0
        try:
            for _ in range(600):
                await asyncio.wait_for(ws.send_str(CHUNK), 5)
                sent += 1
        except (asyncio.TimeoutError, ConnectionError, aiohttp.ClientError):
            pass
        await ws.close()
    report("a client that never reads", True, f"{sent} appends sent, then disconnected")


async def normal_session(url: str) -> None:
    """gpt-live.yaml over the raw protocol, as LiveKit's client streams it."""
    events: list[dict] = []
    async with aiohttp.ClientSession() as http:
        ws = await open_ws(http, url)
        await ws.send_str(start())

        async def pump(seconds: float) -> None:
            for _ in range(round(seconds * 10)):
                await ws.send_str(CHUNK)

        async def reader() -> None:
            while True:
                event = await next_event(ws, 30)
                if event is None:
                    return
                events.append(event)
                if event.get("type") == "response.event":
                    item = event["event"].get("item") or {}
                    if item.get("type") == "function_call":
                        output = {"type": "function_call_output", "call_id": item["call_id"]}
                        output["output"] = '{"status": "shipped"}'
                        await ws.send_str(json.dumps({"type": "response.item.create", "item": output}))
                        await ws.send_str(json.dumps({"type": "response.create"}))

        task = asyncio.create_task(reader())
        await pump(2.4)
        await asyncio.sleep(0.5)  # the tool's output goes back before the clock moves on
        await pump(5.6)  # to 8.0 s: the reply, the user, the last reply, a hang-up tail
        await asyncio.sleep(0.5)
        await ws.send_str(json.dumps({"type": "session.close"}))
        await asyncio.wait_for(task, 30)
        await ws.close()
    usage = [e["event"]["response"]["usage"] for e in events if e["type"] == "response.event" and
             e["event"]["type"] == "response.completed"]
    runs = [(u["input_tokens"], u["output_tokens"]) for u in usage]
    updates = [e["usage"]["seconds"] for e in events if e["type"] == "session.usage.updated"]
    closed_at = [e["usage"]["seconds"] for e in events if e["type"] == "session.closed"]
    ok = runs == [(5, 6), (17, 6)] and updates == [4.6, 7.2] and closed_at == [7.2]
    report("a normal session is still served", ok, f"runs {runs}, snapshots {updates}, closed {closed_at}")


async def main(url: str) -> int:
    async with aiohttp.ClientSession() as http:
        await refused(http, url, "an event that is not JSON", ['{"type": '], "invalid_json", None)
        await refused(http, url, "audio before session.start", [CHUNK], "session_not_started", None)
        await refused(http, url, "session.start without a model", [start(None)], "missing_required_parameter", 1008)
        await refused(http, url, "another model", [start("gpt-live-2")], "invalid_model", 1008)
        ws = await http.ws_connect(url.replace("http://", "ws://") + "/scenario/no-such/v1/live/sessions")
        event = await next_event(ws)
        code = await closed(ws)
        got = (event or {}).get("error", {}).get("code")
        report("an unknown scenario", got == "invalid_scenario" and code == 1008, f"error {got}, close {code}")
        await refused(http, url, "a second session.start", [start()], "session_already_started", None, started=True)
        await refused(http, url, "audio at 16 kHz", [start(rate=16000)], "unsupported_audio_format", 1008)
        odd = json.dumps({"type": "session.input_audio.append", "audio": "AAAA"})
        await refused(http, url, "audio that is not PCM16", [odd], "invalid_audio", None, started=True)
        unknown = json.dumps({"type": "session.dance"})
        await refused(http, url, "an unknown event", [unknown], "unknown_event", None, started=True)
        await refused(http, url, "a binary frame", [b"\x00\x01"], "invalid_event", None, started=True)
    await never_reads(url)
    await normal_session(url)
    return 0 if all(r["ok"] for r in RESULTS) else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="agentsim serve's base URL (http://HOST:PORT)")
    sys.exit(asyncio.run(main(parser.parse_args().url)))
