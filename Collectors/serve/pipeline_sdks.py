"""The official SDKs against a running `agentsim serve` for pipeline services, and the hostile cases.

    python Collectors/serve/pipeline_sdks.py --url http://127.0.0.1:PORT --sdk openai   # pipeline-openai-chat.yaml
    python Collectors/serve/pipeline_sdks.py --url http://127.0.0.1:PORT --sdk anthropic  # pipeline-anthropic-haiku

Each case prints one JSON line {"case", "ok", "detail"}; exit status 0 when every case is ok. The openai cases stream
Chat Completions with the openai SDK (stream_options.include_usage) and check the last chunk's usage, then send a body
that is not JSON, an unknown model, a 50 MB body and a client that drops mid-stream, each of which must get OpenAI's
own error shape and status (or, for the drop, leave the server serving the next request). The openai-responses cases
(pipeline-openai-responses.yaml) stream `POST /v1/responses`, the second with `previous_response_id`, each event
validated as the SDK's `ResponseStreamEvent`, then the same hostile cases. The anthropic cases stream
Messages with the anthropic SDK and check the final message's usage, then the same hostile cases in Anthropic's shape.
The openai-tts cases (pipeline-openai-tts.yaml) ask `POST /v1/audio/speech` for sentences as LiveKit's StreamAdapter
does and check each one's PCM length and `speech.audio.done` usage, then an input over 4,096 characters, a format serve
does not speak, and the same hostile cases. The openai-stt cases (pipeline-openai-stt.yaml) speak the realtime
transcription websocket as LiveKit's openai.STT(use_realtime=True) does, validate every event as openai's
`RealtimeServerEvent`, and send a message that is not JSON, an unknown event, audio that is not base64, an unknown
model, a frame over 16 MiB and a client that drops mid-stream. The cartesia cases (pipeline-cartesia.yaml) speak its
/tts/websocket as LiveKit's cartesia.TTS does (raw websocket: no Cartesia SDK in the venv) and send the same hostile
cases, answered with Cartesia's error message.
Needs the livekit-1.8.9 venv (openai, anthropic, httpx2).
"""

from __future__ import annotations

import argparse
import json
import sys

import httpx2 as httpx

RESULTS: list[dict] = []


def report(case: str, ok: bool, detail: str) -> None:
    RESULTS.append({"case": case, "ok": bool(ok), "detail": detail})
    print(json.dumps(RESULTS[-1]), flush=True)


def hostile(base: str, path: str, headers: dict, good: dict, shape) -> None:
    """The hostile cases over raw HTTP: `shape(status, body)` says whether the answer is the provider's own."""
    r = httpx.post(base + path, content=b'{"model": "x", "messages": [', headers=headers, timeout=30)
    report("body that is not JSON", shape(r, 400), f"{r.status_code} {r.text[:120]}")
    r = httpx.post(base + path, json={**good, "model": "no-such-model"}, headers=headers, timeout=30)
    report("unknown model", shape(r, 404), f"{r.status_code} {r.text[:120]}")
    big = b'{"model": "x", "pad": "' + b"a" * (50 << 20) + b'"}'
    try:
        r = httpx.post(base + path, content=big, headers=headers, timeout=60)
        report("50 MB request", shape(r, 413), f"{r.status_code} {r.text[:120]}")
    except httpx.HTTPError as e:  # the server may close the socket before reading it all
        report("50 MB request", False, f"transport error {e!r}")
    with httpx.stream("POST", base + path, json=good, headers=headers, timeout=30) as r:
        first = next(r.iter_lines())
    report("client drops mid-stream", r.status_code == 200 and bool(first), f"first line {first[:60]!r}")


