"""Load from locust, run as a separate process, following a schedule of stages.

The load generator must not share a process (nor, when there are CPUs enough, a CPU) with
the server it measures, and locust patches the standard library when imported: it only
ever runs as `python -m locust`, reading `minibench/locustfile.py`.

Starting locust takes a second or two (ten on a busy machine), so one locust run serves all
the stages of a server, back to back, on a schedule written down before it starts: times
from t0, the instant the first stage starts, which locust sets and announces once it is
ready (see locustfile.py). Each stage is a warm-up (connections opened, caches filled, left
out) and then the measured part. While locust runs, this side only waits for each measured
part's start and end to read the CPU time the server and locust have spent; what the
requests took is what locust itself recorded, read from its JSON file when it is done.
"""

from __future__ import annotations

import json
import math
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import IO, Any

from minibench import proc
from minibench.locuststats import Counts, percentile, read_stats
from minibench.spec import IO_SECONDS, Scenario

LOCUSTFILE = Path(__file__).with_name("locustfile.py")

CLIENT_BOUND = 0.9
"""Cores per locust process above which a window counts as client-bound. A locust process
runs all its users in one thread (gevent): near a whole core it cannot send any faster, so a
faster server would show the same requests/s. Such a window measures the client, not the
server; the report flags it (more `--processes`, or fewer users, make it go away)."""

SPAWN_RATE = 100.0  # users locust starts per second (above 100 it warns at every change)
SHAPE_TICK = 1.0  # locust asks the load shape for the number of users once per second
SETTLE = 0.25  # extra seconds, on a busy machine, for the users to actually start or stop
READY_TIMEOUT = 60.0
"""The longest locust may take to be ready (imported, its --processes forked and connected):
a bound for a locust that hangs, not a guess at how long it takes."""
SPILL = 0.1  # share of a measured part the previous stage's answers may still take up
DRAIN = 10  # seconds (locust's --stop-timeout takes whole seconds)
"""The longest a request may take and still be counted. A user leaving (at the end, or when a
stage has fewer users) first waits for the answer to the request it sent: dropping it would
leave out the slowest requests of the slowest servers. Each request counts in the part of the
schedule it was sent in, whenever it is answered."""


@dataclass(frozen=True)
class Stage:
    """One scenario at one number of users: a warm-up, then `seconds` measured."""

    name: str  # unique in its schedule, e.g. "plaintext" or "io_bound@50"
    scenario: Scenario
    users: int
    warmup: float
    seconds: float


@dataclass(frozen=True)
class StageLoad:
    """What one stage measured: the client's view (requests, latency) and both sides' CPU."""

    stage: Stage
    seconds: float
    requests: int  # failures included
    failures: int
    rps: float
    mean_ms: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    server_cpu_us: float  # server CPU seconds per request, in microseconds (nan: not measured)
    client_cpu: float  # locust's CPU use, in cores per locust process
    client_bound: bool


@dataclass(frozen=True)
class Timed:
    """A stage placed on the clock: seconds from t0 in the schedule locust reads (placed from
    0), seconds since the epoch (as `time.time()`) once placed from the t0 locust announced."""

    stage: Stage
    warmup_start: float
    start: float
    end: float


Locust = subprocess.Popen[bytes]  # the running locust process


class LoadError(RuntimeError):
    """locust did not produce the measurements: the message ends with what it printed."""


def settle(before: Stage, stage: Stage) -> float:
    """Unmeasured seconds `stage` needs before its warm-up, because of the stage `before` it.

    A new number of users: locust notices it at its next look at the shape, then starts or
    stops users at SPAWN_RATE per second. And after a stage that waits (I/O-bound), a server
    answering one request at a time (a gunicorn sync worker) still holds a queue of them, one
    per user, IO_SECONDS each: measuring before it is gone would mix the two stages.
    """
    raise NotImplementedError(
        "Return 0, plus SHAPE_TICK + the change in users / SPAWN_RATE + SETTLE when the number of "
        "users changes, plus `before.users` x IO_SECONDS when `before` is I/O-bound."
    )


def place(stages: list[Stage], t0: float) -> list[Timed]:
    """The stages back to back from `t0`, each one's warm-up lengthened by `settle`."""
    raise NotImplementedError(
        "Refuse (ValueError) stages whose names are not unique; then give each stage its Timed: "
        "its warm-up starts where the previous stage ended (t0 for the first), its measured part "
        "after the settle time and the warm-up, and lasts `seconds`."
    )


