"""Drive a real livekit-agents 1.8.9 pipeline AgentSession (STT -> LLM -> TTS) against `agentsim serve`, with no room.

    .venvs/livekit-1.8.9/bin/python Collectors/livekit/drive_pipeline.py \\
        --url http://127.0.0.1:PORT --script NAME.drive.json [--speed 8] [--out result.json]

The agent is LiveKit's own: the scenario's three services as LiveKit's plugins (deepgram.STT, openai.LLM,
elevenlabs.TTS, ...), each with its `base_url` pointed at serve's `/scenario/NAME/...`, an `Agent` with the scenario's
instructions and tools, and an `AgentSession` with `turn_detection="stt"` started with no room, inside
`utils.http_context.open()` (the websocket plugins need its HTTP session). The room is drive.py's: a microphone that
plays the scenario's user track and a speaker that plays what the agent says, on one clock at real time x `--speed`,
with what a room's TranscriptSynchronizer adds made exact (`SyncedSpeaker`: a cut reply's playback report carries the
words the user heard, which LiveKit keeps in the chat context). OpenAI Responses runs over LiveKit's default websocket
(AGENTSIM_RESPONSES_HTTP=1: over `POST /v1/responses`).

Turns are the STT's: the user speaks, serve's Deepgram hears the speech end and sends the final transcript, LiveKit
ends the turn and asks the LLM. A barge-in: the user presses (`session.interrupt()`) once the reply has played as far
as the scenario says the user hears, or, if it has not by then (a streaming TTS waits for whole sentences), when the
scenario's timeline puts the barge-in (`barge_in_after_request` seconds after LiveKit began thinking, that is sent the
LLM request), once the reply's text has begun to arrive. After the last
user turn that no reply follows, the session ends before that turn's transcript comes (the scenario asks for no
reply). The speed given to serve (`agentsim serve --speed`) must be this one.

Everything LiveKit reports is recorded as drive.py does: each `metrics_collected` event, the last
`session_usage_updated`, and the sums of LiveKit's real collectors.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import math
import os
import sys
import urllib.parse
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import drive as room_module  # noqa: E402  (the module: its RATE is set per script)
from drive import Room, Speaker, make_tools  # noqa: E402
from livekit.agents import Agent, AgentSession, utils  # noqa: E402
from livekit.agents.metrics import ModelUsageCollector, UsageCollector  # noqa: E402
from livekit.agents.voice.io import TextOutput  # noqa: E402


class TextSink(TextOutput):
    """The agent's transcript as LiveKit forwards it (the LLM's text as it streams): counts what has arrived, and
    keeps the text of the reply now playing for the speaker's synchronizer."""

    def __init__(self) -> None:
        super().__init__(label="agentsim-text", next_in_chain=None)
        self.characters = 0
        self.segment = ""

    async def capture_text(self, text: str) -> None:
        self.characters += len(text)
        self.segment += text

    def flush(self) -> None:
        pass


def heard_prefix(text: str, target: int) -> str:
    """The first words of `text` that end within its first `target` characters (words split at single spaces)."""
    out: list[str] = []
    length = 0
    for word in text.split(" "):
        following = length + (1 if out else 0) + len(word)
        if following > target:
            break
        out.append(word)
        length = following
    return " ".join(out)


class SyncedSpeaker(Speaker):
    """drive.py's speaker with what a room's `TranscriptSynchronizer` adds to it: when a reply is cut, its playback
    report carries the transcript the user heard, and LiveKit keeps only that in the chat context (agent_activity:
    a partly played segment's `forwarded_text` is the event's `synchronized_transcript`). Without it LiveKit keeps
    every word the LLM streamed, or nothing when no audio played.

    A room's synchronizer releases the reply's words at the pace of its audio, timed on the wall clock (the standard
    3.83 syllables a second until it has all the audio, then the audio's own rate). This one is the same idea with
    an exact clock: the words are paced at the reply's own speaking rate (its characters over its seconds, the
    rate serve's TTS speaks it at; the driver script gives both) and read at the playback position the speaker
    reports, so the heard text is a function of the position alone: the words that end within
    round(characters x position / seconds) characters."""

    def __init__(self, clock, text: TextSink) -> None:
        super().__init__(clock)
        self._text = text
        self.pace: tuple[int, float] | None = None  # the playing reply's characters and seconds

    def synchronized(self, position: float) -> str | None:
        if self.pace is None or self.pace[1] <= 0:
            return None
        characters, seconds = self.pace
        return heard_prefix(self._text.segment, math.floor(characters * min(position / seconds, 1.0) + 0.5))

    def _finish(self, samples: int, *, interrupted: bool) -> None:
        self._start = None
        self.finished += 1
        position = samples / room_module.RATE
        self.positions.append((position, interrupted))
        transcript = self.synchronized(position) if interrupted else None
        self._text.segment = ""
        self.pace = None
        self.on_playback_finished(
            playback_position=position, interrupted=interrupted, synchronized_transcript=transcript
        )


