"""Hostile clients against a running `agentsim serve --tls self-signed` on its Gemini Live endpoint, then a normal
google-genai session that must still be served correctly.

    SSL_CERT_FILE=CA.pem python Collectors/serve/gemini_hostile.py --url https://127.0.0.1:PORT

Each case prints one JSON line {"case", "ok", "detail"}. The cases: a `setup` that is not JSON, one without a model,
one for a model the scenario does not play, a message before `setup`, a second `setup`, audio at 24 kHz, TLS
handshakes that fail (plain HTTP to the TLS port, garbage bytes) or stall (a TCP connection that never says hello),
and a client that never reads while it sends turn after turn. Each must get Google's close (1007 invalid argument,
1008 not served) or a closed connection, never a hang. The last case is a normal session through google-genai's own
`client.aio.live.connect` (TLS, x-goog-api-key): gemini-tool-call's first turn, whose usage must be its header's
figures (prompt 558, response 9, total 567).
Exit status 0 when every case got what the issue asks for. Needs aiohttp and google-genai (the livekit-1.8.9 venv).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import ssl
import sys
import time
import urllib.parse

import aiohttp

RESULTS: list[dict] = []
PATH = "/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent"
SCENARIO = "gemini-tool-call"
MODEL = "models/gemini-2.0-flash-live-001"


def report(case: str, ok: bool, detail: str) -> None:
    RESULTS.append({"case": case, "ok": ok, "detail": detail})
    print(json.dumps(RESULTS[-1]), flush=True)


def setup(model: str = MODEL) -> str:
    return json.dumps(
        {
            "setup": {
                "model": model,
                "realtimeInputConfig": {"automaticActivityDetection": {"disabled": True}},
                "inputAudioTranscription": {},
            }
        }
    )


def audio(samples: int, rate: int = 16000) -> str:
    data = base64.b64encode(b"\x10\x20" * samples).decode()
    return json.dumps({"realtimeInput": {"audio": {"data": data, "mimeType": f"audio/pcm;rate={rate}"}}})


async def open_ws(http: aiohttp.ClientSession, url: str, context: ssl.SSLContext):
    return await http.ws_connect(
        url.replace("https://", "wss://") + PATH,
        headers={"x-goog-api-key": "anything", "X-Agentsim-Scenario": SCENARIO},
        ssl=context,
    )


async def closed_with(ws: aiohttp.ClientWebSocketResponse, timeout: float = 10.0) -> tuple[int | None, str]:
    """Reads until the server closes; returns the close code and reason."""
    while True:
        msg = await asyncio.wait_for(ws.receive(), timeout)
        if msg.type == aiohttp.WSMsgType.CLOSE:
            return msg.data, str(msg.extra or "")
        if msg.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
            return ws.close_code, str(msg.extra or "")
        if msg.type == aiohttp.WSMsgType.ERROR:
            return None, str(msg.data)


async def expect_close(http, url, context, case: str, messages: list[str], code: int) -> None:
    ws = await open_ws(http, url, context)
    for message in messages:
        await ws.send_str(message)
    got, reason = await closed_with(ws)
    report(case, got == code, f"close {got} {reason[:80]!r}")
    await ws.close()


async def tls_failures(url: str, context: ssl.SSLContext) -> None:
    host, port = urllib.parse.urlparse(url).hostname, urllib.parse.urlparse(url).port
    # Plain HTTP to the TLS port: the handshake fails and the server closes the connection.
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    await writer.drain()
    data = await asyncio.wait_for(reader.read(), 10)
    report("tls: plain HTTP to the TLS port", not data.startswith(b"HTTP/1.1 200"), f"{len(data)} bytes, then closed")
    writer.close()
    # Garbage bytes.
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(bytes(range(256)) * 4)
    await writer.drain()
    data = await asyncio.wait_for(reader.read(), 10)
    report("tls: garbage handshake", True, f"{len(data)} bytes, then closed")
    writer.close()
    # Stalled handshakes: 20 connections that never say hello, held open while a real handshake goes through.
    stalled = [await asyncio.open_connection(host, port) for _ in range(20)]
    started = time.monotonic()
    async with aiohttp.ClientSession() as http:
        async with http.get(url + "/healthz", ssl=context) as response:
            body = await response.text()
    report(
        "tls: 20 stalled handshakes", body.startswith("ok"), f"healthz over TLS in {time.monotonic() - started:.2f} s"
    )
    for _, writer in stalled:
        writer.close()


async def never_reads(url: str, context: ssl.SSLContext) -> None:
    """Sends setup and 200 answered turns without reading a byte, then disconnects."""
    host, port = urllib.parse.urlparse(url).hostname, urllib.parse.urlparse(url).port
    async with aiohttp.ClientSession() as http:
        ws = await http.ws_connect(
            url.replace("https://", "wss://") + PATH,
            headers={"x-goog-api-key": "anything", "X-Agentsim-Scenario": "livekit-thread-gemini"},
            ssl=context,
            max_msg_size=0,
        )
        await ws.send_str(setup("models/gemini-2.0-flash-live-001"))
        sent = 0
        try:
            for _ in range(200):
                await asyncio.wait_for(ws.send_str(json.dumps({"realtimeInput": {"activityStart": {}}})), 5)
                await asyncio.wait_for(ws.send_str(audio(1600)), 5)
                await asyncio.wait_for(ws.send_str(json.dumps({"realtimeInput": {"activityEnd": {}}})), 5)
                sent += 1
        except (asyncio.TimeoutError, ConnectionError, aiohttp.ClientError):
            pass
        await ws.close()
    report("a client that never reads", True, f"{sent} turns sent, then disconnected")
    del host, port


async def normal_session(url: str) -> None:
    from google import genai
    from google.genai import types

    client = genai.Client(
        api_key="anything", http_options=types.HttpOptions(base_url=url, headers={"X-Agentsim-Scenario": SCENARIO})
    )
    config = types.LiveConnectConfig(
        response_modalities=[types.Modality.AUDIO],
        system_instruction="You are an order-status assistant. Use lookup_order.",
        input_audio_transcription=types.AudioTranscriptionConfig(),
        realtime_input_config=types.RealtimeInputConfig(
            automatic_activity_detection=types.AutomaticActivityDetection(disabled=True)
        ),
    )
    usage = None
    async with client.aio.live.connect(model="gemini-2.0-flash-live-001", config=config) as session:
        await session.send_realtime_input(activity_start=types.ActivityStart())
        await session.send_realtime_input(audio=types.Blob(data=b"\x00\x10" * 16000, mime_type="audio/pcm;rate=16000"))
        await session.send_realtime_input(activity_end=types.ActivityEnd())
        async for message in session.receive():
            if message.usage_metadata:
                usage = message.usage_metadata
                break
    figures = (usage.prompt_token_count, usage.response_token_count, usage.total_token_count) if usage else None
    report("normal session (google-genai)", figures == (558, 9, 567), f"usage {figures}")


async def main(url: str) -> int:
    context = ssl.create_default_context()
    async with aiohttp.ClientSession() as http:
        await expect_close(http, url, context, "setup not JSON", ['{"setup": '], 1007)
        await expect_close(http, url, context, "setup without a model", ['{"setup": {}}'], 1007)
        await expect_close(http, url, context, "setup for another model", [setup("models/gemini-1.0-pro")], 1008)
        await expect_close(http, url, context, "audio before setup", [audio(160)], 1007)
        ws = await open_ws(http, url, context)
        await ws.send_str(setup())
        first = await asyncio.wait_for(ws.receive(), 10)
        report("setup answered once", json.loads(first.data) == {"setupComplete": {}}, first.data[:60])
        await ws.send_str(setup())
        got, reason = await closed_with(ws)
        report("a second setup", got == 1007, f"close {got} {reason[:80]!r}")
        await expect_close(http, url, context, "audio at 24 kHz", [setup(), audio(240, rate=24000)], 1007)
    await tls_failures(url, context)
    await never_reads(url, context)
    await normal_session(url)
    return 0 if all(r["ok"] for r in RESULTS) else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="serve's TLS base URL (https://HOST:PORT)")
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.url.rstrip("/"))))
