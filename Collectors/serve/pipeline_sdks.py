"""The official SDKs against a running `agentsim serve` for pipeline services, and the hostile cases.

    python Collectors/serve/pipeline_sdks.py --url http://127.0.0.1:PORT --sdk openai   # pipeline-openai-chat.yaml
    python Collectors/serve/pipeline_sdks.py --url http://127.0.0.1:PORT --sdk anthropic  # pipeline-anthropic-haiku
    python Collectors/serve/pipeline_sdks.py --url http://127.0.0.1:PORT --sdk gemini  # pipeline-gemini-flash.yaml
    python Collectors/serve/pipeline_sdks.py --url http://127.0.0.1:PORT --sdk deepgram \\
        --pcm pipeline-openai-chat.user.0.pcm  # the clip serve --driver-script writes; + pipeline-anthropic.yaml
    python Collectors/serve/pipeline_sdks.py --url http://127.0.0.1:PORT --sdk elevenlabs  # pipeline-openai-chat.yaml
    python Collectors/serve/pipeline_sdks.py --url http://127.0.0.1:PORT --sdk openai-responses-ws  # its websocket
    python Collectors/serve/pipeline_sdks.py --url http://127.0.0.1:PORT --sdk openai-whisper  # + stt-whisper.yaml

Each case prints one JSON line {"case", "ok", "detail"}; exit status 0 when every case is ok. The openai cases stream
Chat Completions with the openai SDK (stream_options.include_usage) and check the last chunk's usage, then send a body
that is not JSON, an unknown model, a 50 MB body and a client that drops mid-stream, each of which must get OpenAI's
own error shape and status (or, for the drop, leave the server serving the next request). The openai-responses cases
(pipeline-openai-responses.yaml) stream `POST /v1/responses`, the second with `previous_response_id`, each event
validated as the SDK's `ResponseStreamEvent`, then the same hostile cases. The anthropic cases stream
Messages with the anthropic SDK and check the final message's usage, then the same hostile cases in Anthropic's shape.
The gemini cases (pipeline-gemini-flash.yaml) stream with google-genai's `generate_content_stream` on the Developer
API path, then the same hostile cases in Google's shape.
The deepgram cases stream a user turn through the deepgram SDK's `listen.v1.connect`, then the hostile cases on
Deepgram's websocket (SchemaError, a 400 handshake, a 1009 close, a drop); the elevenlabs cases (pipeline-openai-chat)
the hostile cases on ElevenLabs' multi-stream-input websocket, then a normal context.
The openai-tts cases (pipeline-openai-tts.yaml) ask `POST /v1/audio/speech` for sentences as LiveKit's StreamAdapter
does and check each one's PCM length and `speech.audio.done` usage, then an input over 4,096 characters, a format serve
does not speak, and the same hostile cases. The openai-stt cases (pipeline-openai-stt.yaml) speak the realtime
transcription websocket as LiveKit's openai.STT(use_realtime=True) does, validate every event as openai's
`RealtimeServerEvent`, and send a message that is not JSON, an unknown event, audio that is not base64, an unknown
model, a frame over 16 MiB and a client that drops mid-stream. The cartesia cases (pipeline-cartesia.yaml) speak its
/tts/websocket as LiveKit's cartesia.TTS does (raw websocket: no Cartesia SDK in the venv) and send the same hostile
cases, answered with Cartesia's error message; the deepgram-flux cases (pipeline-deepgram-flux.yaml) Flux's
/v2/listen as LiveKit's deepgram.STTv2 does.
Needs the livekit-1.8.9 venv (openai, anthropic, google-genai, httpx2); the deepgram case the pipecat venv
(deepgram-sdk, httpx2).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import sys

import httpx2 as httpx

RESULTS: list[dict] = []


def report(case: str, ok: bool, detail: str) -> None:
    RESULTS.append({"case": case, "ok": bool(ok), "detail": detail})
    print(json.dumps(RESULTS[-1]), flush=True)


def tone_pcm(seconds: float) -> bytes:
    """`seconds` of PCM16 at 24 kHz: a 220 Hz tone with seeded noise, loud enough for serve's energy detector."""
    rng = random.Random(7)
    count = int(seconds * 24000)
    samples = (int(8000 * math.sin(2 * math.pi * 220 * k / 24000) + rng.randint(-2000, 2000)) for k in range(count))
    return b"".join(v.to_bytes(2, "little", signed=True) for v in samples)


