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
    seconds = 0.0
    if stage.users != before.users:
        seconds += SHAPE_TICK + abs(stage.users - before.users) / SPAWN_RATE + SETTLE
    if before.scenario.bound == "io":
        seconds += before.users * IO_SECONDS
    return seconds


def place(stages: list[Stage], t0: float) -> list[Timed]:
    """The stages back to back from `t0`, each one's warm-up lengthened by `settle`."""
    names = [stage.name for stage in stages]
    if len(set(names)) != len(names):
        raise ValueError(f"a schedule needs stages with unique names, got {names}")
    placed: list[Timed] = []
    now = t0
    for index, stage in enumerate(stages):
        start = now + (settle(stages[index - 1], stage) if index else 0.0) + stage.warmup
        placed.append(Timed(stage, now, start, start + stage.seconds))
        now = start + stage.seconds
    return placed


def client_cores(cpu_seconds: float, seconds: float, processes: int) -> float:
    """locust's CPU use over a window, in cores per locust process."""
    return cpu_seconds / seconds / processes


def stage_load(
    stage: Stage, counts: Counts, *, server_cpu: float, client_cpu: float, cpu_seconds: float, processes: int
) -> StageLoad:
    """A stage's numbers from locust's counts and the CPU seconds each side spent over the
    window (`cpu_seconds` long; nan server CPU when it was not measured)."""
    cores = client_cores(client_cpu, cpu_seconds, processes)
    return StageLoad(
        stage=stage,
        seconds=stage.seconds,
        requests=counts.requests,
        failures=counts.failures,
        rps=counts.requests / stage.seconds,
        mean_ms=counts.total_ms / counts.requests,
        p50_ms=percentile(counts.histogram, 0.50),
        p95_ms=percentile(counts.histogram, 0.95),
        p99_ms=percentile(counts.histogram, 0.99),
        server_cpu_us=server_cpu / counts.requests * 1e6,
        client_cpu=cores,
        client_bound=cores >= CLIENT_BOUND,
    )


def lead(stages: list[Stage]) -> float:
    """Seconds from locust being ready to t0: one look at the shape, then the first stage's
    users spawning at SPAWN_RATE, then SETTLE for a busy machine."""
    return SHAPE_TICK + stages[0].users / SPAWN_RATE + SETTLE


def schedule_json(placed: list[Timed], lead: float) -> dict[str, Any]:
    """What the locustfile reads: the stages as plain data, placed from t0 = 0 (times are
    seconds from t0), and the `lead` locust gives its users before t0."""
    return {
        "lead": lead,
        "spawn_rate": SPAWN_RATE,
        "drain_until": placed[-1].end + DRAIN,
        "stages": [
            {
                "name": timed.stage.name,
                "users": timed.stage.users,
                "method": timed.stage.scenario.method,
                "target": timed.stage.scenario.target,
                "body": timed.stage.scenario.body.decode("latin-1"),  # any bytes survive as latin-1 text
                "status": timed.stage.scenario.status,
                "warmup_start": timed.warmup_start,
                "start": timed.start,
                "end": timed.end,
            }
            for timed in placed
        ],
    }


def locust_command(url: str, json_prefix: Path, processes: int) -> list[str]:
    """locust headless, quiet, writing its stats to `json_prefix`.json.

    A request that fails (refused, wrong status) is a measurement, not an error: the exit
    code stays 0 for it, so a non-zero one means locust itself went wrong. Users leaving wait
    for their last answer (`--stop-timeout`, see DRAIN). No `-t`: with a load shape locust
    ignores it; the shape ends the run, and `run_load` bounds the wait.
    """
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", url]
    command += ["--json-file", str(json_prefix), "--only-summary", "--loglevel", "WARNING"]
    command += ["--exit-code-on-error", "0", "--stop-timeout", str(DRAIN)]
    return command + (["--processes", str(processes)] if processes > 1 else [])


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
    if not stages:
        raise ValueError("a schedule needs at least one stage")

    def pin() -> None:  # runs in the child, between fork and exec
        if cpus is not None:
            os.sched_setaffinity(0, cpus)

    ready, announce = os.pipe()  # locust announces t0 on it, once ready (see locustfile.py)
    with (
        tempfile.TemporaryDirectory() as folder,
        tempfile.TemporaryFile() as stderr,
        open(ready, "rb", buffering=0) as announced,
    ):
        schedule = Path(folder) / "schedule.json"
        schedule.write_text(json.dumps(schedule_json(place(stages, 0.0), lead(stages))))
        try:
            locust = subprocess.Popen(
                locust_command(url, Path(folder) / "stats", processes),
                env={**os.environ, "MINIBENCH_SCHEDULE": str(schedule), "MINIBENCH_READY_FD": str(announce)},
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                pass_fds=(announce,),
                start_new_session=True,  # its --processes workers stop with it
                preexec_fn=pin,
            )
        finally:
            os.close(announce)  # locust holds the only writing end now: the pipe closes when it exits
        try:
            placed = place(stages, _t0(locust, announced, stderr))
            cpu = [_measure(locust, timed, server_cpu, stderr) for timed in placed]
            _wait_until(locust, placed[-1].end + DRAIN + SHAPE_TICK + 15, stderr, exited=True)
        finally:
            _stop(locust)
        if locust.returncode != 0:
            raise LoadError(f"locust exited with code {locust.returncode}:\n{_tail(stderr)}")
        counts = read_stats(Path(folder) / "stats.json")
        check_schedule(placed, counts)
        return [
            _stage_load(timed, counts, window, processes, stderr)
            for timed, window in zip(placed, cpu, strict=True)
        ]


