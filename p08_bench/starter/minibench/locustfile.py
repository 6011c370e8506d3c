"""The load minibench sends: read by locust, never imported by minibench itself.

locust patches the standard library (sockets, threads, `time.sleep`) as soon as it is
imported, so this file lives only inside the locust process that `minibench.load` starts.

The whole run follows a schedule both sides know in advance: a JSON file named by the
MINIBENCH_SCHEDULE environment variable, with absolute wall-clock times. Each stage sends
one scenario's request: first under the name "warmup:<stage>" (left out of the results),
then under "<stage>", the part measured. Every user looks at the clock before each request,
so all users (in every locust process) switch stage at the same instant, and the harness
measures the server's CPU over exactly the same window.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

from locust import FastHttpUser, LoadTestShape, constant, task
from locust.exception import StopUser

with open(os.environ["MINIBENCH_SCHEDULE"]) as file:
    SCHEDULE: dict[str, Any] = json.load(file)
STAGES: list[dict[str, Any]] = SCHEDULE["stages"]  # back to back: each one's warm-up, then its measured part


def stage_at(now: float) -> dict[str, Any] | None:
    """The stage running at `now` (the first one before the schedule starts), None after the end."""
    for stage in STAGES:
        if now < stage["end"]:
            return stage
    return None


class BenchUser(FastHttpUser):
    """One simulated client: sends the current stage's request as soon as the last one is
    answered (no think time), so `users` is the number of requests in flight."""

    wait_time = constant(0)

    def on_start(self) -> None:
        # Users start before the schedule does, so that all are there when it starts.
        # This time.sleep is locust's (it patched it): only this user waits.
        delay = SCHEDULE["t0"] - time.time()
        if delay > 0:
            time.sleep(delay)

    @task
    def send(self) -> None:
        now = time.time()
        stage = stage_at(now)
        if stage is None:
            raise StopUser()  # the schedule is over; the shape below ends the run
        # A request is counted in the part of the stage it starts in.
        name = stage["name"] if now >= stage["start"] else f"warmup:{stage['name']}"
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

    locust asks once a second, and starts or stops users at `spawn_rate` per second: the
    harness leaves that much time, unmeasured, when a stage changes the number of users.
    After the end, each user stops once its last request is answered, so that request is
    counted too; the run ends when no user is left (or at the schedule's "drain_until").
    """

    last: tuple[int, float] | None = None

    def tick(self) -> tuple[int, float] | None:
        now = time.time()
        stage = stage_at(now)
        if stage is not None:
            self.last = (stage["users"], SCHEDULE["spawn_rate"])
        elif self.runner is None or self.runner.user_count == 0 or now >= SCHEDULE["drain_until"]:
            return None
        return self.last  # unchanged: locust starts or stops no user
