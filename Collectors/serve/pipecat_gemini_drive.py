"""Pipecat 1.14.0's real Gemini Live service (GeminiLiveLLMService) against `agentsim serve --tls self-signed`.

    SSL_CERT_FILE=CA.pem .venvs/pipecat/bin/python Collectors/serve/pipecat_gemini_drive.py \\
        --url https://127.0.0.1:PORT --script gemini-thinking.drive.json

A pipeline of the service and a sink that keeps every `MetricsFrame`. The service's google-genai client (an API key,
so TLS) is pointed at serve by `http_options` (base URL and the `X-Agentsim-Scenario` header), with Gemini's automatic
activity detection off (`GeminiVADParams(disabled=True)`): the user's turn is Pipecat's own frames, as a local VAD
would push them, `UserStartedSpeakingFrame` (Pipecat sends `activityStart`), the utterance as 20 ms
`InputAudioRawFrame`s (PCM16, 16 kHz, the clip agentsim writes beside the driver script), `UserStoppedSpeakingFrame`
(`activityEnd`, which the server answers). Prints the `LLMTokenUsage` of every `LLMUsageMetricsData` Pipecat
reported, as JSON lines. The script's first user turn and its reply; the service's context starts empty (an
`LLMContextFrame`, as a context aggregator sends it), so it asks for no reply of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys

from google.genai.types import HttpOptions
from pipecat.frames.frames import (
    EndFrame,
    InputAudioRawFrame,
    LLMContextFrame,
    UserStartedSpeakingFrame,
    UserStoppedSpeakingFrame,
)
from pipecat.pipeline.pipeline import Pipeline
from pipecat.pipeline.runner import PipelineRunner
from pipecat.pipeline.task import PipelineParams, PipelineTask
from pipecat.processors.aggregators.llm_context import LLMContext
from pipecat.services.google.gemini_live.llm import GeminiLiveLLMService, GeminiVADParams
from pipecat_usage import UsageSink

RATE = 16_000


async def drive(url: str, script: dict, directory: str) -> list[dict]:
    if not url.startswith("https://"):
        raise SystemExit("pipecat_gemini_drive.py: Gemini Live needs serve's TLS URL (serve --tls self-signed)")
    llm = GeminiLiveLLMService(
        api_key="agentsim",
        settings=GeminiLiveLLMService.Settings(
            model=script["model"],
            system_instruction=script["instructions"],
            vad=GeminiVADParams(disabled=True),
        ),
        http_options=HttpOptions(base_url=url, headers={"X-Agentsim-Scenario": script["scenario"]}),
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
    # The context a context aggregator hands the service at start: empty (the instructions are the settings'), so
    # the service takes realtime input at once and asks for nothing.
    await task.queue_frame(LLMContextFrame(context=LLMContext()))
    await asyncio.sleep(1.5)  # connected, setup answered by setupComplete
    step = 2 * RATE // 50
    await task.queue_frame(UserStartedSpeakingFrame())
    await asyncio.sleep(0.2)  # activityStart goes out before the audio
    frames = [
        InputAudioRawFrame(audio=pcm[i : i + step], sample_rate=RATE, num_channels=1) for i in range(0, len(pcm), step)
    ]
    await task.queue_frames(frames)
    await asyncio.sleep(0.5)  # every sample sent before activityEnd
    await task.queue_frame(UserStoppedSpeakingFrame())
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