async def read_until(ws, kinds: str | tuple, timeout: float = 20) -> list[dict]:
    """The messages of the aiohttp websocket `ws` up to the first whose `type` (or `event`) is one of `kinds` (a name or
    a tuple of names), or up to a frame that is not text, recorded as {"type": "<TYPE data>"}."""
    import aiohttp

    kinds = (kinds,) if isinstance(kinds, str) else kinds
    got = []
    while True:
        msg = await asyncio.wait_for(ws.receive(), timeout)
        if msg.type != aiohttp.WSMsgType.TEXT:
            got.append({"type": f"<{msg.type.name} {msg.data}>"})
            return got
        got.append(json.loads(msg.data))
        if got[-1].get("type") in kinds or got[-1].get("event") in kinds:
            return got


def openai_shape(r: httpx.Response, status: int) -> bool:
    """OpenAI's HTTP error: the status, and `{"error": {"message", "type", "param", "code"}}`."""
    try:
        error = r.json()["error"]
    except Exception:
        return False
    return r.status_code == status and {"message", "type", "param", "code"} <= set(error)


def hostile(base: str, path: str, headers: dict, good: dict, shape, unknown_model_path: str | None = None) -> None:
    """The hostile cases over raw HTTP: `shape(status, body)` says whether the answer is the provider's own. An API
    that names the model in the path (Gemini) gives `unknown_model_path` for the unknown model's request."""
    r = httpx.post(base + path, content=b'{"model": "x", "messages": [', headers=headers, timeout=30)
    report("body that is not JSON", shape(r, 400), f"{r.status_code} {r.text[:120]}")
    if unknown_model_path:
        r = httpx.post(base + unknown_model_path, json=good, headers=headers, timeout=30)
    else:
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

    hostile(base, "/responses", {"Authorization": "Bearer sk-agentsim"}, good, openai_shape)


def run_gemini(url: str) -> None:
    """pipeline-gemini-flash.yaml with google-genai's own `generate_content_stream` (http_options.base_url at serve's
    `/scenario/NAME`, the Developer API path): request 0 streams the tool call, request 1 sends the call and its
    result and streams the reply; then the hostile cases in Google's `{"error": {code, message, status}}`."""
    from google import genai
    from google.genai import types

    base = url.rstrip("/") + "/scenario/pipeline-gemini-flash"
    client = genai.Client(api_key="agentsim", http_options=types.HttpOptions(base_url=base))
    system = "You are a cheerful weather assistant. Answer in one short sentence."
    user0 = "Hi, what's the weather in Paris today?"
    config = types.GenerateContentConfig(system_instruction=system)

    def stream(contents: list) -> tuple[str, list, object]:
        text, calls, usage = "", [], None
        for chunk in client.models.generate_content_stream(model="gemini-2.5-flash", contents=contents, config=config):
            for cand in chunk.candidates or []:
                for part in (cand.content.parts if cand.content else None) or []:
                    if part.text and not part.thought:
                        text += part.text
                    if part.function_call:
                        calls.append(part.function_call)
            if chunk.usage_metadata:
                usage = chunk.usage_metadata
        return text, calls, usage

    # Request 0 (the tool call): instructions 2,100 + user 10 = 2,110 prompt tokens, nothing cached (the first
    # request); the call's 8 argument tokens, 120 thoughts; total 2,110 + 8 + 120 = 2,238.
    user = types.Content(role="user", parts=[types.Part(text=user0)])
    text, calls, u = stream([user])
    report(
        "google-genai streams request 0 (the tool call)",
        [c.name for c in calls] == ["get_weather"] and calls[0].args == {"city": "Paris"} and u is not None
        and u.prompt_token_count == 2110 and not u.cached_content_token_count and u.candidates_token_count == 8
        and u.thoughts_token_count == 120 and u.total_token_count == 2238,
        f"calls {[c.name for c in calls]}, usage {u.model_dump(exclude_none=True) if u else None}",
    )
    call = types.Content(
        role="model", parts=[types.Part(function_call=types.FunctionCall(name="get_weather", args={"city": "Paris"}))]
    )
    result = types.Content(
        role="user",
        parts=[
            types.Part(
                function_response=types.FunctionResponse(name="get_weather", response={"sky": "sunny", "celsius": 22})
            )
        ],
    )
    good = {
        "systemInstruction": {"parts": [{"text": system}]},
        "contents": [{"role": "user", "parts": [{"text": user0}]}],
    }

    def google_shape(r: httpx.Response, status: int) -> bool:
        try:
            error = r.json()["error"]
        except Exception:
            return False
        return (
            r.status_code == status and error.get("code") == status and isinstance(error.get("message"), str)
            and isinstance(error.get("status"), str)
        )

    # The drop takes request 1 (the reply after the tool result), as the scenario's next agent turn.
    hostile(
        base, "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", {"x-goog-api-key": "agentsim"}, good,
        google_shape, unknown_model_path="/v1beta/models/no-such-model:streamGenerateContent?alt=sse",
    )
    # Request 2 still streams: 2,110 + call 8 + result 12 + reply 12 + user 4 = 2,146 prompt tokens; cached is the
    # prefix shared with the request before, the dropped one (instructions + user = 2,110, over gemini-2.5-flash's
    # 2,048 minimum): 2,110; the reply's 8 tokens and 120 thoughts: 2,146 + 8 + 120 = 2,274.
    reply = types.Content(role="model", parts=[types.Part(text="It's sunny and twenty-two degrees in Paris.")])
    user2 = types.Content(role="user", parts=[types.Part(text="Great, thanks!")])
    text, calls, u = stream([user, call, result, reply, user2])
    report(
        "google-genai streams after the hostile cases",
        text == "You're welcome, enjoy your day!" and u is not None and u.prompt_token_count == 2146
        and u.cached_content_token_count == 2110 and u.candidates_token_count == 8 and u.thoughts_token_count == 120
        and u.total_token_count == 2274,
        f"text {text!r}, usage {u.model_dump(exclude_none=True) if u else None}",
    )


