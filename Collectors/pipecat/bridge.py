#!/usr/bin/env python3
"""Run Pipecat's real LLM services on agentsim's provider payloads and print the usage Pipecat reports.

Input (stdin, JSON):
  {"requests": [{"provider": "anthropic" | "openai-chat" | "openai-responses" | "gemini",
                 "model": "...",
                 "payloads": [<native events of ONE request, as the API streamed them>],
                 "complete": true | false}]}

Output (stdout, JSON):
  {"pipecat_version": "...",
   "requests": [<LLMTokenUsage fields as Pipecat's object holds them (null when absent)>
                | null  (Pipecat emitted no usage for that request)
                | {"skipped": "why"}],
   "total": {<each LLMTokenUsage field summed over the reported requests; null when no request had it>,
             "reported": <how many requests Pipecat reported usage for>},
   "tts_characters": [<per request: the characters a sentence-mode Pipecat TTS after this LLM would count for the
                       text the service pushed, by Pipecat's own SimpleTextAggregator; null when skipped>]}

How: a local aiohttp server on 127.0.0.1 (a free port) replays each request's payloads as the provider's SSE
stream; Pipecat's own service class (AnthropicLLMService, OpenAILLMService, OpenAIResponsesHttpLLMService,
GoogleLLMService) has its base URL pointed at it and runs inside a real pipeline [service -> collector] with
`PipelineParams(enable_usage_metrics=True)`; the collector keeps the `MetricsFrame`s carrying
`LLMUsageMetricsData`. Consecutive requests for one provider and model share a pipeline and go in turn: each is an
`LLMContextFrame` followed by a marker frame, which the service passes on only after finishing the request, so
every report is attributed to its request. For `complete: false` (a stream cut by a barge-in) the server sends the
payloads it has and stalls; once Pipecat has pushed the text they carry (and SETTLE_SECS more) the bridge queues an
`InterruptionFrame`, the way a barge-in does, so Pipecat's own cancel path runs.

Only 127.0.0.1 is contacted; API keys are fake. Bad input: a message on stderr and exit status 2.
`bridge.py --version` prints the installed pipecat-ai version.
The rules it exercises, with pipecat-ai file:line, are in README.md next to this file.
"""

from __future__ import annotations

import asyncio
import json
import socket
import sys
from dataclasses import dataclass

PROVIDERS = ("anthropic", "openai-chat", "openai-responses", "gemini")
# How long the bridge lets Pipecat settle once every byte of a cut stream is on the wire and the text it
# carries has come out of the service, before the barge-in (localhost: parsing takes milliseconds).
SETTLE_SECS = 0.3
# Upper bound for one request; hitting it is an error, not a result.
REQUEST_TIMEOUT_SECS = 30.0


def fail(message: str) -> None:
    print(f"pipecat bridge: {message}", file=sys.stderr)
    sys.exit(2)


def parse_input(text: str) -> list[dict]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        fail(f"stdin is not JSON: line {e.lineno} column {e.colno}: {e.msg}")
    if not isinstance(doc, dict) or not isinstance(doc.get("requests"), list):
        fail('stdin must be an object {"requests": [...]}')
    extra = sorted(set(doc) - {"requests"})
    if extra:
        fail(f"unknown top-level key {extra[0]!r}; expected only 'requests'")
    requests = []
    for i, req in enumerate(doc["requests"]):
        where = f"requests[{i}]"
        if not isinstance(req, dict):
            fail(f"{where} must be an object with provider, model, payloads, complete")
        unknown = sorted(set(req) - {"provider", "model", "payloads", "complete"})
        if unknown:
            fail(f"{where}: unknown key {unknown[0]!r}; expected provider, model, payloads, complete")
        provider = req.get("provider")
        if provider not in PROVIDERS:
            fail(f"{where}.provider is {provider!r}; expected one of {', '.join(PROVIDERS)}")
        model = req.get("model")
        if not isinstance(model, str) or not model:
            fail(f"{where}.model must be a non-empty string")
        payloads = req.get("payloads")
        if not isinstance(payloads, list) or not payloads or not all(isinstance(p, dict) for p in payloads):
            fail(f"{where}.payloads must be a non-empty list of JSON objects (the request's native events)")
        complete = req.get("complete")
        if not isinstance(complete, bool):
            fail(f"{where}.complete must be true or false")
        if provider in ("anthropic", "openai-responses"):
            for j, p in enumerate(payloads):
                if not isinstance(p.get("type"), str):
                    fail(f"{where}.payloads[{j}] has no string 'type' (needed for the SSE 'event:' line)")
        requests.append({"provider": provider, "model": model, "payloads": payloads, "complete": complete})
    return requests


