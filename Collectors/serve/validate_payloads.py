"""Every provider payload of the shipped pipeline scenarios, validated as its official SDK's type.

    .venvs/livekit-1.8.9/bin/python Collectors/serve/validate_payloads.py --agentsim .build/debug/agentsim \\
        Scenarios/pipeline-*.yaml

Runs `agentsim run FILE --format json` for each file and validates each of its `provider_payloads` that an SDK in the
livekit-1.8.9 venv types (the versions LiveKit 1.8.9's plugins resolve): OpenAI Chat Completions chunks as
`openai.types.chat.ChatCompletionChunk`, Responses events as `openai.types.responses.ResponseStreamEvent`, the
realtime transcription websocket's events as `openai.types.realtime.RealtimeServerEvent`, a
whisper-1 verbose transcription as `openai.types.audio.TranscriptionVerbose` and a gpt-4o batch transcription as
`openai.types.audio.Transcription`, Anthropic stream events as `anthropic.types.RawMessageStreamEvent`, and
Gemini chunks as `google.genai.types.GenerateContentResponse` (openai 3.54 has no type for the TTS SSE events, and
the STT, TTS and realtime payloads of other SDKs are not checked here). Prints one JSON line per scenario
({"scenario", "validated": {type: count}, "invalid": [...]}); exit status 0 when nothing is invalid and every file
had at least one LLM payload validated.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pydantic


def validators():
    import anthropic.types
    import google.genai.types as genai
    import openai.types.audio as audio
    from openai.types.chat import ChatCompletionChunk
    from openai.types.responses import ResponseStreamEvent

    from openai.types.realtime import RealtimeServerEvent

    responses = pydantic.TypeAdapter(ResponseStreamEvent)
    realtime = pydantic.TypeAdapter(RealtimeServerEvent)
    messages = pydantic.TypeAdapter(anthropic.types.RawMessageStreamEvent)

    def pick(payload: dict):
        """The SDK type that types `payload` (name, validate), or None."""
        kind = payload.get("type")
        if payload.get("object") == "chat.completion.chunk":
            return "openai ChatCompletionChunk", ChatCompletionChunk.model_validate
        if isinstance(kind, str) and kind.startswith("response.") and "sequence_number" in payload:
            return "openai ResponseStreamEvent", responses.validate_python
        if isinstance(kind, str) and kind.startswith(("input_audio_buffer.", "conversation.item.input_audio_")):
            return "openai RealtimeServerEvent", realtime.validate_python
        if {"task", "language", "duration", "text"} <= set(payload):
            return "openai TranscriptionVerbose", audio.TranscriptionVerbose.model_validate
        if "text" in payload and set(payload) <= {"text", "usage", "logprobs"}:
            return "openai Transcription", audio.Transcription.model_validate
        if kind in ("message_start", "message_delta", "message_stop", "content_block_start", "content_block_delta",
                    "content_block_stop"):
            return "anthropic RawMessageStreamEvent", messages.validate_python
        if "candidates" in payload or "usageMetadata" in payload:
            return "google-genai GenerateContentResponse", genai.GenerateContentResponse.model_validate
        return None

    return pick


LLM_TYPES = ("ChatCompletionChunk", "ResponseStreamEvent", "RawMessageStreamEvent", "GenerateContentResponse")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agentsim", required=True)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    pick = validators()
    ok = True
    for path in args.files:
        run = subprocess.run([args.agentsim, "run", path, "--format", "json"], capture_output=True, text=True)
        if run.returncode != 0:
            print(json.dumps({"scenario": path, "error": run.stderr[-500:]}))
            ok = False
            continue
        validated: dict[str, int] = {}
        invalid: list[str] = []
        for index, payload in enumerate(json.loads(run.stdout)["provider_payloads"]):
            chosen = pick(payload)
            if chosen is None:
                continue
            name, validate = chosen
            try:
                validate(payload)
                validated[name] = validated.get(name, 0) + 1
            except pydantic.ValidationError as e:
                invalid.append(f"payload {index} ({payload.get('type')}) as {name}: {str(e)[:300]}")
        has_llm = any(name.endswith(LLM_TYPES) for name in validated)
        ok = ok and not invalid and has_llm
        print(json.dumps({"scenario": path, "validated": validated, "invalid": invalid}), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