def run_openai(url: str) -> None:
    import openai

    base = url.rstrip("/") + "/scenario/pipeline-openai-chat/v1"
    client = openai.OpenAI(base_url=base, api_key="sk-agentsim")
    system = "You are a support agent for a parcel service. Be brief and friendly."
    user0 = "Hi, my parcel has not arrived yet."
    reply1 = "I am sorry to hear that. Can you give me the order number?"
    user2 = "It is 4417."

    def stream(messages: list[dict]) -> tuple[str, object]:
        text, usage = "", None
        for chunk in client.chat.completions.create(
            model="gpt-4.1-mini", messages=messages, stream=True, stream_options={"include_usage": True}
        ):
            if chunk.choices and chunk.choices[0].delta.content:
                text += chunk.choices[0].delta.content
            if chunk.usage:
                usage = chunk.usage
        return text, usage

    # Request 0: instructions 1,280 + 3, user 14 + 3, + 3 = 1,303 prompt tokens, nothing cached; the reply's 15.
    text, usage = stream([{"role": "system", "content": system}, {"role": "user", "content": user0}])
    report(
        "openai SDK streams request 0",
        text == reply1 and usage.prompt_tokens == 1303 and usage.prompt_tokens_details.cached_tokens == 0
        and usage.completion_tokens == 15 and usage.total_tokens == 1318,
        f"text {text!r}, usage {usage.model_dump() if usage else None}",
    )
    good = {
        "model": "gpt-4.1-mini", "stream": True, "stream_options": {"include_usage": True},
        "messages": [
            {"role": "system", "content": system}, {"role": "user", "content": user0},
            {"role": "assistant", "content": reply1}, {"role": "user", "content": user2},
        ],
    }

    def openai_shape(r: httpx.Response, status: int) -> bool:
        try:
            error = r.json()["error"]
        except Exception:
            return False
        return r.status_code == status and {"message", "type", "param", "code"} <= set(error)

    # The drop takes request 1 (the tool call), as the scenario's next agent turn.
    hostile(base, "/chat/completions", {"Authorization": "Bearer sk-agentsim"}, good, openai_shape)
    # Request 2 still served: 1,327 + tool call 8 + 3 + result 120 + 3 + 3 = 1,464; it shares request 1's 1,327,
    # cached 1,024 + floor(303 / 128) x 128 = 1,280; the reply's 14.
    call = {"id": "call_1", "type": "function", "function": {"name": "lookup_order", "arguments": '{"id": 4417}'}}
    text, usage = stream(
        good["messages"]
        + [
            {"role": "assistant", "content": None, "tool_calls": [call]},
            {"role": "tool", "tool_call_id": "call_1", "content": '{"status": "shipped", "eta": "Friday"}'},
        ]
    )
    report(
        "openai SDK streams after the hostile cases",
        usage is not None and usage.prompt_tokens == 1464 and usage.prompt_tokens_details.cached_tokens == 1280
        and usage.completion_tokens == 14,
        f"usage {usage.model_dump() if usage else None}",
    )


def run_anthropic(url: str) -> None:
    import anthropic

    base = url.rstrip("/") + "/scenario/pipeline-anthropic-haiku"
    client = anthropic.Anthropic(base_url=base, api_key="sk-ant-agentsim")
    system = "You are a patient travel assistant who explains train connections."
    user0 = "How do I get from Lyon to Geneva by train tomorrow morning?"
    models = client.models.list(limit=1)
    report("anthropic SDK lists models (prewarm)", [m.id for m in models.data] == ["claude-3-5-haiku-20241022"], "")
    # Request 0: system 1,800 + user 20 = 1,820 input tokens (the breakpoint's prefix is under Haiku's 2,048: nothing
    # cached or written); the reply's 200 output tokens.
    with client.messages.stream(
        model="claude-3-5-haiku-20241022", max_tokens=1024,
        system=[{"type": "text", "text": system, "cache_control": {"type": "ephemeral"}}],
        messages=[{"role": "user", "content": [{"type": "text", "text": user0, "cache_control": {"type": "ephemeral"}}]}],
    ) as stream:
        message = stream.get_final_message()
    u = message.usage
    report(
        "anthropic SDK streams request 0",
        u.input_tokens == 1820 and u.output_tokens == 200 and (u.cache_read_input_tokens or 0) == 0
        and (u.cache_creation_input_tokens or 0) == 0,
        f"usage {u.model_dump()}",
    )
    good = {
        "model": "claude-3-5-haiku-20241022", "max_tokens": 1024, "stream": True, "system": system,
        "messages": [{"role": "user", "content": user0}],
    }

    def anthropic_shape(r: httpx.Response, status: int) -> bool:
        try:
            body = r.json()
        except Exception:
            return False
        return r.status_code == status and body.get("type") == "error" and {"type", "message"} <= set(body["error"])

    hostile(base, "/v1/messages", {"x-api-key": "sk-ant-agentsim"}, good, anthropic_shape)