def sse_bytes(provider: str, payloads: list[dict], complete: bool) -> bytes:
    """The request's payloads as the provider's wire stream."""
    out = []
    for p in payloads:
        data = json.dumps(p, separators=(",", ":"))
        if provider in ("anthropic", "openai-responses"):
            out.append(f"event: {p['type']}\ndata: {data}\n\n")
        elif provider == "openai-chat":
            out.append(f"data: {data}\n\n")
        else:  # gemini, streamGenerateContent?alt=sse
            out.append(f"data: {data}\r\n\r\n")
    if provider == "openai-chat" and complete:
        out.append("data: [DONE]\n\n")
    return "".join(out).encode()


def streamed_text(provider: str, payloads: list[dict]) -> str:
    """The answer text the payloads carry, i.e. what Pipecat pushes as LLMTextFrames."""
    parts = []
    for p in payloads:
        if provider == "anthropic":
            if p.get("type") == "content_block_delta":
                delta = p.get("delta") or {}
                if delta.get("type") == "text_delta":
                    parts.append(delta.get("text") or "")
        elif provider == "openai-chat":
            for choice in p.get("choices") or []:
                delta = choice.get("delta") or {}
                if not delta.get("tool_calls") and delta.get("content"):
                    parts.append(delta["content"])
        elif provider == "openai-responses":
            if p.get("type") == "response.output_text.delta":
                parts.append(p.get("delta") or "")
        else:
            for cand in p.get("candidates") or []:
                for part in (cand.get("content") or {}).get("parts") or []:
                    if isinstance(part.get("text"), str) and not part.get("thought"):
                        parts.append(part["text"])
    return "".join(parts)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_service(provider: str, model: str, base: str):
    """Pipecat's own LLM service for `provider`, its base URL pointed at `base` (http://HOST:PORT[/prefix]), fake keys.

    Also used by Collectors/serve/pipecat_pipeline.py against `agentsim serve`.
    """
    if provider == "anthropic":
        from anthropic import AsyncAnthropic

        from pipecat.services.anthropic.llm import AnthropicLLMService

        client = AsyncAnthropic(api_key="sk-ant-fake", base_url=base, max_retries=0)
        return AnthropicLLMService(
            api_key="sk-ant-fake", client=client, settings=AnthropicLLMService.Settings(model=model)
        )
    if provider == "openai-chat":
        from pipecat.services.openai.llm import OpenAILLMService

        return OpenAILLMService(
            api_key="sk-fake", base_url=f"{base}/v1", settings=OpenAILLMService.Settings(model=model)
        )
    if provider == "openai-responses":
        from pipecat.services.openai.responses.llm import OpenAIResponsesHttpLLMService

        return OpenAIResponsesHttpLLMService(
            api_key="sk-fake",
            base_url=f"{base}/v1",
            settings=OpenAIResponsesHttpLLMService.Settings(model=model),
        )
    from google.genai.types import HttpOptions

    from pipecat.services.google.llm import GoogleLLMService

    return GoogleLLMService(
        api_key="fake-google-key",
        http_options=HttpOptions(base_url=base),
        settings=GoogleLLMService.Settings(model=model),
    )