def make_stt(spec: dict, base: str):
    provider, model = spec["provider"], spec["model"]
    if provider == "deepgram":
        from livekit.plugins import deepgram

        if model.startswith("flux"):
            # Flux: LiveKit's STTv2 over /v2/listen (TurnInfo events; its turn ends at EndOfTurn).
            return deepgram.STTv2(model=model, base_url=base + "/v2/listen", api_key="agentsim")
        return deepgram.STT(model=model, base_url=base + "/v1/listen", api_key="agentsim")
    if provider == "openai-stt":
        from livekit.plugins import openai

        options = spec.get("options") or {}
        if not options.get("use_realtime"):
            # The batch path (LiveKit's default): the session's VAD cuts the track (see make_vad) and each segment is
            # posted to /v1/audio/transcriptions.
            return openai.STT(model=model, base_url=base + "/v1", api_key="sk-agentsim", use_realtime=False)
        # The realtime transcription websocket, its server VAD's events ending each segment (no local VAD).
        return openai.STT(model=model, base_url=base + "/v1", api_key="sk-agentsim", use_realtime=True, vad=None)
    raise SystemExit(f"drive_pipeline.py: no STT driver for {provider}")


def make_vad(spec: dict):
    """The session's VAD: LiveKit's Silero, with its defaults (prefix_padding_duration 0.5 s, min_silence_duration
    0.55 s), when the STT cannot stream (OpenAI's batch path: AgentSession wraps it in a StreamAdapter that posts each
    segment Silero cuts); else none (the STT's own endpointing ends the turns)."""
    options = spec.get("options") or {}
    if spec["provider"] == "openai-stt" and not options.get("use_realtime"):
        from livekit.plugins import silero

        # The scenario's prefix_padding_ms and silence_duration_ms are Silero's settings on this path.
        return silero.VAD.load(
            prefix_padding_duration=options.get("prefix_padding_ms", 500) / 1000,
            min_silence_duration=options.get("silence_duration_ms", 550) / 1000,
        )
    return None


def make_llm(spec: dict, base: str):
    provider, model, options = spec["provider"], spec["model"], spec.get("options") or {}
    if provider == "openai-chat":
        from livekit.plugins import openai

        kwargs = {}
        if "reasoning_effort" in options:
            kwargs["reasoning_effort"] = options["reasoning_effort"]
        return openai.LLM(model=model, base_url=base + "/v1", api_key="sk-agentsim", **kwargs)
    if provider == "openai-responses":
        from livekit.plugins import openai

        kwargs = {}
        if "max_output_tokens" in options:
            kwargs["max_output_tokens"] = options["max_output_tokens"]
        # LiveKit's default is the Responses websocket; AGENTSIM_RESPONSES_HTTP=1 drives the HTTP (SSE) path.
        use_websocket = os.environ.get("AGENTSIM_RESPONSES_HTTP") != "1"
        return openai.responses.LLM(
            model=model, base_url=base + "/v1", api_key="sk-agentsim", use_websocket=use_websocket, **kwargs
        )
    if provider == "anthropic":
        from livekit.plugins import anthropic

        kwargs = {}
        if options.get("cache_breakpoints", "none") != "none":
            kwargs["caching"] = "ephemeral"
        return anthropic.LLM(model=model, base_url=base, api_key="sk-ant-agentsim", **kwargs)
    if provider == "gemini":
        from livekit.plugins import google

        if options.get("api") == "vertex":
            # Vertex AI, as drive.py's Gemini Live on Vertex: a project and location, and OAuth2 credentials holding
            # an access token with no expiry (sent as `Authorization: Bearer`, never refreshed: no Google account, no
            # network); google-genai takes the Vertex base URL from the environment (prewarm's models.list too).
            from google.oauth2.credentials import Credentials

            os.environ["GOOGLE_VERTEX_BASE_URL"] = base
            return google.LLM(
                model=model, vertexai=True, project="agentsim", location="us-central1",
                credentials=Credentials(token="agentsim-access-token"),
            )
        # google-genai takes the base URL per client from the environment (prewarm's models.list included).
        os.environ["GOOGLE_GEMINI_BASE_URL"] = base
        return google.LLM(model=model, api_key="agentsim")
    raise SystemExit(f"drive_pipeline.py: no LLM driver for {provider}")


