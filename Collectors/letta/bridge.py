#!/usr/bin/env python3
"""agentsim Letta bridge: runs recorded LLM streams through Letta's real usage code.

Run it with the python of a venv that has the Letta server package installed
(Collectors/letta/requirements.txt):

    .venvs/letta-0.16.8/bin/python Collectors/letta/bridge.py < requests.json
    .venvs/letta-0.16.8/bin/python Collectors/letta/bridge.py --version

stdin, one JSON document:

    {"requests": [{"provider": "anthropic" | "openai-chat" | "openai-responses" | "gemini",
                   "model": "<model id>",
                   "payloads": [<the native streamed events of ONE LLM request, as the API sent them>],
                   "complete": true | false}]}

stdout, one JSON document:

    {"letta_version": "0.16.8",
     "requests": [{<LettaUsageStatistics of that request, every field as Letta fills it>}
                  | {"skipped": "<why>"}],
     "total": {<LettaUsageStatistics: the run total Letta's agent loop keeps>}}

What runs (everything below the HTTP socket is Letta's or the provider SDK's own code):

  * The payloads become the HTTP response body of the provider's streaming endpoint, in that
    endpoint's server-sent-events framing (Anthropic and OpenAI Responses: "event: <type>" + "data: <json>";
    OpenAI chat: "data: <json>" and, when "complete", the closing "data: [DONE]"; Gemini: "data: <json>").
    It is served by an in-memory httpx.MockTransport: no network.
  * Letta's own LLM client (AnthropicClient / OpenAIClient / GoogleAIClient) makes the request with
    its real stream_async(); the one method replaced is the one that builds the provider SDK client
    (it gets the same SDK class, pointed at the in-memory transport). So the SDK parses the stream
    into its own event objects (BetaRawMessageStreamEvent, ChatCompletionChunk, ResponseStreamEvent,
    GenerateContentResponse)
    exactly as it does from the wire, ping events and all.
  * Letta's SimpleLLMStreamAdapter.invoke_llm (the adapter of the default letta_v1_agent loop,
    LettaAgentV3) picks the streaming interface for the provider, runs the stream through it and,
    in its `finally`, takes interface.get_usage_statistics() and sets step_count = 1.
    That per-request LettaUsageStatistics is what "requests" holds.
  * The total is built with Letta's own LettaAgentV2._update_global_usage_stats (which LettaAgentV3
    inherits and calls after every LLM request), starting from an empty LettaUsageStatistics.

"complete": false means the stream stopped early (the payloads are all there was). The body simply
ends there, so Letta sees what its SDK yields from a connection that closed cleanly; that is what the
request's numbers are. If Letta's code raises while streaming (e.g. an Anthropic "error" event), the
agent loop never reaches _update_global_usage_stats for that request, so it is reported as
{"skipped": ...} and left out of the total.

Bad input: a message on stderr naming the offending part, exit status 2.
"""

from __future__ import annotations

import sys

# Keep stdout for the protocol only: Letta and its dependencies may print while importing.
_OUT = sys.stdout
sys.stdout = sys.stderr

import asyncio  # noqa: E402
import importlib.metadata  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import tempfile  # noqa: E402
import types  # noqa: E402

PROVIDERS = ("anthropic", "openai-chat", "openai-responses", "gemini")
REQUEST_KEYS = {"provider", "model", "payloads", "complete"}


class BadInput(Exception):
    pass


def fail(message: str) -> None:
    print(f"bridge.py: {message}", file=sys.stderr)
    sys.exit(2)


