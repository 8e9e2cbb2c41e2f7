"""Drive the real livekit-agents AgentSession (1.8.9, or 1.2.18) against `agentsim serve`, with no room.

    .venvs/livekit-1.8.9/bin/python Collectors/livekit/drive.py \\
        --url http://127.0.0.1:PORT --script NAME.drive.json [--speed 8] [--out result.json]

The agent is LiveKit's own: `openai.realtime.RealtimeModel(base_url=URL + "/v1", api_key=anything)` from
livekit-plugins-openai, an `Agent` with the scenario's instructions and its tools, an `AgentSession` started with no
room. Only the room is simulated: `session.input.audio` is a microphone that plays the scenario's user track (the
PCM16 24 kHz clips agentsim writes beside the driver script, `agentsim serve --driver-script DIR`), and
`session.output.audio` is a speaker that plays what the agent says on the same clock, at real time x `--speed`.

One clock for the room. The microphone feeds 10 ms of audio per tick (the user's words while they speak, digital
silence otherwise) and the room's clock is the audio fed so far, so the speaker's playback position is exact: a
reply started at a tick is `elapsed` samples in after `elapsed` samples of microphone audio. Nothing here measures
wall time except the pacing of the ticks.

Turns are the user's own, push-to-talk style (`turn_handling={"turn_detection": "manual"}`): the user presses at
the start of each utterance (`session.clear_user_turn()`, so LiveKit clears the server's input buffer) and releases
at its end (`session.commit_user_turn()`, so LiveKit commits the buffer and asks for the reply). The committed audio
is then exactly the utterance's samples, as `agentsim run` bills it. (With the server's VAD deciding the turns
instead, the synthesised clips' own quiet lead-in and tail are indistinguishable from the silence around them, so
no detector can find where a clip began and ended; see the README.)

A barge-in: the scenario says how much of a reply the user hears before speaking. When the speaker has played that
much, the user presses (`session.interrupt()`): LiveKit clears the speaker, which reports where playback stopped
(`playback_finished(playback_position, interrupted=True)`), and LiveKit itself sends
`conversation.item.truncate(audio_end_ms=int(position * 1000))`. The clock waits for that clear, so the position is
the scripted one whatever the machine's load.

Gemini Live (the script's provider is gemini-live): the agent's model is `google.realtime.RealtimeModel` from
livekit-plugins-google, pointed at serve's TLS listener (`--url https://…`, with SSL_CERT_FILE naming the certificate
to trust: google-genai always speaks TLS with an API key) and naming the scenario in an `X-Agentsim-Scenario` header
(`http_options`). The microphone runs at 16 kHz, Gemini's input rate, and sends only the user's turns (Gemini bills
every sample it receives, silence included, so nothing else may reach it). Turns are pushed as with OpenAI: automatic
activity detection off, LiveKit sends `activityStart` at `session.interrupt()` and `activityEnd` (then its placeholder
turn) at `commit_user_turn()`. A barge-in is `session.interrupt()` as above; Gemini has no truncation, the whole reply
stays billed.

GPT-Live (the script's provider is openai-live): the agent's model is `GPTLiveModel` from livekit-plugins-openai (the
`gpt_live` client of livekit-agents 1.8.9), a full-duplex model behind LiveKit's DuplexRealtimeAdapter, pointed at
serve's plain listener with the scenario in the base URL's path (LiveKit drops its query). Nothing is pushed: the
microphone streams throughout (speech, then digital silence, as a live microphone does: GPT-Live bills the session's
time), the model's output streams back, and the model takes the turns. The user speaks each utterance once the
agent's last reply has played; after the last reply `session.aclose()` sends `session.close` and waits for
`session.closed`, the final cumulative usage.

The same file drives livekit-agents 1.2.18 (the seed thread's version): its AgentSession takes
`turn_detection="manual"`, and it has no ModelUsageCollector (`model_usage` is then empty).

Everything LiveKit reports is recorded: each `metrics_collected` event (model_dump), the last
`session_usage_updated`, and the sums of LiveKit's real collectors (UsageCollector, ModelUsageCollector) over the
metrics, written as one JSON object, with `usage_summary_repr`: the UsageSummary's own repr, the line a LiveKit user
prints.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import inspect
import json
import os
import sys
import time
import urllib.parse
import warnings
from importlib.metadata import version

warnings.filterwarnings("ignore", category=DeprecationWarning)

from livekit import rtc  # noqa: E402
from livekit.agents import Agent, AgentSession, llm  # noqa: E402
from livekit.agents.metrics import UsageCollector  # noqa: E402

try:  # livekit-agents 1.8.9; 1.2.18 (the seed thread's) has UsageCollector only
    from livekit.agents.metrics import ModelUsageCollector  # noqa: E402
except ImportError:  # pragma: no cover - 1.2.18
    ModelUsageCollector = None
from livekit.agents.voice.io import AudioInput, AudioOutput, AudioOutputCapabilities  # noqa: E402

RATE = 24_000  # the microphone's rate: the wire's input rate (24 kHz OpenAI, 16 kHz Gemini), set from the script
TICK = RATE // 100  # 10 ms


def set_rate(rate: int) -> None:
    """The room runs at the wire's input rate, so LiveKit sends the samples unresampled."""
    global RATE, TICK
    RATE = rate
    TICK = rate // 100


