#!/usr/bin/env python3
"""agentsim reference usage collector: an HTTP service around LiveKit's real collectors.

Run it with the python of a venv that has livekit-agents (aiohttp comes with it):

    .venvs/livekit-1.8.9/bin/python Collectors/livekit/server.py --port 0 --dedupe

Once listening it prints exactly one line on stdout, `listening on http://127.0.0.1:PORT`
(the real port, also with --port 0), and nothing else ever goes to stdout.

Options: --port N (required; 0 = any free port), --host 127.0.0.1 (the default and the only
value allowed), --dedupe (skip envelopes whose id was already ingested), --fail-every N (the Nth,
2Nth, ... POST /events, counted from 1, is answered 500), --fail-mode after|before (after, the
default: the batch is processed as usual, then answered 500 -- a collector that stored it but
failed to acknowledge; before: answered 500 without ingesting), --quiet (no start/stop lines on
stderr; there is never a per-request log).  Bad arguments exit 2.

HTTP API:
  POST /events   NDJSON body (any content type), one JSON value per line, blank lines ignored.
                 A line is an envelope {"id": str, "session": ..., "seq": ..., "metrics": {...}}
                 (an object with no "type" key and a "metrics" key) or a bare metrics event
                 {"type": ...}.  An envelope {"id", "session", "seq", "event": {"type":
                 "session_usage_updated", ...}} (agentsim load --session-usage-updates) is a
                 cumulative snapshot: counted in "snapshots_ignored", never summed.  The whole batch is validated first (JSON without NaN/Infinity,
                 class chosen by "type" as in bridge.py, cls.model_validate); the first bad line
                 -> 400 {"error": msg, "line": <1-based line in the body>} and nothing is ingested.
                 Otherwise events are ingested in order -> 200 {"accepted": n, "duplicates": d}.
                 With --dedupe an envelope whose id was seen before (in this or an earlier batch)
                 is skipped and counted as a duplicate; events without an id are always ingested.
                 Bodies over 64 MiB -> 413.
  GET /totals    {"livekit_version", "events", "duplicates_ignored", "posts", "failed_posts", "snapshots_ignored",
                  "model_usage": [ModelUsageCollector.flatten() entries] (only if the installed
                  version has ModelUsageCollector), "usage_summary": {UsageSummary fields}}
  POST /reset    fresh collectors, seen ids and counters -> {"reset": true}
  GET /health    "ok"
Unknown paths -> 404, wrong method -> 405.  SIGTERM/SIGINT -> exit 0 promptly.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HOST = "127.0.0.1"
MAX_BODY = 64 * 1024 * 1024


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="server.py", description="agentsim reference usage collector (HTTP)")
    ap.add_argument("--port", type=int, required=True, help="TCP port; 0 picks a free one")
    ap.add_argument("--host", default=HOST, help="must be 127.0.0.1 (the default)")
    ap.add_argument("--dedupe", action="store_true", help="skip envelopes whose id was already ingested")
    ap.add_argument("--fail-every", type=int, default=None, metavar="N",
                    help="answer every Nth POST /events with HTTP 500")
    ap.add_argument("--fail-mode", choices=("after", "before"), default="after",
                    help="after (default): ingest the batch, then answer 500; before: 500 without ingesting")
    ap.add_argument("--quiet", action="store_true", help="no start/stop lines on stderr")
    args = ap.parse_args(argv)
    if args.host != HOST:
        ap.error(f"--host: only {HOST} is allowed, got {args.host!r}")
    if not 0 <= args.port <= 65535:
        ap.error(f"--port: must be 0..65535, got {args.port}")
    if args.fail_every is not None and args.fail_every < 1:
        ap.error(f"--fail-every: must be >= 1, got {args.fail_every}")
    return args


ARGS = parse_args(sys.argv[1:]) if __name__ == "__main__" else None


def _early_exit(signum, frame):  # until the event loop takes over the signals
    raise SystemExit(0)


signal.signal(signal.SIGTERM, _early_exit)
signal.signal(signal.SIGINT, _early_exit)

# bridge.py is the one place that knows how to turn a JSON object into a LiveKit metrics object.
# Importing it (a) routes sys.stdout to stderr, so library prints never reach our stdout -- the
# real stdout is kept in bridge._OUT; (b) silences the UsageCollector/UsageSummary
# DeprecationWarnings; (c) sets SIGPIPE to SIG_DFL, which is right for a pipe filter but would
# let a client that hangs up kill a server: restored to SIG_IGN below.  No .pyc in the tree.
sys.dont_write_bytecode = True
if HERE not in sys.path:
    sys.path.insert(0, HERE)
import bridge  # noqa: E402

if hasattr(signal, "SIGPIPE"):
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)

import asyncio  # noqa: E402
import dataclasses  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import socket  # noqa: E402
import threading  # noqa: E402

from aiohttp import web  # noqa: E402

LIVEKIT_VERSION = bridge.LIVEKIT_VERSION
UsageCollector = bridge.UsageCollector
ModelUsageCollector = bridge.ModelUsageCollector
ValidationError = bridge.ValidationError
CLASS_BY_TYPE = bridge.CLASS_BY_TYPE
KNOWN_TYPES = ", ".join(sorted(CLASS_BY_TYPE))
_decode = json.JSONDecoder(parse_constant=bridge._reject_constant).decode


class BatchError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _type_name(value) -> str:
    return "null" if value is None else type(value).__name__


def _type_error(obj: dict, tag) -> str:
    """Why `obj` has no metrics class -- the same wording as bridge.py's errors."""
    if tag is None:
        if "type" not in obj:
            return f"missing 'type' field (livekit-agents {LIVEKIT_VERSION} metrics types: {KNOWN_TYPES})"
        return "'type' is null"
    if type(tag) is not str:
        return f"'type' must be a string, got {type(tag).__name__}"
    return f"unknown metrics type {tag!r} (livekit-agents {LIVEKIT_VERSION} knows: {KNOWN_TYPES})"