async def run(requests: list[dict]) -> dict:
    from aiohttp import web
    from loguru import logger

    logger.remove()
    logger.add(sys.stderr, level="ERROR")

    from importlib.metadata import version as dist_version

    from pipecat.frames.frames import (
        DataFrame,
        EndFrame,
        InterruptionFrame,
        LLMContextFrame,
        LLMTextFrame,
        MetricsFrame,
    )
    from pipecat.metrics.metrics import LLMUsageMetricsData
    from pipecat.pipeline.pipeline import Pipeline
    from pipecat.pipeline.worker import PipelineParams, PipelineWorker
    from pipecat.processors.aggregators.llm_context import LLMContext
    from pipecat.processors.frame_processor import FrameDirection, FrameProcessor
    from pipecat.utils.text.simple_text_aggregator import SimpleTextAggregator
    from pipecat.workers.runner import WorkerRunner

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # The request the server replays now (the bridge runs them one at a time).
    state: dict = {"current": None}

    async def handler(request: web.Request) -> web.StreamResponse:
        current = state["current"]
        if current is None or current["served"]:
            return web.json_response({"error": "agentsim bridge: no request queued"}, status=500)
        current["served"] = True
        await request.read()
        resp = web.StreamResponse(status=200, headers={"Content-Type": "text/event-stream"})
        await resp.prepare(request)
        await resp.write(sse_bytes(current["provider"], current["payloads"], current["complete"]))
        if current["complete"]:
            await resp.write_eof()
        else:
            # A barge-in cut: the rest never comes. Stall until the bridge has interrupted Pipecat.
            current["sent"].set()
            try:
                await asyncio.wait_for(current["release"].wait(), REQUEST_TIMEOUT_SECS)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                pass
        return resp

    @dataclass
    class Marker(DataFrame):
        """Queued behind a request: the service passes it on only once it has finished that request."""

        serial: int = 0

    class Collector(FrameProcessor):
        """Sits after the service: records usage reports, answer text, markers and interruptions."""

        def __init__(self):
            super().__init__()
            self.usages: list = []
            self.text = ""
            self.pieces: list[str] = []
            self.marker = 0
            self.marker_seen = asyncio.Event()
            self.interrupted = asyncio.Event()

        async def process_frame(self, frame, direction: FrameDirection):
            await super().process_frame(frame, direction)
            if isinstance(frame, MetricsFrame):
                for data in frame.data:
                    if isinstance(data, LLMUsageMetricsData):
                        self.usages.append(data.value)
            elif isinstance(frame, LLMTextFrame):
                self.text += frame.text
                self.pieces.append(frame.text)
            elif isinstance(frame, Marker):
                self.marker = frame.serial
                self.marker_seen.set()
                return
            elif isinstance(frame, InterruptionFrame):
                self.interrupted.set()
            await self.push_frame(frame, direction)

    async def tts_characters(pieces: list[str]) -> int:
        """Characters a sentence-mode Pipecat TTS after this LLM counts for the reply's text frames.

        The TTS service's own aggregator (SimpleTextAggregator, tts_service.py:326-329) cuts the frames into
        sentences, each stripped of spaces; each is trimmed of leading newlines and dropped if blank (:1507-1524)
        and counted as len() when sent (frame_processor_metrics.py:358-370). What is left at the end is sent too
        (flush, :1190-1196), for a cut reply as well: the interruption cancels the LLM service's request, whose
        `finally` pushes LLMFullResponseEndFrame (openai/base_llm.py:737-739, anthropic/llm.py:750-752,
        google/llm.py:995) ahead of the InterruptionFrame, so the TTS flushes before it clears the aggregator
        (:1309-1315). Collectors/serve/pipecat_pipeline.py runs the real ElevenLabsTTSService and sees the same.
        """
        aggregator = SimpleTextAggregator()
        sentences = []
        for piece in pieces:
            async for aggregation in aggregator.aggregate(piece):
                sentences.append(aggregation.text)
        rest = await aggregator.flush()
        if rest is not None:
            sentences.append(rest.text)
        return sum(len(t.lstrip("\n")) for t in sentences if t.strip())

    async def run_group(group: list[dict]) -> tuple[list, list]:
        """Consecutive requests for one provider and model through one pipeline [service -> collector], in turn."""
        collector = Collector()
        worker = PipelineWorker(
            Pipeline([make_service(group[0]["provider"], group[0]["model"], base), collector]),
            params=PipelineParams(enable_usage_metrics=True),
            idle_timeout_secs=None,
            enable_rtvi=False,
            enable_turn_tracking=False,
            check_dangling_tasks=False,
        )
        runner = WorkerRunner(handle_sigint=False)
        await runner.add_workers(worker)
        run_task = asyncio.create_task(runner.run())
        serial = 0

        async def settle_marker():
            """Queues a marker and waits for it: everything the service pushed before it has reached the collector."""
            nonlocal serial
            serial += 1
            collector.marker_seen.clear()
            await worker.queue_frame(Marker(serial=serial))
            while collector.marker != serial:
                await asyncio.wait_for(collector.marker_seen.wait(), REQUEST_TIMEOUT_SECS)
                collector.marker_seen.clear()

        results: list = []
        tts: list = []
        failed = None
        try:
            for req in group:
                if failed:
                    results.append({"skipped": failed})
                    tts.append(None)
                    continue
                current = {**req, "served": False, "sent": asyncio.Event(), "release": asyncio.Event()}
                state["current"] = current
                collector.usages = []
                collector.text = ""
                collector.pieces = []
                collector.interrupted.clear()
                context = LLMContext(messages=[{"role": "user", "content": "Hello."}])
                try:
                    await worker.queue_frame(LLMContextFrame(context=context))
                    if not req["complete"]:
                        await asyncio.wait_for(current["sent"].wait(), REQUEST_TIMEOUT_SECS)
                        # Everything the cut stream carries must have gone through Pipecat before the barge-in.
                        expected_text = streamed_text(req["provider"], req["payloads"])
                        loop = asyncio.get_running_loop()
                        deadline = loop.time() + REQUEST_TIMEOUT_SECS
                        while collector.text != expected_text:
                            if loop.time() > deadline:
                                raise asyncio.TimeoutError
                            await asyncio.sleep(0.01)
                        await asyncio.sleep(SETTLE_SECS)
                        await worker.queue_frame(InterruptionFrame())
                        await asyncio.wait_for(collector.interrupted.wait(), REQUEST_TIMEOUT_SECS)
                    await settle_marker()
                except asyncio.TimeoutError:
                    failed = "Pipecat did not finish the request in time"
                    results.append({"skipped": failed})
                    tts.append(None)
                    continue
                finally:
                    current["release"].set()
                    state["current"] = None
                tts.append(await tts_characters(collector.pieces))
                if len(collector.usages) > 1:
                    results.append({"skipped": f"Pipecat reported usage {len(collector.usages)} times for one request"})
                elif not collector.usages:
                    results.append(None)
                else:
                    results.append(collector.usages[0].model_dump())
        finally:
            await worker.queue_frame(EndFrame())
            try:
                await asyncio.wait_for(run_task, REQUEST_TIMEOUT_SECS)
            except asyncio.TimeoutError:
                run_task.cancel()
        return results, tts

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    app_runner = web.AppRunner(app, access_log=None)
    await app_runner.setup()
    await web.TCPSite(app_runner, "127.0.0.1", port).start()
    results: list = []
    tts: list = []
    try:
        i = 0
        while i < len(requests):
            j = i
            while j < len(requests) and (requests[j]["provider"], requests[j]["model"]) == (
                requests[i]["provider"],
                requests[i]["model"],
            ):
                j += 1
            usages, characters = await run_group(requests[i:j])
            results += usages
            tts += characters
            i = j
    finally:
        await app_runner.cleanup()
    return {
        "pipecat_version": dist_version("pipecat-ai"),
        "requests": results,
        "total": totals(results),
        "tts_characters": tts,
    }


def totals(results: list) -> dict:
    reported = [r for r in results if isinstance(r, dict) and "skipped" not in r]
    fields: list[str] = []
    for r in reported:
        for k in r:
            if k not in fields:
                fields.append(k)
    total: dict = {}
    for k in fields:
        values = [r[k] for r in reported if r.get(k) is not None]
        total[k] = sum(values) if values else None
    total["reported"] = len(reported)
    return total


def main() -> None:
    args = sys.argv[1:]
    if args == ["--version"]:
        from importlib.metadata import version as dist_version

        print(f"pipecat-ai {dist_version('pipecat-ai')}")
        return
    if args:
        fail(f"unknown argument {args[0]!r}; usage: bridge.py [--version] < requests.json")
    requests = parse_input(sys.stdin.read())
    result = asyncio.run(run(requests))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