class RoomClock:
    """The room's clock: samples of microphone audio fed so far."""

    def __init__(self) -> None:
        self.samples = 0


class Microphone(AudioInput):
    """The user's side: 10 ms frames, the user's words while they speak, silence otherwise."""

    def __init__(self) -> None:
        super().__init__(label="agentsim-microphone")
        self._queue: asyncio.Queue[rtc.AudioFrame] = asyncio.Queue()
        self._waiting = asyncio.Event()

    async def __anext__(self) -> rtc.AudioFrame:
        if self._queue.empty():
            self._waiting.set()
        frame = await self._queue.get()
        self._waiting.clear()
        return frame

    def push(self, pcm: bytes) -> None:
        self._queue.put_nowait(
            rtc.AudioFrame(data=pcm, sample_rate=RATE, num_channels=1, samples_per_channel=len(pcm) // 2)
        )

    async def drained(self) -> None:
        """Returns once LiveKit has taken every frame pushed (and so handed it to the realtime session): the queue
        is empty and LiveKit is waiting for the next frame, twice over a short settle."""
        for _ in range(2):
            while not self._queue.empty() or not self._waiting.is_set():
                await asyncio.sleep(0.001)
            await asyncio.sleep(0.005)


class Speaker(AudioOutput):
    """The agent's side: plays on the room's clock and reports playback as a real sink does."""

    def __init__(self, clock: RoomClock) -> None:
        super().__init__(label="agentsim-speaker", capabilities=AudioOutputCapabilities(pause=False))
        self._clock = clock
        self._start: int | None = None
        self._pushed = 0
        self._flushed = False
        self.segments = 0
        self.finished = 0
        self.cleared = asyncio.Event()
        self.positions: list[tuple[float, bool]] = []

    async def capture_frame(self, frame: rtc.AudioFrame) -> None:
        await super().capture_frame(frame)
        if self._start is None:
            self._start = self._clock.samples
            self._pushed = 0
            self._flushed = False
            self.segments += 1
            if hasattr(self, "on_playback_started"):  # 1.8.9; 1.2.18 tracks segments from capture_frame
                self.on_playback_started(created_at=time.time())
        self._pushed += frame.samples_per_channel * RATE // frame.sample_rate

    def elapsed(self) -> int:
        """Samples played of the current segment."""
        if self._start is None:
            return 0
        return min(self._pushed, self._clock.samples - self._start)

    @property
    def playing(self) -> bool:
        return self._start is not None

    def flush(self) -> None:
        super().flush()
        if self._start is not None:
            self._flushed = True

    def tick(self) -> None:
        """Called on every clock tick: a flushed segment ends once it has all played."""
        if self._start is not None and self._flushed and self._clock.samples - self._start >= self._pushed:
            self._finish(self._pushed, interrupted=False)

    def clear_buffer(self) -> None:
        if self._start is None:
            return
        self._finish(self.elapsed(), interrupted=True)
        self.cleared.set()

    def _finish(self, samples: int, *, interrupted: bool) -> None:
        self._start = None
        self.finished += 1
        position = samples / RATE
        self.positions.append((position, interrupted))
        self.on_playback_finished(playback_position=position, interrupted=interrupted)


class Room:
    """Ticks the clock, feeding the microphone and playing the speaker, at real time x speed."""

    def __init__(self, speed: float, continuous: bool = True) -> None:
        # continuous: the microphone sends digital silence while the user is quiet (a live microphone); otherwise it
        # sends only the user's turns, as a muted microphone does between them (Gemini Live bills every sample it
        # receives, so only the scenario's own track may reach it).
        self._continuous = continuous
        self.clock = RoomClock()
        self.microphone = Microphone()
        self.speaker = Speaker(self.clock)
        self._speed = speed
        self._speech = bytearray()
        self._paused = asyncio.Event()
        self._paused.set()
        self._task: asyncio.Task | None = None
        self._ticked = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    def say(self, pcm: bytes) -> None:
        self._speech += pcm

    @property
    def speaking(self) -> bool:
        return len(self._speech) > 0

    def pause(self) -> None:
        self._paused.clear()

    def resume(self) -> None:
        self._paused.set()

    async def _run(self) -> None:
        period = TICK / RATE / self._speed
        next_at = time.monotonic()
        while True:
            await self._paused.wait()
            if self._speech:
                chunk = bytes(self._speech[: 2 * TICK])
                del self._speech[: 2 * TICK]
                if len(chunk) < 2 * TICK:
                    chunk += b"\x00" * (2 * TICK - len(chunk))
            elif self._continuous:
                chunk = b"\x00" * (2 * TICK)
            else:
                chunk = b""
            if chunk:
                self.microphone.push(chunk)
            self.clock.samples += TICK
            self.speaker.tick()
            self._ticked.set()
            self._ticked = asyncio.Event()
            next_at += period
            delay = next_at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            else:
                next_at = time.monotonic()
                await asyncio.sleep(0)

    async def until(self, condition, timeout: float) -> None:
        """Waits, tick by tick, until `condition()` holds; raises after `timeout` wall seconds."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("the conversation stalled")
            await self._ticked.wait()

    async def utter(self, pcm: bytes, timeout: float) -> None:
        """The user says `pcm`: queued to the microphone, returning once LiveKit has taken all of it."""
        self.say(pcm)
        await self.until(lambda: not self.speaking, timeout)
        self.pause()
        await self.microphone.drained()


def make_tools(script: dict) -> list[llm.FunctionTool | llm.RawFunctionTool]:
    """One raw function tool per tool name in the script, answering each call with the scenario's result, in order."""
    results: dict[str, list[str]] = {}
    for step in script["steps"]:
        agent = step.get("agent")
        if agent and agent["kind"] == "tool_call":
            results.setdefault(agent["name"], []).append(agent["result"])
    tools = []
    for name, queue in results.items():

        async def handler(raw_arguments: dict[str, object], _queue: list[str] = queue) -> str:
            return _queue.pop(0) if _queue else ""

        tools.append(
            llm.function_tool(
                handler,
                raw_schema={
                    "name": name,
                    "description": f"The scenario's {name} tool.",
                    "parameters": {"type": "object", "properties": {}, "additionalProperties": True},
                },
            )
        )
    return tools


def replies_after(steps: list[dict], index: int) -> bool:
    """Whether the user turn at `index` is answered: the next step that is neither silence nor instructions is the
    agent's."""
    for step in steps[index + 1 :]:
        if "instructions" in step:
            continue
        user = step.get("user")
        if user is not None and user["silence"]:
            continue
        return "agent" in step
    return False


def openai_model(url: str, script: dict):
    """LiveKit's OpenAI Realtime model pointed at serve's plain listener."""
    from livekit.plugins import openai
    from openai.types.realtime import AudioTranscription

    os.environ.setdefault("OPENAI_API_KEY", "sk-agentsim")
    transcription = (
        AudioTranscription(model=script["transcription"]) if script.get("transcription") else None
    )
    return openai.realtime.RealtimeModel(
        model=script["model"],
        # LiveKit keeps the base URL's query: the socket opens /v1/realtime?scenario=NAME&model=MODEL.
        base_url=url.rstrip("/") + "/v1?scenario=" + urllib.parse.quote(script["scenario"]),
        api_key=os.environ["OPENAI_API_KEY"],
        input_audio_transcription=transcription,
    )


def gemini_model(url: str, script: dict):
    """LiveKit's Gemini Live model (livekit-plugins-google) pointed at serve's TLS listener: google-genai opens
    wss://HOST:PORT/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent with the key in
    x-goog-api-key, trusting the certificate in SSL_CERT_FILE. Turns are pushed (activity detection off: LiveKit sends
    activityStart at `session.interrupt()`, activityEnd at `commit_user_turn()`), so each utterance is exactly the
    samples the user said."""
    from google.genai import types
    from livekit.plugins import google

    if not url.startswith("https://"):
        raise SystemExit("drive.py: Gemini Live needs serve's TLS URL (https://…; serve --tls self-signed)")
    common = dict(
        model=script["model"],
        http_options=types.HttpOptions(base_url=url, headers={"X-Agentsim-Scenario": script["scenario"]}),
        realtime_input_config=types.RealtimeInputConfig(
            automatic_activity_detection=types.AutomaticActivityDetection(disabled=True)
        ),
    )
    if script.get("vertex"):
        # Vertex AI: a project and location make google-genai open .../LlmBidiService/BidiGenerateContent with
        # `Authorization: Bearer TOKEN`, the token taken from the credentials (google-genai's
        # async_get_token_from_credentials refreshes only credentials that are expired or hold no token). OAuth2
        # credentials holding an access token with no expiry are used as they are: no Google account, no token
        # endpoint, no network. (AnonymousCredentials hold no token, so google-genai refreshes them, and google-auth
        # refuses: "Anonymous credentials cannot be refreshed".)
        from google.oauth2.credentials import Credentials

        return google.realtime.RealtimeModel(
            vertexai=True,
            project="agentsim",
            location="us-central1",
            credentials=Credentials(token="agentsim-access-token"),
            **common,
        )
    return google.realtime.RealtimeModel(api_key=os.environ.get("GOOGLE_API_KEY") or "agentsim", **common)


def gpt_live_model(url: str, script: dict):
    """LiveKit's GPT-Live model (livekit-plugins-openai 1.8.9's `GPTLiveModel`, livekit-agents' `gpt_live` client)
    pointed at serve's plain listener: it opens ws://HOST:PORT/scenario/NAME/v1/live/sessions (it keeps the base URL's
    path and drops its query, so the scenario is named in the path)."""
    from livekit.plugins.openai.realtime import GPTLiveModel

    os.environ.setdefault("OPENAI_API_KEY", "sk-agentsim")
    return GPTLiveModel(
        model=script["model"],
        base_url=url.rstrip("/") + "/scenario/" + urllib.parse.quote(script["scenario"]) + "/v1",
        api_key=os.environ["OPENAI_API_KEY"],
    )


async def drive_duplex(url: str, script: dict, speed: float, timeout: float) -> dict:
    """GPT-Live (full duplex): the microphone streams throughout (speech, then digital silence), the model's output
    streams back on the same clock, and the model takes the turns. The user speaks each utterance once the agent's
    last reply has played; the session closes once the last reply has played."""
    model = gpt_live_model(url, script)
    room = Room(speed, continuous=True)
    session = AgentSession(llm=model, aec_warmup_duration=None, vad=None)
    session.input.audio = room.microphone
    session.output.audio = room.speaker
    recorder = Recorder(session)
    agent = Agent(instructions=script["instructions"], tools=make_tools(script))
    room.start()
    await session.start(agent)
    speech_segments = 0
    for step in script["steps"]:
        if "instructions" in step:
            raise SystemExit("drive.py: GPT-Live's instructions are immutable after session.start")
        if "user" in step:
            user = step["user"]
            with open(os.path.join(script["directory"], user["pcm_file"]), "rb") as f:
                pcm = f.read()
            await room.until(lambda: not room.speaker.playing, timeout)
            room.say(pcm)
            await room.until(lambda: not room.speaking, timeout)
        elif step["agent"]["kind"] == "speech":
            if step["agent"]["interrupted"]:
                raise SystemExit("drive.py: GPT-Live barge-ins are not driven")
            speech_segments += 1
            target = speech_segments
            await room.until(lambda: room.speaker.finished >= target, timeout)
    await room.until(lambda: not room.speaker.playing, timeout)
    await asyncio.sleep(0.3)
    # LiveKit sends session.close and waits for session.closed (the final usage) while the microphone streams on.
    await session.aclose()
    await room.stop()
    await model.aclose()
    return recorder.result(script, room)


async def drive(url: str, script: dict, speed: float, timeout: float) -> dict:
    provider = script.get("provider", "openai-realtime")
    set_rate(script.get("sample_rate", RATE))
    if provider == "openai-live":
        return await drive_duplex(url, script, speed, timeout)
    gemini = provider == "gemini-live"
    model = gemini_model(url, script) if gemini else openai_model(url, script)
    room = Room(speed, continuous=not gemini)
    # Gemini: no local VAD (1.8.9 wires silero by default when the model's own detection is off). The muted
    # microphone sends nothing after an utterance, so a VAD would never hear the silence that ends it and LiveKit
    # would hold the reply; the turns are pushed anyway.
    extra = {"vad": None} if gemini else {}
    if "turn_handling" in inspect.signature(AgentSession.__init__).parameters:
        session = AgentSession(
            llm=model, turn_handling={"turn_detection": "manual"}, aec_warmup_duration=None, **extra
        )
    else:  # 1.2.18
        session = AgentSession(llm=model, turn_detection="manual", **extra)
    commit_takes_skip = "skip_reply" in inspect.signature(session.commit_user_turn).parameters
    session.input.audio = room.microphone
    session.output.audio = room.speaker
    recorder = Recorder(session)

    agent = Agent(instructions=script["instructions"], tools=make_tools(script))
    room.start()
    await session.start(agent)

    steps = script["steps"]
    speech_segments = 0
    for index, step in enumerate(steps):
        if "instructions" in step:
            await agent.update_instructions(step["instructions"]["text"])
        elif "user" in step:
            user = step["user"]
            with open(os.path.join(script["directory"], user["pcm_file"]), "rb") as f:
                pcm = f.read()
            if user["silence"]:
                room.say(pcm)
                await room.until(lambda: not room.speaking, timeout)
                continue
            # Wait for the agent to finish (a barge-in was handled at its reply), then speak.
            await room.until(lambda: not room.speaker.playing, timeout)
            room.pause()
            await room.microphone.drained()
            if gemini:
                # Gemini's manual turns: interrupt() is LiveKit's activityStart.
                session.interrupt()
            else:
                session.clear_user_turn()
            room.resume()
            await room.utter(pcm, timeout)
            if commit_takes_skip:
                session.commit_user_turn(skip_reply=not replies_after(steps, index))
            elif replies_after(steps, index):
                # 1.2.18's commit_user_turn reaches only an STT; a realtime model's reply is asked for directly.
                session.commit_user_turn()
                session.generate_reply()
            else:
                raise SystemExit("drive.py: this livekit-agents cannot commit a user turn without a reply")
            room.resume()
        else:
            agent_step = step["agent"]
            if agent_step["kind"] != "speech":
                continue
            speech_segments += 1
            target = speech_segments
            await room.until(lambda: room.speaker.segments >= target, timeout)
            if agent_step["interrupted"]:
                played = round(agent_step["played_seconds"] * RATE)
                await room.until(lambda: room.speaker.elapsed() >= played or not room.speaker.playing, timeout)
                room.pause()
                room.speaker.cleared = asyncio.Event()
                session.interrupt()
                await asyncio.wait_for(room.speaker.cleared.wait(), timeout)
                room.resume()
            else:
                await room.until(lambda: room.speaker.finished >= target, timeout)

    # Let the last reports arrive, then end the session (LiveKit closes the socket).
    await room.until(lambda: not room.speaker.playing, timeout)
    await asyncio.sleep(0.3)
    await session.aclose()
    await room.stop()
    await model.aclose()

    return recorder.result(script, room)


class Recorder:
    """Everything LiveKit reports during a session: each metrics event, the last session usage, the errors, and the
    sums of LiveKit's real collectors over the metrics."""

    def __init__(self, session: AgentSession) -> None:
        self.metrics: list[dict] = []
        self.usage = UsageCollector()
        self.model_usage = ModelUsageCollector() if ModelUsageCollector else None
        self.last_usage: dict | None = None
        self.errors: list[str] = []
        session.on("metrics_collected", self._on_metrics)
        session.on("session_usage_updated", self._on_usage)
        session.on("error", self._on_error)

    def _on_metrics(self, ev) -> None:
        self.metrics.append(ev.metrics.model_dump(mode="json"))
        self.usage.collect(ev.metrics)
        if self.model_usage:
            self.model_usage.collect(ev.metrics)

    def _on_usage(self, ev) -> None:
        self.last_usage = {"model_usage": [u.model_dump(mode="json") for u in ev.usage.model_usage]}

    def _on_error(self, ev) -> None:
        self.errors.append(str(ev.error))

    def result(self, script: dict, room: Room) -> dict:
        summary = self.usage.get_summary()
        model_usage = self.model_usage
        return {
            "scenario": script["scenario"],
            "metrics": self.metrics,
            "livekit_agents": version("livekit-agents"),
            "usage_summary": {f.name: getattr(summary, f.name) for f in dataclasses.fields(summary)},
            # What a LiveKit user prints (the seed thread's line): the summary's own repr, character for character.
            "usage_summary_repr": repr(summary),
            "model_usage": [u.model_dump(mode="json") for u in model_usage.flatten()] if model_usage else [],
            "session_usage": self.last_usage,
            "playback": [{"position": p, "interrupted": i} for p, i in room.speaker.positions],
            "errors": self.errors,
        }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="agentsim serve's base URL (http://HOST:PORT)")
    parser.add_argument("--script", required=True, help="the scenario's driver script (NAME.drive.json)")
    parser.add_argument("--speed", type=float, default=1.0, help="room clock speed (real time x SPEED)")
    parser.add_argument("--timeout", type=float, default=60.0, help="wall seconds any one wait may take")
    parser.add_argument("--out", help="write the result here instead of standard output")
    args = parser.parse_args(argv)
    with open(args.script) as f:
        script = json.load(f)
    script["directory"] = os.path.dirname(os.path.abspath(args.script))
    result = asyncio.run(drive(args.url, script, args.speed, args.timeout))
    text = json.dumps(result, indent=2)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