def run_openai_responses(url: str) -> None:
    """pipeline-openai-responses.yaml over `POST /v1/responses`: the openai SDK streams request 0; request 1 (the tool
    call) names request 0 as `previous_response_id` and sends only the items after its input, over raw HTTP, every
    event validated as the SDK's `ResponseStreamEvent`; then the hostile cases in OpenAI's error shape."""
    import openai
    import pydantic
    from openai.types.responses import ResponseStreamEvent

    base = url.rstrip("/") + "/scenario/pipeline-openai-responses/v1"
    client = openai.OpenAI(base_url=base, api_key="sk-agentsim")
    system = "You are a support agent for a parcel service. Be brief and friendly."
    user0 = "Hi, my parcel has not arrived yet."
    reply1 = "I am sorry to hear that. Can you give me the order number?"
    user2 = "It is 4417."

    # Request 0: instructions 1,280 + 3, user 14 + 3, + 3 = 1,303 input tokens, none cached or written; the reply's 15.
    text, completed = "", None
    for event in client.responses.create(
        model="gpt-4.1-mini", stream=True, max_output_tokens=16,
        input=[{"role": "system", "content": system}, {"role": "user", "content": user0}],
    ):
        if event.type == "response.output_text.delta":
            text += event.delta
        if event.type == "response.completed":
            completed = event.response
    u = completed.usage if completed else None
    report(
        "openai SDK streams Responses request 0",
        text == reply1 and u is not None and u.input_tokens == 1303 and u.input_tokens_details.cached_tokens == 0
        and u.input_tokens_details.cache_write_tokens == 0 and u.output_tokens == 15 and u.total_tokens == 1318,
        f"text {text!r}, usage {u.model_dump() if u else None}",
    )

    # Request 1 (the tool call) after request 0: 1,300 + reply 15 + 3 + user 6 + 3 + 3 = 1,330 input tokens, sharing
    # request 0's 1,300: cached 1,024 + floor(276 / 128) x 128 = 1,280; output 8 (the call's arguments).
    adapter = pydantic.TypeAdapter(ResponseStreamEvent)
    body = {
        "model": "gpt-4.1-mini", "stream": True, "previous_response_id": completed.id if completed else "",
        "input": [{"role": "assistant", "content": reply1}, {"role": "user", "content": user2}],
    }
    events, invalid = [], []
    with httpx.stream(
        "POST", base + "/responses", json=body, headers={"Authorization": "Bearer sk-agentsim"}, timeout=30
    ) as r:
        for line in r.iter_lines():
            if line.startswith("data: "):
                data = json.loads(line[6:])
                try:
                    events.append(adapter.validate_python(data))
                except pydantic.ValidationError as e:
                    invalid.append(f"{data.get('type')}: {e}")
    done = [e for e in events if e.type == "response.completed"]
    u = done[0].response.usage if done else None
    calls = [i for i in done[0].response.output if i.type == "function_call"] if done else []
    report(
        "Responses request 1 (previous_response_id) validates as ResponseStreamEvent",
        not invalid and u is not None and u.input_tokens == 1330 and u.input_tokens_details.cached_tokens == 1280
        and u.output_tokens == 8 and [c.name for c in calls] == ["lookup_order"],
        f"{len(events)} events, invalid {invalid[:2]}, usage {u.model_dump() if u else None}",
    )
    good = {
        "model": "gpt-4.1-mini", "stream": True,
        "input": [{"role": "system", "content": system}, {"role": "user", "content": user0}],
    }

    def openai_shape(r: httpx.Response, status: int) -> bool:
        try:
            error = r.json()["error"]
        except Exception:
            return False
        return r.status_code == status and {"message", "type", "param", "code"} <= set(error)

    hostile(base, "/responses", {"Authorization": "Bearer sk-agentsim"}, good, openai_shape)


