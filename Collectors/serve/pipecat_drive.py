"""Pipecat 1.14.0's real OpenAI Realtime service (OpenAIRealtimeLLMService) against `agentsim serve`.

    .venvs/pipecat/bin/python Collectors/serve/pipecat_drive.py --url http://127.0.0.1:PORT \\
        --script openai-hi.drive.json

A pipeline of the service and a sink that keeps every `MetricsFrame`. The user's turns are Pipecat's own frames, as
a local VAD would push them: `UserStartedSpeakingFrame`, the utterance as 20 ms `InputAudioRawFrame`s (PCM16,
24 kHz, the clips agentsim writes beside the driver script), `UserStoppedSpeakingFrame`; with server-side turn
detection off (`turn_detection=False`) Pipecat then commits the buffer and asks for the response itself. Prints the
`LLMTokenUsage` of every `LLMUsageMetricsData` Pipecat reported, as JSON lines. One spoken user turn and one reply.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys

from pipecat.frames.frames import (
    EndFrame,
    InputAudioRawFrame,
    UserStartedSpeakingFrame,
    UserStoppedSpeakingFrame,
)
from pipecat.pipeline.pipeline import Pipeline
from pipecat.pipeline.runner import PipelineRunner
from pipecat.pipeline.task import PipelineParams, PipelineTask
from pipecat.services.openai.realtime import events
from pipecat.services.openai.realtime.llm import OpenAIRealtimeLLMService
from pipecat_usage import UsageSink

RATE = 24_000


async def drive(url: str, script: dict, directory: str) -> list[dict]:
    base = url.replace("http://", "ws://", 1).rstrip("/") + "/v1/realtime"
    llm = OpenAIRealtimeLLMService(
        api_key="sk-agentsim",
        base_url=base,
        settings=OpenAIRealtimeLLMService.Settings(
            model=script["model"],
            system_instruction=script["instructions"],
            session_properties=events.SessionProperties(
                audio=events.AudioConfiguration(input=events.AudioInput(turn_detection=False))
            ),
        ),
    )
    sink = UsageSink()
    task = PipelineTask(
        Pipeline([llm, sink]), params=PipelineParams(enable_metrics=True, enable_usage_metrics=True)
    )
    runner = PipelineRunner(handle_sigint=False)
    run = asyncio.create_task(runner.run(task))
    user = next(step["user"] for step in script["steps"] if "user" in step and not step["user"]["silence"])
    with open(os.path.join(directory, user["pcm_file"]), "rb") as f:
        pcm = f.read()
    await asyncio.sleep(1.0)  # connected, session.created answered by Pipecat's session.update
    frames = [UserStartedSpeakingFrame()]
    step = 2 * RATE // 50
    frames += [
        InputAudioRawFrame(audio=pcm[i : i + step], sample_rate=RATE, num_channels=1) for i in range(0, len(pcm), step)
    ]
    frames.append(UserStoppedSpeakingFrame())
    await task.queue_frames(frames)
    await asyncio.wait_for(sink.done.wait(), 30)
    await task.queue_frame(EndFrame())
    await asyncio.wait_for(run, 30)
    return sink.usage


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--script", required=True)
    args = parser.parse_args(argv)
    with open(args.script) as f:
        script = json.load(f)
    usage = asyncio.run(drive(args.url, script, os.path.dirname(os.path.abspath(args.script))))
    for entry in usage:
        print(json.dumps(entry))
    return 0 if usage else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
