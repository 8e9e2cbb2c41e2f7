"""Hostile clients against a running `agentsim serve`, then a normal session that must still be served correctly.

    python Collectors/serve/hostile.py --url http://127.0.0.1:PORT --pcm greeting.user.0.pcm

Each case prints one JSON line {"case", "ok", "detail"}; the last line is the normal session's `response.done` usage.
Exit status 0 when every case got what the issue asks for (OpenAI's `error` event, or a close) and the normal
session's usage is greeting.yaml's (44 prompt, 16 input audio, 28 input text, 52 completion, 44 output audio).
Needs aiohttp only (the livekit-1.8.9 venv has it).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import sys

import aiohttp

RESULTS: list[dict] = []


def report(case: str, ok: bool, detail: str) -> None:
    RESULTS.append({"case": case, "ok": ok, "detail": detail})
    print(json.dumps(RESULTS[-1]), flush=True)


async def next_json(ws: aiohttp.ClientWebSocketResponse, timeout: float = 10.0) -> dict | None:
    """The next text event, or None when the socket closes."""
    msg = await asyncio.wait_for(ws.receive(), timeout)
    if msg.type == aiohttp.WSMsgType.TEXT:
        return json.loads(msg.data)
    return None


async def until(ws: aiohttp.ClientWebSocketResponse, type_: str, timeout: float = 10.0) -> dict | None:
    while True:
        event = await next_json(ws, timeout)
        if event is None or event.get("type") == type_:
            return event


async def open_ws(http: aiohttp.ClientSession, url: str, scenario: str = "greeting", **kw):
    ws = await http.ws_connect(
        f"{url}/v1/realtime?model=gpt-realtime&scenario={scenario}",
        headers={"Authorization": "Bearer anything"},
        **kw,
    )
    created = await next_json(ws)
    assert created and created["type"] == "session.created", created
    return ws


async def expect_error(http, url, case: str, payload: str, code: str) -> None:
    ws = await open_ws(http, url)
    await ws.send_str(payload)
    event = await until(ws, "error")
    got = event and event["error"].get("code")
    report(case, got == code, f"error code {got!r}")
    await ws.close()


async def run(url: str, pcm: bytes) -> None:
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=0)) as http:
        await expect_error(http, url, "malformed JSON", '{"type": "session.update", ', "invalid_json")
        await expect_error(http, url, "unknown event type", '{"type": "response.dance"}', "invalid_value")
        await expect_error(http, url, "not an object", "[1, 2, 3]", "invalid_request_error")
        await expect_error(
            http, url, "audio: odd byte count",
            json.dumps({"type": "input_audio_buffer.append", "audio": base64.b64encode(b"\x01\x02\x03").decode()}),
            "invalid_value",
        )
        await expect_error(
            http, url, "audio: not base64",
            json.dumps({"type": "input_audio_buffer.append", "audio": "@@not base64@@"}), "invalid_value",
        )
        await expect_error(
            http, url, "audio: G.711 format",
            json.dumps({"type": "session.update", "session": {"type": "realtime", "audio": {"input": {
                "format": {"type": "audio/pcmu"}}}}}),
            "invalid_value",
        )
        await expect_error(
            http, url, "commit of an empty buffer", json.dumps({"type": "input_audio_buffer.commit"}),
            "input_audio_buffer_commit_empty",
        )
        await expect_error(
            http, url, "truncate of an unknown item",
            json.dumps({"type": "conversation.item.truncate", "item_id": "nope", "content_index": 0,
                        "audio_end_ms": 10}),
            "item_truncate_invalid_item_id",
        )

        # Unknown scenario: the provider's error event, then a close.
        ws = await http.ws_connect(f"{url}/v1/realtime?scenario=no-such-scenario")
        event = await next_json(ws)
        closed = await next_json(ws)
        report("unknown scenario", bool(event and event["error"]["code"] == "invalid_scenario" and closed is None),
               f"{event and event['error']['code']}, then {'close' if closed is None else closed}")

        # A 100 MB frame: the server closes the socket (1009, message too big) without reading it into memory.
        ws = await open_ws(http, url, max_msg_size=0)
        try:
            await ws.send_str('{"type":"input_audio_buffer.append","audio":"' + "A" * (100 << 20) + '"}')
            event = await next_json(ws, 30)
            report("100 MB frame", event is None, f"close code {ws.close_code}")
        except (aiohttp.ClientError, ConnectionError, OSError) as e:
            report("100 MB frame", True, f"connection dropped: {type(e).__name__}")

        # A client that never reads: asks for the long reply again and again and stops reading; the server blocks on
        # that socket only (the next cases run while it is stuck).
        stuck = await open_ws(http, url, scenario="livekit-thread-openai")
        for _ in range(16):
            await stuck.send_str(json.dumps({"type": "response.create"}))
        report("never reads", True, "16 long replies requested, none read")

        # Disconnects mid-response.
        for _ in range(5):
            ws = await open_ws(http, url, scenario="livekit-thread-openai")
            await ws.send_str(json.dumps({"type": "response.create"}))
            await next_json(ws)
            await ws.close()
        report("disconnect mid-response", True, "5 sockets closed after response.created")

        # 1,000 connections opened and dropped, 100 at a time.
        opened = 0
        for _ in range(10):
            sockets = await asyncio.gather(*(open_ws(http, url) for _ in range(100)))
            opened += len(sockets)
            for ws in sockets:
                await ws.close()
        report("1,000 connections", opened == 1000, f"{opened} opened and dropped")

        # A binary message: OpenAI Realtime speaks JSON text only.
        ws = await open_ws(http, url)
        await ws.send_bytes(b"\x00\x01")
        event = await until(ws, "error")
        report("binary message", bool(event), f"error {event and event['error']['code']}")
        await ws.close()

        # And a normal session still gets exactly greeting.yaml's usage.
        ws = await open_ws(http, url)
        await ws.send_str(json.dumps({"type": "session.update", "session": {
            "type": "realtime", "instructions": "You are a friendly receptionist for Acme Corp.",
            "audio": {"input": {"turn_detection": None}}}}))
        for offset in range(0, len(pcm), 4800):
            await ws.send_str(json.dumps({"type": "input_audio_buffer.append",
                                          "audio": base64.b64encode(pcm[offset:offset + 4800]).decode()}))
        await ws.send_str(json.dumps({"type": "input_audio_buffer.commit"}))
        await ws.send_str(json.dumps({"type": "response.create", "response": {"metadata": {"client_event_id": "x1"}}}))
        created = await until(ws, "response.created")
        done = await until(ws, "response.done")
        usage = done["response"]["usage"]
        want = (44, 16, 28, 52, 44)
        got = (usage["input_tokens"], usage["input_token_details"]["audio_tokens"],
               usage["input_token_details"]["text_tokens"], usage["output_tokens"],
               usage["output_token_details"]["audio_tokens"])
        echoed = created["response"]["metadata"] == {"client_event_id": "x1"}
        report("normal session after all that", got == want and echoed, f"usage {got}, metadata echoed {echoed}")
        await ws.close()
        await stuck.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--pcm", required=True, help="greeting.yaml's user utterance, PCM16 24 kHz")
    args = parser.parse_args(argv)
    with open(args.pcm, "rb") as f:
        pcm = f.read()
    asyncio.run(run(args.url.rstrip("/"), pcm))
    return 0 if all(r["ok"] for r in RESULTS) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
