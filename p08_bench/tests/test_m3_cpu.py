"""Milestone 3: CPU time per request, and knowing when the client is the bottleneck.

Requests per second depend on the client as much as the server; CPU time per request is the
server's own cost. `minibench.proc` reads it from /proc for a server's whole process tree,
`minibench.load` divides it by the requests of a window, and flags the windows where locust
itself was saturated. `plan_pinning` keeps server and client on CPUs of their own.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from minibench import proc
from minibench.load import CLIENT_BOUND, Counts, Stage, StageLoad, stage_load
from minibench.proc import Pinning, plan_pinning

from .sample_apps import PLAINTEXT

SPIN = "while True: pass"
# A parent that only waits, and its child that spins: the CPU is all in the child.
PARENT_OF_SPINNER = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {SPIN!r}])"


@contextmanager
def running(code: str) -> Iterator[int]:
    """A Python process running `code`, killed afterwards (with its children); yields its pid."""
    process = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
    try:
        yield process.pid
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wait_for(condition: str, check: Callable[[], bool], timeout: float = 20.0) -> None:
    """Poll `check()` until it is true; fail saying `condition` if it never becomes so."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"waited {timeout}s for: {condition}"
        time.sleep(0.02)


@pytest.mark.timeout(30)
def test_cpu_seconds_grow_while_a_process_computes() -> None:
    """A process spinning in a loop: its CPU time (user + sys, from /proc/<pid>/stat) reaches
    0.3 s. If it stays 0: read fields 14 and 15 counted after the last ')' of the stat line, and
    divide by SC_CLK_TCK. A process that is gone counts 0 instead of raising."""
    with running(SPIN) as pid:
        wait_for("the spinning process to reach 0.3 s of CPU", lambda: proc.cpu_seconds([pid]) >= 0.3)
        print(f"after polling: {proc.cpu_seconds([pid]):.2f} s of CPU")
    assert proc.cpu_seconds([pid]) == 0.0, "a process that exited counts 0"


@pytest.mark.timeout(30)
def test_a_tree_counts_the_cpu_of_its_children() -> None:
    """A parent that waits while its child spins (as a gunicorn master and its workers): the
    parent's own CPU stays near 0, the tree's grows. `tree(pid)` must find the child; if the
    tree's CPU does not grow, it misses the children (their parent id is field 4 of stat)."""
    with running(PARENT_OF_SPINNER) as parent:
        wait_for("the parent to start its child", lambda: len(proc.tree(parent)) == 2)
        wait_for("the tree to reach 0.3 s of CPU", lambda: proc.tree_cpu_seconds(parent) >= 0.3)
        own, whole = proc.cpu_seconds([parent]), proc.tree_cpu_seconds(parent)
        print(f"parent alone {own:.2f} s, whole tree {whole:.2f} s")
        assert own < whole / 2, f"expected the CPU in the child: parent {own:.2f} s, tree {whole:.2f} s"
    assert proc.tree(parent) == [], "the tree of a process that is gone is empty"


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
