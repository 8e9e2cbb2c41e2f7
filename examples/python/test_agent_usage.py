"""Usage tests for a LiveKit voice agent, run against agentsim: copy this folder into your repository.

Two tests a team that bills by tokens usually wants:

1. Your scenario's usage, as LiveKit's own collectors sum it, is what you expect (figures derived by hand in the
   scenario's comments). Change the scenario to your agent's conversation and the expected figures with it.
2. Your usage collector holds the right totals under load: agentsim sends thousands of sessions' metrics events to
   it and compares its totals with the oracle (`agentsim load --verify`). Here the collector is agentsim's reference
   collector (LiveKit's real ModelUsageCollector behind HTTP); point COLLECTOR_COMMAND at your own.

Environment:
  AGENTSIM           the agentsim binary (default: `agentsim` on PATH; `make install` puts it there)
  COLLECTOR_COMMAND  the command that starts your collector; it must print `listening on http://HOST:PORT` as its
                     first line and serve POST /events and GET /totals (see docs/COLLECTORS.md). Default: agentsim's
                     reference collector, Collectors/livekit/server.py, with this Python.
Run: python -m pytest examples/python
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SCENARIO = HERE / "scenarios" / "order-status.yaml"
AGENTSIM = os.environ.get("AGENTSIM", "agentsim")


def agentsim(*arguments: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([AGENTSIM, *arguments], capture_output=True, text=True, timeout=timeout)


def test_the_scenario_bills_what_the_comments_derive() -> None:
    run = agentsim("run", str(SCENARIO), "--format", "json")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    # LiveKit 1.8.9's UsageSummary of the session (the same figures AgentSession.usage holds).
    summary = report["usage_summary"]
    assert summary["llm_prompt_tokens"] == 725
    assert summary["llm_prompt_cached_tokens"] == 256
    assert summary["llm_input_audio_tokens"] == 104
    assert summary["llm_completion_tokens"] == 86
    assert summary["llm_output_audio_tokens"] == 70
    # ModelUsageCollector.flatten(): one entry per provider and model.
    [usage] = report["model_usage"]
    assert (usage["provider"], usage["model"]) == ("api.openai.com", "gpt-realtime")
    assert usage["input_tokens"] == 725


@pytest.fixture
def collector():
    """Starts the collector on a free port and yields its base URL; stops it afterwards."""
    default = [sys.executable, str(HERE.parent.parent / "Collectors" / "livekit" / "server.py"), "--port", "0", "--quiet"]
    command = shlex.split(os.environ["COLLECTOR_COMMAND"]) if "COLLECTOR_COMMAND" in os.environ else default
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        first = process.stdout.readline().strip() if process.stdout else ""
        assert first.startswith("listening on http://"), f"the collector printed {first!r}"
        yield first.removeprefix("listening on ")
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_collector_holds_the_oracle_totals(collector: str) -> None:
    # 200 sessions of the scenario, 3 events each (LiveKit's zero-usage connection event, then one per response),
    # sent in batches; --verify then reads
    # GET /totals and compares every field with the totals a correct collector holds: 200 × 725 = 145,000 input
    # tokens, and so on. Exit 0 means they all match; 1 names each difference.
    load = agentsim(
        "load", str(SCENARIO), "--sessions", "200", "--seed", "3",
        "--sink", f"{collector}/events", "--verify", f"{collector}/totals",
    )
    assert load.returncode == 0, load.stdout + load.stderr
    assert "600 events" in load.stdout
    assert "the collector holds exactly the oracle's totals" in load.stdout