def parse_input(text: str) -> list[dict]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise BadInput(f"stdin: not JSON: {e.msg} at line {e.lineno} column {e.colno}")
    if not isinstance(doc, dict):
        raise BadInput('stdin: expected a JSON object {"requests": [...]}')
    extra = sorted(set(doc) - {"requests"})
    if extra:
        raise BadInput(f'stdin: unknown key {extra[0]!r}; expected only "requests"')
    requests = doc.get("requests")
    if not isinstance(requests, list):
        raise BadInput('stdin: "requests" must be a list of request objects')
    for i, req in enumerate(requests):
        where = f"stdin: requests[{i}]"
        if not isinstance(req, dict):
            raise BadInput(f"{where}: expected an object with keys provider, model, payloads, complete")
        unknown = sorted(set(req) - REQUEST_KEYS)
        if unknown:
            raise BadInput(f"{where}: unknown key {unknown[0]!r}; expected provider, model, payloads, complete")
        missing = sorted(REQUEST_KEYS - set(req))
        if missing:
            raise BadInput(f"{where}: missing key {missing[0]!r}")
        if req["provider"] not in PROVIDERS:
            raise BadInput(f"{where}.provider: expected one of {', '.join(PROVIDERS)}, got {json.dumps(req['provider'])}")
        if not isinstance(req["model"], str) or not req["model"]:
            raise BadInput(f"{where}.model: expected a non-empty string, got {json.dumps(req['model'])}")
        if not isinstance(req["complete"], bool):
            raise BadInput(f"{where}.complete: expected true or false, got {json.dumps(req['complete'])}")
        payloads = req["payloads"]
        if not isinstance(payloads, list):
            raise BadInput(f"{where}.payloads: expected a list of event objects")
        for j, p in enumerate(payloads):
            if not isinstance(p, dict):
                raise BadInput(f"{where}.payloads[{j}]: expected an event object, got {json.dumps(p)[:60]}")
            if req["provider"] in ("anthropic", "openai-responses") and not isinstance(p.get("type"), str):
                raise BadInput(f'{where}.payloads[{j}]: a {req["provider"]} stream event needs a string "type"')
    return requests


def sse_body(provider: str, payloads: list[dict], complete: bool) -> bytes:
    """The streaming endpoint's response body, in that endpoint's SSE framing."""
    parts = []
    for p in payloads:
        data = json.dumps(p, separators=(",", ":"))
        if provider in ("anthropic", "openai-responses"):
            parts.append(f"event: {p['type']}\ndata: {data}\n\n")
        else:
            parts.append(f"data: {data}\n\n")
    if provider == "openai-chat" and complete:
        parts.append("data: [DONE]\n\n")
    return "".join(parts).encode()


def main() -> None:
    args = sys.argv[1:]
    if args and args != ["--version"]:
        fail(f"unknown argument {args[0]!r}; usage: bridge.py [--version] < requests.json")

    requests = []
    if not args:
        raw = sys.stdin.buffer.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            fail(f"stdin: not UTF-8 (byte {e.start})")
        try:
            requests = parse_input(text)
        except BadInput as e:
            fail(str(e))

    # Letta writes a log file under LETTA_DIR (default ~/.letta) when imported; keep it out of $HOME.
    scratch = tempfile.TemporaryDirectory(prefix="agentsim-letta-")
    os.environ.setdefault("LETTA_DIR", scratch.name)

    try:
        letta_version = importlib.metadata.version("letta")
    except importlib.metadata.PackageNotFoundError:
        fail("the letta package is not installed in this python (see Collectors/letta/requirements.txt)")

    if args == ["--version"]:
        _OUT.write(json.dumps({"letta_version": letta_version, "python": platform.python_version()}) + "\n")
        return

    results, total = asyncio.run(run_all(requests))
    _OUT.write(json.dumps({"letta_version": letta_version, "requests": results, "total": total}, indent=2) + "\n")
    _OUT.flush()
    scratch.cleanup()


