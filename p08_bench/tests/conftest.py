"""Fixtures for the tests that start real servers and real locust runs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from minibench.load import Stage, StageLoad, run_load
from minibench.servers import SETUPS, serve

from .sample_apps import CPU, PLAINTEXT, SLOW, WRONG_STATUS

HERE = Path(__file__).parent
STAGES = [
    Stage("plaintext", PLAINTEXT, users=10, warmup=0.5, seconds=1.0),
    Stage("cpu", CPU, users=5, warmup=0.5, seconds=1.0),
    Stage("wrong_status", WRONG_STATUS, users=5, warmup=1.0, seconds=0.6),  # cpu's queue drains first
    Stage("slow", SLOW, users=5, warmup=0.0, seconds=0.6),  # no warm-up: every /slow request is measured
]


@pytest.fixture(scope="session")
def sample_apps() -> Iterator[None]:
    """Servers started during the test find `sample_apps` (this folder goes on their PYTHONPATH)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")])))
        yield


@pytest.fixture(scope="session")
def sample_run(sample_apps: None) -> tuple[list[StageLoad], dict[str, int]]:
    """One locust run through STAGES against the sample ASGI app on uvicorn: the StageLoads,
    and how many requests the app itself answered per path (its /hits), for comparison."""
    with serve("sample_apps:asgi", SETUPS["uvicorn"]) as server:
        loads = run_load(server.url, STAGES, server_cpu=server.cpu_seconds)
        hits: dict[str, int] = httpx.get(f"{server.url}/hits", timeout=10).json()
    for load in loads:
        print(
            f"{load.stage.name}: {load.requests} requests, {load.rps:.0f}/s, p50 {load.p50_ms} ms, "
            f"server {load.server_cpu_us:.0f} us CPU/request, client {load.client_cpu:.2f} cores"
        )
    return loads, hits