def run_openai_tts(url: str) -> None:
    """pipeline-openai-tts.yaml's speech requests, as StreamAdapter sends them: one per sentence."""
    import base64

    import openai

    base = url.rstrip("/") + "/scenario/pipeline-openai-tts/v1"
    client = openai.OpenAI(base_url=base, api_key="sk-agentsim")

    def speak(text: str) -> tuple[int, dict | None, list[str]]:
        """The audio bytes and the done event's usage of one SSE speech request; the event types, in order."""
        audio, usage, types = 0, None, []
        with client.audio.speech.with_streaming_response.create(
            model="gpt-4o-mini-tts", voice="alloy", input=text, response_format="pcm", stream_format="sse"
        ) as response:
            for line in response.iter_lines():
                if not line.startswith("data: "):
                    continue
                event = json.loads(line[6:])
                types.append(event["type"])
                if event["type"] == "speech.audio.delta":
                    audio += len(base64.b64decode(event["audio"]))
                elif event["type"] == "speech.audio.done":
                    usage = event["usage"]
        return audio, usage, types

    # Turn 1, StreamAdapter's first request: "Sure. I can help with that." (27 of the reply's 58 characters) gets
    # 2,900 x 27 / 58 = 1,350 ms of 24 kHz PCM16 (64,800 bytes); usage ceil(27 / 4) = 7 + 12 instruction tokens =
    # 19 in, 1.35 x 20 = 27 out. The second: "What is your booking reference?" (31): 1,550 ms (74,400 bytes), 8 + 12 =
    # 20 in, 31 out.
    for text, size, inp, out in [
        ("Sure. I can help with that.", 64800, 19, 27), ("What is your booking reference?", 74400, 20, 31)
    ]:
        audio, usage, types = speak(text)
        report(
            f"openai SDK speaks {text!r}",
            audio == size and types == ["speech.audio.delta", "speech.audio.done"] and usage is not None
            and usage["input_tokens"] == inp and usage["output_tokens"] == out
            and usage["total_tokens"] == inp + out,
            f"{audio} bytes, events {types}, usage {usage}",
        )
    good = {
        "model": "gpt-4o-mini-tts", "voice": "alloy", "input": "Thanks, I found your booking.",
        "response_format": "pcm", "stream_format": "sse",
    }

    def openai_shape(r: httpx.Response, status: int) -> bool:
        try:
            error = r.json()["error"]
        except Exception:
            return False
        return r.status_code == status and {"message", "type", "param", "code"} <= set(error)

    r = httpx.post(base + "/audio/speech", json={**good, "input": "a" * 4097}, timeout=30)
    report("input over 4,096 characters", openai_shape(r, 400), f"{r.status_code} {r.text[:120]}")
    r = httpx.post(base + "/audio/speech", json={**good, "response_format": "mp3"}, timeout=30)
    report("a format serve does not speak", openai_shape(r, 400), f"{r.status_code} {r.text[:120]}")
    # The drop takes turn 3's first sentence; its later sentences are never asked for.
    hostile(base, "/audio/speech", {"Authorization": "Bearer sk-agentsim"}, good, openai_shape)
    # Turn 5 still served: "Done. You are booked on Friday's flight." (40): 3,000 ms (144,000 bytes), 10 + 12 = 22
    # in, 3.0 x 20 = 60 out.
    audio, usage, types = speak("Done. You are booked on Friday's flight.")
    report(
        "openai SDK speaks after the hostile cases",
        audio == 144000 and usage is not None and usage["input_tokens"] == 22 and usage["output_tokens"] == 60,
        f"{audio} bytes, usage {usage}",
    )


