"""Validate Gemini Live and GPT-Live payloads as the SDKs LiveKit's real plugins resolve read them.

    .venvs/livekit-1.8.9/bin/python Collectors/serve/sdk_types.py --api gemini|vertex|gpt-live FILE [FILE ...]

Each FILE holds JSON: either `agentsim run --format json`'s report (its `provider_payloads` are checked) or an array
of payloads (messages as served). Every payload is validated strictly (pydantic `model_validate`, which enforces every
required field and every field's type, where LiveKit's clients read with lenient `construct`):

- gemini / vertex: google-genai's own receive path (live.py `AsyncSession._receive`): the message goes through
  `_LiveServerMessage_from_mldev` (Gemini API) or `_LiveServerMessage_from_vertex` (Vertex AI, which renames
  `candidatesTokenCount` to `response_token_count`), then `types.LiveServerMessage` validates it with google-genai's
  `extra='forbid'`. A top-level field (or a Vertex usageMetadata field) the converter does not carry over is a
  failure too: google-genai would drop it silently.
- gpt-live: the openai SDK's `openai.types.live.ServerEvent` union (discriminated by `type`); the Responses event a
  `response.event` wraps is validated as `openai.types.responses.ResponseStreamEvent` (so a `response.completed`'s
  Response needs `created_at`, `parallel_tool_calls`, `tool_choice` and `tools`).

Prints one JSON line per invalid payload ({"file", "index", "type", "error"}) and a last line {"validated", "invalid",
"sdk"}; exit status 0 when every payload is valid, 1 otherwise, 2 on unreadable input.
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib.metadata import version


def payload_type(payload: dict) -> str:
    if "type" in payload:
        return str(payload["type"])
    return ",".join(sorted(payload.keys()))


def gemini_validator(vertex: bool):
    from google.genai import _live_converters as converters
    from google.genai import types

    convert = converters._LiveServerMessage_from_vertex if vertex else converters._LiveServerMessage_from_mldev

    def validate(payload: dict) -> None:
        converted = convert(payload)
        dropped = len(payload) - len(converted)
        if dropped:
            raise ValueError(f"{dropped} top-level field(s) google-genai does not read: {sorted(payload)}")
        if vertex and "usageMetadata" in payload:
            raw, kept = payload["usageMetadata"], converted["usage_metadata"]
            if len(raw) != len(kept):
                raise ValueError(f"usageMetadata fields google-genai's Vertex converter drops: {sorted(raw)}")
        types.LiveServerMessage.model_validate(converted)

    return validate, f"google-genai {version('google-genai')}"


def by_type(union) -> dict:
    """The members of one of the openai SDK's event unions, by the literal of their `type` field (the SDK's own
    discriminator), so each payload is validated as the one type it names and an error names its fields."""
    import typing

    while typing.get_origin(union) is typing.Annotated:
        union = typing.get_args(union)[0]
    members = {}
    for member in typing.get_args(union):
        for literal in typing.get_args(member.model_fields["type"].annotation):
            members[literal] = member
    return members


def gpt_live_validator():
    from openai.types.live import ServerEvent
    from openai.types.responses import ResponseStreamEvent

    events, inner = by_type(ServerEvent), by_type(ResponseStreamEvent)

    def validate(payload: dict) -> None:
        kind = payload.get("type")
        if kind not in events:
            raise ValueError(f"type {kind!r} is not one of the SDK's live server events")
        events[kind].model_validate(payload)
        if kind == "response.event":
            event = payload["event"]
            if event.get("type") not in inner:
                raise ValueError(f"event type {event.get('type')!r} is not one of the SDK's Responses events")
            inner[event["type"]].model_validate(event)

    return validate, f"openai {version('openai')}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", required=True, choices=["gemini", "vertex", "gpt-live"])
    parser.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    validate, sdk = gpt_live_validator() if args.api == "gpt-live" else gemini_validator(args.api == "vertex")
    validated = invalid = 0
    for path in args.files:
        try:
            with open(path) as f:
                data = json.load(f)
        except (OSError, ValueError) as e:
            print(f"sdk_types.py: cannot read {path}: {e}", file=sys.stderr)
            return 2
        payloads = data["provider_payloads"] if isinstance(data, dict) else data
        for index, payload in enumerate(payloads):
            validated += 1
            try:
                validate(payload)
            except Exception as e:  # pydantic.ValidationError or a dropped field
                invalid += 1
                error = " ".join(str(e).split())[:3000]
                print(json.dumps({"file": path, "index": index, "type": payload_type(payload), "error": error}))
    print(json.dumps({"validated": validated, "invalid": invalid, "sdk": sdk}))
    return 0 if invalid == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
