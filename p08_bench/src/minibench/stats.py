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
    return (min(values), max(values))


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
    groups: dict[tuple[str, str, str, int], list[Window]] = {}
    for window in windows:
        groups.setdefault((window.framework, window.server, window.scenario, window.users), []).append(window)
    return [_summary(key, group) for key, group in groups.items()]


def _summary(key: tuple[str, str, str, int], group: list[Window]) -> Summary:
    def median(values: Iterable[float]) -> float:
        return statistics.median(list(values))

    rps = [w.rps for w in group]
    cpu = [w.server_cpu_us for w in group]
    return Summary(
        *key,
        rounds=len(group),
        rps=median(rps),
        rps_spread=spread(rps),
        mean_ms=median(w.mean_ms for w in group),
        p50_ms=median(w.p50_ms for w in group),
        p95_ms=median(w.p95_ms for w in group),
        p99_ms=median(w.p99_ms for w in group),
        server_cpu_us=median(cpu),
        server_cpu_spread=spread(cpu),
        failures=sum(w.failures for w in group),
        client_bound=any(w.client_bound for w in group),
    )
