"""From windows to what a table prints: the median of the rounds, and how far they spread.

A median, not a mean: one round disturbed by the machine's other work (a cron job, a GC
pause, the other core's turbo budget) moves a mean but not a median. The spread, lowest to
highest round, says how far to trust the median: two frameworks whose spreads overlap are
not shown apart by this run.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from minibench.results import Window


def spread(values: Sequence[float]) -> tuple[float, float]:
    """Lowest and highest."""
    raise NotImplementedError("Return the lowest and the highest of the values.")


@dataclass(frozen=True)
class Summary:
    """One (framework, server, scenario, users) cell of the table, over every round."""

    framework: str
    server: str
    scenario: str
    users: int
    rounds: int
    rps: float  # median over the rounds
    rps_spread: tuple[float, float]
    mean_ms: float  # the others: medians over the rounds
    p50_ms: float
    p95_ms: float
    p99_ms: float
    server_cpu_us: float
    server_cpu_spread: tuple[float, float]
    failures: int  # summed over the rounds
    client_bound: bool  # in any round

    @property
    def key(self) -> tuple[str, str, str, int]:
        return (self.framework, self.server, self.scenario, self.users)


def summarize(windows: Iterable[Window]) -> list[Summary]:
    """One summary per (framework, server, scenario, users), in the order first measured."""
    raise NotImplementedError(
        "Group the windows by (framework, server, scenario, users), in the order first seen, and "
        "return one Summary per group: the number of rounds, the median of each number with the "
        "spread of rps and server CPU, the failures summed, client_bound if any round was."
    )