def run_openai_stt(url: str) -> None:
    """pipeline-openai-stt.yaml's realtime transcription websocket, as LiveKit's openai.STT(use_realtime=True)."""
    import asyncio
    import base64
    import math
    import random

    import aiohttp
    import pydantic
    from openai.types.realtime import RealtimeServerEvent

    events = pydantic.TypeAdapter(RealtimeServerEvent)
    ws_url = url.rstrip("/").replace("http", "ws", 1) + "/scenario/pipeline-openai-stt/v1/realtime"
    query = "?intent=transcription&model=gpt-4o-transcribe"
    update = {
        "type": "session.update",
        "session": {
            "type": "transcription",
            "audio": {"input": {
                "format": {"type": "audio/pcm", "rate": 24000},
                "transcription": {"model": "gpt-4o-transcribe"},
                "turn_detection": {"type": "server_vad"},
            }},
        },
    }

    def pcm(seconds: float, loud: bool) -> bytes:
        rng = random.Random(7)
        n = int(seconds * 24000)
        if not loud:
            return b"\0\0" * n
        samples = (int(8000 * math.sin(2 * math.pi * 220 * k / 24000) + rng.randint(-2000, 2000)) for k in range(n))
        return b"".join(v.to_bytes(2, "little", signed=True) for v in samples)

    async def append(ws, audio: bytes) -> None:
        for k in range(0, len(audio), 2400):  # 50 ms, as LiveKit sends
            await ws.send_json({"type": "input_audio_buffer.append", "audio": base64.b64encode(audio[k:k + 2400]).decode()})

    async def read_until(ws, kind: str, timeout: float = 20) -> list[dict]:
        got = []
        while True:
            msg = await asyncio.wait_for(ws.receive(), timeout)
            if msg.type != aiohttp.WSMsgType.TEXT:
                got.append({"type": f"<{msg.type.name} {msg.data}>"})
                return got
            got.append(json.loads(msg.data))
            if got[-1].get("type") == kind:
                return got

    def valid(received: list[dict]) -> list[str]:
        bad = []
        for event in received:
            try:
                events.validate_python(event)
            except pydantic.ValidationError as e:
                bad.append(f"{event.get('type')}: {str(e)[:120]}")
        return bad

    async def main() -> None:
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(ws_url + query, headers={"Authorization": "Bearer sk-agentsim"})
            await ws.send_json(update)
            got = await read_until(ws, "session.updated")
            # In-band hostile cases: each answered with the Realtime API's error event, the socket kept.
            for case, message, code in [
                ("a message that is not JSON", "not json {", "invalid_json"),
                ("an unknown event type", json.dumps({"type": "bogus.event"}), "invalid_request_error"),
                ("audio that is not base64",
                 json.dumps({"type": "input_audio_buffer.append", "audio": "@@not base64@@"}), "invalid_value"),
            ]:
                await ws.send_str(message)
                error = (await read_until(ws, "error"))[-1]
                report(case, error.get("error", {}).get("code") == code and not valid([error]),
                       f"{error.get('error')}")
            # Turn 0: 3 s of speech from the socket's start, then silence past the 0.6 s transcription delay. The
            # segment: max(0 - 0.6, 0) = 0 to 3.0 + 0.35 = 3.35 s: floor(33.5) = 33 audio tokens, 9 output tokens.
            await append(ws, pcm(3.0, True) + pcm(1.5, False))
            got += await read_until(ws, "conversation.item.input_audio_transcription.completed")
            done = got[-1]
            kinds = [e["type"] for e in got]
            usage = done.get("usage", {})
            report(
                "turn 0 transcribed with its usage",
                done.get("transcript") == "Hi, I ordered a lamp last week." and usage.get("input_tokens") == 33
                and usage.get("output_tokens") == 9 and usage.get("total_tokens") == 42
                and usage.get("input_token_details", {}).get("audio_tokens") == 33
                and kinds.index("input_audio_buffer.speech_started") < kinds.index("input_audio_buffer.committed"),
                f"events {kinds}, usage {usage}",
            )
            bad = valid(got)
            report("every event validates as openai's RealtimeServerEvent", not bad, f"{len(got)} events {bad}")
            await ws.close()
            # A client that drops mid-stream (audio sent, socket gone), then a new connection is served.
            ws = await http.ws_connect(ws_url + query)
            await ws.send_json(update)
            await append(ws, pcm(0.5, True))
            await ws.close()
            ws = await http.ws_connect(ws_url + query)
            await ws.send_json(update)
            got = await read_until(ws, "session.updated")
            report("client drops mid-stream", got[-1].get("type") == "session.updated", f"{[e['type'] for e in got]}")
            await ws.close()
            # An unknown transcription model: the error event, then the socket closes.
            ws = await http.ws_connect(ws_url + "?intent=transcription")
            bad_update = json.loads(json.dumps(update))
            bad_update["session"]["audio"]["input"]["transcription"]["model"] = "no-such-model"
            await ws.send_json(bad_update)
            got = await read_until(ws, "never")
            report(
                "unknown model",
                got[0].get("error", {}).get("code") == "invalid_model" and got[-1]["type"].startswith("<CLOSE"),
                f"{got}",
            )
            # A frame over the server's 16 MiB limit: the server closes the socket (1009, message too big) while the
            # frame is still arriving, and goes on serving new connections.
            ws = await http.ws_connect(ws_url + query, max_msg_size=0)
            try:
                await ws.send_str(json.dumps({"type": "input_audio_buffer.append", "audio": "A" * (17 << 20)}))
                ending = (await read_until(ws, "never", timeout=30))[-1]["type"]
            except (ConnectionError, aiohttp.ClientError) as e:
                ending = f"<connection dropped: {e!r}>"
            await ws.close()
            ws = await http.ws_connect(ws_url + query)
            await ws.send_json(update)
            after = (await read_until(ws, "session.updated"))[-1]["type"]
            await ws.close()
            report(
                "oversized frame",
                (ending.startswith("<CLOSE 1009") or ending.startswith("<connection dropped"))
                and after == "session.updated",
                f"{ending[:80]}, then {after}",
            )

    asyncio.run(main())