def make_tts(spec: dict, base: str):
    provider, model = spec["provider"], spec["model"]
    if provider == "elevenlabs":
        from livekit.plugins import elevenlabs

        from livekit.agents import tokenize

        # One sentence at a time, as agentsim's ElevenLabs plugin sends them: LiveKit's default sentence tokenizer
        # merges a sentence under 20 characters into the next, so a reply the scenario cuts after a short first
        # sentence would send the TTS nothing before its LLM stream ends.
        return elevenlabs.TTS(
            model=model, base_url=base + "/v1", api_key="agentsim", encoding=f"pcm_{room_module.RATE}",
            word_tokenizer=tokenize.blingfire.SentenceTokenizer(min_sentence_len=1),
        )
    if provider == "cartesia":
        from livekit.plugins import cartesia

        from livekit.agents import tokenize

        # Raw pcm_s16le at 24 kHz (the plugin's default); one sentence at a time, as for ElevenLabs above.
        return cartesia.TTS(
            model=model, base_url=base, api_key="agentsim",
            tokenizer=tokenize.blingfire.SentenceTokenizer(min_sentence_len=1),
        )
    if provider == "openai-tts":
        from livekit.plugins import openai

        # openai.TTS cannot stream: the AgentSession wraps it in tts.StreamAdapter (one request per sentence, its
        # default tokenizer), as agentsim's OpenAI TTS plugin plans. serve speaks PCM only (24 kHz, LiveKit's rate).
        return openai.TTS(model=model, base_url=base + "/v1", api_key="sk-agentsim", response_format="pcm")
    raise SystemExit(f"drive_pipeline.py: no TTS driver for {provider}")


def replies_after(steps: list[dict], index: int) -> bool:
    """Whether the user turn at `index` is answered: a later agent step comes before the next spoken user turn."""
    for step in steps[index + 1 :]:
        if "instructions" in step:
            continue
        user = step.get("user")
        if user is not None:
            if user["silence"]:
                continue
            return False
        return "agent" in step
    return False