def run_deepgram(url: str, pcm_path: str) -> None:
    """pipeline-openai-chat.yaml's STT with the deepgram SDK's own `listen.v1.connect` (AsyncDeepgramClient, its
    environment's websocket base at serve's `/scenario/NAME`): a user turn's audio (24 kHz PCM16, the clips serve
    --driver-script writes), one second of silence to end it, then CloseStream. The SDK's own parse is lenient
    (`construct_type`), so every message is also validated strictly as its SDK type; the one gap allowed is Results'
    `metadata.model_info` {name, version, arch}, which the SDK's type requires and agentsim's Deepgram plugin leaves
    out (DeepgramPlugin.swift: its version strings are not documented). Then the hostile cases over raw websockets,
    and the SDK again on pipeline-anthropic.yaml (a served session hears one Deepgram connection: a second one in the
    same session, as after the drop, gets no transcript), so the server still serves."""
    import asyncio
    import os

    import pydantic
    import websockets
    from deepgram import AsyncDeepgramClient
    from deepgram.environment import DeepgramClientEnvironment
    from deepgram.listen.v1.types.listen_v1error import ListenV1Error
    from deepgram.listen.v1.types.listen_v1metadata import ListenV1Metadata
    from deepgram.listen.v1.types.listen_v1results import ListenV1Results
    from deepgram.listen.v1.types.listen_v1speech_started import ListenV1SpeechStarted

    rate = 24_000
    clips = os.path.dirname(os.path.abspath(pcm_path))
    server = url.rstrip("/").replace("http://", "ws://", 1)
    base = server + "/scenario/pipeline-openai-chat"
    kinds = {"Results": ListenV1Results, "Metadata": ListenV1Metadata, "SpeechStarted": ListenV1SpeechStarted}

    def strict(kind, message) -> list[str]:
        """The SDK type's validation errors for `message`, but the allowed gap (Results without model_info)."""
        try:
            kind.model_validate(message.model_dump(by_alias=True))
            return []
        except pydantic.ValidationError as e:
            return [
                f"{kind.__name__}.{'.'.join(map(str, err['loc']))}: {err['msg']}"
                for err in e.errors()
                if not (kind is ListenV1Results and tuple(err["loc"]) == ("metadata", "model_info"))
            ]

    async def session(scenario: str, audio: bytes) -> tuple[list, list[str]]:
        at = server + "/scenario/" + scenario
        environment = DeepgramClientEnvironment(base=at, production=at, agent=at, agent_rest=at)
        client = AsyncDeepgramClient(api_key="agentsim", environment=environment)
        messages, invalid = [], []
        async with client.listen.v1.connect(
            model="nova-3", encoding="linear16", sample_rate=rate, channels=1, interim_results=True
        ) as socket:
            step = 2 * rate // 10  # 100 ms a message
            for i in range(0, len(audio), step):
                await socket.send_media(audio[i : i + step])
            await socket.send_close_stream()
            while True:
                try:
                    message = await asyncio.wait_for(socket.recv(), 30)
                except Exception:  # the socket's close after Metadata
                    break
                kind = kinds.get(getattr(message, "type", None))
                if kind is None or not isinstance(message, kind):  # the SDK fell back to a dict, or a wrong type
                    invalid.append(f"unexpected {message!r}"[:200])
                    continue
                messages.append(message)
                invalid += strict(kind, message)
                if kind is ListenV1Metadata:
                    break
        return messages, invalid

    def turn(case: str, scenario: str, clip: str, clip_seconds: float, want: str) -> None:
        with open(os.path.join(clips, clip), "rb") as f:
            speech = f.read()
        audio = speech + bytes(2 * rate)  # + 1.0 s of silence: the end of the utterance (serve waits 0.5 s)
        messages, invalid = asyncio.run(session(scenario, audio))
        finals = [m for m in messages if m.type == "Results" and m.is_final]
        text = " ".join(m.channel.alternatives[0].transcript for m in finals if m.channel.alternatives)
        metadata = [m for m in messages if m.type == "Metadata"]
        seconds = clip_seconds + 1.0
        report(
            case,
            not invalid and text == want and len(metadata) == 1 and abs(metadata[0].duration - seconds) < 0.01
            and len(speech) == round(2 * rate * clip_seconds),
            f"finals {text!r}, metadata duration {metadata[0].duration if metadata else None} of {seconds} s, "
            f"{len(messages)} messages as the SDK's types, invalid {invalid[:2]}; Results without "
            "metadata.model_info",
        )

    # User turn 0 (2.0 s): its transcript; Deepgram bills the audio the socket carried, 2.0 + 1.0 = 3.0 s.
    turn(
        "deepgram SDK streams a user turn", "pipeline-openai-chat", os.path.basename(pcm_path), 2.0,
        "Hi, my parcel has not arrived yet.",
    )

    listen = base + "/v1/listen?model=nova-3&encoding=linear16&sample_rate=24000&channels=1"

    async def hostile_cases() -> None:
        # A text message that is not JSON: Deepgram's Error, variant SchemaError, the message echoed; the socket
        # stays open (0.1 s of silence, then CloseStream still gets Metadata and a normal close).
        async with websockets.connect(listen) as ws:
            await ws.send("not json {")
            raw = json.loads(await asyncio.wait_for(ws.recv(), 10))
            try:
                error = ListenV1Error.model_validate(raw)
                ok = error.variant == "SchemaError" and error.message == "not json {"
            except pydantic.ValidationError:
                ok = False
            await ws.send(bytes(2 * rate // 10))
            await ws.send(json.dumps({"type": "CloseStream"}))
            try:
                closing = json.loads(await asyncio.wait_for(ws.recv(), 10))
            except websockets.ConnectionClosedOK:
                closing = {"close": 1000}
            report("deepgram: text that is not JSON", ok, f"{raw} then {closing}")
        # An unknown model: the handshake is refused with HTTP 400 (the websocket stack sends no body with it); the
        # same request without the upgrade gets Deepgram's {err_code, err_msg, request_id}.
        unknown = listen.replace("model=nova-3", "model=no-such-model")
        try:
            async with websockets.connect(unknown):
                status = 101
        except websockets.InvalidStatus as e:
            status = e.response.status_code
        r = httpx.get(unknown.replace("ws://", "http://", 1), timeout=30)
        try:
            body = r.json()
        except ValueError:
            body = {}
        report(
            "deepgram: unknown model",
            status == 400 and r.status_code == 400 and {"err_code", "err_msg", "request_id"} <= set(body),
            f"handshake {status}, GET {r.status_code} {body}",
        )
        # A 50 MB message: over the frame limit, the socket closes with 1009 (message too big).
        try:
            async with websockets.connect(listen, max_size=None) as ws:
                await ws.send(bytes(50 << 20))
                await asyncio.wait_for(ws.recv(), 30)
                report("deepgram: 50 MB message", False, "answered instead of closing")
        except websockets.ConnectionClosed as e:
            report("deepgram: 50 MB message", e.rcvd is not None and e.rcvd.code == 1009, f"close {e.rcvd}")
        # A client that drops mid-utterance: half of user turn 1's clip, then the TCP connection is cut.
        with open(os.path.join(clips, "pipeline-openai-chat.user.1.pcm"), "rb") as f:
            half = f.read()[: 2 * rate * 6 // 10]
        ws = await websockets.connect(listen)
        await ws.send(half)
        await asyncio.sleep(0.3)
        ws.transport.abort()
        report("deepgram: client drops mid-stream", True, f"sent {len(half) // 2} samples, then cut the connection")

    asyncio.run(hostile_cases())
    # Still served: pipeline-anthropic.yaml's first user turn (3.2 s), 3.2 + 1.0 = 4.2 s billed.
    turn(
        "deepgram SDK streams after the hostile cases", "pipeline-anthropic", "pipeline-anthropic.user.0.pcm", 3.2,
        "Hi, I need a table for two tonight.",
    )


def run_elevenlabs(url: str) -> None:
    """The hostile cases on ElevenLabs' `multi-stream-input` websocket (pipeline-openai-chat.yaml's TTS, raw
    websockets: the SDK has no multi-context client), each answered as ElevenLabs does, `{"message", "error",
    "code"}`; then a normal context, which gets audio and `isFinal`."""
    import asyncio

    import websockets

    base = url.rstrip("/").replace("http://", "ws://", 1) + "/scenario/pipeline-openai-chat"
    socket = base + "/v1/text-to-speech/voice1/multi-stream-input?model_id=eleven_flash_v2_5&output_format=pcm_24000"
    reply1 = "I am sorry to hear that. Can you give me the order number?"
    reply4 = "Your parcel shipped and should arrive on Friday. Anything else?"

    def shape(message: dict, error: str) -> bool:
        return message.get("error") == error and isinstance(message.get("message"), str) and message.get("code") == 1008

    async def speak(ws, context: str, text: str) -> tuple[int, bool]:
        """Sends one context's text and closes it; the audio bytes received and whether isFinal came."""
        await ws.send(json.dumps({"text": " ", "context_id": context}))
        await ws.send(json.dumps({"text": text + " ", "context_id": context}))
        await ws.send(json.dumps({"text": "", "context_id": context, "flush": True}))
        await ws.send(json.dumps({"context_id": context, "close_context": True}))
        audio, final = 0, False
        while not final:
            message = json.loads(await asyncio.wait_for(ws.recv(), 30))
            audio += len(message.get("audio") or "")
            final = bool(message.get("isFinal"))
        return audio, final

    async def cases() -> None:
        async with websockets.connect(socket) as ws:
            await ws.send("not json {")
            message = json.loads(await asyncio.wait_for(ws.recv(), 10))
            report("elevenlabs: text that is not JSON", shape(message, "invalid_message"), f"{message}")
        async with websockets.connect(socket.replace("eleven_flash_v2_5", "no-such-model")) as ws:
            message = json.loads(await asyncio.wait_for(ws.recv(), 10))
            try:
                await asyncio.wait_for(ws.recv(), 10)
                closed = None
            except websockets.ConnectionClosed as e:
                closed = e.rcvd.code if e.rcvd else None
            report(
                "elevenlabs: unknown model", shape(message, "model_not_found") and closed == 1008,
                f"{message}, close {closed}",
            )
        try:
            async with websockets.connect(socket) as ws:
                await ws.send("x" * (50 << 20))
                await asyncio.wait_for(ws.recv(), 30)
                report("elevenlabs: 50 MB message", False, "answered instead of closing")
        except websockets.ConnectionClosed as e:
            report("elevenlabs: 50 MB message", e.rcvd is not None and e.rcvd.code == 1009, f"close {e.rcvd}")
        # A client that drops mid-stream: reply 1's context, its first audio, then the TCP connection is cut.
        ws = await websockets.connect(socket)
        await ws.send(json.dumps({"text": " ", "context_id": "c1"}))
        await ws.send(json.dumps({"text": reply1 + " ", "context_id": "c1"}))
        first = json.loads(await asyncio.wait_for(ws.recv(), 30))
        ws.transport.abort()
        report("elevenlabs: client drops mid-stream", bool(first.get("audio")), f"first message keys {sorted(first)}")
        # Still served: reply 4 (its text picks its turn) gets its audio and isFinal.
        async with websockets.connect(socket) as ws:
            audio, final = await speak(ws, "c2", reply4)
        report("elevenlabs streams after the hostile cases", audio > 0 and final, f"{audio} base64 bytes, isFinal")

    asyncio.run(cases())

def run_openai_responses_ws(url: str) -> None:
    """The hostile cases on OpenAI Responses' websocket (pipeline-openai-responses.yaml, `/v1/responses`), each
    answered with OpenAI's `error` event, `{"type": "error", "status", "error": {type, code, message, param}}`; then a
    normal `response.create` whose events validate as the openai SDK's `ResponseStreamEvent`."""
    import asyncio

    import pydantic
    import websockets
    from openai.types.responses import ResponseStreamEvent

    socket = url.rstrip("/").replace("http://", "ws://", 1) + "/scenario/pipeline-openai-responses/v1/responses"
    headers = {"Authorization": "Bearer sk-agentsim"}
    system = "You are a support agent for a parcel service. Be brief and friendly."
    user0 = "Hi, my parcel has not arrived yet."
    reply1 = "I am sorry to hear that. Can you give me the order number?"
    user2 = "It is 4417."
    create = {"type": "response.create", "model": "gpt-4.1-mini", "input": [
        {"role": "system", "content": system}, {"role": "user", "content": user0}]}
    adapter = pydantic.TypeAdapter(ResponseStreamEvent)

    def openai_event(message: dict, status: int, code: str) -> bool:
        error = message.get("error") or {}
        return (
            message.get("type") == "error" and message.get("status") == status and error.get("code") == code
            and {"type", "code", "message", "param"} <= set(error)
        )

    async def cases() -> None:
        async with websockets.connect(socket, additional_headers=headers) as ws:
            await ws.send("not json {")
            message = json.loads(await asyncio.wait_for(ws.recv(), 10))
            ok = openai_event(message, 400, "invalid_json")
            report("responses websocket: text that is not JSON", ok, f"{message}")
            await ws.send(json.dumps({**create, "model": "no-such-model"}))
            message = json.loads(await asyncio.wait_for(ws.recv(), 10))
            report("responses websocket: unknown model", openai_event(message, 404, "model_not_found"), f"{message}")
        try:
            async with websockets.connect(socket, additional_headers=headers) as ws:
                await ws.send("x" * (50 << 20))
                await asyncio.wait_for(ws.recv(), 30)
                report("responses websocket: 50 MB message", False, "answered instead of closing")
        except websockets.ConnectionClosed as e:
            report("responses websocket: 50 MB message", e.rcvd is not None and e.rcvd.code == 1009, f"close {e.rcvd}")
        # A client that drops mid-stream: request 0's first event, then the TCP connection is cut.
        ws = await websockets.connect(socket, additional_headers=headers)
        await ws.send(json.dumps(create))
        first = json.loads(await asyncio.wait_for(ws.recv(), 30))
        ws.transport.abort()
        report("responses websocket: client drops mid-stream", first.get("type") == "response.created", first["type"])
        # Still served: request 1 (the tool call), its input 1,300 + reply 15 + 3 + user 6 + 3 + 3 = 1,330 tokens,
        # sharing the dropped request's 1,300: cached 1,024 + floor(276 / 128) x 128 = 1,280; output 8.
        async with websockets.connect(socket, additional_headers=headers) as ws:
            again = {**create, "input": create["input"] + [
                {"role": "assistant", "content": reply1}, {"role": "user", "content": user2}]}
            await ws.send(json.dumps(again))
            events, invalid, done = [], [], None
            while done is None:
                data = json.loads(await asyncio.wait_for(ws.recv(), 30))
                try:
                    events.append(adapter.validate_python(data))
                except pydantic.ValidationError as e:
                    invalid.append(f"{data.get('type')}: {e}"[:200])
                if data.get("type") in ("response.completed", "response.incomplete", "response.failed", "error"):
                    done = data
        u = (done.get("response") or {}).get("usage") or {}
        report(
            "responses websocket streams after the hostile cases",
            not invalid and done.get("type") == "response.completed" and u.get("input_tokens") == 1330
            and (u.get("input_tokens_details") or {}).get("cached_tokens") == 1280 and u.get("output_tokens") == 8,
            f"{len(events)} events, invalid {invalid[:2]}, {done.get('type')} usage {u}",
        )

    asyncio.run(cases())

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


def run_openai_whisper(url: str) -> None:
    """pipeline-openai-stt-whisper.yaml's batch transcriptions, as LiveKit's openai.STT(use_realtime=False) sends them:
    one multipart upload of a WAV segment per utterance its VAD cut."""
    import io
    import socket
    import wave

    import openai
    from openai.types.audio import TranscriptionVerbose

    base = url.rstrip("/") + "/scenario/pipeline-openai-stt-whisper/v1"
    client = openai.OpenAI(base_url=base, api_key="sk-agentsim")

    def wav(lead: float, sound: float, tail: float) -> bytes:
        """A 24 kHz PCM16 WAV: `lead` s of silence, `sound` s of a 220 Hz tone with noise, `tail` s of silence."""
        pcm = b"\0\0" * int(lead * 24000) + tone_pcm(sound)
        out = io.BytesIO()
        with wave.open(out, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(24000)
            w.writeframes(pcm + b"\0\0" * int(tail * 24000))
        return out.getvalue()

    # Turn 0 as Silero cuts it: 0.3 s of padding, the 2.68 s utterance, 0.55 s of closing silence (3.53 s). The upload
    # opens the session, its clock 3.53 s along; the plugin's segment runs from max(speech − 0.5, 0) = 0 to the
    # speech's end + 0.55 s, at most 0.3 + 2.68 + 0.55 = 3.53 s (less the clip's own soft onset), so whisper-1 bills
    # ceil(3.53) = 4 s. verbose_json, as LiveKit asks for whisper-1, parsed as openai's TranscriptionVerbose.
    r = client.audio.transcriptions.create(
        file=("file.wav", wav(0.3, 2.68, 0.55), "audio/wav"), model="whisper-1", response_format="verbose_json"
    )
    usage = getattr(r, "usage", None)
    report(
        "openai SDK transcribes turn 0 (verbose_json)",
        isinstance(r, TranscriptionVerbose) and r.text == "Hello, can I book a table for two tonight?"
        and 3.0 <= r.duration <= 3.53 and usage is not None and usage.type == "duration" and usage.seconds == 4,
        f"{type(r).__name__} {r.text!r} duration {getattr(r, 'duration', None)} usage {usage}",
    )

    path = base + "/audio/transcriptions"
    auth = {"Authorization": "Bearer sk-agentsim"}
    upload = {"file": ("file.wav", wav(0.3, 0.96, 0.55), "audio/wav")}
    r = httpx.post(path, json={"model": "whisper-1"}, headers=auth, timeout=30)
    report("body that is not multipart/form-data", openai_shape(r, 400), f"{r.status_code} {r.text[:120]}")
    r = httpx.post(path, data={"model": "no-such-model"}, files=upload, headers=auth, timeout=30)
    report("unknown model", openai_shape(r, 404), f"{r.status_code} {r.text[:120]}")
    r = httpx.post(path, data={"model": "whisper-1"}, files={"other": ("x.txt", b"x")}, headers=auth, timeout=30)
    report("no file", openai_shape(r, 400) and r.json()["error"]["param"] == "file", f"{r.status_code} {r.text[:120]}")
    r = httpx.post(path, data={"model": "whisper-1"}, files={"file": ("a.wav", b"RIFF0000WAVEjunk")}, headers=auth,
                   timeout=30)
    report("a file that is not WAV PCM", openai_shape(r, 400), f"{r.status_code} {r.text[:120]}")
    try:
        r = httpx.post(path, data={"model": "whisper-1"}, files={"file": ("big.wav", b"\0" * (50 << 20))},
                       headers=auth, timeout=60)
        report("50 MB request", openai_shape(r, 413), f"{r.status_code} {r.text[:120]}")
    except httpx.HTTPError as e:  # the server may close the socket before reading it all
        report("50 MB request", False, f"transport error {e!r}")
    # A client that drops mid-upload: the headers promise the whole body, half is sent, the socket closes.
    parsed = httpx.URL(path)
    body = wav(0.3, 0.96, 0.55)
    with socket.create_connection((parsed.host, parsed.port), timeout=10) as sock:
        head = (
            f"POST {parsed.raw_path.decode()} HTTP/1.1\r\nHost: {parsed.host}\r\n"
            "Content-Type: multipart/form-data; boundary=agentsim\r\n"
            f"Content-Length: {len(body) + 200}\r\n\r\n--agentsim\r\n"
            'Content-Disposition: form-data; name="file"; filename="file.wav"\r\n\r\n'
        )
        sock.sendall(head.encode() + body[: len(body) // 2])
    # The server keeps serving: a new connection right after the drop is answered (LiveKit's prewarm GET).
    r = httpx.get(base + "/models", headers=auth, timeout=10)
    report("client drops mid-upload", r.status_code == 200, f"half the body sent, socket closed; then {r.status_code}")
    # Still served, and the drop took no turn: turn 2 (0.96 s) as json, openai's Transcription.
    r = client.audio.transcriptions.create(
        file=("file.wav", wav(0.3, 0.96, 0.55), "audio/wav"), model="whisper-1", response_format="json"
    )
    usage = getattr(r, "usage", None)
    report(
        "openai SDK transcribes turn 2 after the hostile cases",
        r.text == "Yes please." and usage is not None and usage.type == "duration" and usage.seconds >= 1,
        f"{type(r).__name__} {r.text!r} usage {usage}",
    )
    # An upload with no speech in it: an empty transcript, and no turn taken.
    r = client.audio.transcriptions.create(
        file=("file.wav", wav(1.0, 0, 0), "audio/wav"), model="whisper-1", response_format="json"
    )
    report("an upload with no speech gets an empty transcript", r.text == "", f"{r.text!r}")


def run_openai_stt(url: str) -> None:
    """pipeline-openai-stt.yaml's realtime transcription websocket, as LiveKit's openai.STT(use_realtime=True)."""
    import base64

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

    async def append(ws, audio: bytes) -> None:
        for k in range(0, len(audio), 2400):  # 50 ms, as LiveKit sends
            await ws.send_json({"type": "input_audio_buffer.append", "audio": base64.b64encode(audio[k:k + 2400]).decode()})

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
            await append(ws, tone_pcm(3.0) + b"\0\0" * int(1.5 * 24000))
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
            await append(ws, tone_pcm(0.5))
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

    async def speak(ws, context: str, sentences: list[str]) -> list[dict]:
        for sentence in sentences:
            await ws.send_json({**base, "context_id": context, "transcript": sentence + " ", "continue": True})
        await ws.send_json({**base, "context_id": context, "transcript": " ", "continue": False})
        return await read_until(ws, ("done", "error"))

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
                ending = (await read_until(ws, ("never", "error"), timeout=30))[-1]["type"]
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
        choices=[
            "openai", "openai-responses", "openai-responses-ws", "anthropic", "gemini", "deepgram", "elevenlabs",
            "openai-tts", "openai-stt", "openai-whisper", "cartesia", "deepgram-flux",
        ],
        required=True,
    )
    parser.add_argument("--pcm", help="deepgram: the first user turn's 24 kHz PCM16 clip (serve --driver-script)")
    args = parser.parse_args(argv)
    if args.sdk == "deepgram" and not args.pcm:
        parser.error("--sdk deepgram needs --pcm FILE")
    if args.sdk == "openai":
        run_openai(args.url)
    elif args.sdk == "openai-responses":
        run_openai_responses(args.url)
    elif args.sdk == "gemini":
        run_gemini(args.url)
    elif args.sdk == "deepgram":
        run_deepgram(args.url, args.pcm)
    elif args.sdk == "elevenlabs":
        run_elevenlabs(args.url)
    elif args.sdk == "openai-responses-ws":
        run_openai_responses_ws(args.url)
    elif args.sdk == "openai-tts":
        run_openai_tts(args.url)
    elif args.sdk == "openai-stt":
        run_openai_stt(args.url)
    elif args.sdk == "openai-whisper":
        run_openai_whisper(args.url)
    elif args.sdk == "cartesia":
        run_cartesia(args.url)
    elif args.sdk == "deepgram-flux":
        run_deepgram_flux(args.url)
    else:
        run_anthropic(args.url)
    return 0 if RESULTS and all(r["ok"] for r in RESULTS) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
