"""Milestone 3: CPU time per request, and knowing when the client is the bottleneck.

Requests per second depend on the client as much as the server; CPU time per request is the
server's own cost. `minibench.load` divides the server's CPU over a window (`minibench.proc`,
milestone 2) by the window's requests, and flags the windows where locust itself was
saturated. `plan_pinning` keeps server and client on CPUs of their own.
"""

from __future__ import annotations

import os

import pytest
from minibench.load import CLIENT_BOUND, Stage, StageLoad, stage_load
from minibench.locuststats import Counts
from minibench.proc import Pinning, plan_pinning

from .sample_apps import PLAINTEXT


@pytest.mark.timeout(90)
def test_cpu_per_request_shows_the_cost_of_the_work(
    sample_run: tuple[list[StageLoad], dict[str, int]],
) -> None:
    """Under the same server, /cpu (milliseconds of pure Python per request) costs far more CPU
    per request than /plaintext (tens of microseconds): more than 10 times, whatever the
    machine's speed. If not, check server_cpu_us: the server's CPU seconds over the measured
    window (read before and after it), divided by that window's requests, times a million."""
    by_name = {load.stage.name: load for load in sample_run[0]}
    plaintext, cpu = by_name["plaintext"].server_cpu_us, by_name["cpu"].server_cpu_us
    print(f"server CPU per request: plaintext {plaintext:.0f} us, cpu {cpu:.0f} us")
    assert plaintext > 0, f"expected some CPU per plaintext request, got {plaintext}"
    assert cpu > 10 * plaintext, f"expected /cpu > 10 x /plaintext, got {cpu:.0f} vs {plaintext:.0f} us"


def synthetic(client_cpu: float, processes: int = 1) -> StageLoad:
    """A stage of 2 s and 1,000 requests in which locust spent `client_cpu` CPU seconds."""
    stage = Stage("plaintext", PLAINTEXT, users=10, warmup=0.5, seconds=2.0)
    counts = Counts(requests=1000, failures=0, total_ms=1500.0, histogram={1.0: 900, 3.0: 100})
    return stage_load(
        stage, counts, server_cpu=0.05, client_cpu=client_cpu, cpu_seconds=2.0, processes=processes
    )


def test_a_saturated_load_generator_is_flagged() -> None:
    """locust at 1.9 of 2 seconds of CPU (0.95 cores) is saturated: its requests/s measure the
    client, so the window is client_bound. At 1 s of 2 (0.5 cores) it is not. With two locust
    processes the same 1.9 s is 0.475 cores each: not saturated. The numbers around it are
    the plain arithmetic: 500 requests/s, 1.5 ms mean, 50 us of server CPU per request."""
    busy, calm, shared = synthetic(1.9), synthetic(1.0), synthetic(1.9, processes=2)
    assert (busy.client_cpu, busy.client_bound) == (pytest.approx(0.95), True), f"got {busy}"
    assert (calm.client_cpu, calm.client_bound) == (pytest.approx(0.5), False), f"got {calm}"
    assert (shared.client_cpu, shared.client_bound) == (pytest.approx(0.475), False), f"got {shared}"
    assert synthetic(2 * CLIENT_BOUND).client_bound, "exactly at CLIENT_BOUND counts as saturated"
    assert (busy.rps, busy.mean_ms, busy.p50_ms, busy.p99_ms) == (500.0, 1.5, 1.0, 3.0), f"got {busy}"
    assert busy.server_cpu_us == pytest.approx(50.0), f"expected 50 us per request, got {busy.server_cpu_us}"


@pytest.mark.parametrize(
    ("cpus", "expected"),
    [
        ({0}, None),
        ({0, 1}, Pinning(server=frozenset({0}), client=frozenset({1}))),
        ({0, 1, 2, 3}, Pinning(server=frozenset({0}), client=frozenset({1, 2, 3}))),
    ],
)
def test_server_and_client_get_cpus_of_their_own(
    cpus: set[int], expected: Pinning | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One server worker and one locust process: on one CPU they cannot be apart (None: no
    pinning); on two, the server gets CPU 0 and locust CPU 1; on four, locust gets the three
    others. Two workers and two locust processes do not fit in two CPUs."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: cpus)
    assert plan_pinning(1, 1) == expected, f"on CPUs {cpus}: expected {expected}, got {plan_pinning(1, 1)}"
    if len(cpus) >= 4:
        assert plan_pinning(2, 2) == Pinning(frozenset({0, 1}), frozenset({2, 3}))
    else:
        assert plan_pinning(2, 2) is None, f"2 workers + 2 locust processes cannot fit in {cpus}"
