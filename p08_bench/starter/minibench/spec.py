"""The benchmark's scenarios, defined once: what to ask and what every framework must answer.

Each framework's app (`minibench.apps`) implements these endpoints the way its own users
write them, and `minibench.check` proves, before any timing, that every app answers every
scenario exactly as written here. A benchmark of different answers measures different work.

Every app also holds `EXTRA_ROUTES` other routes, registered after the scenarios' own, as a
real service would: a framework that tries routes one by one meets the scenarios first, and
only the 404 walks past all of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

EXTRA_ROUTES = 100  # other routes in every app: /extra/<n>/{item_id}
IO_SECONDS = 0.05  # what the I/O-bound endpoint waits for (a database, another service)
CPU_ROUNDS = 60_000  # the CPU-bound endpoint's loop: about 3 ms of pure Python here

Bound = Literal["framework", "io", "cpu"]


@dataclass(frozen=True)
class Scenario:
    """One request and the one answer every framework must give it.

    `bound` says what limits the endpoint: the framework's own work, waiting (I/O) or
    computing (CPU). `body` is JSON for the JSON scenarios (`expected` is compared parsed,
    so key order and whitespace do not matter) and text for the others (compared as bytes).
    """

    name: str
    method: str
    path: str
    expected: Any
    query: str = ""
    body: bytes = b""
    status: int = 200
    media_type: str = "application/json"
    bound: Bound = "framework"

    @property
    def target(self) -> str:
        """The path with its query string: what a client puts on the request line."""
        return f"{self.path}?{self.query}" if self.query else self.path

    def matches(self, status: int, media_type: str, body: bytes) -> str | None:
        """None if the answer is this scenario's; else a sentence saying how it differs."""
        if status != self.status:
            return f"status {status}, expected {self.status}"
        if media_type != self.media_type:
            return f"content-type {media_type!r}, expected {self.media_type!r}"
        if self.media_type == "application/json":
            try:
                got = json.loads(body)
            except ValueError:
                return f"body is not JSON: {body[:80]!r}"
        else:
            got = body.decode("utf-8", "replace")
        if got != self.expected:
            return f"body {got!r}, expected {self.expected!r}"
        return None


# --- the shared pieces each app uses, so every framework does the same work ---------------------

ITEM_IN = {"name": "Foo", "price": 50.5, "tags": ["a", "b"], "secret": "hunter2"}
"""The POST body: the response model leaves `tags` and `secret` out."""


def cpu_work(rounds: int = CPU_ROUNDS) -> int:
    """A few milliseconds of pure-Python arithmetic: the CPU-bound endpoint's whole job.

    Deterministic (the check compares its result) and free of I/O, so no framework can
    overlap it with anything: the GIL lets one thread of a process run it at a time.
    """
    total = 0
    for i in range(rounds):
        total = (total + i * i) % 1_000_003
    return total


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("plaintext", "GET", "/plaintext", "Hello, World!", media_type="text/plain"),
    Scenario("json", "GET", "/json", {"message": "Hello, World!"}),
    Scenario("path_query", "GET", "/items/5", {"item_id": 5, "q": "somequery"}, query="q=somequery"),
    Scenario(
        "body_model", "POST", "/items", {"name": "Foo", "price": 50.5}, body=json.dumps(ITEM_IN).encode()
    ),
    Scenario("dependencies", "GET", "/deps", {"user": "ada", "session": "open"}),
    Scenario("not_found", "GET", "/nothing/here", {"detail": "Not Found"}, status=404),
    Scenario("io_bound", "GET", "/io", {"slept": IO_SECONDS}, bound="io"),
    Scenario("cpu_bound", "GET", "/cpu", {"result": cpu_work()}, bound="cpu"),
)
BY_NAME = {scenario.name: scenario for scenario in SCENARIOS}
