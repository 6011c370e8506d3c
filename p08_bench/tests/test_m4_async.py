"""Milestone 4: the async advantage, measured. Waiting overlaps; computing does not.

Three servers, as their users run them, under the same 50 users: FastAPI on uvicorn (one
process, one event loop), Flask on one gunicorn sync worker (one request at a time) and on one
gthread worker (8 threads). The I/O-bound endpoint waits 50 ms; the CPU-bound one computes
for a few milliseconds. The assertions are ratios with wide margins, never speeds:

- waiting: the event loop overlaps all 50 waits (~1,000 requests/s at best), the sync worker
  none (20 requests/s at best), threads 8 at a time (~160 requests/s at best);
- computing: one process computes one request at a time whatever the model, so async gives
  no multiple (the GIL, and a single core for the server).
"""

from __future__ import annotations

import pytest
from minibench import runner
from minibench.frameworks import BY_NAME
from minibench.load import Stage
from minibench.proc import plan_pinning
from minibench.results import Window
from minibench.servers import SETUPS
from minibench.spec import BY_NAME as SCENARIOS

USERS = 50
SETTINGS = runner.Settings(frameworks=("fastapi", "flask"), scenarios=("io_bound", "cpu_bound"), duration=1.5,
                           warmup=0.3, users=USERS, threads=8)  # fmt: skip


@pytest.fixture(scope="module")
def measured() -> dict[tuple[str, str], Window]:
    """(server, scenario) -> its window, for the three servers, each loaded once."""
    stages = [
        Stage(name, SCENARIOS[name], USERS, SETTINGS.warmup, SETTINGS.duration) for name in SETTINGS.scenarios
    ]
    pinning = plan_pinning(SETTINGS.workers, SETTINGS.processes)
    found = {}
    for framework, server in (
        ("fastapi", "uvicorn"),
        ("flask", "gunicorn-sync"),
        ("flask", "gunicorn-gthread"),
    ):
        for window in runner.measure(BY_NAME[framework], SETUPS[server], stages, SETTINGS, pinning, 0):
            found[(server, window.scenario)] = window
    return found


def rps(measured: dict[tuple[str, str], Window], server: str, scenario: str) -> float:
    window = measured[(server, scenario)]
    assert window.requests > 0, f"{server} {scenario}: no request answered ({window})"
    assert window.failures == 0, f"{server} {scenario}: {window.failures} failures ({window})"
    return window.rps


def table(measured: dict[tuple[str, str], Window]) -> str:
    return "; ".join(f"{server} {scenario}: {w.rps:.0f} req/s" for (server, scenario), w in measured.items())


@pytest.mark.timeout(120)
def test_an_event_loop_overlaps_waiting_requests(measured: dict[tuple[str, str], Window]) -> None:
    """50 users on an endpoint that waits 50 ms: uvicorn serves at least 10x what one sync
    worker serves (which cannot exceed 20 requests/s). If not: is your async endpoint really
    awaiting `asyncio.sleep`, or calling `time.sleep` and blocking the loop?"""
    ratio = rps(measured, "uvicorn", "io_bound") / rps(measured, "gunicorn-sync", "io_bound")
    assert ratio >= 10, (
        f"uvicorn / gunicorn-sync on io_bound = {ratio:.1f}x, expected >= 10x ({table(measured)})"
    )


@pytest.mark.timeout(120)
def test_threads_overlap_waiting_requests_too_up_to_their_number(
    measured: dict[tuple[str, str], Window],
) -> None:
    """8 threads wait 8 requests at a time: at least 4x one sync worker (8x at best). Threads
    are the WSGI answer to waiting, bounded by their count."""
    ratio = rps(measured, "gunicorn-gthread", "io_bound") / rps(measured, "gunicorn-sync", "io_bound")
    assert ratio >= 4, f"gthread / sync on io_bound = {ratio:.1f}x, expected >= 4x ({table(measured)})"


@pytest.mark.timeout(120)
def test_async_gives_no_multiple_on_computing(measured: dict[tuple[str, str], Window]) -> None:
    """On the CPU-bound endpoint the event loop runs one request at a time like the sync
    worker: no 10x here, at most a framework-overhead difference (under 2x either way)."""
    ratio = rps(measured, "uvicorn", "cpu_bound") / rps(measured, "gunicorn-sync", "cpu_bound")
    assert 0.5 <= ratio <= 2, (
        f"uvicorn / gunicorn-sync on cpu_bound = {ratio:.2f}x, expected ~1x ({table(measured)})"
    )
