"""Concurrent real-time OpenAI Realtime sessions against `agentsim serve` (bench/serve.sh runs it).

Each session is a client as a voice agent is: it streams the user's audio at real time (100 ms
`input_audio_buffer.append`s, 100 ms apart), commits it, asks for the reply and plays the reply's audio at real time;
the scenario has one turn, so each of the N clients opens the next session when its last one ends, until the run
ends. With --stagger, the clients open their first sessions spread evenly over that many seconds, as independent
users do, instead of all at once (which asks for every reply in the same instant, a burst no real load has). Every `response.output_audio.delta` is due when playback reaches it: the reply
was asked for at t0, and its chunk k (100 ms each) is due at t0 + 0.1 s x k. A chunk's lateness is how long after
that it arrived (0 when early: a model may generate faster than real time). Prints one JSON object: sessions,
replies, chunks, lateness p50/p99 in ms, and the server's resident memory before, during and per session; with
--late-out, every chunk's lateness in ms too, one per line (bench/serve.sh merges several client processes' files).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import sys
import time

import aiohttp

CHUNK = 2400 * 2  # 100 ms of PCM16 at 24 kHz


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


async def session(http, url: str, pcm: bytes, until: float, late: list[float], replies: list[int], ready,
                  delay: float) -> None:
    """Back-to-back sessions of the scenario (one user turn, one reply each) until the run ends, the first one
    `delay` seconds in."""
    await asyncio.sleep(delay)
    first = True
    while time.monotonic() < until:
        await one(http, url, pcm, late, replies, ready if first else [])
        first = False


async def one(http, url: str, pcm: bytes, late: list[float], replies: list[int], ready) -> None:
    async with http.ws_connect(f"{url}/v1/realtime?model=gpt-realtime") as ws:
        await ws.receive()  # session.created
        await ws.send_str(json.dumps({"type": "session.update", "session": {
            "type": "realtime", "audio": {"input": {"turn_detection": None}}}}))
        ready.append(1)
        if True:
            start = time.monotonic()
            for k, offset in enumerate(range(0, len(pcm), CHUNK)):
                await asyncio.sleep(max(0.0, start + 0.1 * k - time.monotonic()))
                await ws.send_str(json.dumps({"type": "input_audio_buffer.append",
                                              "audio": base64.b64encode(pcm[offset:offset + CHUNK]).decode()}))
            await ws.send_str(json.dumps({"type": "input_audio_buffer.commit"}))
            t0 = time.monotonic()
            await ws.send_str(json.dumps({"type": "response.create"}))
            chunk = 0
            while True:
                msg = await ws.receive()
                if msg.type != aiohttp.WSMsgType.TEXT:
                    return
                event = json.loads(msg.data)
                if event["type"] == "response.output_audio.delta":
                    late.append(max(0.0, time.monotonic() - (t0 + 0.1 * chunk)))
                    chunk += 1
                elif event["type"] == "response.done":
                    replies.append(1)
                    break
                elif event["type"] == "error":
                    raise RuntimeError(event["error"])
            # Playing the reply out takes its length.
            await asyncio.sleep(max(0.0, t0 + 0.1 * chunk - time.monotonic()))


async def run(url: str, pcm: bytes, sessions: int, seconds: float, pid: int, late_out: str | None,
              first: int, total: int, stagger: float) -> dict:
    before = rss_kb(pid)
    late: list[float] = []
    replies: list[int] = []
    ready: list[int] = []
    until = time.monotonic() + seconds
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        tasks = [asyncio.create_task(session(http, url, pcm, until, late, replies, ready,
                                             stagger * (first + i) / total)) for i in range(sessions)]
        peak = before
        while not all(t.done() for t in tasks):
            await asyncio.sleep(0.5)
            if len(ready) == sessions:
                peak = max(peak, rss_kb(pid))
        errors = [t.exception() for t in tasks if t.exception() is not None]
    late.sort()
    if late_out:
        with open(late_out, "w") as f:
            f.writelines(f"{1000 * x:.3f}\n" for x in late)

    def pct(p: float) -> float:
        return 1000 * late[min(len(late) - 1, int(p * len(late)))] if late else 0.0

    return {
        "sessions": sessions, "seconds": seconds, "replies": len(replies), "chunks": len(late),
        "lateness_ms_p50": round(pct(0.50), 2), "lateness_ms_p99": round(pct(0.99), 2),
        "rss_kb_idle": before, "rss_kb_peak": peak,
        "kb_per_session": round((peak - before) / sessions, 1),
        "errors": [str(e) for e in errors[:3]], "failed_sessions": len(errors),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--pcm", required=True, help="the user's utterance, PCM16 24 kHz")
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--pid", type=int, required=True, help="the server's process id, for its memory")
    parser.add_argument("--late-out", help="write every chunk's lateness (ms), one per line, to this file")
    parser.add_argument("--first", type=int, default=0, help="this process's first session's number among --total")
    parser.add_argument("--total", type=int, default=0, help="sessions over all client processes (default --sessions)")
    parser.add_argument("--stagger", type=float, default=0.0,
                        help="session n of --total opens n / total x STAGGER seconds in (independent sessions are "
                             "not in step; 0 opens all at once)")
    args = parser.parse_args(argv)
    with open(args.pcm, "rb") as f:
        pcm = f.read()
    result = asyncio.run(run(args.url.rstrip("/"), pcm, args.sessions, args.seconds, args.pid, args.late_out,
                         args.first, args.total or args.sessions, args.stagger))
    print(json.dumps(result))
    return 0 if not result["failed_sessions"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
