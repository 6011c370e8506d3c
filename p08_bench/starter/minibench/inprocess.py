"""The framework's own time per request: its app called in process, no socket, no server.

Under a real server, a request's time is the framework's work plus the server's (parsing
HTTP, the event loop or the worker threads, the socket calls) plus the load generator's, and
two processes share two cores: a noisy, many-layered number. Here the app is called directly
(`minibench.drive`), in a tight loop, so what is left is the framework's routing, validation,
dependency injection and serialisation, with the driver's own cost (about 2 µs here, the same
for every framework of an interface) included. It is the low-noise view beside the HTTP one:
it explains the server numbers (what share of a request is the framework) and it moves little
between runs, where requests per second under load move a lot.

Each measurement is calibrated (n requests per round, so that one round lasts about `budget`
seconds; the calibration doubles as a warm-up, filling caches and lazy imports), then runs
`rounds` rounds. The time is the best round's mean: the machine's other work (another process,
a frequency change, an interrupt) only ever adds time, never removes it, so the least
disturbed round is the closest to the framework's own cost. The spread, lowest to highest
round mean, says how disturbed the others were.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from minibench import drive
from minibench.frameworks import Framework
from minibench.results import InProcess
from minibench.spec import Scenario


def measure(framework: Framework, scenario: Scenario, *, rounds: int = 5, budget: float = 0.1) -> InProcess:
    """Microseconds per request of `framework` answering `scenario`, best of `rounds` rounds.

    An ASGI app runs every round on one event loop, as a server's worker does; a WSGI app is
    called plainly, as a server's thread does.
    """
    raise NotImplementedError(
        "Refuse an I/O-bound scenario (ValueError saying it is I/O-bound) and rounds < 1 or "
        "budget <= 0; load the app and time it with `round_means` (every ASGI round on one event "
        "loop, an asyncio.Runner); return the best round's mean with the spread of the rounds."
    )


def round_means(seconds_for: Callable[[int], float], rounds: int, budget: float) -> list[float]:
    """Each round's mean in microseconds, n chosen so that a round lasts about `budget` seconds.

    n doubles until a tenth of the budget is reached, then scales to the whole budget: a
    slow endpoint gets a few requests per round, a fast one thousands, and every round is
    long enough for the clock's resolution not to matter.
    """
    raise NotImplementedError(
        "Calibrate n (double it until seconds_for(n) reaches budget / 10, then scale it to the "
        "whole budget), then return, for each of `rounds` rounds, seconds_for(n) / n in microseconds."
    )


def wsgi_seconds(app: Any, scenario: Scenario, n: int) -> float:
    """Seconds the WSGI app takes to answer the scenario n times in a row."""
    raise NotImplementedError("Return the perf_counter seconds of n calls of drive.call_wsgi.")


async def asgi_seconds(app: Any, scenario: Scenario, n: int) -> float:
    """Seconds the ASGI app takes to answer the scenario n times in a row, on the running loop."""
    raise NotImplementedError("Return the perf_counter seconds of n awaits of drive.call_asgi.")