def run_cartesia(url: str) -> None:
    """pipeline-cartesia.yaml's /tts/websocket as LiveKit's cartesia.TTS speaks it (no Cartesia SDK in the venv)."""
    import asyncio
    import base64

    import aiohttp

    ws_url = url.rstrip("/").replace("http", "ws", 1) + "/scenario/pipeline-cartesia/tts/websocket"
    ws_url += "?cartesia_version=2025-04-16"
    base = {
        "model_id": "sonic-3", "voice": {"mode": "id", "id": "agentsim"}, "language": "en",
        "output_format": {"container": "raw", "encoding": "pcm_s16le", "sample_rate": 24000},
    }

    async def read_until(ws, kind: str, timeout: float = 20) -> list[dict]:
        got = []
        while True:
            msg = await asyncio.wait_for(ws.receive(), timeout)
            if msg.type != aiohttp.WSMsgType.TEXT:
                got.append({"type": f"<{msg.type.name} {msg.data}>"})
                return got
            got.append(json.loads(msg.data))
            if got[-1].get("type") in (kind, "error"):
                return got

    async def speak(ws, context: str, sentences: list[str]) -> list[dict]:
        for sentence in sentences:
            await ws.send_json({**base, "context_id": context, "transcript": sentence + " ", "continue": True})
        await ws.send_json({**base, "context_id": context, "transcript": " ", "continue": False})
        return await read_until(ws, "done")

    def audio_bytes(got: list[dict]) -> int:
        return sum(len(base64.b64decode(m["data"])) for m in got if m.get("type") == "chunk")

    async def main() -> None:
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(ws_url, headers={"X-API-Key": "agentsim"})
            # Turn 1, one sentence: all of its 2.5 s at 24 kHz PCM16 = 120,000 bytes, its word timestamps, done.
            got = await speak(ws, "ctx-1", ["Sure, what is your booking reference?"])
            kinds = [m.get("type") for m in got]
            report(
                "turn 1 spoken", kinds == ["chunk", "timestamps", "done"] and audio_bytes(got) == 120000
                and all(m.get("context_id") == "ctx-1" for m in got),
                f"{kinds}, {audio_bytes(got)} bytes",
            )
            for case, message in [
                ("a message that is not JSON", "not json {"),
                ("no context_id", json.dumps({**base, "transcript": "Hello. ", "continue": True})),
                ("a format serve does not speak", json.dumps(
                    {**base, "output_format": {"container": "mp3", "encoding": "mp3", "sample_rate": 44100},
                     "context_id": "ctx-x", "transcript": "Hello. ", "continue": True})),
                ("unknown model", json.dumps(
                    {**base, "model_id": "no-such-model", "context_id": "ctx-y", "transcript": "Hi. ",
                     "continue": True})),
            ]:
                await ws.send_str(message)
                error = (await read_until(ws, "error"))[-1]
                report(
                    case, error.get("type") == "error" and error.get("status_code") == 400 and error.get("done")
                    and bool(error.get("error")), f"{error}",
                )
            await ws.close()
            # A client that drops mid-stream: turn 3's first sentence, then the socket closes.
            ws = await http.ws_connect(ws_url)
            await ws.send_json({**base, "context_id": "ctx-3", "transcript": "Thanks, I found it. ", "continue": True})
            await asyncio.sleep(0.2)
            await ws.close()
            # A frame over 16 MiB closes its socket; a new socket is served after it: turn 5, two sentences, 3.0 s
            # (144,000 bytes) in two chunks.
            ws = await http.ws_connect(ws_url, max_msg_size=0)
            try:
                await ws.send_str(json.dumps({**base, "context_id": "ctx-big", "transcript": "A" * (17 << 20)}))
                ending = (await read_until(ws, "never", timeout=30))[-1]["type"]
            except (ConnectionError, aiohttp.ClientError) as e:
                ending = f"<connection dropped: {e!r}>"
            await ws.close()
            ws = await http.ws_connect(ws_url)
            got = await speak(ws, "ctx-5", ["Done.", "You are booked on Friday's flight."])
            await ws.close()
            report(
                "a client that drops mid-stream and a frame over 16 MiB, then served",
                (ending.startswith("<CLOSE 1009") or ending.startswith("<connection dropped"))
                and [m.get("type") for m in got].count("chunk") == 2 and audio_bytes(got) == 144000,
                f"{ending[:60]}, then {[m.get('type') for m in got]}, {audio_bytes(got)} bytes",
            )

    asyncio.run(main())