async def run_all(requests: list[dict]) -> tuple[list[dict], dict]:
    import httpx
    from letta.adapters.simple_llm_stream_adapter import SimpleLLMStreamAdapter
    from letta.agents.letta_agent_v2 import LettaAgentV2
    from letta.schemas.enums import LLMCallType
    from letta.schemas.llm_config import LLMConfig
    from letta.schemas.usage import LettaUsageStatistics

    # Letta logs stream errors (with tracebacks) at ERROR level; they are reported in "skipped".
    # Letta's loggers are named "Letta.<module>"; the SDKs' httpx loggers announce every (in-memory) request.
    for name in ("Letta", "letta", "httpx", "httpx2", "google_genai"):
        logging.getLogger(name).setLevel(logging.CRITICAL)

    def http_client(hx, body: bytes):
        """An async HTTP client of the SDK's own httpx flavour (anthropic uses the httpx2 fork) that answers
        every request with the recorded stream: no network."""

        def handler(request):
            return hx.Response(200, headers={"content-type": "text/event-stream"}, content=body)

        return hx.AsyncClient(transport=hx.MockTransport(handler))

    def letta_client(provider: str, body: bytes):
        """Letta's own LLM client; only its SDK-client factory points the SDK at the in-memory body."""
        if provider == "anthropic":
            import anthropic
            import anthropic._client
            from letta.llm_api.anthropic_client import AnthropicClient

            class Client(AnthropicClient):
                async def _get_anthropic_client_async(self, llm_config, async_client=False):
                    return anthropic.AsyncAnthropic(
                        api_key="agentsim-offline", max_retries=0, http_client=http_client(anthropic._client.httpx2, body)
                    )

        elif provider in ("openai-chat", "openai-responses"):
            from letta.llm_api.openai_client import OpenAIClient

            class Client(OpenAIClient):
                async def _prepare_client_kwargs_async(self, llm_config):
                    return {
                        "api_key": "agentsim-offline",
                        "base_url": llm_config.model_endpoint,
                        "max_retries": 0,
                        "http_client": http_client(httpx, body),
                    }

        else:
            from google import genai
            from google.genai.types import HttpOptions
            from letta.llm_api.google_ai_client import GoogleAIClient

            class Client(GoogleAIClient):
                async def _get_client_async(self, llm_config=None):
                    return genai.Client(
                        api_key="agentsim-offline",
                        http_options=HttpOptions(httpx_async_client=http_client(httpx, body)),
                    )

        return Client()

    def llm_config(provider: str, model: str) -> LLMConfig:
        if provider == "anthropic":
            return LLMConfig(model=model, model_endpoint_type="anthropic", model_endpoint="https://api.anthropic.com/v1", context_window=200000)
        if provider in ("openai-chat", "openai-responses"):
            return LLMConfig(model=model, model_endpoint_type="openai", model_endpoint="https://api.openai.com/v1", context_window=128000)
        return LLMConfig(
            model=model,
            model_endpoint_type="google_ai",
            model_endpoint="https://generativelanguage.googleapis.com",
            context_window=1000000,
        )

    def request_data(provider: str, model: str) -> dict:
        # The request itself does not matter here (the response is the recorded stream); this is the
        # smallest body each of Letta's clients accepts.
        if provider == "anthropic":
            return {"model": model, "max_tokens": 1024, "messages": [{"role": "user", "content": "hi"}]}
        if provider == "openai-chat":
            return {"model": model, "messages": [{"role": "user", "content": "hi"}]}
        if provider == "openai-responses":  # "input" and no "messages": the adapter picks the Responses interface
            return {"model": model, "input": [{"role": "user", "content": "hi"}]}
        return {"contents": [{"role": "user", "parts": [{"text": "hi"}]}], "config": {}}

    # The run total, accumulated by Letta's own agent-loop method.
    run = types.SimpleNamespace(usage=LettaUsageStatistics())
    results = []
    for req in requests:
        provider, model = req["provider"], req["model"]
        body = sse_body(provider, req["payloads"], req["complete"])
        config = llm_config(provider, model)
        adapter = SimpleLLMStreamAdapter(llm_client=letta_client(provider, body), llm_config=config, call_type=LLMCallType.agent_step)
        try:
            async for _ in adapter.invoke_llm(
                request_data=request_data(provider, model), messages=[], tools=[], use_assistant_message=False
            ):
                pass
        except Exception as e:  # Letta raised while streaming: the agent loop does not count this request
            results.append(
                {
                    "skipped": f"Letta raised {type(e).__name__} while streaming ({str(e)[:200]}); "
                    "LettaAgentV3 re-raises before _update_global_usage_stats, so this request's usage is not counted"
                }
            )
            continue
        LettaAgentV2._update_global_usage_stats(run, adapter.usage)
        results.append(adapter.usage.model_dump(mode="json"))
    return results, run.usage.model_dump(mode="json")


if __name__ == "__main__":
    main()