def check_schedule(placed: list[Timed], counts: dict[str, Counts]) -> None:
    """Raise LoadError if a measured part did not get the load alone.

    Two ways it can fail. locust's users start late, and the first stage's warm-up gets no requests.
    Or a stage's answers are still coming when the next stage's measured part starts: a
    server that queues requests (one gunicorn sync worker, 50 users, 50 ms each: 2.5 s per
    answer) still works on the old stage's requests in the new one's window, and its numbers
    would be a mix of the two. The test: the previous stage's 99th percentile may reach into
    the measured part by no more than SPILL of it (a straggler does not matter, a queue does).
    """
    first = placed[0].stage
    if first.warmup > 0 and f"warmup:{first.name}" not in counts:
        raise LoadError(
            f"locust sent nothing before stage {first.name!r}: its users started late (a longer warm-up)"
        )
    for before, after in pairwise(placed):
        measured = counts.get(before.stage.name)
        gap = after.start - before.end
        p99 = percentile(measured.histogram, 0.99) if measured and measured.histogram else 0.0
        if p99 / 1000 - gap > SPILL * after.stage.seconds:
            raise LoadError(
                f"stage {after.stage.name!r} was measured while the server still answered stage "
                f"{before.stage.name!r} (its p99 is {p99:.0f} ms, "
                f"{gap:.1f} s separate the two): give {after.stage.name!r} a longer warm-up, or run "
                f"{before.stage.name!r} last"
            )


def _t0(locust: Locust, announced: IO[bytes], stderr: IO[bytes]) -> float:
    """The t0 locust announces once it is ready. LoadError if it exits first (the pipe closes;
    or, if its workers still hold the pipe, `poll` sees it gone) or is not ready within
    READY_TIMEOUT."""
    deadline = time.monotonic() + READY_TIMEOUT
    while locust.poll() is None and (left := deadline - time.monotonic()) > 0:
        if select.select([announced], [], [], min(left, 1.0))[0]:
            line = announced.read(64)
            if line:
                return float(line)
            break  # the pipe closed: locust is exiting
    with suppress(subprocess.TimeoutExpired):
        locust.wait(timeout=10)  # so that stderr holds all it printed
    if locust.returncode is None:
        raise LoadError(f"locust was not ready after {READY_TIMEOUT:.0f} s:\n{_tail(stderr)}")
    raise LoadError(f"locust exited (code {locust.returncode}) before it was ready:\n{_tail(stderr)}")


def _measure(
    locust: Locust, timed: Timed, server_cpu: Callable[[], float] | None, stderr: IO[bytes]
) -> tuple[float, float, float]:
    """Server CPU seconds, locust CPU seconds and wall seconds over a stage's measured part."""

    def read() -> tuple[float, float, float]:
        return (server_cpu() if server_cpu else math.nan, proc.tree_cpu_seconds(locust.pid), time.monotonic())

    _wait_until(locust, timed.start, stderr)
    before = read()
    _wait_until(locust, timed.end, stderr)
    after = read()
    return (after[0] - before[0], after[1] - before[1], after[2] - before[2])


def _wait_until(locust: Locust, when: float, stderr: IO[bytes], *, exited: bool = False) -> None:
    """Wait until the wall clock reads `when` (a point of the schedule, not a guess at how long
    something takes). If `exited`, return as soon as locust exits instead; else its exiting
    before then is an error: the schedule was not run to its end."""
    try:
        locust.wait(timeout=max(0.0, when - time.time()))
    except subprocess.TimeoutExpired:
        if exited:
            raise LoadError(f"locust still ran past the end of its schedule:\n{_tail(stderr)}") from None
        return
    if not exited:
        raise LoadError(
            f"locust exited (code {locust.returncode}) before its schedule ended:\n{_tail(stderr)}"
        )


def _stop(locust: Locust) -> None:
    """Stop locust if it still runs (SIGTERM: it writes its stats and stops its workers), then
    kill whatever is left of its process group: no load may go on into the next measurement."""
    if locust.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(locust.pid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            locust.wait(timeout=10)
    with suppress(ProcessLookupError):
        os.killpg(locust.pid, signal.SIGKILL)
    locust.wait()


def _stage_load(
    timed: Timed,
    counts: dict[str, Counts],
    cpu: tuple[float, float, float],
    processes: int,
    stderr: IO[bytes],
) -> StageLoad:
    stage = timed.stage
    measured = counts.get(stage.name)
    if measured is None or measured.requests == 0:
        raise LoadError(f"stage {stage.name!r} got no requests in its {stage.seconds}s:\n{_tail(stderr)}")
    server, client, seconds = cpu
    return stage_load(
        stage, measured, server_cpu=server, client_cpu=client, cpu_seconds=seconds, processes=processes
    )


def _tail(stderr: IO[bytes]) -> str:
    """The end of what locust printed: enough to see its traceback."""
    stderr.seek(0)
    return stderr.read().decode(errors="replace")[-4000:] or "(locust printed nothing)"