def run_deepgram_flux(url: str) -> None:
    """pipeline-deepgram-flux.yaml's /v2/listen as LiveKit's deepgram.STTv2 speaks it (raw websocket)."""
    import asyncio
    import math

    import aiohttp

    ws_url = url.rstrip("/").replace("http", "ws", 1) + "/scenario/pipeline-deepgram-flux/v2/listen"
    query = "?model=flux-general-en&encoding=linear16&sample_rate=16000"

    async def read_until(ws, kinds: tuple, timeout: float = 20) -> list[dict]:
        got = []
        while True:
            msg = await asyncio.wait_for(ws.receive(), timeout)
            if msg.type != aiohttp.WSMsgType.TEXT:
                got.append({"type": f"<{msg.type.name} {msg.data}>"})
                return got
            got.append(json.loads(msg.data))
            if got[-1].get("type") in kinds or got[-1].get("event") in kinds:
                return got

    def tone(seconds: float) -> bytes:
        n = int(seconds * 16000)
        return b"".join(int(8000 * math.sin(2 * math.pi * 220 * k / 16000)).to_bytes(2, "little", signed=True)
                        for k in range(n))

    async def main() -> None:
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(ws_url + query, headers={"Authorization": "Token agentsim"})
            got = await read_until(ws, ("Connected",))
            report("Connected first", got[0].get("type") == "Connected" and bool(got[0].get("request_id")), f"{got}")
            await ws.send_str(json.dumps({"type": "Configure", "thresholds": {"eot_threshold": 0.7}}))
            got = await read_until(ws, ("ConfigureSuccess", "Error"))
            report("Configure", got[-1].get("type") == "ConfigureSuccess", f"{got}")
            await ws.send_str("not json {")
            got = await read_until(ws, ("Error",))
            report("a message that is not JSON", got[-1].get("type") == "Error" and got[-1].get("description"),
                   f"{got[-1]}")
            # Turn 0: speech, then silence past the end of turn: StartOfTurn, then EndOfTurn with its transcript.
            audio = tone(3.0) + b"\0\0" * 16000
            for k in range(0, len(audio), 1600):
                await ws.send_bytes(audio[k:k + 1600])
            got = await read_until(ws, ("EndOfTurn",))
            events = [m.get("event") for m in got if m.get("type") == "TurnInfo"]
            report(
                "turn 0: StartOfTurn, EndOfTurn with the transcript",
                events[:1] == ["StartOfTurn"] and events[-1] == "EndOfTurn"
                and got[-1].get("transcript") == "Hi, I want to change my flight.",
                f"{events} {got[-1].get('transcript')!r}",
            )
            await ws.close()
            # Audio serve does not hear: Deepgram's Error, then the close.
            ws = await http.ws_connect(ws_url + "?model=flux-general-en&encoding=opus&sample_rate=48000")
            got = await read_until(ws, ("never",))
            report("an encoding serve does not hear", got[0].get("type") == "Error" and "CLOSE" in got[-1]["type"],
                   f"{got}")
            # A client that drops mid-stream, then a frame over 16 MiB, then a new connection is served.
            ws = await http.ws_connect(ws_url + query)
            await ws.send_bytes(tone(0.5))
            await ws.close()
            ws = await http.ws_connect(ws_url + query, max_msg_size=0)
            try:
                await ws.send_bytes(b"\0" * (17 << 20))
                ending = (await read_until(ws, ("never",), timeout=30))[-1]["type"]
            except (ConnectionError, aiohttp.ClientError) as e:
                ending = f"<connection dropped: {e!r}>"
            await ws.close()
            ws = await http.ws_connect(ws_url + query)
            got = await read_until(ws, ("Connected",))
            await ws.close()
            report(
                "a client that drops mid-stream and a frame over 16 MiB, then served",
                (ending.startswith("<CLOSE 1009") or ending.startswith("<connection dropped"))
                and got[-1].get("type") == "Connected",
                f"{ending[:60]}, then {got[-1].get('type')}",
            )

    asyncio.run(main())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument(
        "--sdk",
        choices=["openai", "openai-responses", "openai-tts", "openai-stt", "cartesia", "deepgram-flux", "anthropic"],
        required=True,
    )
    args = parser.parse_args(argv)
    if args.sdk == "openai":
        run_openai(args.url)
    elif args.sdk == "openai-responses":
        run_openai_responses(args.url)
    elif args.sdk == "openai-tts":
        run_openai_tts(args.url)
    elif args.sdk == "openai-stt":
        run_openai_stt(args.url)
    elif args.sdk == "cartesia":
        run_cartesia(args.url)
    elif args.sdk == "deepgram-flux":
        run_deepgram_flux(args.url)
    else:
        run_anthropic(args.url)
    return 0 if RESULTS and all(r["ok"] for r in RESULTS) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
