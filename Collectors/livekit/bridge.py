#!/usr/bin/env python3
"""agentsim collector bridge: feeds metrics events through LiveKit's real collectors.

Run it with the python of a venv that has livekit-agents installed:

    .venvs/livekit-1.2.18/bin/python Collectors/livekit/bridge.py < events.jsonl
    .venvs/livekit-1.8.9/bin/python  Collectors/livekit/bridge.py --version

Protocol (JSON lines in on stdin, JSON lines out on stdout; see README.md):

  {"agentsim": "begin", "id": "<string>"}   start a group (fresh collectors)
  {"type": "realtime_model_metrics", ...}   a metrics event (any class of the installed version)
  {"id": ..., "session": ..., "seq": ..., "metrics": {"type": ...}}
                                            an envelope (as POSTed to server.py): an object with no
                                            "type" key and a "metrics" object is unwrapped and its
                                            "metrics" is handled exactly like a bare metrics event
                                            (same validation, same errors, same line number); the
                                            envelope's other keys are ignored
  {"agentsim": "end"}                       close the group -> one result line on stdout

Metrics lines outside any begin/end go to an implicit group with id "" which is closed
(and reported) at the next "begin" or at EOF.  Blank lines are ignored.  Every other line
that cannot be turned into a metrics object is reported in the group's "errors" with its
1-based line number in the whole input stream.

Each event is parsed with json, its class is chosen by its "type" field among the
installed version's metrics classes, validated with cls.model_validate(obj) (pydantic's
python-mode validation, exactly as a dict handed to the class would be) and passed to
UsageCollector.collect() and, when the installed version has it, ModelUsageCollector.collect().
"""

from __future__ import annotations

import sys

# Keep stdout for the protocol only: anything that print()s (during the heavy
# livekit import or later) goes to stderr instead.
_OUT = sys.stdout.buffer
sys.stdout = sys.stderr

import dataclasses  # noqa: E402
import importlib.metadata  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import signal  # noqa: E402
import time  # noqa: E402
import typing  # noqa: E402
import warnings  # noqa: E402

# Writing to a closed pipe (e.g. `bridge.py | head -1`) ends the process quietly.
if hasattr(signal, "SIGPIPE"):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)

# livekit-agents >= 1.5 deprecates UsageCollector/UsageSummary and warns on construction.
# Those two warnings are expected here; silence only them (anything else still reaches stderr).
warnings.filterwarnings(
    "ignore",
    message=r"(UsageCollector|UsageSummary) is deprecated",
    category=DeprecationWarning,
)

LIVEKIT_VERSION = importlib.metadata.version("livekit-agents")

# The one expensive import (~1.5-2 s: livekit.agents pulls in much of the package).
import livekit.agents.metrics as lk_metrics  # noqa: E402
from livekit.agents.metrics import UsageCollector  # noqa: E402
from pydantic import BaseModel, ValidationError  # noqa: E402

try:  # livekit-agents >= 1.5 exports it from livekit.agents.metrics
    from livekit.agents.metrics import ModelUsageCollector  # type: ignore[attr-defined]
except ImportError:
    try:
        from livekit.agents.metrics.usage import ModelUsageCollector  # type: ignore
    except ImportError:
        ModelUsageCollector = None  # 1.2.x: no per-model collector


def _type_literal(cls: type) -> str | None:
    """The default of a pydantic class's `type` Literal field, or None."""
    fields = getattr(cls, "model_fields", None)
    if not fields or "type" not in fields:
        return None
    default = fields["type"].default
    return default if isinstance(default, str) else None


def build_class_map() -> dict[str, type]:
    """Map `type` value -> metrics class, derived from the installed package.

    Sources (so nothing drifts between versions):
      * the members of the `AgentMetrics` union -- the set the collectors accept; in 1.8.9 it
        also holds AvatarMetrics, which livekit.agents.metrics does not export by name;
      * every class exported from livekit.agents.metrics whose name ends in "Metrics" and that
        has a `type` field.
    The usage records exported by 1.8.9 (LLMModelUsage & co, type "llm_usage", ...) also have a
    `type` field but are collector *outputs*, not events, so they are not accepted as input.
    """
    classes: list[type] = []
    for member in typing.get_args(getattr(lk_metrics, "AgentMetrics", None)):
        if isinstance(member, type):
            classes.append(member)
    for name in getattr(lk_metrics, "__all__", dir(lk_metrics)):
        obj = getattr(lk_metrics, name, None)
        if isinstance(obj, type) and issubclass(obj, BaseModel) and name.endswith("Metrics"):
            classes.append(obj)
    out: dict[str, type] = {}
    for cls in classes:
        tag = _type_literal(cls)
        if tag is not None and tag not in out:
            out[tag] = cls
    return out


CLASS_BY_TYPE = build_class_map()


def _clean_validation_message(exc: ValidationError) -> str:
    """str(ValidationError) without the 'For further information visit <url>' lines."""
    lines = str(exc).splitlines()
    return "\n".join(ln for ln in lines if not ln.lstrip().startswith("For further information visit"))


def _reject_constant(name: str):
    # json accepts NaN/Infinity/-Infinity, which are not JSON (RFC 8259) and which agentsim
    # never emits; treat them as malformed input instead of summing NaNs.
    raise ValueError(f"non-standard JSON constant {name}")