async def drive(url: str, script: dict, speed: float, timeout: float) -> dict:
    base = url.rstrip("/") + "/scenario/" + urllib.parse.quote(script["scenario"])
    pipeline = script["pipeline"]
    metrics: list[dict] = []
    usage = UsageCollector()
    model_usage = ModelUsageCollector()
    last_usage: dict | None = None
    errors: list[str] = []

    async with utils.http_context.open():
        stt = make_stt(pipeline["stt"], base)
        llm = make_llm(pipeline["llm"], base)
        tts = make_tts(pipeline["tts"], base)
        room = Room(speed)
        text = TextSink()
        room.speaker = SyncedSpeaker(room.clock, text)
        session = AgentSession(
            stt=stt,
            vad=make_vad(pipeline["stt"]),
            llm=llm,
            tts=tts,
            turn_handling={
                "turn_detection": "stt",
                # LiveKit waits on its own (wall) clock: the scenario's endpointing delay, at the room's speed.
                "endpointing": {
                    "min_delay": pipeline["timing"]["endpointing_delay"] / speed,
                    "max_delay": 3.0 / speed,
                },
                "preemptive_generation": {"enabled": False},
            },
            aec_warmup_duration=None,
            user_away_timeout=None,
        )
        session.input.audio = room.microphone
        session.output.audio = room.speaker
        session.output.transcription = text
        thinking = [0]  # room samples when the agent last began thinking (its LLM request went out)

        @session.on("agent_state_changed")
        def _on_state(ev) -> None:
            if ev.new_state == "thinking":
                thinking[0] = room.clock.samples

        def collect(m) -> None:
            metrics.append(m.model_dump(mode="json"))
            usage.collect(m)
            model_usage.collect(m)

        @session.on("metrics_collected")
        def _on_metrics(ev) -> None:
            if ev.metrics.type != "stt_metrics":
                collect(ev.metrics)

        # The STT's own events: its last report (the socket's lifetime at close) comes as the session closes, after
        # the session has stopped forwarding metrics.
        @stt.on("metrics_collected")
        def _on_stt_metrics(m) -> None:
            collect(m)

        @session.on("session_usage_updated")
        def _on_usage(ev) -> None:
            nonlocal last_usage
            last_usage = {"model_usage": [u.model_dump(mode="json") for u in ev.usage.model_usage]}

        @session.on("error")
        def _on_error(ev) -> None:
            errors.append(str(ev.error))

        agent = Agent(instructions=script["instructions"], tools=make_tools(script))
        room.start()
        await session.start(agent)

        steps = script["steps"]
        # Segments the speaker had started when the user last finished speaking, and the replies spoken since: a
        # reply cut before any of its audio played starts no segment.
        segments_before = 0
        replies_since = 0
        user_end = 0  # room samples at the end of the last user speech
        ended_early = False
        def log(what: str) -> None:
            if os.environ.get("AGENTSIM_DRIVE_LOG"):
                print(f"{room.clock.samples / room_module.RATE:8.3f} {what}", file=sys.stderr, flush=True)

        @session.on("agent_state_changed")
        def _on_state_log(ev) -> None:
            log(f"agent {ev.new_state}")

        @session.on("user_state_changed")
        def _on_user_log(ev) -> None:
            log(f"user {ev.new_state}")

        log("started")
        for index, step in enumerate(steps):
            log(f"step {index}: {list(step)[0]}")
            if "instructions" in step:
                await agent.update_instructions(step["instructions"]["text"])
            elif "user" in step:
                user = step["user"]
                with open(os.path.join(script["directory"], user["pcm_file"]), "rb") as f:
                    pcm = f.read()
                if not user["silence"]:
                    # The user waits for the agent to finish (a barge-in was handled at its reply).
                    await room.until(lambda: not room.speaker.playing, timeout)
                room.say(pcm)
                await room.until(lambda: not room.speaking, timeout)
                if not user["silence"]:
                    user_end = room.clock.samples
                    segments_before = room.speaker.segments
                    replies_since = 0
                    if not replies_after(steps, index) and index == len(steps) - 1:
                        ended_early = True
                        break
            else:
                agent_step = step["agent"]
                if agent_step["kind"] != "speech":
                    continue
                replies_since += 1
                target = segments_before + replies_since
                if agent_step["interrupted"]:
                    played = agent_step["played_samples"]
                    after = int(agent_step.get("barge_in_after_request", 0) * room_module.RATE)
                    text_before = text.characters

                    def barge_in() -> bool:
                        if room.speaker.segments >= target and room.speaker.elapsed() >= played:
                            return True
                        # The reply has not played that far (its TTS waits for a whole sentence): the user barges in
                        # a second after the scenario's timeline says, once the reply's text has begun to arrive.
                        return (
                            thinking[0] >= user_end
                            and text.characters > text_before
                            and room.clock.samples >= thinking[0] + after + room_module.RATE
                        )

                    await room.until(barge_in, timeout)
                    room.speaker.pace = (len(agent_step["text"]), agent_step["seconds"])
                    room.pause()
                    room.speaker.cleared = asyncio.Event()
                    playing = room.speaker.playing
                    session.interrupt()
                    if playing:
                        await asyncio.wait_for(room.speaker.cleared.wait(), timeout)
                    room.resume()
                    if not playing:
                        replies_since -= 1
                else:
                    await room.until(lambda: room.speaker.finished >= target, timeout)

        if not ended_early:
            await room.until(lambda: not room.speaker.playing, timeout)
        await asyncio.sleep(0.3 / speed)
        await session.aclose()
        await room.stop()

    summary = usage.get_summary()
    return {
        "scenario": script["scenario"],
        "metrics": metrics,
        "usage_summary": {f.name: getattr(summary, f.name) for f in dataclasses.fields(summary)},
        "model_usage": [u.model_dump(mode="json") for u in model_usage.flatten()],
        "session_usage": last_usage,
        "playback": [{"position": p, "interrupted": i} for p, i in room.speaker.positions],
        "errors": errors,
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