def client_cores(cpu_seconds: float, seconds: float, processes: int) -> float:
    """locust's CPU use over a window, in cores per locust process."""
    raise NotImplementedError("Return the CPU seconds per wall second, per locust process.")


def stage_load(
    stage: Stage, counts: Counts, *, server_cpu: float, client_cpu: float, cpu_seconds: float, processes: int
) -> StageLoad:
    """A stage's numbers from locust's counts and the CPU seconds each side spent over the
    window (`cpu_seconds` long; nan server CPU when it was not measured)."""
    raise NotImplementedError(
        "Return the StageLoad: requests/s over the stage's seconds, the exact mean, the p50/p95/p99 "
        "of the histogram, the server's CPU microseconds per request, locust's cores per process, "
        "and client_bound when those reach CLIENT_BOUND."
    )


def lead(stages: list[Stage]) -> float:
    """Seconds from locust being ready to t0: one look at the shape, then the first stage's
    users spawning at SPAWN_RATE, then SETTLE for a busy machine."""
    raise NotImplementedError("Return SHAPE_TICK + the first stage's users / SPAWN_RATE + SETTLE.")


def schedule_json(placed: list[Timed], lead: float) -> dict[str, Any]:
    """What the locustfile reads: the stages as plain data, placed from t0 = 0 (times are
    seconds from t0), and the `lead` locust gives its users before t0."""
    raise NotImplementedError(
        "Return what locustfile.py reads: lead, spawn_rate, drain_until (the last end + DRAIN) and, "
        "per stage, its name, users, method, target, body (bytes as latin-1 text), status, "
        "warmup_start, start and end."
    )


def locust_command(url: str, json_prefix: Path, processes: int) -> list[str]:
    """locust headless, quiet, writing its stats to `json_prefix`.json.

    A request that fails (refused, wrong status) is a measurement, not an error: the exit
    code stays 0 for it, so a non-zero one means locust itself went wrong. Users leaving wait
    for their last answer (`--stop-timeout`, see DRAIN). No `-t`: with a load shape locust
    ignores it; the shape ends the run, and `run_load` bounds the wait.
    """
    raise NotImplementedError(
        "Return `sys.executable -m locust -f LOCUSTFILE --headless --host url` with its JSON stats "
        "written to json_prefix, only the summary, warnings only, exit code 0 on failed requests, "
        "--stop-timeout DRAIN, and --processes when more than one."
    )


def run_load(
    url: str,
    stages: list[Stage],
    *,
    processes: int = 1,
    cpus: frozenset[int] | None = None,
    server_cpu: Callable[[], float] | None = None,
) -> list[StageLoad]:
    """Load `url` with one locust run through `stages`; one StageLoad per stage, in order.

    `server_cpu` reads the server's CPU seconds so far (None: not measured).
    """
    raise NotImplementedError(
        "Write the schedule for the locustfile (MINIBENCH_SCHEDULE), placed from t0 = 0 with its "
        "lead; start locust in its own session, handing it the writing end of an os.pipe "
        "(MINIBENCH_READY_FD, pass_fds); wait (select, at most READY_TIMEOUT) for the t0 it "
        "announces and place the stages from it; at each stage's start and end read the server's "
        "and locust's CPU seconds; wait for locust to exit (bounded), stop it in any case, and "
        "raise LoadError with its output if it failed, was never ready or a stage got no "
        "requests; return the StageLoads from its JSON stats, once check_schedule accepts them."
    )


def check_schedule(placed: list[Timed], counts: dict[str, Counts]) -> None:
    """Raise LoadError if a measured part did not get the load alone.

    Two ways it can fail. locust's users start late, and the first stage's warm-up gets no requests.
    Or a stage's answers are still coming when the next stage's measured part starts: a
    server that queues requests (one gunicorn sync worker, 50 users, 50 ms each: 2.5 s per
    answer) still works on the old stage's requests in the new one's window, and its numbers
    would be a mix of the two. The test: the previous stage's 99th percentile may reach into
    the measured part by no more than SPILL of it (a straggler does not matter, a queue does).
    """
    raise NotImplementedError(
        "Raise LoadError(f'locust sent nothing before stage {name!r}: its users started late ...') when "
        "the first stage has a warm-up but no 'warmup:<name>' requests; and LoadError(f'stage "
        "{after!r} was measured while the server still answered stage {before!r} ...') when a "
        "stage's p99 reaches past the next measured part's start by more than SPILL of that part."
    )