def _finite(value):
    """Replace non-finite floats (from e.g. 1e400 in the input) so the output stays JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)  # 'inf', '-inf', 'nan'
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


class Group:
    __slots__ = ("id", "begin_line", "usage", "model_usage", "events", "seconds", "errors")

    def __init__(self, gid, begin_line: int | None) -> None:
        self.id = gid
        self.begin_line = begin_line
        self.usage = UsageCollector()
        self.model_usage = ModelUsageCollector() if ModelUsageCollector is not None else None
        self.events = 0
        self.seconds = 0.0
        self.errors: list[dict] = []

    def result(self) -> dict:
        summary = self.usage.get_summary()
        res: dict = {
            "id": self.id,
            "livekit_version": LIVEKIT_VERSION,
            "events": self.events,
            "seconds": self.seconds,
            "usage_summary": {f.name: getattr(summary, f.name) for f in dataclasses.fields(summary)},
            "usage_summary_repr": repr(summary),
        }
        if self.model_usage is not None:
            res["model_usage"] = [u.model_dump(mode="json") for u in self.model_usage.flatten()]
        res["errors"] = self.errors
        return res


def emit(obj: dict) -> None:
    try:
        text = json.dumps(obj, ensure_ascii=False, allow_nan=False)
    except ValueError:  # a non-finite float sum; keep the output valid JSON
        text = json.dumps(_finite(obj), ensure_ascii=False, allow_nan=False)
    _OUT.write(text.encode("utf-8") + b"\n")
    _OUT.flush()


def run(stream) -> None:
    # One decoder for the whole run (json.loads(s, **kw) would build a new one per line).
    decode = json.JSONDecoder(parse_constant=_reject_constant).decode
    perf = time.perf_counter
    class_by_type = CLASS_BY_TYPE
    known = ", ".join(sorted(class_by_type))

    group: Group | None = None  # the open group (explicit or implicit)
    explicit = False  # whether `group` was opened by a begin line

    def close(g: Group) -> None:
        emit(g.result())

    lineno = 0
    for raw in stream:
        lineno += 1
        t0 = perf()
        try:
            obj = decode(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            obj = None
            err = f"invalid UTF-8: {exc}"
        except (ValueError, RecursionError) as exc:  # JSONDecodeError, NaN/Infinity, too deep
            text = raw.decode("utf-8").strip()
            if not text:
                continue  # blank line
            try:  # report positions relative to the line's content, not its "\n" terminator
                decode(text)
            except (ValueError, RecursionError) as exc2:
                exc = exc2
            obj = None
            err = f"invalid JSON: {exc}"
        else:
            err = None

        if err is None and type(obj) is dict:
            cls = None
            tag = obj.get("type")
            enveloped = False
            if tag is None and "type" not in obj:
                inner = obj.get("metrics")
                if type(inner) is dict:  # envelope {"id", "session", "seq", "metrics": {...}}
                    obj = inner
                    tag = obj.get("type")
                    enveloped = True
            if tag is not None and type(tag) is str:
                cls = class_by_type.get(tag)
            if cls is not None:
                # --- hot path: a metrics event ---
                if group is None:
                    group = Group("", None)
                    explicit = False
                try:
                    m = cls.model_validate(obj)
                except ValidationError as exc:
                    group.errors.append({"line": lineno, "message": _clean_validation_message(exc)})
                    group.seconds += perf() - t0
                    continue
                group.usage.collect(m)
                if group.model_usage is not None:
                    group.model_usage.collect(m)
                group.events += 1
                group.seconds += perf() - t0
                continue

            if "agentsim" in obj and not enveloped:  # a wrapped object is never a control line
                # --- control line ---
                ctl = obj["agentsim"]
                if ctl == "begin":
                    if group is not None:
                        if explicit:
                            group.errors.append({
                                "line": lineno,
                                "message": 'group not closed by {"agentsim": "end"} before the next begin',
                            })
                        close(group)
                    group = Group(obj.get("id", ""), lineno)
                    explicit = True
                    continue
                if ctl == "end":
                    if group is not None and explicit:
                        close(group)
                        group = None
                        explicit = False
                        continue
                    err = '{"agentsim": "end"} without a matching begin'
                else:
                    err = f"unknown agentsim control line: {json.dumps(ctl)}"
            elif tag is None:
                err = (f"missing 'type' field (livekit-agents {LIVEKIT_VERSION} metrics types: {known})"
                       if "type" not in obj else "'type' is null")
            elif type(tag) is not str:
                err = f"'type' must be a string, got {type(tag).__name__}"
            else:
                err = f"unknown metrics type {tag!r} (livekit-agents {LIVEKIT_VERSION} knows: {known})"
        elif err is None:
            err = f"expected a JSON object, got {type(obj).__name__ if obj is not None else 'null'}"

        # --- error line: attach it to the open group (or the implicit one) ---
        if group is None:
            group = Group("", None)
            explicit = False
        group.errors.append({"line": lineno, "message": err})
        group.seconds += perf() - t0

    if group is not None:
        if explicit:
            group.errors.append({
                "line": group.begin_line,
                "message": 'group opened on this line was not closed by {"agentsim": "end"} before end of input',
            })
        close(group)


def main(argv: list[str]) -> int:
    if "--version" in argv[1:]:
        emit({"livekit_version": LIVEKIT_VERSION, "python": platform.python_version()})
        return 0
    if len(argv) > 1:
        print(f"usage: {argv[0]} [--version]  (JSON lines on stdin)", file=sys.stderr)
        return 2
    run(sys.stdin.buffer)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
