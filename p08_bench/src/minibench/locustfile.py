"""The load minibench sends: read by locust, never imported by minibench itself.

locust patches the standard library (sockets, threads, `time.sleep`) as soon as it is
imported, so this file lives only inside the locust process that `minibench.load` starts.

The whole run follows a schedule both sides know: a JSON file named by the MINIBENCH_SCHEDULE
environment variable, its times in seconds from t0, the instant the first stage starts. Each
stage sends one scenario's request: first under the name "warmup:<stage>" (left out of the
results), then under "<stage>", the part measured. Every user looks at the clock before each
request, so all users (in every locust process) switch stage at the same instant, and the
harness measures the server's CPU over exactly the same window.

Nobody can know t0 before locust is ready: importing it takes a second on a quiet machine and
ten on a busy one. So locust sets it, at its first look at the load shape (every process of
`--processes` is up by then): `lead` seconds ahead, time for the first users to start. The
shape writes t0 into the file "t0" beside the schedule, where every locust process reads it,
and tells the harness on the pipe MINIBENCH_READY_FD, which the harness waits on.
"""

from __future__ import annotations

import json
import os
import time
from functools import cache
from pathlib import Path
from typing import Any

from locust import FastHttpUser, LoadTestShape, constant, task
from locust.exception import StopUser

SCHEDULE_FILE = Path(os.environ["MINIBENCH_SCHEDULE"])
T0_FILE = SCHEDULE_FILE.with_name("t0")
SCHEDULE: dict[str, Any] = json.loads(SCHEDULE_FILE.read_text())
STAGES: list[dict[str, Any]] = SCHEDULE["stages"]  # back to back: each one's warm-up, then its measured part


def announce_t0() -> None:
    """Set t0 `lead` seconds from now; write it for every locust process, then tell the harness.

    Written to a side file and renamed into place, so no process reads half a number. The shape
    calls this before it asks for any user, so a user (in whichever process) always finds it.
    """
    t0 = repr(time.time() + SCHEDULE["lead"])
    partial = T0_FILE.with_suffix(".partial")
    partial.write_text(t0)
    partial.replace(T0_FILE)
    ready = int(os.environ["MINIBENCH_READY_FD"])
    os.write(ready, f"{t0}\n".encode())
    os.close(ready)


@cache
def t0() -> float:
    """The instant the schedule starts, read once per process."""
    return float(T0_FILE.read_text())


def stage_at(elapsed: float) -> dict[str, Any] | None:
    """The stage running `elapsed` seconds after t0 (the first one before t0), None after the end."""
    for stage in STAGES:
        if elapsed < stage["end"]:
            return stage
    return None


class BenchUser(FastHttpUser):
    """One simulated client: sends the current stage's request as soon as the last one is
    answered (no think time), so `users` is the number of requests in flight."""

    wait_time = constant(0)

    def on_start(self) -> None:
        # Users start before the schedule does, so that all are there when it starts.
        # This time.sleep is locust's (it patched it): only this user waits.
        delay = t0() - time.time()
        if delay > 0:
            time.sleep(delay)

    @task
    def send(self) -> None:
        elapsed = time.time() - t0()
        stage = stage_at(elapsed)
        if stage is None:
            raise StopUser()  # the schedule is over; the shape below ends the run
        # A request is counted in the part of the stage it starts in.
        name = stage["name"] if elapsed >= stage["start"] else f"warmup:{stage['name']}"
        headers = {"content-type": "application/json"} if stage["body"] else {}
        body = stage["body"].encode("latin-1") or None  # latin-1: any bytes round-trip through JSON text
        with self.client.request(
            stage["method"], stage["target"], name=name, data=body, headers=headers, catch_response=True
        ) as response:
            # The scenario's status is a success, even a 404; any other is a failure (a server
            # that errors fast must not look fast), as is no answer at all (status 0).
            if response.status_code == stage["status"]:
                response.success()
            else:
                response.failure(f"status {response.status_code}, expected {stage['status']}")


class Schedule(LoadTestShape):
    """How many users run: the current stage's number, until the schedule ends.

    locust asks first when it is ready (which sets t0), then once a second, and starts or stops
    users at `spawn_rate` per second: the harness leaves that much time, unmeasured, when a
    stage changes the number of users.
    After the end, each user stops once its last request is answered, so that request is
    counted too; the run ends when no user is left (or at the schedule's "drain_until").
    """

    last: tuple[int, float] | None = None

    def tick(self) -> tuple[int, float] | None:
        if self.last is None:  # the first look: locust is ready
            announce_t0()
        elapsed = time.time() - t0()
        stage = stage_at(elapsed)
        if stage is not None:
            self.last = (stage["users"], SCHEDULE["spawn_rate"])
        elif self.runner is None or self.runner.user_count == 0 or elapsed >= SCHEDULE["drain_until"]:
            return None
        return self.last  # unchanged: locust starts or stops no user