def parse_batch(body: bytes) -> list:
    """[(envelope id or None, validated metrics object)] for a whole body, or raise BatchError."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        for lineno, raw in enumerate(body.split(b"\n"), 1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise BatchError(lineno, f"invalid UTF-8: {exc}") from None
        raise  # not reached: some line must be the bad one
    decode = _decode
    class_by_type = CLASS_BY_TYPE
    out: list = []
    append = out.append
    lineno = 0
    for line in text.split("\n"):
        lineno += 1
        try:
            obj = decode(line)
        except (ValueError, RecursionError) as exc:  # JSONDecodeError, NaN/Infinity, too deep
            stripped = line.strip()
            if not stripped:
                continue  # blank line
            try:  # positions relative to the line's content
                decode(stripped)
            except (ValueError, RecursionError) as exc2:
                exc = exc2
            raise BatchError(lineno, f"invalid JSON: {exc}") from None
        if type(obj) is not dict:
            raise BatchError(lineno, f"expected a JSON object, got {_type_name(obj)}")
        eid = None
        tag = obj.get("type")
        if tag is None and "event" in obj and "metrics" not in obj and "type" not in obj:
            # An agentsim envelope around a session event (LiveKit 1.8.9's cumulative
            # session_usage_updated snapshot): a collector must not sum it, so it is counted, not ingested.
            ev = obj["event"]
            if type(ev) is not dict or ev.get("type") != "session_usage_updated":
                raise BatchError(lineno, "envelope 'event' must be a session_usage_updated object")
            append((None, None))
            continue
        if tag is None and "metrics" in obj and "type" not in obj:  # envelope
            eid = obj.get("id")
            if eid is not None and type(eid) is not str:
                raise BatchError(lineno, f"envelope 'id' must be a string, got {_type_name(eid)}")
            obj = obj["metrics"]
            if type(obj) is not dict:
                raise BatchError(lineno, f"envelope 'metrics' must be a JSON object, got {_type_name(obj)}")
            tag = obj.get("type")
        cls = class_by_type.get(tag) if type(tag) is str else None
        if cls is None:
            raise BatchError(lineno, _type_error(obj, tag))
        try:
            m = cls.model_validate(obj)
        except ValidationError as exc:
            raise BatchError(lineno, bridge._clean_validation_message(exc)) from None
        append((eid, m))
    return out


class State:
    def __init__(self, dedupe: bool, fail_every: int | None, fail_mode: str) -> None:
        self.dedupe = dedupe
        self.fail_every = fail_every or 0
        self.fail_mode = fail_mode
        self.reset()

    def reset(self) -> None:
        self.usage = UsageCollector()
        self.model_usage = ModelUsageCollector() if ModelUsageCollector is not None else None
        self.seen: set[str] = set()
        self.events = 0
        self.duplicates = 0
        self.posts = 0
        self.failed_posts = 0
        self.snapshots = 0

    def ingest(self, items: list) -> tuple[int, int]:
        """Feed validated events to the collectors (synchronous: no await inside)."""
        usage_collect = self.usage.collect
        mu_collect = self.model_usage.collect if self.model_usage is not None else None
        seen = self.seen if self.dedupe else None
        accepted = dups = 0
        for eid, m in items:
            if m is None:  # a session_usage_updated snapshot
                self.snapshots += 1
                continue
            if seen is not None and eid is not None:
                if eid in seen:
                    dups += 1
                    continue
                seen.add(eid)
            usage_collect(m)
            if mu_collect is not None:
                mu_collect(m)
            accepted += 1
        self.events += accepted
        self.duplicates += dups
        return accepted, dups

    def totals(self) -> dict:
        summary = self.usage.get_summary()
        res: dict = {
            "livekit_version": LIVEKIT_VERSION,
            "events": self.events,
            "duplicates_ignored": self.duplicates,
            "posts": self.posts,
            "failed_posts": self.failed_posts,
            "snapshots_ignored": self.snapshots,
        }
        if self.model_usage is not None:
            res["model_usage"] = [u.model_dump(mode="json") for u in self.model_usage.flatten()]
        res["usage_summary"] = {f.name: getattr(summary, f.name) for f in dataclasses.fields(summary)}
        return res


def _json(status: int, obj) -> web.Response:
    try:
        text = json.dumps(obj, ensure_ascii=False, allow_nan=False)
    except ValueError:  # a non-finite float sum (e.g. from 1e400 in the input)
        text = json.dumps(bridge._finite(obj), ensure_ascii=False, allow_nan=False)
    return web.Response(status=status, body=text.encode("utf-8"), content_type="application/json")


def make_app(state: State) -> web.Application:
    async def post_events(request: web.Request) -> web.Response:
        state.posts += 1
        n = state.posts
        inject = state.fail_every and n % state.fail_every == 0
        try:
            body = await request.read()  # > MAX_BODY: raises 413
        except ConnectionError:  # the client hung up mid-body: nobody to answer, nothing ingested
            return web.Response(status=400, text="connection lost while reading the body")
        # From here to the response: no await, so one batch is validated and ingested atomically.
        if inject:
            state.failed_posts += 1
            failure = {"error": f"injected failure: POST #{n} (--fail-every {state.fail_every}, "
                                f"--fail-mode {state.fail_mode})", "injected": True}
            if state.fail_mode == "before":
                return _json(500, {**failure, "accepted": 0, "duplicates": 0})
        try:
            items = parse_batch(body)
        except BatchError as exc:
            if inject:
                return _json(500, {**failure, "accepted": 0, "duplicates": 0,
                                   "rejected": {"error": exc.message, "line": exc.line}})
            return _json(400, {"error": exc.message, "line": exc.line})
        accepted, dups = state.ingest(items)
        if inject:
            return _json(500, {**failure, "accepted": accepted, "duplicates": dups})
        return _json(200, {"accepted": accepted, "duplicates": dups})

    async def get_totals(request: web.Request) -> web.Response:
        return _json(200, state.totals())

    async def post_reset(request: web.Request) -> web.Response:
        state.reset()
        return _json(200, {"reset": True})

    async def get_health(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_post("/events", post_events)
    app.router.add_get("/totals", get_totals)
    app.router.add_post("/reset", post_reset)
    app.router.add_get("/health", get_health)
    return app


def _log(args, msg: str) -> None:
    if not args.quiet:
        print(f"server.py: {msg}", file=sys.stderr, flush=True)


async def serve(args) -> int:
    state = State(args.dedupe, args.fail_every, args.fail_mode)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as exc:
        sock.close()
        print(f"server.py: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr, flush=True)
        return 1
    port = sock.getsockname()[1]

    runner = web.AppRunner(make_app(state), access_log=None, handle_signals=False, shutdown_timeout=0.5)
    await runner.setup()
    await web.SockSite(runner, sock, backlog=512).start()

    # The livekit import leaves a large heap of long-lived objects; without this every
    # full collection (frequent while a 200-500-event batch is alive) rescans them all:
    # freezing them makes the hot path ~1.5x faster.
    gc.collect()
    gc.freeze()

    out = bridge._OUT  # the real stdout (bridge.py pointed sys.stdout at stderr)
    try:
        out.write(f"listening on http://{args.host}:{port}\n".encode())
        out.flush()
    except (BrokenPipeError, OSError):
        pass  # nobody reads stdout: keep serving
    _log(args, f"livekit-agents {LIVEKIT_VERSION}, pid {os.getpid()}, dedupe {'on' if args.dedupe else 'off'}, "
               f"fail-every {args.fail_every or 'off'} ({args.fail_mode})")

    await stop.wait()
    # Never hang on shutdown: if cleanup stalls, exit anyway.
    watchdog = threading.Timer(3.0, os._exit, (0,))
    watchdog.daemon = True
    watchdog.start()
    try:
        await asyncio.wait_for(runner.cleanup(), 1.5)
    except (asyncio.TimeoutError, Exception):  # noqa: BLE001 -- we are leaving regardless
        pass
    _log(args, f"stopped: {state.events} events, {state.duplicates} duplicates ignored, "
               f"{state.posts} posts, {state.failed_posts} failed")
    return 0


def main() -> int:
    try:
        return asyncio.run(serve(ARGS))
    except (KeyboardInterrupt, SystemExit):
        return 0


if __name__ == "__main__":
    rc = main()
    sys.stderr.flush()
    os._exit(rc)  # the watchdog timer thread must not keep the process alive
