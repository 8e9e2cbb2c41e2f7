"""A Pipecat 1.14.0 pipeline (the scenario's LLM service, then ElevenLabs TTS) against a running `agentsim serve`.

    .venvs/pipecat/bin/python Collectors/serve/pipecat_pipeline.py --url http://127.0.0.1:PORT \\
        --script pipeline-openai-chat.drive.json --speed 20

The script is the one `agentsim serve --driver-script DIR` writes for a pipeline scenario. The pipeline is
[LLM service -> ElevenLabsTTSService -> recorder] in a real `PipelineWorker` with usage metrics on; the LLM
service is Pipecat's own (OpenAILLMService, OpenAIResponsesHttpLLMService, AnthropicLLMService or GoogleLLMService,
made by Collectors/pipecat/bridge.py's `make_service`) with its base URL at serve's `/scenario/NAME`, and the TTS is
Pipecat's ElevenLabs websocket service on serve's `multi-stream-input`.

Each agent turn is one LLM request, sent as an `LLMContextFrame` whose messages are the context LiveKit's pipeline
(and agentsim's engine) holds then: the instructions, each user transcript, each earlier reply (an interrupted one as
the words the user heard: about played_seconds / seconds of its characters, cut at a word boundary), each tool call
and its result. A reply the scenario interrupts gets an `InterruptionFrame` once the scenario's barge-in time has
passed (`barge_in_after_request` on serve's clock, divided by --speed) and the service has pushed no text for
SETTLE_SECS (serve holds the stream at the cut, so by then all the text before it has gone through Pipecat), so
Pipecat's own cancel path runs and serve bills the cut stream. A marker frame queued
after each request comes out of the pipeline only once the services are done with it, so every report is attributed
to its request.

Prints one JSON object: {"pipecat_version", "llm": [per request: the LLMTokenUsage Pipecat reported, or null],
"tts_characters_by_request": [per request: the TTSUsageMetricsData values Pipecat reported, summed],
"tts_characters": their sum}. Exit status 2 with a message on stderr for a bad script; 1 when Pipecat did not finish
a request in time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import urllib.parse
from dataclasses import dataclass

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pipecat"))

from bridge import REQUEST_TIMEOUT_SECS, SETTLE_SECS, make_service  # noqa: E402
from pipecat_usage import UsageSink  # noqa: E402

# LiveKit's default ElevenLabs voice (serve plays any voice id).
DEFAULT_VOICE = "bIHbv24MWmeRgasZH58o"
# How long the recorder waits after a request's marker for TTS reports still on their way (wall seconds).
TTS_SETTLE_SECS = 0.3


def fail(message: str) -> None:
    print(f"pipecat_pipeline: {message}", file=sys.stderr)
    sys.exit(2)


def heard(text: str, fraction: float) -> str:
    """The first words of `text`, about `fraction` of its characters, cut at a word boundary (the engine's rule for
    what the user heard of an interrupted reply, SessionEngine+Pipeline.swift `prefix`)."""
    if fraction >= 1:
        return text
    if fraction <= 0:
        return ""
    target = round(len(text) * fraction)
    out: list[str] = []
    length = 0
    for word in text.split(" "):
        nxt = length + (0 if not out else 1) + len(word)
        if nxt > target:
            break
        out.append(word)
        length = nxt
    return " ".join(out)


def requests_of(script: dict) -> list[dict]:
    """The LLM requests the scenario's conversation implies: each agent step's context messages (OpenAI format, as
    Pipecat's LLMContext holds them), whether the reply is interrupted and when its barge-in comes."""
    messages: list[dict] = [{"role": "system", "content": script["instructions"]}]
    out = []
    calls = 0
    for index, step in enumerate(script.get("steps") or []):
        if "user" in step:
            user = step["user"]
            if not user.get("silence") and user.get("text"):
                messages.append({"role": "user", "content": user["text"]})
            continue
        agent = step.get("agent")
        if not isinstance(agent, dict):
            fail(f"steps[{index}] is neither a user nor an agent step")
        request = {
            "messages": [dict(m) for m in messages],
            "barge_in": agent.get("barge_in_after_request") if agent.get("interrupted") else None,
        }
        out.append(request)
        if agent.get("kind") == "tool_call":
            calls += 1
            call_id = f"call_{calls}"
            function = {"name": agent["name"], "arguments": agent["arguments"]}
            messages.append(
                {"role": "assistant", "tool_calls": [{"id": call_id, "type": "function", "function": function}]}
            )
            messages.append({"role": "tool", "tool_call_id": call_id, "content": agent["result"]})
        elif agent.get("interrupted"):
            messages.append(
                {"role": "assistant", "content": heard(agent["text"], agent["played_seconds"] / agent["seconds"])}
            )
        else:
            messages.append({"role": "assistant", "content": agent["text"]})
    return out


async def drive(url: str, script: dict, speed: float) -> dict:
    from importlib.metadata import version as dist_version

    from loguru import logger

    logger.remove()
    logger.add(sys.stderr, level="ERROR")

    from pipecat.frames.frames import (
        DataFrame,
        EndFrame,
        InterruptionFrame,
        LLMContextFrame,
        LLMTextFrame,
        MetricsFrame,
    )
    from pipecat.metrics.metrics import TTSUsageMetricsData
    from pipecat.pipeline.pipeline import Pipeline
    from pipecat.pipeline.worker import PipelineParams, PipelineWorker
    from pipecat.processors.aggregators.llm_context import LLMContext
    from pipecat.processors.frame_processor import FrameProcessor
    from pipecat.services.elevenlabs.tts import ElevenLabsTTSService
    from pipecat.workers.runner import WorkerRunner

    @dataclass
    class Marker(DataFrame):
        """Queued behind a request: it reaches the recorder once the services before it are done with the request."""

        serial: int = 0

    class Recorder(UsageSink):
        """The shared UsageSink (every LLMTokenUsage), plus each TTSUsageMetricsData value and the markers."""

        def __init__(self) -> None:
            super().__init__()
            self.tts: list[int] = []
            self.marker = 0
            self.marker_seen = asyncio.Event()

        async def process_frame(self, frame, direction) -> None:
            await super().process_frame(frame, direction)
            if isinstance(frame, MetricsFrame):
                self.tts += [d.value for d in frame.data if isinstance(d, TTSUsageMetricsData)]
            elif isinstance(frame, Marker):
                self.marker = frame.serial
                self.marker_seen.set()

    class TextWatch(FrameProcessor):
        """Between the LLM and the TTS: passes every frame on, noting when the LLM last pushed text."""

        def __init__(self) -> None:
            super().__init__()
            self.last_text_at: float | None = None

        async def process_frame(self, frame, direction) -> None:
            await super().process_frame(frame, direction)
            if isinstance(frame, LLMTextFrame):
                self.last_text_at = asyncio.get_running_loop().time()
            await self.push_frame(frame, direction)

    async def settled(watch: TextWatch, since: float) -> None:
        """Waits until the LLM has pushed text since `since` and then none for SETTLE_SECS."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + REQUEST_TIMEOUT_SECS
        while (
            watch.last_text_at is None or watch.last_text_at < since or loop.time() - watch.last_text_at < SETTLE_SECS
        ):
            if loop.time() > deadline:
                raise asyncio.TimeoutError
            await asyncio.sleep(0.02)

    pipeline = script["pipeline"]
    base = url.rstrip("/") + "/scenario/" + urllib.parse.quote(script["scenario"])
    llm = make_service(pipeline["llm"]["provider"], pipeline["llm"]["model"], base)
    tts_options = pipeline["tts"].get("options") or {}
    tts = ElevenLabsTTSService(
        api_key="agentsim",
        url=base.replace("http://", "ws://", 1),
        settings=ElevenLabsTTSService.Settings(
            model=pipeline["tts"]["model"], voice=tts_options.get("voice_id") or DEFAULT_VOICE
        ),
    )
    recorder = Recorder()
    watch = TextWatch()
    worker = PipelineWorker(
        Pipeline([llm, watch, tts, recorder]),
        params=PipelineParams(enable_metrics=True, enable_usage_metrics=True),
        idle_timeout_secs=None,
        enable_rtvi=False,
        enable_turn_tracking=False,
        check_dangling_tasks=False,
    )
    runner = WorkerRunner(handle_sigint=False)
    await runner.add_workers(worker)
    run_task = asyncio.create_task(runner.run())
    llm_reports: list = []
    tts_reports: list[int] = []
    try:
        for serial, request in enumerate(requests_of(script), start=1):
            usage_before, tts_before = len(recorder.usage), len(recorder.tts)
            recorder.marker_seen.clear()
            sent = asyncio.get_running_loop().time()
            await worker.queue_frame(LLMContextFrame(context=LLMContext(messages=request["messages"])))
            if request["barge_in"] is not None:
                # The barge-in: serve holds the stream at the scenario's cut; Pipecat has the text before it.
                await asyncio.sleep(request["barge_in"] / speed)
                await settled(watch, sent)
                await worker.queue_frame(InterruptionFrame())
            await worker.queue_frame(Marker(serial=serial))
            while recorder.marker != serial:
                await asyncio.wait_for(recorder.marker_seen.wait(), REQUEST_TIMEOUT_SECS)
                recorder.marker_seen.clear()
            await asyncio.sleep(TTS_SETTLE_SECS)
            usage = recorder.usage[usage_before:]
            if len(usage) > 1:
                raise RuntimeError(f"Pipecat reported LLM usage {len(usage)} times for request {serial - 1}")
            llm_reports.append(usage[0] if usage else None)
            tts_reports.append(sum(recorder.tts[tts_before:]))
    finally:
        await worker.queue_frame(EndFrame())
        try:
            await asyncio.wait_for(run_task, REQUEST_TIMEOUT_SECS)
        except asyncio.TimeoutError:
            run_task.cancel()
    return {
        "pipecat_version": dist_version("pipecat-ai"),
        "llm": llm_reports,
        "tts_characters_by_request": tts_reports,
        "tts_characters": sum(tts_reports),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="serve's URL, http://HOST:PORT")
    parser.add_argument("--script", required=True, help="NAME.drive.json from serve --driver-script")
    parser.add_argument("--speed", type=float, default=1.0, help="serve's --speed (default 1)")
    args = parser.parse_args(argv)
    if args.speed <= 0:
        fail(f"--speed must be positive; got {args.speed}")
    try:
        with open(args.script) as f:
            script = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        fail(f"{args.script}: {e}")
    if not isinstance(script, dict) or script.get("provider") != "pipeline" or "pipeline" not in script:
        fail(f"{args.script}: not a pipeline driver script (serve --driver-script of a pipeline scenario)")
    if script["pipeline"]["tts"]["provider"] != "elevenlabs":
        fail(f"{args.script}: the TTS is {script['pipeline']['tts']['provider']}; this driver runs ElevenLabs")
    try:
        result = asyncio.run(drive(args.url, script, args.speed))
    except (asyncio.TimeoutError, RuntimeError) as e:
        print(f"pipecat_pipeline: {e!r}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
